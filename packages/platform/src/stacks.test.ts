import * as assert from "node:assert/strict";
import * as path from "node:path";
import { policyViolations } from "./test/policies";
import {
  overlyBroadStatements,
  Recording,
  runStackProgram,
  StackRun,
  statementsGranting,
} from "@acs/testkit";
import { decode } from "./config/load";
import { PLATFORM_CONTRACT_VERSION, PLATFORM_LISTENER_RULES } from "@acs/platform-contract";
import { PLATFORM_OUTPUT_KEYS } from "./outputs";

/**
 * The real stacks (stacks/dev, stacks/drdev) with their real config on the fake AWS:
 * properties that must hold for every resource any component adds.
 */
const stacksDir = path.resolve(__dirname, "../../../stacks");
/** The backend's organization for these runs (the workflows' PULUMI_ORG). */
const ORG = "example-org";
const runs: Record<string, StackRun> = {};

/** Every ECR image a task definition of the stack runs. */
function ecrImages(rec: Recording) {
  return rec.ofType("aws:ecs/taskDefinition:TaskDefinition").flatMap((td) =>
    (JSON.parse(td.inputs.containerDefinitions) as { image: string }[]).flatMap((c) => {
      const m = /^(\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/[^:@]+)/.exec(c.image);
      return m ? [{ urn: td.urn, image: c.image, repositoryUrl: m[1]!, region: m[2]! }] : [];
    }),
  );
}

async function plan(stack: string): Promise<Recording> {
  // The backend holds dev (once planned) in the run's organization: drdev reads its planned outputs.
  runs[stack] ??= await runStackProgram(
    path.join(stacksDir, stack),
    stack,
    { stackReferences: runs.dev ? { dev: runs.dev.recording.outputs } : {} },
    ORG,
  );
  return runs[stack]!.recording;
}

const POLICY_TYPES: Record<string, string> = {
  "aws:iam/policy:Policy": "policy",
  "aws:iam/rolePolicy:RolePolicy": "policy",
  "aws:iam/role:Role": "assumeRolePolicy",
  "aws:s3/bucketPolicy:BucketPolicy": "policy",
  "aws:sns/topicPolicy:TopicPolicy": "policy",
};

