/**
 * GIVEN the provider of package `acs` on the offline fake AWS (@acs/testkit)
 * WHEN the engine asks it to construct a component, as it does for a Python program's
 *   `acs.Network(...)` (inputs deserialized: plain values, and Outputs where they depend on
 *   other resources)
 * THEN the real component builds its resources under the `acs:index:*` component, and the
 *   outputs in the schema come back; bad input fails with the real component's one-line message
 *   before any cloud resource is registered.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Recording, runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { provider } from "./test/provider";

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const SVC = "aws:ecs/service:Service";
const TG = "aws:lb/targetGroup:TargetGroup";
const RULE = "aws:lb/listenerRule:ListenerRule";

/** What a Python team's program has: the platform stack's outputs, read by ARN and id. */
const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/acs-dev";
const TASK_DEFINITION_ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/team-api:3";
const LISTENER_ARN =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/acs-dev-web/50dc6c495c0c9188/f2f7dc8efc522ab2";
const SERVICE_INPUTS = {
  clusterArn: CLUSTER_ARN,
  taskDefinitionArn: TASK_DEFINITION_ARN,
  containerName: "api",
  containerPort: 8080,
  // Values that depend on other resources reach the provider as Outputs.
  subnetIds: pulumi.output(["subnet-0a1", "subnet-0b2"]),
  securityGroupIds: ["sg-0team"],
  alb: {
    listenerArn: pulumi.output(LISTENER_ARN),
    vpcId: "vpc-0platform",
    priority: 40,
    pathPatterns: ["/team-api/*"],
  },
};

/** Runs `provider.construct` as the engine would, and returns its state as the stack outputs. */
function construct(name: string, type: string, inputs: pulumi.Inputs): Promise<Recording> {
  return runPulumi(async () => (await provider.construct(name, type, inputs, {})).state);
}

async function rejected(name: string, type: string, inputs: pulumi.Inputs): Promise<string> {
  const err = await runPulumiExpectingError(
    async () => (await provider.construct(name, type, inputs, {})).state,
  );
  assert.deepEqual(
    err.recording.custom.map((r) => r.urn),
    [],
    "no cloud resource is registered before the args are valid",
  );
  return err.message;
}

