import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TABLES, activityTableName, type TableDescription } from "@acs/worker-pool-runtime/schema";

/** Where the activity table (a global table) comes from in this stack. */
export type ActivityTableMode =
  /** This stack owns the global table: it creates it, with a replica in `replicaRegion`. */
  | {
      readonly mode: "owner";
      readonly replicaRegion?: string;
      readonly replicaKmsKeyArn?: pulumi.Input<string>;
    }
  /** Another stack owns it and replicates it into this region: this stack only uses it, by name. */
  | { readonly mode: "replica"; readonly ownerEnv: string };

export interface PoolTablesArgs {
  /** Environment name, the tables' suffix (`app-worker-manager-hotpool-<env>`). */
  readonly env: string;
  /** The region the tables live in (the provider's region); a replica must be elsewhere. */
  readonly region: string;
  /**
   * The activity table: owned here (created, with a replica in the DR region) or a replica of
   * another stack's table (not declared here, so the two stacks never fight over `replicas`).
   */
  readonly activity: ActivityTableMode;
  /**
   * KMS key for encryption at rest of the tables this component creates.
   * @default the AWS-owned key
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Deletion protection on the tables and Pulumi `protect`. Turn off only for ephemeral environments.
   * @default true
   */
  readonly protect?: boolean;
}

const ENV = /^[a-z][a-z0-9-]{0,23}$/;

/** Throws on invalid args, naming the arg, the value and the fix. Pure; exported for tests. */
export function validatePoolTablesArgs(args: PoolTablesArgs): void {
  if (!ENV.test(args.env)) {
    throw new Error(
      `PoolTables: env is ${JSON.stringify(args.env)}; use lower-case letters, digits and hyphens starting with a letter (e.g. "dev")`,
    );
  }
  const activity = args.activity;
  switch (activity.mode) {
    case "owner":
      if (activity.replicaRegion !== undefined && activity.replicaRegion === args.region) {
        throw new Error(
          `PoolTables: activity.replicaRegion is "${activity.replicaRegion}", the table's own region; a global-table replica must be in another region, so use the DR peer's region`,
        );
      }
      if (
        activity.replicaRegion !== undefined &&
        args.kmsKeyArn !== undefined &&
        activity.replicaKmsKeyArn === undefined
      ) {
        throw new Error(
          `PoolTables: activity.replicaKmsKeyArn is undefined while kmsKeyArn is set; a replica of a table encrypted with a customer key needs a key in ${activity.replicaRegion}, so pass one (or drop kmsKeyArn to use the AWS-owned key)`,
        );
      }
      break;
    case "replica":
      if (!ENV.test(activity.ownerEnv ?? "")) {
        throw new Error(
          `PoolTables: activity.ownerEnv is ${JSON.stringify(activity.ownerEnv)}; name the environment that owns the global table (e.g. "dev")`,
        );
      }
      break;
    default:
      throw new Error(
        `PoolTables: activity.mode is ${JSON.stringify((activity as { mode: unknown }).mode)}; use "owner" or "replica"`,
      );
  }
}

/** The ARN of the table `tableName` in `region` of the caller's account (one this program may not create). */
export function tableArn(
  region: string,
  tableName: string,
  opts: pulumi.InvokeOptions,
): pulumi.Output<string> {
  const partition = aws.getPartitionOutput({}, opts).partition;
  const account = aws.getCallerIdentityOutput({}, opts).accountId;
  return pulumi.interpolate`arn:${partition}:dynamodb:${region}:${account}:table/${tableName}`;
}

/**
 * The hot pool's three tables, built from the runtime's data model (schema.ts): the plan and
 * pool tables of this region, and the activity table, a global table owned by one stack.
 * On-demand, encrypted, point-in-time recovery, deletion protection unless `protect: false`.
 */
export class PoolTables extends pulumi.ComponentResource {
  /** Plan: one row per worker version (`Pooling`, `ScaleTo`, `TaskDef`, `TaskArn`). */
  public readonly plan: aws.dynamodb.Table;
  /** Pool: one row per started worker; stream with old and new images; TTL on starting rows. */
  public readonly pool: aws.dynamodb.Table;
  /** Activity: the global table, when this stack owns it; `undefined` in a replica region. */
  public readonly activity?: aws.dynamodb.Table;
  /** The activity table's name (the owning environment's suffix). */
  public readonly activityTableName: string;
  /** The activity table's ARN in this region (the replica's ARN in a replica region). */
  public readonly activityTableArn: pulumi.Output<string>;

  constructor(name: string, args: PoolTablesArgs, opts?: pulumi.ComponentResourceOptions) {
    validatePoolTablesArgs(args);
    super("acs:worker-pool:PoolTables", name, {}, opts);
    const protect = args.protect ?? true;

    const table = (
      key: string,
      d: TableDescription,
      extra: Partial<aws.dynamodb.TableArgs>,
      tableName: string,
    ) =>
      new aws.dynamodb.Table(
        `${name}-${key}`,
        {
          name: tableName,
          billingMode: "PAY_PER_REQUEST",
          hashKey: d.hashKey,
          rangeKey: d.rangeKey,
          attributes: d.attributes.map((a) => ({ name: a.name, type: a.type })),
          globalSecondaryIndexes: d.globalSecondaryIndexes.map((g) => ({
            name: g.name,
            keySchemas: [
              { attributeName: g.hashKey, keyType: "HASH" },
              ...(g.rangeKey ? [{ attributeName: g.rangeKey, keyType: "RANGE" }] : []),
            ],
            projectionType: g.projectionType,
          })),
          streamEnabled: d.streamViewType !== undefined,
          streamViewType: d.streamViewType,
          ttl: d.ttlAttribute ? { attributeName: d.ttlAttribute, enabled: true } : undefined,
          // DynamoDB always encrypts at rest. Without a key argument it uses the AWS-owned key;
          // `{ enabled: true }` alone would select the AWS-managed key (aws/dynamodb) instead.
          serverSideEncryption: args.kmsKeyArn ? { enabled: true, kmsKeyArn: args.kmsKeyArn } : undefined,
          pointInTimeRecovery: { enabled: true },
          deletionProtectionEnabled: protect,
          ...extra,
        },
        { parent: this, protect },
      );

    this.plan = table("plan", TABLES.plan, {}, TABLES.plan.name(args.env));
    this.pool = table("pool", TABLES.pool, {}, TABLES.pool.name(args.env));

    const activity = args.activity;
    switch (activity.mode) {
      case "owner": {
        this.activityTableName = activityTableName(args.env);
        const replicas = activity.replicaRegion
          ? [
              {
                regionName: activity.replicaRegion,
                pointInTimeRecovery: true,
                propagateTags: true,
                deletionProtectionEnabled: protect,
                kmsKeyArn: activity.replicaKmsKeyArn,
              },
            ]
          : [];
        this.activity = table("activity", TABLES.activity, { replicas }, this.activityTableName);
        this.activityTableArn = this.activity.arn;
        break;
      }
      case "replica": {
        this.activityTableName = activityTableName(activity.ownerEnv);
        this.activityTableArn = tableArn(args.region, this.activityTableName, { parent: this });
        break;
      }
      default:
        throw new Error("PoolTables: unreachable activity mode");
    }

    this.registerOutputs({
      planTableName: this.plan.name,
      poolTableName: this.pool.name,
      activityTableName: this.activityTableName,
      activityTableArn: this.activityTableArn,
    });
  }
}
