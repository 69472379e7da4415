/**
 * GIVEN the platform's dev stack planned on the fake AWS (its real program and config), as the
 * backend holds it for a StackReference
 * WHEN the team's program runs with its Pulumi.dev.yaml (or a bad value in it)
 * THEN it creates only the team's resources, wired to dev's outputs, and passes the
 * organisation's policies; each likely mistake stops it before any resource is registered.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { PLATFORM_CONTRACT_VERSION } from "@acs/platform-contract";
import { checkResources, recordedResources } from "@acs/policies/rules";
import {
  loadStackSettings,
  Recording,
  runPulumi,
  runPulumiExpectingError,
  runStackProgram,
  statementsGranting,
} from "@acs/testkit";
import { teamService } from "./team-service";

const DIR = path.resolve(__dirname, "..");
const ORG = "example-org";
const settings = loadStackSettings(DIR, "dev");
let dev: Record<string, any>;

/** The team's program with its config, `overrides` (key → value, objects as JSON) replacing keys. */
function run(overrides: Record<string, unknown> = {}, devOutputs: Record<string, any> = dev) {
  const config = { ...settings.config };
  for (const [k, v] of Object.entries(overrides))
    if (v === undefined) delete config[k];
    else config[k] = typeof v === "string" ? v : JSON.stringify(v);
  const options = {
    project: settings.project,
    stack: "dev",
    organization: ORG,
    config,
    fake: { accountId: "123456789012", stackReferences: { [`${ORG}/acs/dev`]: devOutputs } },
  };
  return {
    ok: () => runPulumi(() => teamService(), options),
    failing: () => runPulumiExpectingError(() => teamService(), options),
  };
}
const service = (changes: Record<string, unknown>) => ({
  "team-service:service": { ...JSON.parse(settings.config["team-service:service"]!), ...changes },
});

