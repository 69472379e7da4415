import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { keyPolicy } from "@acs/iam-policy";
import { checkInt, fail, isKnown, who } from "./checks";
import { createEc2Capacity, Ec2CapacityArgs, validateEc2CapacityArgs } from "./ec2-capacity";
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

/** The args with their documented defaults: the one place they are applied. */
export function resolveClusterArgs(
  args: ClusterArgs,
): ClusterArgs &
  Required<
    Pick<ClusterArgs, "containerInsights" | "defaultCapacityProviderStrategy" | "executeCommandLogging">
  > {
  return {
    ...args,
    containerInsights: args.containerInsights ?? "enhanced",
    defaultCapacityProviderStrategy: args.defaultCapacityProviderStrategy ?? [
      { capacityProvider: "FARGATE", weight: 1, base: 1 },
    ],
    executeCommandLogging: args.executeCommandLogging ?? true,
  };
}

/** Throws on invalid args (after the defaults step), before any resource exists. Pure. */
export function validateClusterArgs(name: string, given: ClusterArgs): void {
  const p = who("Cluster", name);
  const args = resolveClusterArgs(given);
  if (isKnown(args.name) && !/^[A-Za-z0-9_-]{1,255}$/.test(args.name))
    fail(p, `\`name\` is "${args.name}"; use 1–255 letters, digits, "_" and "-"`);
  const insights = args.containerInsights;
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
    args.defaultCapacityProviderStrategy,
    !!args.ec2Capacity,
  );
  const r = args.executeCommandLogRetentionDays;
  if (r !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(r)) {
    fail(
      p,
      `\`executeCommandLogRetentionDays\` is ${JSON.stringify(r)}, not a CloudWatch Logs retention; use e.g. 30, 90 or 365`,
    );
  }
  if (args.ec2Capacity) validateEc2CapacityArgs(p, args.ec2Capacity);
}

/**
 * What the account's root principal may do with the ECS Exec key: administer it, and encrypt and
 * decrypt (the task roles' `kms:Decrypt` grant works through it). Narrower than the default key
 * policy's `kms:*`.
 */
const EXEC_KEY_ACCOUNT_ACTIONS = [
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
];

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

  constructor(name: string, given: ClusterArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("acs:ecs-platform:Cluster", name, {}, opts);
    validateClusterArgs(name, given);
    const args = resolveClusterArgs(given);
    const tags = args.tags ?? {};
    this.hasEc2Capacity = !!args.ec2Capacity;
    this.defaultStrategy = args.defaultCapacityProviderStrategy;

    let executeCommandConfiguration:
      aws.types.input.ecs.ClusterConfigurationExecuteCommandConfiguration | undefined;
    if (args.executeCommandLogging) {
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
                keyPolicy({
                  account,
                  partition: part,
                  accountActions: EXEC_KEY_ACCOUNT_ACTIONS,
                  serviceGrants: [
                    {
                      sid: "CloudWatchLogsEncryptsExecLogs",
                      service: `logs.${reg}.amazonaws.com`,
                      actions: [
                        "kms:Encrypt*",
                        "kms:Decrypt*",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:Describe*",
                      ],
                      // Only for this cluster's exec log group.
                      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
                      condition: {
                        ArnEquals: {
                          "kms:EncryptionContext:aws:logs:arn": `arn:${part}:logs:${reg}:${account}:log-group:${logGroupName}`,
                        },
                      },
                    },
                  ],
                }),
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
        settings: [{ name: "containerInsights", value: args.containerInsights }],
        configuration: executeCommandConfiguration ? { executeCommandConfiguration } : undefined,
        tags,
      },
      { parent: this },
    );
    this.name = this.cluster.name;
    this.arn = this.cluster.arn;

    if (args.ec2Capacity) {
      const { launchTemplate, group, provider } = createEc2Capacity(
        name,
        this,
        this.cluster.name,
        args.ec2Capacity,
        tags,
      );
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
}
