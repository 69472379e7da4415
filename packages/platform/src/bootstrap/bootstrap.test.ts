import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resourceMatches } from "@acs/iam-policy";
import { policyViolations } from "../test/policies";
import {
  loadStackSettings,
  overlyBroadStatements,
  parsePolicy,
  Recording,
  runPulumi,
  runPulumiExpectingError,
  runStackProgram,
  StackRun,
} from "@acs/testkit";
import { ConfigError } from "../config/errors";
import { bootstrap } from "./bootstrap";
import { deployStatements, previewStatements, type EnvironmentScope } from "./ci-policies";
import { trustedSubjects } from "./ci-roles";

/** The real stacks/bootstrap (and the environments it serves) with their real config on the fake AWS. */
const stacksDir = path.resolve(__dirname, "../../../../stacks");
const runs: Record<string, StackRun> = {};
async function plan(stack: string): Promise<Recording> {
  runs[stack] ??= await runStackProgram(path.join(stacksDir, stack), stack, {
    stackReferences: (name) => (name.endsWith("/dev") ? runs.dev?.recording.outputs : undefined),
  });
  return runs[stack]!.recording;
}

/** Resource types whose ARN carries the environment's name, and that the deploy role scopes by name. */
const NAME_SCOPED = [
  "aws:cloudwatch/eventRule:EventRule",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:dynamodb/table:Table",
  "aws:ecs/cluster:Cluster",
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:iam/policy:Policy",
  "aws:iam/role:Role",
  "aws:lambda/function:Function",
  "aws:lb/listener:Listener",
  "aws:lb/listenerRule:ListenerRule",
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/targetGroup:TargetGroup",
  "aws:s3/bucket:Bucket",
  "aws:sns/topic:Topic",
  "aws:sqs/queue:Queue",
];