describe("team-service on dev", () => {
  let rec: Recording;
  before(async function () {
    this.timeout(180_000);
    dev = (await runStackProgram(path.resolve(DIR, "../../stacks/dev"), "dev", {}, ORG)).recording.outputs;
    rec = await run().ok();
  });

  it("creates only its own resources: none of the platform's network, cluster, load balancer or DNS", () => {
    const types = new Set(rec.custom.map((r) => r.type));
    for (const type of types)
      assert.doesNotMatch(
        type,
        /^aws:(ec2\/|lb\/loadBalancer|lb\/listener:|ecs\/cluster|route53|acm|sns|dynamodb)/,
        type,
      );
    // dev comes in only as the StackReference's outputs (a read, not a resource the team owns).
    assert.deepEqual(
      rec.ofType("pulumi:pulumi:StackReference").map((r) => r.inputs.name),
      [`${ORG}/acs/dev`],
    );
    assert.ok(!rec.custom.some((r) => r.type === "pulumi:pulumi:StackReference"));
    assert.ok(types.has("aws:ecs/service:Service") && types.has("aws:lb/listenerRule:ListenerRule"));
  });

  it("routes its own path on dev's HTTPS listener at its own priority to its own target group in dev's VPC", () => {
    const rule = rec.one("aws:lb/listenerRule:ListenerRule", "orders-rule");
    assert.equal(rule.inputs.listenerArn, dev.albHttpsListenerArn);
    assert.equal(rule.inputs.priority, 120);
    assert.deepEqual(rule.inputs.conditions, [{ pathPattern: { values: ["/orders/*"] } }]);
    const tg = rec.one("aws:lb/targetGroup:TargetGroup", "orders-alb-tg");
    assert.equal(tg.inputs.vpcId, dev.vpcId);
    assert.equal(tg.inputs.port, dev.appPort);
    assert.equal(tg.inputs.healthCheck.path, "/orders/health");
    assert.equal(rule.inputs.actions[0].targetGroupArn, tg.outputs.arn);
  });

  it("runs in dev's cluster, private subnets and app security group, without a public IP", () => {
    const svc = rec.one("aws:ecs/service:Service", "orders-svc");
    assert.equal(svc.inputs.cluster, dev.clusterArn);
    assert.deepEqual(svc.inputs.networkConfiguration.subnets, dev.privateSubnetIds);
    assert.deepEqual(svc.inputs.networkConfiguration.securityGroups, [dev.appSecurityGroupId]);
    assert.equal(svc.inputs.networkConfiguration.assignPublicIp, false);
  });

  it("claims workers through its own task role with the platform's client policy, and the tables in its environment", () => {
    const role = rec.one("aws:iam/role:Role", "orders-task");
    const attachment = rec.one(
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "orders-worker-pool-client",
    );
    assert.equal(attachment.inputs.role, role.outputs.name);
    assert.equal(attachment.inputs.policyArn, dev.workerPoolClientPolicyArn);
    assert.deepEqual(
      rec.ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === role.outputs.name),
      [],
      "the task role grants nothing else",
    );
    const container = JSON.parse(
      rec.one("aws:ecs/taskDefinition:TaskDefinition", "orders-taskdef").inputs.containerDefinitions,
    )[0];
    const vars = Object.fromEntries(container.environment.map((e: any) => [e.name, e.value]));
    assert.equal(vars.POOL_TABLE, dev.workerPoolTableName);
    assert.equal(vars.ACTIVITY_TABLE, dev.workerActivityTableName);
  });

  it("pulls only its own repository and writes only its own log group", () => {
    const policy = rec.one("aws:iam/rolePolicy:RolePolicy", "orders-execution").inputs.policy;
    assert.deepEqual(statementsGranting(policy, "ecr:BatchGetImage")[0]?.Resource, [
      "arn:aws:ecr:us-east-1:123456789012:repository/orders-team/orders",
    ]);
  });

  it("scales between its own bounds and alarms to the platform's alert topic", () => {
    const target = rec.one("aws:appautoscaling/target:Target", "orders-scaling");
    assert.equal(target.inputs.minCapacity, 2);
    assert.equal(target.inputs.maxCapacity, 4);
    assert.equal(target.inputs.resourceId, "service/acs-dev/orders");
    const alarms = rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    assert.ok(alarms.length >= 4);
    for (const a of alarms) assert.deepEqual(a.inputs.alarmActions, [dev.alertTopicArn], a.urn);
  });

  it("tags everything as the team's and passes the organisation's mandatory policies", () => {
    for (const r of rec.custom.filter((r) => r.outputs.tagsAll))
      assert.equal(r.outputs.tagsAll.Owner, "orders-team", r.urn);
    const violations = checkResources(recordedResources(rec.custom), { stackDir: DIR });
    assert.deepEqual(
      violations.filter((v) => v.enforcement === "mandatory"),
      [],
    );
  });

  describe("bad input stops the run before any resource, naming the file, the value and the fix", () => {
    const cases: [string, () => ReturnType<typeof run>, RegExp][] = [
      [
        "a listener priority the platform uses (5, its /app/* rule)",
        () => run(service({ listenerPriority: 5 })),
        /^Pulumi\.dev\.yaml: team-service:service: listener priority 5 cannot be used: the platform's rule for the application \(\/app\/\*\) has priority 5; pick a whole number from 100 to 50000/,
      ],
      [
        "a listener priority of the platform's test-traffic rule (4)",
        () => run(service({ listenerPriority: 4 })),
        /listener priority 4 cannot be used: the platform's rule for the application's test traffic/,
      ],
      [
        "a path that shadows the platform's /app/*",
        () => run(service({ pathPatterns: ["/app/orders/*"] })),
        /^Pulumi\.dev\.yaml: team-service:service: path pattern "\/app\/orders\/\*" overlaps the platform's "\/app\/\*" .*use a path of your own/,
      ],
      [
        "a public subnet of dev",
        () => run({ "team-service:subnetIds": [dev.privateSubnetIds[0], dev.publicSubnetIds[1]] }),
        /^Pulumi\.dev\.yaml: team-service:subnetIds: subnet subnet-\w+ is a public subnet of environment dev \(vpc-\w+\); tasks run in its private \(app\) tier: use privateSubnetIds/,
      ],
      [
        "an isolated (data) subnet of dev",
        () => run({ "team-service:subnetIds": [dev.isolatedSubnetIds[0]] }),
        /team-service:subnetIds: subnet subnet-\w+ is an isolated \(data\) subnet of environment dev/,
      ],
      [
        "a stack in another region than the environment",
        () => run({ "aws:region": "eu-west-1" }),
        /^Pulumi\.dev\.yaml: aws:region is eu-west-1 but example-org\/acs\/dev runs in us-east-1: set aws:region to us-east-1/,
      ],
      [
        "an image of another region's registry",
        () =>
          run(service({ image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/orders-team/orders:1.4.2" })),
        /^Pulumi\.dev\.yaml: team-service:service\.image is ".*us-west-2.*": pull from your repository in us-east-1/,
      ],
      [
        "a mutable latest tag",
        () =>
          run(service({ image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-team/orders:latest" })),
        /team-service:service\.image is .*: use an image of your team's ECR repository with a fixed tag or digest \(not latest\)/,
      ],
      [
        "an environment stack of another contract major",
        () => run({}, { ...dev, contractVersion: "2.0.0" }),
        /^Pulumi\.dev\.yaml: team-service:platformStack \(example-org\/acs\/dev\): the stack exports contract 2\.0\.0, this program reads contract 1\./,
      ],
    ];
    for (const [what, make, message] of cases)
      it(what, async () => {
        const err = await make().failing();
        assert.match(err.message, message);
        assert.equal(err.message.split("\n").length, 1, "one line");
        assert.deepEqual(
          err.recording.custom.map((r) => r.urn),
          [],
          "nothing was registered",
        );
      });
  });

  it("reads the environment stack of the run's organization, or the one configured", async () => {
    assert.equal(PLATFORM_CONTRACT_VERSION, dev.contractVersion);
    const other = await run({ "team-service:platformStack": "other-org/acs/dev" }).failing();
    assert.match(
      other.message,
      /StackReference "other-org\/acs\/dev" names a stack that does not exist in this backend/,
    );
  });
});