describe("constructing through the provider", function () {
  // The first construct generates the schema (TypeScript analysis): slow on a busy machine.
  this.timeout(5 * 60_000);
  before(() => provider.getSchema());

  describe("GIVEN acs:index:Network with cidr, azCount 2 and natStrategy Single", () => {
    let rec: Recording;
    before(async () => {
      rec = await construct("team", "acs:index:Network", {
        cidr: "10.30.0.0/16",
        azCount: 2,
        natStrategy: "Single",
      });
    });

    it("THEN @acs/network's Network is built under the acs:index:Network component", () => {
      const outer = rec.one("acs:index:Network", "team");
      assert.equal(outer.parent?.endsWith("::pulumi:pulumi:Stack::acs-test"), true, outer.urn);
      const inner = rec.one("acs:network:Network", "team");
      assert.equal(inner.parent, outer.urn);
      const vpc = rec.one(VPC);
      assert.ok(rec.descendantsOf(outer).includes(vpc), vpc.urn);
      assert.equal(vpc.inputs.cidrBlock, "10.30.0.0/16");
    });

    it("THEN the args reach the real component: 2 AZs × 3 tiers of subnets, one NAT gateway", () => {
      assert.equal(rec.ofType(SUBNET).length, 6);
      assert.equal(rec.ofType("aws:ec2/natGateway:NatGateway").length, 1);
    });

    it("THEN the outputs in the schema come back with the VPC's and the subnets' ids", () => {
      const o = rec.outputs as Record<string, any>;
      assert.equal(o.vpcId, rec.one(VPC).id);
      assert.equal(o.vpcCidr, "10.30.0.0/16");
      const ids = (tier: string) =>
        rec
          .ofType(SUBNET)
          .filter((s) => s.inputs.tags?.Tier === tier)
          .map((s) => s.id);
      assert.deepEqual(o.privateSubnetIds, ids("private"));
      assert.deepEqual(o.publicSubnetIds, ids("public"));
      assert.deepEqual(o.isolatedSubnetIds, ids("isolated"));
      assert.equal(o.availabilityZones.length, 2);
      assert.equal(o.natPublicIps.length, 1);
      assert.match(o.appSecurityGroupId, /^sg-/);
      assert.match(o.loadBalancerSecurityGroupId, /^sg-/);
      assert.notEqual(o.appSecurityGroupId, o.loadBalancerSecurityGroupId);
    });
  });

  describe("GIVEN acs:index:Service with a cluster ARN, a task definition ARN and the shared listener's ARN", () => {
    let rec: Recording;
    before(async () => {
      rec = await construct("team-api", "acs:index:Service", SERVICE_INPUTS);
    });

    it("THEN @acs/ecs-platform's Service runs that revision on that cluster in the given subnets, without a public IP", () => {
      const outer = rec.one("acs:index:Service", "team-api");
      assert.equal(rec.one("acs:ecs-platform:Service", "team-api").parent, outer.urn);
      const s = rec.one(SVC);
      assert.equal(s.inputs.cluster, CLUSTER_ARN, s.urn);
      assert.equal(s.inputs.taskDefinition, TASK_DEFINITION_ARN);
      assert.deepEqual(s.inputs.networkConfiguration, {
        subnets: ["subnet-0a1", "subnet-0b2"],
        securityGroups: ["sg-0team"],
        assignPublicIp: false,
      });
      assert.deepEqual(s.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
    });

    it("THEN a rule on the listener forwards its path to a new ip target group in the VPC", () => {
      const rule = rec.one(RULE);
      const tg = rec.one(TG);
      assert.equal(rule.inputs.listenerArn, LISTENER_ARN, rule.urn);
      assert.equal(rule.inputs.priority, 40);
      assert.deepEqual(rule.inputs.conditions, [{ pathPattern: { values: ["/team-api/*"] } }]);
      assert.equal(rule.inputs.actions[0].targetGroupArn, tg.outputs.arn);
      assert.equal(tg.inputs.vpcId, "vpc-0platform");
      assert.equal(tg.inputs.targetType, "ip");
    });

    it("THEN the outputs in the schema come back: the service's ARN and name, the target group's and the rule's ARNs", () => {
      const o = rec.outputs as Record<string, any>;
      assert.match(o.serviceArn, /^arn:aws:ecs:us-east-1:\d{12}:service\//);
      assert.equal(o.serviceArn, rec.one(SVC).id, "an ECS service's id is its ARN");
      assert.equal(o.serviceName, rec.one(SVC).outputs.name);
      assert.equal(o.targetGroupArn, rec.one(TG).outputs.arn);
      assert.equal(o.listenerRuleArn, rec.one(RULE).outputs.arn);
    });
  });

  describe("GIVEN bad input", () => {
    it("THEN a natStrategy the network does not know fails with @acs/network's message", async () => {
      const message = await rejected("team", "acs:index:Network", {
        cidr: "10.30.0.0/16",
        natStrategy: "Two",
      });
      assert.equal(message, 'network: `natStrategy` is "Two"; use "None", "Single" or "OnePerAz"');
    });

    it("THEN an azCount of 4 fails with @acs/network's message", async () => {
      const message = await rejected("team", "acs:index:Network", { cidr: "10.30.0.0/16", azCount: 4 });
      assert.match(message, /^network: `azCount` is 4\b.*; use 2 or 3/);
      assert.doesNotMatch(message, /\n/);
    });

    it("THEN an ALB route with neither paths nor hosts fails with @acs/ecs-platform's message", async () => {
      const message = await rejected("team-api", "acs:index:Service", {
        ...SERVICE_INPUTS,
        alb: { ...SERVICE_INPUTS.alb, pathPatterns: [] },
      });
      assert.equal(
        message,
        'ecs-platform Service "team-api": `alb` has neither `pathPatterns` nor `hostHeaders`; route at least one, e.g. pathPatterns: ["/app/*"]',
      );
    });

    it("THEN a type token of another package is refused by the provider", async () => {
      await assert.rejects(provider.construct("x", "other:index:Network", {}, {}), {
        message: "Invalid package name other, expected 'acs'",
      });
    });
  });
});
