/**
 * Data model of the hot pool: table names, key schemas, indexes, streams, TTL
 * and attribute names. Pure data and helpers, with no SDK or Pulumi import, so
 * the Pulumi component and the Lambda runtime build their tables and queries
 * from the same description.
 */

/** Attribute names shared by the tables (kept from the original system). */
export const ATTR = {
  /** Plan key and pool index key: the worker version (= the image tag). */
  WorkerVersion: "WorkerVersion",
  /** Plan: "Y" to keep `ScaleTo` idle workers, "N" to drain the version. */
  Pooling: "Pooling",
  /** Plan: number of idle (unclaimed) workers to keep. */
  ScaleTo: "ScaleTo",
  /** Plan: task definition as `family:revision`. */
  TaskDef: "TaskDef",
  /** Plan: full task-definition ARN that RunTask starts. Pool: the running task's ARN. */
  TaskArn: "TaskArn",
  /** Plan: digest-pinned image of the version (written by the pipeline). */
  Image: "Image",
  /** Plan: when the pipeline last changed the row (ISO-8601). */
  UpdatedAt: "UpdatedAt",
  /** Pool key: one per started worker, derived from its task ARN (`rowKeyOf`), so a task never gets two rows. */
  UUID: "UUID",
  /** Pool and activity: ISO-8601 timestamp (pool: when the row was written). */
  DT: "DT",
  /** Pool: worker state, see {@link AVAILABLE}. */
  Available: "Available",
  /** Pool: the task's private IPv4 address (ENI). */
  Ip: "Ip",
  /** Pool: the port the worker listens on. */
  Port: "Port",
  /** Pool: identifier of the API the worker serves (kept from the original schema; optional). */
  ServiceApiId: "ServiceApiId",
  /** Pool: the task-definition ARN the task was started from. */
  TaskDefArn: "TaskDefArn",
  /** Pool: TTL (epoch seconds) set while a row is starting, removed when it is idle. */
  ExpiresAt: "ExpiresAt",
  /** Pool: who claimed the worker, and when. */
  ClaimedBy: "ClaimedBy",
  ClaimedAt: "ClaimedAt",
  /** Pool: random id of the current claim, so a re-sent claim or release recognises its own write. */
  ClaimId: "ClaimId",
  /** Pool: the `ClaimId` of the last claim that was returned or retired, and when (same purpose). */
  ReleasedClaim: "ReleasedClaim",
  ReleasedAt: "ReleasedAt",
  /** Activity: the client that acted. */
  ClientId: "ClientId",
  /** Activity: CLAIM | RETURN | RETIRE. */
  Action: "Action",
} as const;

/**
 * Values of `Available` in the pool table. The original system only had Y/N;
 * "P" marks a row whose task was started but has no address yet.
 */
export const AVAILABLE = {
  /** Idle: running, address known, can be claimed. */
  Idle: "Y",
  /** Claimed by a client. */
  Claimed: "N",
  /** Starting: RunTask accepted the task, it is not RUNNING yet. */
  Starting: "P",
  /** Retiring: its client retired it; the manager stops the task and deletes the row. */
  Retiring: "R",
} as const;
export type AvailableValue = (typeof AVAILABLE)[keyof typeof AVAILABLE];

/** Values of `Pooling` in the plan table. */
export const POOLING = { Yes: "Y", No: "N" } as const;

/** Pool GSI: hash `WorkerVersion`, range `Available`; every worker row of one version, by state. */
export const POOL_VERSION_INDEX = "WorkerVersion-Available-index";
/** Activity GSI: hash `UUID` (worker), range `DT`; what was done with one worker. */
export const ACTIVITY_WORKER_INDEX = "UUID-DT-index";

/**
 * Key of the manager's lease item in the pool table. It has no `WorkerVersion`,
 * so it never appears in {@link POOL_VERSION_INDEX}.
 */
export const LEASE_KEY = "#lease/reconcile";

export function planTableName(env: string): string {
  return `app-dummy-service-task-definitions-${env}`;
}
export function poolTableName(env: string): string {
  return `app-worker-manager-hotpool-${env}`;
}
export function activityTableName(env: string): string {
  return `app-dummy-service-data-${env}`;
}

export type AttributeType = "S" | "N" | "B";
export type StreamViewType = "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES" | "KEYS_ONLY";