for (const stack of ["dev", "drdev"]) {
  describe(`stack ${stack}`, () => {
    before(async function () {
      this.timeout(120_000);
      if (stack === "drdev") await plan("dev");
      await plan(stack);
    });

    it("runs in its configured region with every resource tagged through the provider", async () => {
      const rec = await plan(stack);
      const region = runs[stack]!.settings.config["aws:region"];
      assert.equal(rec.outputs.region, region);
      for (const r of rec.custom) {
        if (r.outputs.tagsAll === undefined) continue; // types without tags
        for (const tag of ["Environment", "Project", "ManagedBy", "Owner"]) {
          assert.ok(tag in r.outputs.tagsAll, `${r.urn} lacks the ${tag} tag`);
        }
      }
    });

    it("exports exactly the keys of PlatformOutputs that apply to it: the stack's documented contract", async () => {
      const rec = await plan(stack);
      const config = runs[stack]!.settings.config;
      const section = (key: string) => (decode(String(config[key] ?? "{}")) ?? {}) as Record<string, any>;
      const primary = config["acs:role"] === "primary";
      const applies = {
        always: true,
        primary,
        interfaceEndpoints: (section("acs:network").interfaceEndpoints ?? []).length > 0,
        // The primary always checks its side; the secondary when acs:dns.secondaryHealthCheck.
        healthCheck: primary || section("acs:dns").secondaryHealthCheck === true,
      };
      const expected = Object.entries(PLATFORM_OUTPUT_KEYS)
        .filter(([, when]) => applies[when])
        .map(([key]) => key);
      assert.deepEqual(Object.keys(rec.outputs).sort(), expected.sort());
    });

    it("outputs the network's ids: VPC, subnets and route tables per tier, security groups, endpoints", async () => {
      const rec = await plan(stack);
      const o = rec.outputs as Record<string, any>;
      assert.equal(o.vpcId, rec.one("aws:ec2/vpc:Vpc").id);
      const tables = new Set(rec.ofType("aws:ec2/routeTable:RouteTable").map((r) => r.id));
      for (const id of [o.publicRouteTableId, ...o.privateRouteTableIds, ...o.isolatedRouteTableIds]) {
        assert.ok(tables.has(id), `${id} is not a route table of the stack`);
      }
      const endpoints = new Set(rec.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((r) => r.id));
      assert.ok(endpoints.has(o.gatewayEndpointIds.s3) && endpoints.has(o.gatewayEndpointIds.dynamodb));
      const azs = runs[stack]!.settings.config["acs:network"]
        ? JSON.parse(runs[stack]!.settings.config["acs:network"]!).azCount
        : 0;
      assert.equal(o.privateSubnetIds.length, azs);
    });

    it("puts every subnet in one of the region's Availability Zones, never an opted-in Local or Wavelength Zone", async () => {
      const rec = await plan(stack);
      const region = runs[stack]!.settings.config["aws:region"];
      for (const s of rec.ofType("aws:ec2/subnet:Subnet"))
        assert.match(String(s.inputs.availabilityZone), new RegExp(`^${region}[a-z]$`), s.urn);
    });

    it("creates every flow log that delivers through a role after that role's policy (deliveries fail until it exists)", async () => {
      const rec = await plan(stack);
      const flowLogs = rec.ofType("aws:ec2/flowLog:FlowLog").filter((f) => f.inputs.iamRoleArn);
      assert.ok(flowLogs.length > 0);
      for (const fl of flowLogs) {
        const role = rec.ofType("aws:iam/role:Role").find((r) => r.outputs.arn === fl.inputs.iamRoleArn);
        const policies = rec
          .ofType("aws:iam/rolePolicy:RolePolicy")
          .filter((p) => p.inputs.role === role?.outputs.name || p.inputs.role === role?.id);
        assert.ok(policies.length > 0, `${fl.urn}: its role has no policy`);
        for (const p of policies)
          assert.ok(fl.options.dependsOn.includes(p.urn), `${fl.urn} does not wait for ${p.urn}`);
      }
    });

    it("uses only explicit, tagged providers (no default provider)", async () => {
      const rec = await plan(stack);
      const unprovided = rec.custom.filter((r) => r.type.startsWith("aws:") && !r.options.provider);
      assert.deepEqual(
        unprovided.map((r) => r.urn),
        [],
      );
    });

    it("grants no IAM action on every resource", async () => {
      const rec = await plan(stack);
      for (const [type, field] of Object.entries(POLICY_TYPES)) {
        for (const r of rec.ofType(type)) {
          const doc = r.inputs[field];
          if (!doc) continue;
          assert.deepEqual(overlyBroadStatements(doc), [], `${r.urn} grants a wildcard`);
        }
      }
    });

    it("opens nothing to the internet except the load balancer's 80 and 443", async () => {
      const rec = await plan(stack);
      const open = (cidr: unknown) => cidr === "0.0.0.0/0" || cidr === "::/0";
      for (const r of rec.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) {
        if (open(r.inputs.cidrIpv4) || open(r.inputs.cidrIpv6)) {
          assert.ok(
            [80, 443].includes(r.inputs.fromPort) && r.inputs.fromPort === r.inputs.toPort,
            `${r.urn} opens ${r.inputs.fromPort}-${r.inputs.toPort} to the internet`,
          );
        }
      }
      for (const r of rec.ofType("aws:ec2/securityGroup:SecurityGroup")) {
        for (const rule of r.inputs.ingress ?? []) {
          if ((rule.cidrBlocks ?? []).some(open) || (rule.ipv6CidrBlocks ?? []).some(open)) {
            assert.ok(
              [80, 443].includes(rule.fromPort) && rule.fromPort === rule.toPort,
              `${r.urn} opens ${rule.fromPort} to the internet`,
            );
          }
        }
      }
    });

    it("runs images only from its own region's registry and creates no image repository or replication", async () => {
      const rec = await plan(stack);
      const region = runs[stack]!.settings.config["aws:region"]!;
      for (const image of ecrImages(rec)) {
        assert.equal(image.region, region, `${image.urn} runs ${image.image} from another region`);
      }
      for (const type of [
        "aws:ecr/repository:Repository",
        "aws:ecr/replicationConfiguration:ReplicationConfiguration",
        "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
      ]) {
        assert.deepEqual(
          rec.ofType(type).map((r) => r.urn),
          [],
          "registries are account-level: the bootstrap stack owns them",
        );
      }
      assert.equal(rec.outputs.repositoryUrl, `123456789012.dkr.ecr.${region}.amazonaws.com/acs/app`);
    });

    it("runs only images the bootstrap stack's registry holds in this region, none from a repository of its own", async () => {
      const rec = await plan(stack);
      const boot = (await plan("bootstrap")).outputs as Record<string, any>;
      const created = new Set(
        rec.ofType("aws:ecr/repository:Repository").map((r) => r.outputs.repositoryUrl),
      );
      const images = ecrImages(rec);
      assert.ok(images.length >= 2, "the application and the worker run ECR images");
      for (const { urn, image, repositoryUrl, region } of images) {
        assert.ok(
          !created.has(repositoryUrl),
          `${urn} runs ${image}, whose repository this stack creates in the same up`,
        );
        assert.ok(
          Object.values(boot.imageRepositoryUrls[region] ?? {}).includes(repositoryUrl),
          `${urn} runs ${image}, which is not a repository the bootstrap replicates to ${region}`,
        );
      }
    });

    it("lets the application claim workers from this region's pool and activity tables only", async () => {
      const rec = await plan(stack);
      const region = runs[stack]!.settings.config["aws:region"];
      const pool = rec.one("aws:dynamodb/table:Table", `${stack}-hot-pool-tables-pool`).outputs.arn;
      const activity = `arn:aws:dynamodb:${region}:123456789012:table/app-dummy-service-data-dev`;
      const taskRole = rec.one("aws:iam/role:Role", `${stack}-app-task`);
      const policies = rec
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .filter((p) => p.inputs.role === taskRole.outputs.name);
      assert.equal(policies.length, 1, `${taskRole.urn} should have one inline policy`);
      const doc = policies[0]!.inputs.policy;
      assert.deepEqual(statementsGranting(doc, "dynamodb:UpdateItem")[0]?.Resource, [pool]);
      assert.deepEqual(statementsGranting(doc, "dynamodb:PutItem")[0]?.Resource, [activity]);
      const app = JSON.parse(
        rec.one("aws:ecs/taskDefinition:TaskDefinition", `${stack}-app-taskdef`).inputs.containerDefinitions,
      )[0];
      const vars = Object.fromEntries(
        app.environment.map((e: { name: string; value: string }) => [e.name, e.value]),
      );
      assert.equal(vars.POOL_TABLE, `app-worker-manager-hotpool-${stack}`);
      assert.equal(vars.ACTIVITY_TABLE, "app-dummy-service-data-dev");
    });

    it("exports the contract's version, the app port the load balancer reaches and the listener it routes on", async () => {
      const rec = await plan(stack);
      const o = rec.outputs as Record<string, any>;
      assert.equal(o.contractVersion, PLATFORM_CONTRACT_VERSION);
      const fromLb = rec.one(
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        `${stack}-app-from-lb`,
      );
      assert.equal(fromLb.inputs.fromPort, o.appPort);
      assert.equal(fromLb.inputs.toPort, o.appPort);
      assert.equal(fromLb.inputs.securityGroupId, o.appSecurityGroupId);
      const https = rec.ofType("aws:lb/listener:Listener").find((l) => l.inputs.port === 443);
      assert.equal(o.albHttpsListenerArn, https?.outputs.arn);
    });

    it("has no listener rule but the platform's own, as the contract lists them (teams use the others)", async () => {
      const rec = await plan(stack);
      const rules = rec.ofType("aws:lb/listenerRule:ListenerRule");
      assert.ok(rules.length > 0);
      for (const r of rules) {
        const paths = r.inputs.conditions.flatMap((c: any) => c.pathPattern?.values ?? []);
        assert.ok(
          PLATFORM_LISTENER_RULES.some(
            (p) =>
              p.priority === r.inputs.priority && JSON.stringify(p.pathPatterns) === JSON.stringify(paths),
          ),
          `${r.urn}: priority ${r.inputs.priority} ${paths.join(",")} is not in @acs/platform-contract's PLATFORM_LISTENER_RULES`,
        );
      }
    });

    it("publishes the claim client's grants as a managed policy for other teams: exactly the application's, attached to nothing here", async () => {
      const rec = await plan(stack);
      const policy = rec.one("aws:iam/policy:Policy", `${stack}-worker-pool-client`);
      assert.equal(policy.inputs.name, `acs-${stack}-worker-pool-client`);
      assert.equal((rec.outputs as Record<string, any>).workerPoolClientPolicyArn, policy.outputs.arn);
      const taskRole = rec.one("aws:iam/role:Role", `${stack}-app-task`);
      const appPolicy = rec
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .find((p) => p.inputs.role === taskRole.outputs.name)!;
      assert.deepEqual(
        JSON.parse(policy.inputs.policy).Statement,
        JSON.parse(appPolicy.inputs.policy).Statement,
      );
      assert.deepEqual(overlyBroadStatements(policy.inputs.policy), []);
      const attachments = rec
        .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .filter((a) => a.inputs.policyArn === policy.outputs.arn);
      assert.deepEqual(attachments, []);
    });

    it("runs every ECS service without a public IP in private-tier subnets only", async () => {
      const rec = await plan(stack);
      const services = rec.ofType("aws:ecs/service:Service");
      assert.ok(services.length > 0, "the stack has no ECS service");
      for (const s of services) {
        const net = s.inputs.networkConfiguration;
        assert.equal(net?.assignPublicIp, false, `${s.urn} gives tasks a public IP`);
        assert.ok((net?.subnets ?? []).length > 0, `${s.urn} names no subnets`);
        for (const id of net.subnets) {
          const subnet = rec.byId(id);
          assert.equal(subnet?.type, "aws:ec2/subnet:Subnet", `${s.urn}: ${id} is not a subnet of the stack`);
          assert.equal(
            subnet.inputs.tags?.Tier,
            "private",
            `${s.urn} runs in ${subnet.urn}, not a private subnet`,
          );
        }
      }
    });

    it("protects every stateful resource from deletion (the environment is not ephemeral)", async () => {
      const rec = await plan(stack);
      const stateful = [
        ...rec.ofType("aws:dynamodb/table:Table"),
        ...rec.ofType("aws:route53/zone:Zone"),
        ...rec.ofType("aws:ecr/repository:Repository"),
      ];
      assert.ok(stateful.length >= 2, "every stack has at least its plan and pool tables");
      for (const r of stateful) assert.equal(r.options.protect, true, `${r.urn} is not protected`);
      for (const t of rec.ofType("aws:dynamodb/table:Table")) {
        assert.equal(t.inputs.deletionProtectionEnabled, true, `${t.urn} has no deletion protection`);
        assert.equal(t.inputs.pointInTimeRecovery?.enabled, true, `${t.urn} has no point-in-time recovery`);
      }
      for (const lb of rec.ofType("aws:lb/loadBalancer:LoadBalancer")) {
        assert.equal(lb.inputs.enableDeletionProtection, true, `${lb.urn} has no deletion protection`);
      }
    });

    it("passes every mandatory organisation policy", async () => {
      const rec = await plan(stack);
      const violations = policyViolations(rec);
      assert.deepEqual(
        violations.filter((v) => v.enforcement === "mandatory"),
        [],
      );
    });

    it("reads other stacks by the names the backend gives them: <organization of the run>/acs/<stack>", async () => {
      const rec = await plan(stack);
      const names = rec.ofType("pulumi:pulumi:StackReference").map((r) => r.inputs.name);
      assert.deepEqual(names, stack === "drdev" ? [`${ORG}/acs/dev`] : []);
    });

    it("subscribes someone to every topic an alarm notifies (the environment is not ephemeral)", async () => {
      const rec = await plan(stack);
      const alarms = rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
      assert.ok(alarms.some((a) => (a.inputs.alarmActions ?? []).length > 0));
      const subscriptions = rec.ofType("aws:sns/topicSubscription:TopicSubscription");
      for (const alarm of alarms) {
        // Scaling alarms act on a scaling policy; every SNS action must reach someone.
        const topics = [
          ...(alarm.inputs.alarmActions ?? []),
          ...(alarm.inputs.okActions ?? []),
          ...(alarm.inputs.insufficientDataActions ?? []),
        ].filter((arn: string) => arn.split(":")[2] === "sns");
        for (const arn of topics) {
          const topic = rec.ofType("aws:sns/topic:Topic").find((t) => t.outputs.arn === arn);
          assert.ok(topic, `${alarm.urn} notifies ${arn}, which is not a topic of this stack`);
          assert.ok(
            subscriptions.some(
              (s) => s.inputs.topic === arn && ["email", "https"].includes(s.inputs.protocol),
            ),
            `${alarm.urn} notifies ${topic.urn}, which has no e-mail or HTTPS subscription: nobody would be told`,
          );
        }
      }
    });

    it("encrypts every alarm topic with a rotated key that lets CloudWatch alarms publish", async () => {
      const rec = await plan(stack);
      const topics = rec.ofType("aws:sns/topic:Topic");
      assert.ok(topics.length > 0);
      for (const topic of topics) {
        const key = rec.custom.find(
          (r) => r.type === "aws:kms/key:Key" && r.outputs.arn === topic.inputs.kmsMasterKeyId,
        );
        assert.ok(
          key,
          `${topic.urn} is not encrypted with a key of this stack (alias/aws/sns would drop alarm notifications)`,
        );
        assert.equal(key.inputs.enableKeyRotation, true);
        const cloudwatch = JSON.parse(key.inputs.policy).Statement.find(
          (s: any) => s.Principal?.Service === "cloudwatch.amazonaws.com",
        );
        assert.deepEqual(
          cloudwatch?.Action,
          ["kms:GenerateDataKey*", "kms:Decrypt"],
          `${key.urn} must let CloudWatch encrypt`,
        );
      }
    });
  });
}
