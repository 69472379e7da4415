import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkInt, fail, isKnown, who } from "./checks";
import { LOG_RETENTION_DAYS } from "./task-definition";

/** A capacity provider in a strategy: the two Fargate ones, or the cluster's own EC2 capacity. */
export type CapacityProviderName = "FARGATE" | "FARGATE_SPOT" | "EC2";

export interface CapacityProviderStrategyItem {
  readonly capacityProvider: CapacityProviderName;
  /** Relative share of tasks (0–1000). @default 1 */
  readonly weight?: number;
  /** Tasks placed on this provider before weights apply (0–100000; only one item may set it). @default 0 */
  readonly base?: number;
}

export type ContainerInsights = "enhanced" | "enabled" | "disabled";

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

export interface ClusterArgs {
  /** Cluster name. @default - an auto-name from the component name */
  readonly name?: pulumi.Input<string>;
  /** CloudWatch Container Insights level. @default "enhanced" */
  readonly containerInsights?: ContainerInsights;
  /** Strategy for services and tasks that name none. @default [{ capacityProvider: "FARGATE", weight: 1, base: 1 }] */
  readonly defaultCapacityProviderStrategy?: CapacityProviderStrategyItem[];
  /** Add EC2 capacity (so EC2 placement strategies apply). @default - Fargate only */
  readonly ec2Capacity?: Ec2CapacityArgs;
  /** Log ECS Exec sessions to a KMS-encrypted log group. @default true */
  readonly executeCommandLogging?: boolean;
  /** Retention of the ECS Exec log group. @default 90 */
  readonly executeCommandLogRetentionDays?: number;
  /** Tags for every child. @default {} */
  readonly tags?: Record<string, string>;
}

/** The public SSM parameter with the current ECS-optimized Amazon Linux 2023 AMI. */
export function ecsOptimizedAmiParameter(arch: "X86_64" | "ARM64"): string {
  return arch === "ARM64"
    ? "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
    : "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";
}

/** Throws on invalid strategy items. Pure; exported for tests. */
export function validateCapacityProviderStrategy(
  prefix: string,
  arg: string,
  items: CapacityProviderStrategyItem[],
  hasEc2: boolean,
): void {
  if (items.length === 0)
    fail(
      prefix,
      `\`${arg}\` is empty; name at least one capacity provider, e.g. [{ capacityProvider: "FARGATE", weight: 1 }]`,
    );
  items.forEach((item, i) => {
    switch (item.capacityProvider) {
      case "FARGATE":
      case "FARGATE_SPOT":
        break;
      case "EC2":
        if (!hasEc2)
          fail(
            prefix,
            `\`${arg}[${i}].capacityProvider\` is "EC2" but the cluster has no EC2 capacity; set the cluster's \`ec2Capacity\` or use "FARGATE"`,
          );
        break;
      default:
        fail(
          prefix,
          `\`${arg}[${i}].capacityProvider\` is ${JSON.stringify(item.capacityProvider)}; use "FARGATE", "FARGATE_SPOT" or "EC2"`,
        );
    }
    checkInt(prefix, `${arg}[${i}].weight`, item.weight, 0, 1000);
    checkInt(prefix, `${arg}[${i}].base`, item.base, 0, 100000);
  });
  if (items.some((i) => i.capacityProvider === "EC2") && items.some((i) => i.capacityProvider !== "EC2")) {
    fail(
      prefix,
      `\`${arg}\` mixes "EC2" with Fargate providers, which ECS does not allow in one strategy; use either EC2 or FARGATE/FARGATE_SPOT`,
    );
  }
  if (items.filter((i) => (i.base ?? 0) > 0).length > 1)
    fail(prefix, `\`${arg}\` sets \`base\` on more than one provider; set it on one only`);
  if (!items.some((i) => (i.weight ?? 1) > 0))
    fail(prefix, `\`${arg}\` has no provider with a weight above 0; give one a weight of at least 1`);
  const names = items.map((i) => i.capacityProvider);
  if (new Set(names).size !== names.length)
    fail(prefix, `\`${arg}\` names a provider twice (${names.join(", ")}); name each once`);
}