export interface AttributeDescription {
  readonly name: string;
  readonly type: AttributeType;
}
export interface IndexDescription {
  readonly name: string;
  readonly hashKey: string;
  readonly rangeKey?: string;
  readonly projectionType: "ALL" | "KEYS_ONLY";
}
export interface TableDescription {
  /** Table name for an environment. */
  readonly name: (env: string) => string;
  /** Key attributes only (tables are schemaless beyond keys). */
  readonly attributes: readonly AttributeDescription[];
  readonly hashKey: string;
  readonly rangeKey?: string;
  readonly globalSecondaryIndexes: readonly IndexDescription[];
  /** Stream view type, when the table has a stream. */
  readonly streamViewType?: StreamViewType;
  /** TTL attribute, when the table has TTL enabled. */
  readonly ttlAttribute?: string;
  /** Whether the table is replicated to the DR region (global table). */
  readonly replicated: boolean;
}

/**
 * The three tables. Every table is on-demand (PAY_PER_REQUEST).
 *
 * - plan: one row per worker version; its stream lets a ScaleTo/Pooling change trigger a reconcile.
 * - pool: one row per started worker; its stream (old and new images) lets a claim trigger a reconcile.
 * - activity: what clients did with which worker; replicated, so it has a stream.
 */
export const TABLES = {
  plan: {
    name: planTableName,
    attributes: [{ name: ATTR.WorkerVersion, type: "S" }],
    hashKey: ATTR.WorkerVersion,
    globalSecondaryIndexes: [],
    streamViewType: "NEW_AND_OLD_IMAGES",
    replicated: false,
  },
  pool: {
    name: poolTableName,
    attributes: [
      { name: ATTR.UUID, type: "S" },
      { name: ATTR.WorkerVersion, type: "S" },
      { name: ATTR.Available, type: "S" },
    ],
    hashKey: ATTR.UUID,
    globalSecondaryIndexes: [
      {
        name: POOL_VERSION_INDEX,
        hashKey: ATTR.WorkerVersion,
        rangeKey: ATTR.Available,
        projectionType: "ALL",
      },
    ],
    streamViewType: "NEW_AND_OLD_IMAGES",
    ttlAttribute: ATTR.ExpiresAt,
    replicated: false,
  },
  activity: {
    name: activityTableName,
    attributes: [
      { name: ATTR.ClientId, type: "S" },
      { name: ATTR.DT, type: "S" },
      { name: ATTR.UUID, type: "S" },
    ],
    hashKey: ATTR.ClientId,
    rangeKey: ATTR.DT,
    globalSecondaryIndexes: [
      { name: ACTIVITY_WORKER_INDEX, hashKey: ATTR.UUID, rangeKey: ATTR.DT, projectionType: "ALL" },
    ],
    streamViewType: "NEW_AND_OLD_IMAGES",
    replicated: true,
  },
} as const satisfies Record<string, TableDescription>;

export type TableKey = keyof typeof TABLES;

/** Shape of a DynamoDB CreateTable request (structurally equal to the SDK's CreateTableInput). */
export interface CreateTableInputShape {
  TableName: string;
  AttributeDefinitions: { AttributeName: string; AttributeType: AttributeType }[];
  KeySchema: { AttributeName: string; KeyType: "HASH" | "RANGE" }[];
  BillingMode: "PAY_PER_REQUEST";
  GlobalSecondaryIndexes?: {
    IndexName: string;
    KeySchema: { AttributeName: string; KeyType: "HASH" | "RANGE" }[];
    Projection: { ProjectionType: "ALL" | "KEYS_ONLY" };
  }[];
  StreamSpecification?: { StreamEnabled: true; StreamViewType: StreamViewType };
}

function keySchema(hashKey: string, rangeKey?: string): CreateTableInputShape["KeySchema"] {
  const keys: CreateTableInputShape["KeySchema"] = [{ AttributeName: hashKey, KeyType: "HASH" }];
  if (rangeKey) keys.push({ AttributeName: rangeKey, KeyType: "RANGE" });
  return keys;
}

/** CreateTable input for one table in one environment (TTL is a separate UpdateTimeToLive call). */
export function createTableInput(tableKey: TableKey, env: string): CreateTableInputShape {
  const t: TableDescription = TABLES[tableKey];
  const input: CreateTableInputShape = {
    TableName: t.name(env),
    AttributeDefinitions: t.attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: keySchema(t.hashKey, t.rangeKey),
    BillingMode: "PAY_PER_REQUEST",
  };
  if (t.globalSecondaryIndexes.length > 0) {
    input.GlobalSecondaryIndexes = t.globalSecondaryIndexes.map((g) => ({
      IndexName: g.name,
      KeySchema: keySchema(g.hashKey, g.rangeKey),
      Projection: { ProjectionType: g.projectionType },
    }));
  }
  if (t.streamViewType) input.StreamSpecification = { StreamEnabled: true, StreamViewType: t.streamViewType };
  return input;
}

