import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { parsePolicy, runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { Cluster, ClusterArgs, validateClusterArgs } from "./cluster";

const CP = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";
const ec2Capacity = { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-app"] };

/**
 * The message `validateClusterArgs` throws for `args`, called as the constructor calls it: on the
 * args as given (the validator applies the defaults itself).
 */
function rejected(args: ClusterArgs): string {
  try {
    validateClusterArgs("main", args);
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail(`accepted ${JSON.stringify(args)}`);
}

describe("Cluster: validation happens before any child is registered", () => {
  it("WHEN the args are invalid THEN the constructor throws the validator's message and registers nothing", async () => {
    const args: ClusterArgs = { containerInsights: "on" as any };
    const err = await runPulumiExpectingError(() => new Cluster("main", args));
    assert.equal(
      err.message,
      'ecs-platform Cluster "main": `containerInsights` is "on"; use "enhanced", "enabled" or "disabled"',
    );
    assert.equal(err.message, rejected(args));
    assert.deepEqual(
      err.recording.custom.map((r) => r.urn),
      [],
      "bad input registered resources",
    );
  });
});

describe("Cluster", () => {
  it("turns on enhanced Container Insights by default", async () => {
    const rec = await runPulumi(() => new Cluster("main", { name: "acs-dev" }));
    const c = rec.one("aws:ecs/cluster:Cluster");
    assert.deepEqual(c.inputs.settings, [{ name: "containerInsights", value: "enhanced" }], c.urn);
    assert.equal(c.outputs.arn, "arn:aws:ecs:us-east-1:123456789012:cluster/acs-dev");
  });

  it("offers FARGATE and FARGATE_SPOT with the default strategy from args", async () => {
    const rec = await runPulumi(
      () =>
        new Cluster("main", {
          defaultCapacityProviderStrategy: [
            { capacityProvider: "FARGATE", weight: 1, base: 2 },
            { capacityProvider: "FARGATE_SPOT", weight: 3 },
          ],
        }),
    );
    const cp = rec.one(CP);
    assert.deepEqual(cp.inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
    assert.deepEqual(cp.inputs.defaultCapacityProviderStrategies, [
      { capacityProvider: "FARGATE", weight: 1, base: 2 },
      { capacityProvider: "FARGATE_SPOT", weight: 3, base: 0 },
    ]);
    assert.equal(cp.inputs.clusterName, rec.one("aws:ecs/cluster:Cluster").outputs.name);
  });

  it("defaults to FARGATE with base 1", async () => {
    const rec = await runPulumi(() => new Cluster("main"));
    assert.deepEqual(rec.one(CP).inputs.defaultCapacityProviderStrategies, [
      { capacityProvider: "FARGATE", weight: 1, base: 1 },
    ]);
  });

  it("logs ECS Exec sessions to a KMS-encrypted log group with a rotating key", async () => {
    const rec = await runPulumi(() => new Cluster("main"));
    const key = rec.one("aws:kms/key:Key");
    const logs = rec.one("aws:cloudwatch/logGroup:LogGroup");
    assert.equal(key.inputs.enableKeyRotation, true);
    assert.equal(logs.inputs.kmsKeyId, key.outputs.arn, "the exec log group is encrypted with the key");
    const exec = rec.one("aws:ecs/cluster:Cluster").inputs.configuration.executeCommandConfiguration;
    assert.equal(exec.kmsKeyId, key.outputs.arn);
    assert.equal(exec.logging, "OVERRIDE");
    assert.deepEqual(exec.logConfiguration, {
      cloudWatchLogGroupName: "/ecs/exec/main",
      cloudWatchEncryptionEnabled: true,
    });
    const logsStatement = parsePolicy(key.inputs.policy).find(
      (s) => s.Sid === "CloudWatchLogsEncryptsExecLogs",
    );
    assert.deepEqual(logsStatement?.Condition, {
      ArnEquals: {
        "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/exec/main",
      },
    });
    for (const s of parsePolicy(key.inputs.policy))
      assert.ok(!s.Action.includes("kms:*"), `${key.urn}: ${s.Sid} grants kms:*`);
  });

  it("creates no EC2 capacity by default", async () => {
    const rec = await runPulumi(() => new Cluster("main"));
    for (const t of [
      "aws:ec2/launchTemplate:LaunchTemplate",
      "aws:autoscaling/group:Group",
      "aws:ecs/capacityProvider:CapacityProvider",
    ]) {
      assert.equal(rec.ofType(t).length, 0, t);
    }
  });

  describe("with EC2 capacity", () => {
    it("launches the ECS-optimized AMI from the public SSM parameter with IMDSv2 and encrypted volumes", async () => {
      const rec = await runPulumi(() => new Cluster("main", { ec2Capacity }));
      const lt = rec.one("aws:ec2/launchTemplate:LaunchTemplate");
      assert.match(String(lt.inputs.imageId), /^ami-[0-9a-f]{17}$/, lt.urn);
      assert.equal(lt.inputs.metadataOptions.httpTokens, "required");
      assert.equal(lt.inputs.metadataOptions.httpPutResponseHopLimit, 1);
      assert.equal(lt.inputs.blockDeviceMappings[0].ebs.encrypted, "true");
      assert.equal(lt.inputs.blockDeviceMappings[0].ebs.volumeType, "gp3");
      assert.deepEqual(lt.inputs.vpcSecurityGroupIds, ["sg-app"]);
      const userData = Buffer.from(lt.inputs.userData, "base64").toString();
      assert.match(userData, new RegExp(`ECS_CLUSTER=${rec.one("aws:ecs/cluster:Cluster").outputs.name}`));
    });

    for (const [arch, parameter] of [
      ["X86_64", "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"],
      ["ARM64", "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"],
    ] as const) {
      it(`reads the ${arch} AMI from ${parameter}`, async () => {
        // The recording holds no invokes: read the same parameter from the same fake and compare.
        const rec = await runPulumi(() => {
          new Cluster("main", { ec2Capacity: { ...ec2Capacity, cpuArchitecture: arch } });
          return { expected: aws.ssm.getParameterOutput({ name: parameter }).value };
        });
        const lt = rec.one("aws:ec2/launchTemplate:LaunchTemplate");
        assert.match(String(rec.outputs.expected), /^ami-[0-9a-f]{17}$/);
        assert.equal(lt.inputs.imageId, rec.outputs.expected, lt.urn);
      });
    }

    it("runs the ASG in the given private subnets with scale-in protection, and a capacity provider with managed scaling and termination protection", async () => {
      const rec = await runPulumi(
        () =>
          new Cluster("main", {
            ec2Capacity: { ...ec2Capacity, minSize: 1, maxSize: 6 },
            defaultCapacityProviderStrategy: [{ capacityProvider: "EC2" }],
          }),
      );
      const asg = rec.one("aws:autoscaling/group:Group");
      assert.deepEqual(asg.inputs.vpcZoneIdentifiers, ["subnet-a", "subnet-b"]);
      assert.equal(asg.inputs.protectFromScaleIn, true);
      // Scale-in-protected instances block a plain delete: destroy must terminate them.
      assert.equal(asg.inputs.forceDelete, true, asg.urn);
      assert.equal(asg.inputs.minSize, 1);
      assert.equal(asg.inputs.maxSize, 6);
      assert.deepEqual(asg.options.ignoreChanges, ["desiredCapacity"]);
      const cp = rec.one("aws:ecs/capacityProvider:CapacityProvider");
      const p = cp.inputs.autoScalingGroupProvider;
      assert.equal(p.autoScalingGroupArn, asg.outputs.arn);
      assert.equal(p.managedTerminationProtection, "ENABLED");
      assert.equal(p.managedScaling.status, "ENABLED");
      assert.equal(p.managedScaling.targetCapacity, 100);
      const strategy = rec.one(CP).inputs;
      assert.deepEqual(strategy.capacityProviders, ["FARGATE", "FARGATE_SPOT", cp.outputs.name]);
      assert.deepEqual(strategy.defaultCapacityProviderStrategies, [
        { capacityProvider: cp.outputs.name, weight: 1, base: 0 },
      ]);
    });
  });

  describe("rejects bad input before creating anything", () => {
    it("an EC2 strategy without EC2 capacity", () => {
      assert.match(
        rejected({ defaultCapacityProviderStrategy: [{ capacityProvider: "EC2" }] }),
        /`defaultCapacityProviderStrategy\[0\]\.capacityProvider` is "EC2" but the cluster has no EC2 capacity/,
      );
    });
    it("a strategy that mixes EC2 and Fargate", () => {
      const msg = rejected({
        ec2Capacity,
        defaultCapacityProviderStrategy: [{ capacityProvider: "EC2" }, { capacityProvider: "FARGATE" }],
      });
      assert.match(msg, /mixes "EC2" with Fargate providers/);
    });
    it("base on two providers", () => {
      assert.match(
        rejected({
          defaultCapacityProviderStrategy: [
            { capacityProvider: "FARGATE", base: 1 },
            { capacityProvider: "FARGATE_SPOT", base: 1 },
          ],
        }),
        /sets `base` on more than one provider/,
      );
    });
    it("an unknown Container Insights level", () => {
      assert.match(
        rejected({ containerInsights: "on" as any }),
        /`containerInsights` is "on"; use "enhanced", "enabled" or "disabled"/,
      );
    });
    it("EC2 capacity with minSize above maxSize", () => {
      assert.match(
        rejected({ ec2Capacity: { ...ec2Capacity, minSize: 5, maxSize: 2 } }),
        /`ec2Capacity\.minSize` 5 is above `ec2Capacity\.maxSize` 2; make minSize ≤ maxSize/,
      );
    });
  });
});