/** Throws on invalid args, before any resource exists. Pure; exported for tests. */
export function validateClusterArgs(name: string, args: ClusterArgs): void {
  const p = who("Cluster", name);
  if (isKnown(args.name) && !/^[A-Za-z0-9_-]{1,255}$/.test(args.name))
    fail(p, `\`name\` is "${args.name}"; use 1–255 letters, digits, "_" and "-"`);
  const insights = args.containerInsights ?? "enhanced";
  switch (insights) {
    case "enhanced":
    case "enabled":
    case "disabled":
      break;
    default:
      fail(
        p,
        `\`containerInsights\` is ${JSON.stringify(insights)}; use "enhanced", "enabled" or "disabled"`,
      );
  }
  validateCapacityProviderStrategy(
    p,
    "defaultCapacityProviderStrategy",
    args.defaultCapacityProviderStrategy ?? [{ capacityProvider: "FARGATE" }],
    !!args.ec2Capacity,
  );
  const r = args.executeCommandLogRetentionDays;
  if (r !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(r)) {
    fail(
      p,
      `\`executeCommandLogRetentionDays\` is ${JSON.stringify(r)}, not a CloudWatch Logs retention; use e.g. 30, 90 or 365`,
    );
  }
  const ec2 = args.ec2Capacity;
  if (ec2) {
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
}

/**
 * An ECS cluster with Container Insights, the FARGATE and FARGATE_SPOT capacity providers and a
 * default strategy, optional EC2 capacity (launch template with the ECS-optimized AMI, IMDSv2,
 * encrypted volumes, ASG, capacity provider with managed scaling and termination protection)
 * and ECS Exec logging to a KMS-encrypted log group.
 */
export class Cluster extends pulumi.ComponentResource {
  /** The ECS cluster. */
  public readonly cluster: aws.ecs.Cluster;
  public readonly name: pulumi.Output<string>;
  public readonly arn: pulumi.Output<string>;
  /** The cluster's capacity providers and default strategy. */
  public readonly capacityProviders: aws.ecs.ClusterCapacityProviders;
  /** The default capacity provider strategy (services that name none pass it explicitly). */
  public readonly defaultStrategy: readonly CapacityProviderStrategyItem[];
  /** Whether the cluster has EC2 capacity (EC2 placement strategies apply there). */
  public readonly hasEc2Capacity: boolean;
  /** The EC2 capacity provider, when `ec2Capacity` is set. */
  public readonly ec2CapacityProvider?: aws.ecs.CapacityProvider;
  /** The EC2 Auto Scaling group, when `ec2Capacity` is set. */
  public readonly autoScalingGroup?: aws.autoscaling.Group;
  /** The EC2 launch template, when `ec2Capacity` is set. */
  public readonly launchTemplate?: aws.ec2.LaunchTemplate;
  /** KMS key of ECS Exec sessions and their logs (tasks with ECS Exec need kms:Decrypt on it). */
  public readonly execKey?: aws.kms.Key;
  /** Log group of ECS Exec sessions. */
  public readonly execLogGroup?: aws.cloudwatch.LogGroup;

  constructor(name: string, args: ClusterArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("acs:ecs-platform:Cluster", name, {}, opts);
    validateClusterArgs(name, args);
    const tags = args.tags ?? {};
    this.hasEc2Capacity = !!args.ec2Capacity;
    this.defaultStrategy = args.defaultCapacityProviderStrategy ?? [
      { capacityProvider: "FARGATE", weight: 1, base: 1 },
    ];

    let executeCommandConfiguration:
      aws.types.input.ecs.ClusterConfigurationExecuteCommandConfiguration | undefined;
    if (args.executeCommandLogging ?? true) {
      const identity = aws.getCallerIdentityOutput({}, { parent: this });
      const region = aws.getRegionOutput({}, { parent: this });
      const partition = aws.getPartitionOutput({}, { parent: this });
      const logGroupName = `/ecs/exec/${name}`;
      this.execKey = new aws.kms.Key(
        `${name}-exec-key`,
        {
          description: `ECS Exec sessions and logs of cluster ${name}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          policy: pulumi
            .all([identity.accountId, region.region, partition.partition])
            .apply(([account, reg, part]) =>
              JSON.stringify(
                {
                  Version: "2012-10-17",
                  Statement: [
                    {
                      Sid: "AccountAdministersKey",
                      Effect: "Allow",
                      Principal: { AWS: `arn:${part}:iam::${account}:root` },
                      Action: [
                        "kms:Create*",
                        "kms:Describe*",
                        "kms:Enable*",
                        "kms:List*",
                        "kms:Put*",
                        "kms:Update*",
                        "kms:Revoke*",
                        "kms:Disable*",
                        "kms:Get*",
                        "kms:Delete*",
                        "kms:TagResource",
                        "kms:UntagResource",
                        "kms:ScheduleKeyDeletion",
                        "kms:CancelKeyDeletion",
                        "kms:Encrypt",
                        "kms:Decrypt",
                        "kms:GenerateDataKey*",
                      ],
                      Resource: "*",
                    },
                    {
                      Sid: "CloudWatchLogsEncryptsExecLogs",
                      Effect: "Allow",
                      Principal: { Service: `logs.${reg}.amazonaws.com` },
                      Action: [
                        "kms:Encrypt*",
                        "kms:Decrypt*",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:Describe*",
                      ],
                      Resource: "*",
                      Condition: {
                        ArnEquals: {
                          "kms:EncryptionContext:aws:logs:arn": `arn:${part}:logs:${reg}:${account}:log-group:${logGroupName}`,
                        },
                      },
                    },
                  ],
                },
                null,
                2,
              ),
            ),
          tags,
        },
        { parent: this },
      );
      this.execLogGroup = new aws.cloudwatch.LogGroup(
        `${name}-exec-logs`,
        {
          name: logGroupName,
          retentionInDays: args.executeCommandLogRetentionDays ?? 90,
          kmsKeyId: this.execKey.arn,
          tags,
        },
        { parent: this },
      );
      executeCommandConfiguration = {
        kmsKeyId: this.execKey.arn,
        logging: "OVERRIDE",
        logConfiguration: {
          cloudWatchLogGroupName: this.execLogGroup.name,
          cloudWatchEncryptionEnabled: true,
        },
      };
    }

    this.cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      {
        name: args.name,
        settings: [{ name: "containerInsights", value: args.containerInsights ?? "enhanced" }],
        configuration: executeCommandConfiguration ? { executeCommandConfiguration } : undefined,
        tags,
      },
      { parent: this },
    );
    this.name = this.cluster.name;
    this.arn = this.cluster.arn;

    if (args.ec2Capacity) {
      const { launchTemplate, group, provider } = this.ec2Capacity(name, args.ec2Capacity, tags);
      this.launchTemplate = launchTemplate;
      this.autoScalingGroup = group;
      this.ec2CapacityProvider = provider;
    }

    this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
      `${name}-capacity`,
      {
        clusterName: this.cluster.name,
        capacityProviders: [
          "FARGATE",
          "FARGATE_SPOT",
          ...(this.ec2CapacityProvider ? [this.ec2CapacityProvider.name] : []),
        ],
        defaultCapacityProviderStrategies: this.defaultStrategy.map((s) => ({
          capacityProvider: this.capacityProviderName(s.capacityProvider),
          weight: s.weight ?? 1,
          base: s.base ?? 0,
        })),
      },
      { parent: this },
    );

    this.registerOutputs({ name: this.name, arn: this.arn });
  }

  /** The name a service's strategy uses for a provider (the EC2 provider has a generated name). */
  public capacityProviderName(p: CapacityProviderName): pulumi.Input<string> {
    if (p === "EC2") {
      if (!this.ec2CapacityProvider)
        throw new Error(
          `ecs-platform Cluster: capacity provider "EC2" requested but the cluster has no EC2 capacity; set \`ec2Capacity\``,
        );
      return this.ec2CapacityProvider.name;
    }
    return p;
  }

  private ec2Capacity(name: string, ec2: Ec2CapacityArgs, tags: Record<string, string>) {
    const arch = ec2.cpuArchitecture ?? "X86_64";
    const ami = aws.ssm.getParameterOutput({ name: ecsOptimizedAmiParameter(arch) }, { parent: this });
    const role = new aws.iam.Role(
      `${name}-instance`,
      {
        description: `ECS container instances of cluster ${name}`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        }),
        tags,
      },
      { parent: this },
    );
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const attachments = [
      "service-role/AmazonEC2ContainerServiceforEC2Role",
      "AmazonSSMManagedInstanceCore",
    ].map(
      (policy, i) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-instance-${i === 0 ? "ecs" : "ssm"}`,
          { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}` },
          { parent: this },
        ),
    );
    const profile = new aws.iam.InstanceProfile(
      `${name}-instance`,
      { role: role.name, tags },
      { parent: this },
    );
    const userData = this.cluster.name.apply((cluster) =>
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
      { parent: this, dependsOn: attachments },
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
      { parent: this, ignoreChanges: ["desiredCapacity"] },
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
      { parent: this },
    );
    return { launchTemplate, group, provider };
  }
}
