import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkInt, fail } from "./checks";
import { serviceTrustPolicy } from "@acs/iam-policy";

/** Optional EC2 capacity: an ASG of ECS-optimized instances behind a capacity provider. */
export interface Ec2CapacityArgs {
  /** Private subnets for the instances. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security groups of the instances (the network's app security group). */
  readonly securityGroupIds: pulumi.Input<string>[];
  /** @default "t3.medium" */
  readonly instanceType?: string;
  /** @default "X86_64" */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
  /** @default 0 */
  readonly minSize?: number;
  /** @default 4 */
  readonly maxSize?: number;
  /** Target utilisation of the capacity provider's managed scaling (1–100). @default 100 */
  readonly targetCapacity?: number;
  /** Root volume size (GiB, gp3, encrypted). @default 30 */
  readonly volumeSizeGiB?: number;
  /** KMS key for the root volumes. @default - the account's default EBS key */
  readonly volumeKmsKeyArn?: pulumi.Input<string>;
}

/** The public SSM parameter with the current ECS-optimized Amazon Linux 2023 AMI. */
export function ecsOptimizedAmiParameter(arch: "X86_64" | "ARM64"): string {
  return arch === "ARM64"
    ? "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
    : "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";
}

/** Throws on invalid EC2 capacity args (`p` names the cluster). Pure; exported for tests. */
export function validateEc2CapacityArgs(p: string, ec2: Ec2CapacityArgs): void {
  if (ec2.subnetIds.length === 0)
    fail(p, "`ec2Capacity.subnetIds` is empty; give the network's private subnets");
  if (ec2.securityGroupIds.length === 0)
    fail(p, "`ec2Capacity.securityGroupIds` is empty; give the network's app security group");
  checkInt(p, "ec2Capacity.minSize", ec2.minSize, 0, 1000);
  checkInt(p, "ec2Capacity.maxSize", ec2.maxSize, 1, 1000);
  if ((ec2.minSize ?? 0) > (ec2.maxSize ?? 4)) {
    fail(
      p,
      `\`ec2Capacity.minSize\` ${ec2.minSize ?? 0} is above \`ec2Capacity.maxSize\` ${ec2.maxSize ?? 4}; make minSize ≤ maxSize`,
    );
  }
  checkInt(p, "ec2Capacity.targetCapacity", ec2.targetCapacity, 1, 100);
  checkInt(
    p,
    "ec2Capacity.volumeSizeGiB",
    ec2.volumeSizeGiB,
    30,
    16384,
    "use 30 GiB (the AMI's snapshot size) or more",
  );
  const arch = ec2.cpuArchitecture ?? "X86_64";
  if (arch !== "X86_64" && arch !== "ARM64")
    fail(p, `\`ec2Capacity.cpuArchitecture\` is ${JSON.stringify(arch)}; use "X86_64" or "ARM64"`);
}

/**
 * The cluster's EC2 capacity, parented to the cluster component: instance role and profile, a
 * launch template (ECS-optimized AL2023, IMDSv2 only, encrypted gp3 root volume), an ASG with
 * scale-in protection and a capacity provider with managed scaling and termination protection.
 */
export function createEc2Capacity(
  name: string,
  parent: pulumi.Resource,
  clusterName: pulumi.Output<string>,
  ec2: Ec2CapacityArgs,
  tags: Record<string, string>,
): {
  launchTemplate: aws.ec2.LaunchTemplate;
  group: aws.autoscaling.Group;
  provider: aws.ecs.CapacityProvider;
} {
  const arch = ec2.cpuArchitecture ?? "X86_64";
  const ami = aws.ssm.getParameterOutput({ name: ecsOptimizedAmiParameter(arch) }, { parent });
  const role = new aws.iam.Role(
    `${name}-instance`,
    {
      description: `ECS container instances of cluster ${name}`,
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
      tags,
    },
    { parent },
  );
  const partition = aws.getPartitionOutput({}, { parent }).partition;
  const attachments = [
    "service-role/AmazonEC2ContainerServiceforEC2Role",
    "AmazonSSMManagedInstanceCore",
  ].map(
    (policy, i) =>
      new aws.iam.RolePolicyAttachment(
        `${name}-instance-${i === 0 ? "ecs" : "ssm"}`,
        { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}` },
        { parent },
      ),
  );
  const profile = new aws.iam.InstanceProfile(`${name}-instance`, { role: role.name, tags }, { parent });
  const userData = clusterName.apply((cluster) =>
    Buffer.from(
      [
        "#!/bin/bash",
        `echo ECS_CLUSTER=${cluster} >> /etc/ecs/ecs.config`,
        // Tasks use their task role, never the instance's credentials.
        "echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config",
        "echo ECS_ENABLE_TASK_IAM_ROLE=true >> /etc/ecs/ecs.config",
        "",
      ].join("\n"),
    ).toString("base64"),
  );
  const launchTemplate = new aws.ec2.LaunchTemplate(
    `${name}-lt`,
    {
      imageId: ami.value,
      instanceType: ec2.instanceType ?? "t3.medium",
      iamInstanceProfile: { arn: profile.arn },
      vpcSecurityGroupIds: ec2.securityGroupIds,
      userData,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: ec2.volumeSizeGiB ?? 30,
            volumeType: "gp3",
            encrypted: "true",
            kmsKeyId: ec2.volumeKmsKeyArn,
            deleteOnTermination: "true",
          },
        },
      ],
      monitoring: { enabled: true },
      tagSpecifications: [
        { resourceType: "instance", tags: { ...tags, Name: `${name}-ecs` } },
        { resourceType: "volume", tags },
      ],
      updateDefaultVersion: true,
      tags,
    },
    { parent, dependsOn: attachments },
  );
  const group = new aws.autoscaling.Group(
    `${name}-asg`,
    {
      vpcZoneIdentifiers: ec2.subnetIds,
      minSize: ec2.minSize ?? 0,
      maxSize: ec2.maxSize ?? 4,
      launchTemplate: { id: launchTemplate.id, version: "$Latest" },
      // Managed termination protection needs scale-in protection on the instances.
      protectFromScaleIn: true,
      // Protected instances keep a plain delete waiting forever: destroy terminates them.
      forceDelete: true,
      healthCheckType: "EC2",
      tags: [
        { key: "AmazonECSManaged", value: "true", propagateAtLaunch: true },
        { key: "Name", value: `${name}-ecs`, propagateAtLaunch: true },
      ],
    },
    // The capacity provider's managed scaling owns the desired capacity.
    { parent, ignoreChanges: ["desiredCapacity"] },
  );
  const provider = new aws.ecs.CapacityProvider(
    `${name}-ec2`,
    {
      autoScalingGroupProvider: {
        autoScalingGroupArn: group.arn,
        managedTerminationProtection: "ENABLED",
        managedDraining: "ENABLED",
        managedScaling: {
          status: "ENABLED",
          targetCapacity: ec2.targetCapacity ?? 100,
          minimumScalingStepSize: 1,
          maximumScalingStepSize: 10,
        },
      },
      tags,
    },
    { parent },
  );
  return { launchTemplate, group, provider };
}