describe("stack bootstrap", () => {
  before(async function () {
    this.timeout(180_000);
    await plan("bootstrap");
    await plan("dev");
    await plan("drdev");
  });

  it("creates the environments' image repositories: scan on push, immutable tags, encryption, lifecycle, protected", async () => {
    const rec = await plan("bootstrap");
    const repos = rec.ofType("aws:ecr/repository:Repository");
    assert.deepEqual(repos.map((r) => r.inputs.name).sort(), ["acs/app", "acs/worker"]);
    for (const r of repos) {
      assert.equal(r.inputs.imageScanningConfiguration?.scanOnPush, true, r.urn);
      assert.equal(r.inputs.imageTagMutability, "IMMUTABLE", r.urn);
      assert.deepEqual(r.inputs.encryptionConfigurations, [{ encryptionType: "AES256" }], r.urn);
      assert.equal(r.inputs.forceDelete, false, r.urn);
      assert.equal(r.options.protect, true, `${r.urn} is not protected`);
      assert.match(r.outputs.arn, /^arn:aws:ecr:us-east-1:/);
    }
    assert.equal(rec.ofType("aws:ecr/lifecyclePolicy:LifecyclePolicy").length, 2);
  });

  it("replicates acs/* to every other region an environment runs in, after the creation templates exist", async () => {
    const rec = await plan("bootstrap");
    const replication = rec.one("aws:ecr/replicationConfiguration:ReplicationConfiguration");
    const [rule] = replication.inputs.replicationConfiguration.rules;
    assert.deepEqual(rule.destinations, [{ region: "us-west-2", registryId: "123456789012" }]);
    assert.deepEqual(rule.repositoryFilters, [{ filter: "acs/", filterType: "PREFIX_MATCH" }]);
    const template = rec.one("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate");
    assert.match(
      template.outputs.arn,
      /^arn:aws:ecr:us-west-2:/,
      `${template.urn} must be in the replica region`,
    );
    assert.deepEqual(template.inputs.appliedFors, ["REPLICATION"]);
    assert.equal(template.inputs.prefix, "acs");
    assert.equal(template.inputs.imageTagMutability, "IMMUTABLE");
    assert.ok(replication.options.dependsOn.includes(template.urn), "template before the first replica");
    assert.deepEqual(rec.outputs.replicaRegions, ["us-west-2"]);
  });

  it("gives the creation template a role trusted by ECR that may create, tag and set lifecycle on acs/* replicas only", async () => {
    const rec = await plan("bootstrap");
    const template = rec.one("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate");
    const role = rec.custom.find(
      (r) => r.type === "aws:iam/role:Role" && r.outputs.arn === template.inputs.customRoleArn,
    );
    assert.ok(role, `${template.urn} sets resourceTags but no customRoleArn of this stack`);
    const trust = parsePolicy(role.inputs.assumeRolePolicy);
    assert.deepEqual(
      trust.map((s) => s.Principal),
      [{ Service: "ecr.amazonaws.com" }],
    );
    const policy = rec.one("aws:iam/rolePolicy:RolePolicy", "bootstrap-ecr-template");
    assert.equal(policy.inputs.role, role.outputs.name);
    const [grant] = parsePolicy(policy.inputs.policy);
    for (const action of [
      "ecr:CreateRepository",
      "ecr:TagResource",
      "ecr:PutLifecyclePolicy",
      "ecr:ReplicateImage",
    ]) {
      assert.ok(grant!.Action.includes(action), `the template role lacks ${action}`);
    }
    assert.deepEqual(grant!.Resource, ["arn:aws:ecr:us-west-2:123456789012:repository/acs/*"]);
  });

  it("trusts GitHub's OIDC provider for this repository only: previews from PRs and main, deploys from the environment", async () => {
    const rec = await plan("bootstrap");
    const oidc = rec.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    assert.equal(oidc.inputs.url, "https://token.actions.githubusercontent.com");
    assert.deepEqual(oidc.inputs.clientIdLists, ["sts.amazonaws.com"]);
    assert.equal(
      oidc.outputs.arn,
      "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    );
    for (const env of ["dev", "drdev"]) {
      for (const kind of ["preview", "deploy"] as const) {
        const role = rec.one("aws:iam/role:Role", `bootstrap-${env}-${kind}`);
        const [s, ...more] = parsePolicy(role.inputs.assumeRolePolicy);
        assert.equal(more.length, 0, `${role.urn} has one trust statement`);
        assert.deepEqual(s!.Action, ["sts:AssumeRoleWithWebIdentity"]);
        assert.deepEqual(s!.Principal, { Federated: oidc.outputs.arn });
        const eq = s!.Condition?.StringEquals as Record<string, unknown>;
        assert.equal(eq["token.actions.githubusercontent.com:aud"], "sts.amazonaws.com");
        assert.deepEqual(
          eq["token.actions.githubusercontent.com:sub"],
          trustedSubjects({ owner: "acme", repository: "acs-platform" }, env)[kind],
        );
        assert.equal(s!.Condition?.StringLike, undefined, `${role.urn}: no wildcard subjects`);
      }
      const deploy = rec.one("aws:iam/role:Role", `bootstrap-${env}-deploy`);
      assert.deepEqual(
        parsePolicy(deploy.inputs.assumeRolePolicy)[0]!.Condition!.StringEquals![
          "token.actions.githubusercontent.com:sub"
        ],
        [`repo:acme/acs-platform:environment:${env}`],
      );
    }
  });

  it("grants no IAM action on every resource, within IAM's managed-policy size, and passes the organisation's policies", async () => {
    const rec = await plan("bootstrap");
    const docs = [
      ...rec.ofType("aws:iam/policy:Policy").map((r) => ({ urn: r.urn, doc: r.inputs.policy as string })),
      ...rec
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .map((r) => ({ urn: r.urn, doc: r.inputs.policy as string })),
    ];
    assert.ok(docs.length >= 9);
    for (const { urn, doc } of docs) {
      assert.deepEqual(overlyBroadStatements(doc), [], `${urn} grants a wildcard`);
      // IAM counts a managed policy's characters without whitespace (limit 6,144).
      assert.ok(doc.replace(/\s/g, "").length <= 6144, `${urn} is over IAM's 6,144-character limit`);
    }
    const violations = policyViolations(rec);
    assert.deepEqual(violations, []);
  });

  it("gives each preview role only describe, list and get of configuration", async () => {
    const rec = await plan("bootstrap");
    for (const env of ["dev", "drdev"]) {
      const policy = rec.one("aws:iam/rolePolicy:RolePolicy", `bootstrap-${env}-preview`);
      for (const s of parsePolicy(policy.inputs.policy)) {
        if (s.Action.some((a) => a.startsWith("ssm:"))) {
          assert.ok(
            s.Resource.every((r) => /^arn:aws:ssm:[a-z0-9-]+::parameter\/aws\/service\/\*$/.test(r)),
            `${policy.urn} reads the account's own parameters`,
          );
        }
        for (const action of s.Action) {
          assert.match(
            action,
            /^[a-z0-9-]+:(Describe|List|Get)[A-Za-z*]*$/,
            `${policy.urn} grants ${action}`,
          );
          assert.doesNotMatch(
            action,
            /^(s3:GetObject|dynamodb:(BatchGetItem|GetItem|Query|Scan)|secretsmanager:GetSecretValue)/,
            `${policy.urn} reads data: ${action}`,
          );
        }
      }
    }
  });

  it("scopes each deploy role to its own environment: it reaches every name-scoped resource of its plan and none of the other's", async () => {
    const boot = await plan("bootstrap");
    const patterns = (env: string) =>
      (["network", "services", "data", "identity"] as const).flatMap((g) =>
        parsePolicy(boot.one("aws:iam/policy:Policy", `bootstrap-${env}-deploy-${g}`).inputs.policy)
          .filter((s) => s.Effect === "Allow")
          .flatMap((s) => s.Resource.filter((r) => r !== "*")),
      );
    const arnsOf = (rec: Recording) =>
      NAME_SCOPED.flatMap((t) => rec.ofType(t).map((r) => String(r.outputs.arn)));
    const [dev, drdev] = [await plan("dev"), await plan("drdev")];
    for (const [own, other, env] of [
      [dev, drdev, "dev"],
      [drdev, dev, "drdev"],
    ] as const) {
      const mine = patterns(env);
      const ownArns = arnsOf(own);
      assert.ok(ownArns.length > 20);
      for (const arn of ownArns)
        assert.ok(
          mine.some((p) => resourceMatches(p, arn)),
          `${env}'s deploy role cannot change ${arn}`,
        );
      for (const arn of arnsOf(other))
        assert.ok(!mine.some((p) => resourceMatches(p, arn)), `${env}'s deploy role reaches ${arn}`);
    }
  });

  it("limits every deploy statement on `*` to named actions in the environment's regions (or an IAM/Route 53 condition)", () => {
    const scope: EnvironmentScope = {
      env: "qa",
      role: "primary",
      regions: ["eu-west-1", "eu-central-1", "us-east-1"],
      account: "123456789012",
      partition: "aws",
      dnsNames: ["lb.qa.app.com", "qa.acs-qa.app.com", "acs-qa.app.com"],
    };
    const groups = deployStatements(scope);
    for (const s of [
      ...groups.network,
      ...groups.services,
      ...groups.identity,
      ...previewStatements(scope),
    ]) {
      const actions = [s.Action].flat();
      assert.ok(!actions.some((a) => a === "*" || a.endsWith(":*")), `${s.Sid} grants a whole service`);
      if ([s.Resource].flat().includes("*") && !actions.every((a) => a.startsWith("route53:"))) {
        assert.deepEqual(
          s.Condition?.StringEquals?.["aws:RequestedRegion"],
          scope.regions,
          `${s.Sid} applies to every resource in every region`,
        );
      }
    }
  });
});

describe("bootstrap config", () => {
  const config = () => ({ ...loadStackSettings(path.join(stacksDir, "bootstrap"), "bootstrap").config });
  const rejected = async (change: Record<string, string | undefined>) => {
    const err = await runPulumiExpectingError(() => bootstrap(), {
      stack: "bootstrap",
      config: { ...config(), ...change },
    });
    assert.ok(err.cause instanceof ConfigError, String(err.cause));
    assert.equal(err.message.includes("\n"), false, "one line");
    assert.equal(err.recording.custom.length, 0, "nothing is created before the config is valid");
    return err.message;
  };

  it("rejects a missing GitHub repository, naming the key", async () => {
    assert.match(
      await rejected({ "acs:github": undefined }),
      /^Pulumi\.bootstrap\.yaml: acs:github is missing: name the repository whose workflows deploy/,
    );
  });

  it("rejects a GitHub owner that is not a GitHub name", async () => {
    assert.match(
      await rejected({ "acs:github": JSON.stringify({ owner: "acme corp", repository: "acs-platform" }) }),
      /acs:github\.owner is "acme corp": use the GitHub organisation as it appears in the repository URL/,
    );
  });

  it("rejects a lifecycle the repositories would refuse, with the component's fix", async () => {
    assert.match(
      await rejected({ "acs:images": JSON.stringify({ keepTaggedImages: 0 }) }),
      /^Pulumi\.bootstrap\.yaml: acs:images\.keepTaggedImages is 0; keep at least 1 and at most 10000 tagged images$/,
    );
  });

  it("rejects an environment role on the bootstrap", async () => {
    assert.match(
      await rejected({ "acs:role": "primary" }),
      /acs:role is set: the bootstrap stack is not an environment/,
    );
  });

  it("rejects unknown keys and a movedFrom that is not an environment", async () => {
    assert.match(await rejected({ "acs:replicas": "[]" }), /unknown config key acs:replicas/);
    assert.match(
      await rejected({ "acs:movedFrom": "prod" }),
      /acs:movedFrom is "prod", which is not an environment of this repository \(dev, drdev\)/,
    );
  });

  it("rejects a checkout without environments, and an environment named like the bootstrap", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "acs-bootstrap-"));
    try {
      fs.writeFileSync(path.join(tmp, "pnpm-workspace.yaml"), "packages: []\n");
      const run = () =>
        runPulumiExpectingError(() => bootstrap({ root: tmp }), { stack: "bootstrap", config: config() });
      assert.match((await run()).message, /^Pulumi\.bootstrap\.yaml: no environment found/);
      fs.mkdirSync(path.join(tmp, "stacks", "bootstrap2"), { recursive: true });
      fs.writeFileSync(
        path.join(tmp, "stacks", "bootstrap2", "Pulumi.bootstrap2.yaml"),
        "config:\n  aws:region: us-east-1\n  acs:role: primary\n  acs:peerRegion: us-west-2\n  acs:environment: bootstrap\n",
      );
      const err = await run();
      assert.match(
        err.message,
        /^stacks\/bootstrap2\/Pulumi\.bootstrap2\.yaml: the environment name is "bootstrap"/,
      );
      assert.equal(err.recording.custom.length, 0);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("WHEN the registry moved out of dev THEN the bootstrap adopts it by alias instead of replacing it", async () => {
    const rec = await runPulumi(() => bootstrap(), {
      stack: "bootstrap",
      config: { ...config(), "acs:movedFrom": "dev" },
    });
    const aliasNames = (type: string, name: string) =>
      JSON.stringify(rec.one(type, name).options.aliases ?? []);
    assert.match(aliasNames("acs:ecs-platform:Repository", "bootstrap-app"), /dev-app/);
    assert.match(aliasNames("acs:ecs-platform:Repository", "bootstrap-worker"), /dev-hot-pool-worker-images/);
    assert.match(
      aliasNames(
        "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
        "bootstrap-ecr-template-us-west-2",
      ),
      /dev-ecr-replica-template/,
    );
    assert.match(
      aliasNames("aws:ecr/replicationConfiguration:ReplicationConfiguration", "bootstrap-ecr-replication"),
      /dev-ecr-replication/,
    );
  });
});