/** Principal of DynamoDB's own TTL deletions in stream records (`userIdentity`). */
export const TTL_DELETE_PRINCIPAL = "dynamodb.amazonaws.com";

/**
 * CloudWatch metrics the manager emits (embedded metric format), per `WorkerVersion`, and
 * that the pool-below-target alarm watches.
 */
export const POOL_METRICS = {
  namespace: "ACS/WorkerPool",
  /** Per version: max(0, Target − Idle − Starting) after a reconcile: workers it could not start. */
  deficit: "Deficit",
  /**
   * Per version: max(0, Target − Idle) after a reconcile: the idle workers users miss, whatever
   * the reason (workers crashing at start or failing to pull their image keep Deficit at 0).
   */
  idleShortfall: "IdleShortfall",
} as const;

/**
 * Lambda event-source filter for the pool table's stream: a claim (Y→N), a
 * return (N→Y), a retire (N→R), or DynamoDB's TTL deletion of a row that never
 * came up changes what the manager must do, so only those invoke it. The manager's own writes
 * (starting rows, addresses, deletions, the lease) are filtered out.
 */
export const POOL_STREAM_FILTER_PATTERNS: readonly object[] = [
  {
    eventName: ["REMOVE"],
    userIdentity: { type: ["Service"], principalId: [TTL_DELETE_PRINCIPAL] },
  },
  {
    eventName: ["MODIFY"],
    dynamodb: {
      OldImage: { [ATTR.Available]: { S: [AVAILABLE.Idle] } },
      NewImage: { [ATTR.Available]: { S: [AVAILABLE.Claimed] } },
    },
  },
  {
    eventName: ["MODIFY"],
    dynamodb: {
      OldImage: { [ATTR.Available]: { S: [AVAILABLE.Claimed] } },
      NewImage: { [ATTR.Available]: { S: [AVAILABLE.Idle] } },
    },
  },
  {
    eventName: ["MODIFY"],
    dynamodb: {
      OldImage: { [ATTR.Available]: { S: [AVAILABLE.Claimed] } },
      NewImage: { [ATTR.Available]: { S: [AVAILABLE.Retiring] } },
    },
  },
];

/** A plan row as stored. */
export interface PlanRow {
  WorkerVersion: string;
  Pooling?: string;
  ScaleTo?: number;
  TaskDef?: string;
  TaskArn?: string;
  Image?: string;
  UpdatedAt?: string;
}

/** A pool row as stored. */
export interface PoolRow {
  UUID: string;
  DT: string;
  Available: AvailableValue;
  TaskArn: string;
  TaskDefArn: string;
  WorkerVersion: string;
  Ip?: string;
  Port?: number;
  ServiceApiId?: string;
  ExpiresAt?: number;
  ClaimedBy?: string;
  ClaimedAt?: string;
  ClaimId?: string;
  ReleasedClaim?: string;
  ReleasedAt?: string;
}

/** An activity row as stored. */
export interface ActivityRow {
  ClientId: string;
  /**
   * `<ISO time>#<worker UUID>#<action>#<claim id>`: the time is the claim's (CLAIM) or the
   * release's (RETURN, RETIRE) as stored on the pool row, so writing the same action again
   * rewrites the same activity row.
   */
  DT: string;
  UUID: string;
  Action: "CLAIM" | "RETURN" | "RETIRE";
  WorkerVersion: string;
  TaskArn: string;
  Ip?: string;
  Port?: number;
}

/**
 * ECS's limit on `startedBy` (RunTask, ListTasks): up to 36 letters, digits, hyphens and
 * underscores. The manager tags its tasks with it.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html#ECS-RunTask-request-startedBy
 */
export const STARTED_BY_MAX = 36;
/** Letters, digits, hyphens and underscores, as ECS accepts for `startedBy`. */
export const STARTED_BY_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;

/**
 * What is wrong with a `startedBy` tag, or undefined. The text follows the name of the setting
 * (`startedBy`, `STARTED_BY`, `acs:workerPool.startedBy`): `is "…" (39 characters); ECS allows …`.
 * Pure; the component's validator, the runtime's config and the stack config all use it.
 */
export function startedByProblem(startedBy: string): string | undefined {
  if (startedBy.length > STARTED_BY_MAX)
    return `is "${startedBy}" (${startedBy.length} characters); ECS allows at most ${STARTED_BY_MAX}, so use a shorter tag such as acs-worker-pool-dev`;
  if (!STARTED_BY_PATTERN.test(startedBy))
    return `is "${startedBy}"; use letters, digits, hyphens and underscores only (e.g. acs-worker-pool-dev)`;
  return undefined;
}
