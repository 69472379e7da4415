/**
 * The manager's reconcile: brings every pooled version to `ScaleTo` idle
 * workers, drains versions whose `Pooling` is N, reaps dead rows and repairs
 * crashes. Reads first without writing; acquires the lease only when there is
 * something to do (see lease.ts and the README).
 */
import { createHash, randomUUID } from "node:crypto";
import {
  DescribeTasksCommand,
  ListTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type RunTaskCommandInput,
  type Task,
} from "@aws-sdk/client-ecs";
import {
  BatchWriteCommand,
  DeleteCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import {
  ATTR,
  AVAILABLE,
  POOL_METRICS,
  POOL_VERSION_INDEX,
  POOLING,
  type PlanRow,
  type PoolRow,
} from "./schema";
import { call, isConditionFailed, itemAfterConditionFailed, mapLimit, type Deps } from "./deps";
import { acquireLease, isHeld, lastWriteAt, readLease, requestRerun, type Lease } from "./lease";
import {
  decideVersion,
  hasWork,
  isRunning,
  needsConfirmation,
  type PlanContext,
  type PlanEntry,
  type TaskInfo,
  type VersionDecision,
} from "./plan";

/** RunTask starts at most 10 tasks per call. */
export const RUN_TASK_BATCH = 10;
const DESCRIBE_BATCH = 100;
const BATCH_WRITE_MAX = 25;
/** Tag that carries the worker version on every task the manager starts. */
export const VERSION_TAG = "WorkerVersion";
/**
 * Waits before asking DescribeTasks again about listed tasks it reported MISSING (ECS suggests
 * polling DescribeTasks with backoff after RunTask); after these, the run holds its starts.
 */
const DESCRIBE_POLL_MS = [250, 500, 1000] as const;

/**
 * The pool row key of a task: derived from its ARN (a UUID-shaped SHA-256 prefix), so writing
 * the row twice (a re-sent write, two managers adopting the same orphan) can never give one
 * task two rows.
 */
export function rowKeyOf(taskArn: string): string {
  const h = createHash("sha256").update(taskArn).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export interface VersionReport {
  version: string;
  pooled: boolean;
  target: number;
  idle: number;
  starting: number;
  claimed: number;
  started: number;
  failures: number;
  stopped: number;
  reaped: number;
  filled: number;
  adopted: number;
  retired: number;
}

export type ReconcileOutcome = "no-op" | "acted" | "busy" | "fenced" | "gave-up";

export interface ReconcileResult {
  outcome: ReconcileOutcome;
  /** Read passes made (a pass re-runs when another trigger asked for it meanwhile). */
  passes: number;
  versions: VersionReport[];
  /** Orphan tasks whose version has no plan row (left alone, see README). */
  unknownOrphans: number;
  errors: number;
}

interface ReadState {
  plan: PlanEntry[];
  rows: Map<string, PoolRow[]>;
  live: Set<string>;
  tasks: Map<string, TaskInfo>;
  orphans: Map<string, TaskInfo[]>;
  unknownOrphans: TaskInfo[];
  ctx: PlanContext;
}

class FencedError extends Error {
  constructor() {
    super("lease lost or about to expire: stopped acting");
  }
}

/** One reconcile, whatever triggered it. */
export async function reconcile(deps: Deps, opts: { maxPasses?: number } = {}): Promise<ReconcileResult> {
  const maxPasses = opts.maxPasses ?? 5;
  let acted = false;
  let last: ReconcileResult | undefined;
  for (let pass = 1; pass <= maxPasses; pass++) {
    const snap = await readLease(deps);
    if (isHeld(snap, deps.now())) {
      if (await requestRerun(deps, snap.owner as string)) {
        deps.logger.info("reconcile already running; asked it to run again", { holder: snap.owner });
        return { ...(last ?? empty()), outcome: acted ? "acted" : "busy", passes: pass };
      }
      continue;
    }
    const wait = lastWriteAt(snap) + deps.config.indexSettleMs - deps.now();
    if (wait > 0) await deps.sleep(wait);

    const state = await readState(deps);
    const decisions = state.plan.map((entry) =>
      decideVersion(
        entry,
        state.rows.get(entry.version) ?? [],
        state.live,
        state.tasks,
        state.orphans.get(entry.version) ?? [],
        state.ctx,
      ),
    );
    if (state.unknownOrphans.length > 0) {
      deps.logger.warn("tasks without a row whose version has no plan row; left alone", {
        count: state.unknownOrphans.length,
        taskArns: state.unknownOrphans.slice(0, 10).map((t) => t.taskArn),
      });
    }
    const reports = new Map(decisions.map((d) => [d.version, report(d)]));
    if (!decisions.some(hasWork)) {
      last = finish(
        deps,
        [...reports.values()],
        state.unknownOrphans.length,
        0,
        acted ? "acted" : "no-op",
        pass,
      );
      return last;
    }
    const lease = await acquireLease(deps, snap, randomUUID());
    if (!lease) {
      deps.logger.info("another reconcile acted since our reads; reading again", { pass });
      continue;
    }
    let errors = 0;
    let rerun = false;
    let fenced = false;
    try {
      const work = decisions.filter(hasWork);
      const results = await mapLimit(work, deps.config.concurrency, async (d) => {
        try {
          await execute(deps, lease, d, reports.get(d.version) as VersionReport);
          return 0;
        } catch (err) {
          if (err instanceof FencedError) throw err;
          deps.logger.error("reconcile of a version failed", { version: d.version, error: err as Error });
          return 1;
        }
      });
      errors = results.reduce<number>((a, b) => a + b, 0);
    } catch (err) {
      if (!(err instanceof FencedError)) throw err;
      fenced = true;
      deps.logger.error("stopped acting: lease lost", { owner: lease.owner });
    } finally {
      rerun = await lease.release();
    }
    acted = true;
    last = finish(
      deps,
      [...reports.values()],
      state.unknownOrphans.length,
      errors,
      fenced ? "fenced" : "acted",
      pass,
    );
    if (fenced || !rerun) return last;
    deps.logger.info("another trigger arrived while we held the lease; running again", { pass });
  }
  return { ...(last ?? empty()), outcome: "gave-up", passes: maxPasses };
}

function empty(): ReconcileResult {
  return { outcome: "no-op", passes: 0, versions: [], unknownOrphans: 0, errors: 0 };
}

function report(d: VersionDecision): VersionReport {
  return {
    version: d.version,
    pooled: d.pooled,
    target: d.target,
    idle: d.idle,
    starting: d.starting,
    claimed: d.claimed,
    started: 0,
    failures: 0,
    stopped: 0,
    reaped: 0,
    filled: 0,
    adopted: 0,
    retired: 0,
  };
}

/** Workers a pooled version lacks even counting those starting: what this run could not start. */
export function deficitOf(v: Pick<VersionReport, "pooled" | "target" | "idle" | "starting">): number {
  return v.pooled ? Math.max(0, v.target - v.idle - v.starting) : 0;
}

/**
 * Idle workers a pooled version lacks: what its users feel. Unlike {@link deficitOf} it does
 * not count replacements as progress, so a pool whose workers die at start shows it every run.
 */
export function idleShortfallOf(v: Pick<VersionReport, "pooled" | "target" | "idle">): number {
  return v.pooled ? Math.max(0, v.target - v.idle) : 0;
}

function finish(
  deps: Deps,
  versions: VersionReport[],
  unknownOrphans: number,
  errors: number,
  outcome: ReconcileOutcome,
  passes: number,
): ReconcileResult {
  const totals = {
    started: 0,
    failures: 0,
    stopped: 0,
    reaped: 0,
    filled: 0,
    adopted: 0,
    retired: 0,
    idle: 0,
    target: 0,
  };
  for (const v of versions) {
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += v[k];
    if (v.started + v.failures + v.stopped + v.reaped + v.filled + v.adopted + v.retired > 0) {
      deps.logger.info("version reconciled", { ...v });
    }
    deps.metrics.addDimension("WorkerVersion", v.version);
    deps.metrics.addMetric("Idle", MetricUnit.Count, v.idle);
    deps.metrics.addMetric("Target", MetricUnit.Count, v.target);
    deps.metrics.addMetric("Starting", MetricUnit.Count, v.starting);
    deps.metrics.addMetric("Claimed", MetricUnit.Count, v.claimed);
    deps.metrics.addMetric("Started", MetricUnit.Count, v.started);
    deps.metrics.addMetric("Failures", MetricUnit.Count, v.failures);
    deps.metrics.addMetric(POOL_METRICS.deficit, MetricUnit.Count, deficitOf(v));
    deps.metrics.addMetric(POOL_METRICS.idleShortfall, MetricUnit.Count, idleShortfallOf(v));
    deps.metrics.publishStoredMetrics();
  }
  deps.logger.info("reconcile finished", {
    outcome,
    passes,
    versions: versions.length,
    unknownOrphans,
    errors,
    ...totals,
  });
  return { outcome, passes, versions, unknownOrphans, errors };
}

// ---- reads -------------------------------------------------------------------

async function readState(deps: Deps): Promise<ReadState> {
  const [plan, live] = await Promise.all([readPlan(deps), listLiveTasks(deps)]);
  const rowLists = await mapLimit(plan, deps.config.concurrency, (p) => queryVersion(deps, p.version));
  const ctx: PlanContext = {
    now: deps.now(),
    pendingTimeoutMs: deps.config.pendingTimeoutMs,
    orphanGraceMs: deps.config.orphanGraceMs,
    visibilityMs: deps.config.visibilityMs,
    unresolved: 0,
  };
  const rows = new Map<string, PoolRow[]>();
  const known = new Set<string>();
  const toDescribe: string[] = [];
  plan.forEach((p, i) => {
    const list = rowLists[i] ?? [];
    rows.set(p.version, list);
    for (const r of list) {
      known.add(r.TaskArn);
      if (r.Available === AVAILABLE.Starting && live.has(r.TaskArn)) toDescribe.push(r.TaskArn);
      // ListTasks may not show a task started moments ago: confirm before reaping (no double start).
      else if (needsConfirmation(r, live, ctx)) toDescribe.push(r.TaskArn);
    }
  });
  for (const arn of live) if (!known.has(arn)) toDescribe.push(arn);
  const tasks = await describeTasks(deps, toDescribe);
  // A listed task without a row that DescribeTasks cannot show yet may belong to any version:
  // poll with backoff, and if it stays invisible hold this run's starts (the next run retries).
  let unresolved = [...live].filter((arn) => !known.has(arn) && !tasks.has(arn));
  for (const waitMs of DESCRIBE_POLL_MS) {
    if (unresolved.length === 0) break;
    await deps.sleep(waitMs);
    for (const [arn, t] of await describeTasks(deps, unresolved)) tasks.set(arn, t);
    unresolved = unresolved.filter((arn) => !tasks.has(arn));
  }
  if (unresolved.length > 0) {
    ctx.unresolved = unresolved.length;
    deps.logger.warn("listed tasks DescribeTasks does not show yet; holding starts this run", {
      count: unresolved.length,
    });
  }
  const planned = new Set(plan.map((p) => p.version));
  const orphans = new Map<string, TaskInfo[]>();
  const unknownOrphans: TaskInfo[] = [];
  for (const arn of live) {
    if (known.has(arn)) continue;
    const t = tasks.get(arn);
    if (!t || t.desiredStatus !== "RUNNING") continue;
    if (t.version !== undefined && planned.has(t.version)) {
      const list = orphans.get(t.version) ?? [];
      list.push(t);
      orphans.set(t.version, list);
    } else {
      unknownOrphans.push(t);
    }
  }
  return { plan, rows, live, tasks, orphans, unknownOrphans, ctx };
}

/** Reads the whole plan table (one row per version; small). */
export async function readPlan(deps: Deps): Promise<PlanEntry[]> {
  const out: PlanEntry[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await call(deps, "Scan plan", () =>
      deps.ddb.send(
        new ScanCommand({ TableName: deps.config.planTable, ConsistentRead: true, ExclusiveStartKey: start }),
      ),
    );
    for (const item of (res.Items ?? []) as PlanRow[]) {
      const version = item.WorkerVersion;
      if (typeof version !== "string") continue;
      const scaleTo = Number(item.ScaleTo ?? 0);
      const pooled = item.Pooling === POOLING.Yes;
      if (pooled && !(Number.isInteger(scaleTo) && scaleTo >= 0)) {
        deps.logger.warn("plan row has an invalid ScaleTo; treating it as 0", {
          version,
          scaleTo: item.ScaleTo,
        });
      }
      out.push({
        version,
        pooled,
        target: Number.isInteger(scaleTo) && scaleTo >= 0 ? scaleTo : 0,
        ...(typeof item.TaskArn === "string" && item.TaskArn ? { taskDefArn: item.TaskArn } : {}),
      });
    }
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Every pool row of one version, through the version index (never a Scan). */
export async function queryVersion(deps: Deps, version: string): Promise<PoolRow[]> {
  const out: PoolRow[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await call(deps, "Query pool", () =>
      deps.ddb.send(
        new QueryCommand({
          TableName: deps.config.poolTable,
          IndexName: POOL_VERSION_INDEX,
          KeyConditionExpression: "#v = :v",
          ExpressionAttributeNames: { "#v": ATTR.WorkerVersion },
          ExpressionAttributeValues: { ":v": version },
          ExclusiveStartKey: start,
        }),
      ),
    );
    out.push(...((res.Items ?? []) as PoolRow[]));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

async function listLiveTasks(deps: Deps): Promise<Set<string>> {
  const live = new Set<string>();
  let nextToken: string | undefined;
  do {
    const res = await call(deps, "ListTasks", () =>
      deps.ecs.send(
        new ListTasksCommand({
          cluster: deps.config.clusterArn,
          // startedBy must be the only filter (cluster only scopes it); desiredStatus RUNNING is the default.
          startedBy: deps.config.startedBy,
          maxResults: 100,
          nextToken,
        }),
      ),
    );
    for (const arn of res.taskArns ?? []) live.add(arn);
    nextToken = res.nextToken;
  } while (nextToken);
  return live;
}

/** The ENI's private IPv4 address of an awsvpc task. */
export function taskIp(task: Task): string | undefined {
  for (const att of task.attachments ?? []) {
    if (att.type !== "ElasticNetworkInterface") continue;
    const ip = att.details?.find((d) => d.name === "privateIPv4Address")?.value;
    if (ip) return ip;
  }
  return task.containers?.flatMap((c) => c.networkInterfaces ?? []).find((n) => n.privateIpv4Address)
    ?.privateIpv4Address;
}

async function describeTasks(deps: Deps, arns: readonly string[]): Promise<Map<string, TaskInfo>> {
  const out = new Map<string, TaskInfo>();
  const batches: string[][] = [];
  for (let i = 0; i < arns.length; i += DESCRIBE_BATCH) batches.push(arns.slice(i, i + DESCRIBE_BATCH));
  await mapLimit(batches, deps.config.concurrency, async (batch) => {
    const res = await call(deps, "DescribeTasks", () =>
      deps.ecs.send(
        new DescribeTasksCommand({ cluster: deps.config.clusterArn, tasks: batch, include: ["TAGS"] }),
      ),
    );
    for (const t of res.tasks ?? []) {
      if (!t.taskArn) continue;
      const ip = taskIp(t);
      const version = t.tags?.find((g) => g.key === VERSION_TAG)?.value;
      out.set(t.taskArn, {
        taskArn: t.taskArn,
        taskDefArn: t.taskDefinitionArn ?? "",
        lastStatus: t.lastStatus ?? "",
        desiredStatus: t.desiredStatus ?? "",
        createdAt: t.createdAt ? t.createdAt.getTime() : 0,
        ...(ip ? { ip } : {}),
        ...(version !== undefined ? { version } : {}),
      });
    }
  });
  return out;
}

// ---- actions -----------------------------------------------------------------

async function execute(deps: Deps, lease: Lease, d: VersionDecision, rep: VersionReport): Promise<void> {
  const table = deps.config.poolTable;
  // Renews the lease when due, so a long run keeps it; stops acting if it is lost.
  if (!(await lease.ensure())) throw new FencedError();
  // Each write below is safe to send twice (its answer may be lost and the SDK or call() re-sends it):
  // the reap deletes unconditionally, a fill whose condition fails was already done, a stop reads
  // back what is there, an adoption's key is derived from the task ARN.
  for (const row of d.reap) {
    await call(deps, "DeleteItem reap", () =>
      deps.ddb.send(new DeleteCommand({ TableName: table, Key: { [ATTR.UUID]: row.UUID } })),
    );
    rep.reaped++;
  }
  for (const row of d.retire) {
    // Stop first, then delete: a crash in between leaves a retiring row the next run stops again,
    // never a task without a row that could be adopted back into the pool.
    await stopTask(deps, row.TaskArn, "hot pool: retired by its client");
    try {
      await call(deps, "DeleteItem retire", () =>
        deps.ddb.send(
          new DeleteCommand({
            TableName: table,
            Key: { [ATTR.UUID]: row.UUID },
            ConditionExpression: "#a = :r",
            ExpressionAttributeNames: { "#a": ATTR.Available },
            ExpressionAttributeValues: { ":r": AVAILABLE.Retiring },
          }),
        ),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw err; // already deleted (a re-sent delete)
    }
    rep.retired++;
  }
  for (const { row, ip } of d.fill) {
    try {
      await call(deps, "UpdateItem fill", () =>
        deps.ddb.send(
          new UpdateCommand({
            TableName: table,
            Key: { [ATTR.UUID]: row.UUID },
            UpdateExpression: "SET #a = :y, #ip = :ip, #port = :port REMOVE #exp",
            ConditionExpression: "#a = :p",
            ExpressionAttributeNames: {
              "#a": ATTR.Available,
              "#ip": ATTR.Ip,
              "#port": ATTR.Port,
              "#exp": ATTR.ExpiresAt,
            },
            ExpressionAttributeValues: {
              ":y": AVAILABLE.Idle,
              ":p": AVAILABLE.Starting,
              ":ip": ip,
              ":port": deps.config.workerPort,
            },
          }),
        ),
      );
      rep.filled++;
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  }
  for (const s of d.stop) {
    const key = { [ATTR.UUID]: s.row.UUID };
    try {
      // Delete first, on condition: an idle worker claimed meanwhile is never stopped.
      await call(deps, "DeleteItem stop", () =>
        deps.ddb.send(
          new DeleteCommand({
            TableName: table,
            Key: key,
            ConditionExpression: "#a = :s",
            ExpressionAttributeNames: { "#a": ATTR.Available },
            ExpressionAttributeValues: { ":s": s.expect },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          }),
        ),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
      // Gone: our delete landed and only its answer was lost (only the lease holder deletes rows).
      // Still there in another state (claimed): leave the worker alone.
      if ((await itemAfterConditionFailed(deps, table, key, err)) !== undefined) continue;
    }
    await stopTask(deps, s.row.TaskArn, `hot pool: ${s.reason}`);
    rep.stopped++;
  }
  for (const o of d.stopOrphans) {
    await stopTask(deps, o.taskArn, "hot pool: task without a row, not needed");
    rep.stopped++;
  }
  for (const o of d.adopt) {
    try {
      await call(deps, "PutItem adopt", () =>
        deps.ddb.send(
          new PutCommand({
            TableName: table,
            Item: newRow(deps, d.version, o.taskArn, o.taskDefArn, isRunning(o) ? o.ip : undefined),
            ConditionExpression: "attribute_not_exists(#u)",
            ExpressionAttributeNames: { "#u": ATTR.UUID },
          }),
        ),
      );
    } catch (err) {
      // The key is the task's: a row for this task exists (ours, re-sent, or another manager's).
      if (!isConditionFailed(err)) throw err;
    }
    rep.adopted++;
  }
  if (d.missingTaskDef) {
    deps.logger.warn("pooled version has no task definition (plan TaskArn); nothing started", {
      version: d.version,
    });
  }
  let left = d.start;
  for (let batch = 0; left > 0; batch++) {
    const count = Math.min(RUN_TASK_BATCH, left);
    left -= count;
    if (!(await lease.ensure())) throw new FencedError();
    const started = await runTasks(deps, lease, d, count, batch, rep);
    if (started < 0) break;
  }
}

/** Starts `count` tasks and writes their rows; returns how many started (-1: RunTask refused the call). */
async function runTasks(
  deps: Deps,
  lease: Lease,
  d: VersionDecision,
  count: number,
  batch: number,
  rep: VersionReport,
): Promise<number> {
  const c = deps.config;
  const input: RunTaskCommandInput = {
    cluster: c.clusterArn,
    taskDefinition: d.taskDefArn,
    count,
    startedBy: c.startedBy,
    group: `hotpool:${d.version}`.slice(0, 255),
    tags: [{ key: VERSION_TAG, value: d.version }],
    clientToken: createHash("sha256")
      .update(`${lease.owner}|${d.version}|${batch}`)
      .digest("hex")
      .slice(0, 64),
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: [...c.subnetIds],
        securityGroups: [...c.securityGroupIds],
        assignPublicIp: "DISABLED",
      },
    },
    ...(c.capacityProviderStrategy
      ? { capacityProviderStrategy: c.capacityProviderStrategy.map((s) => ({ ...s })) }
      : { launchType: "FARGATE" }),
  };
  let res;
  try {
    res = await call(deps, "RunTask", () => deps.ecs.send(new RunTaskCommand(input)));
  } catch (err) {
    rep.failures += count;
    deps.logger.error("RunTask failed", { version: d.version, count, error: err as Error });
    return -1;
  }
  const failures = res.failures ?? [];
  if (failures.length > 0) {
    rep.failures += failures.length;
    deps.logger.warn("RunTask could not place some tasks; next run retries", {
      version: d.version,
      failures: failures.length,
      reasons: [...new Set(failures.map((f) => f.reason))],
    });
  }
  const items = (res.tasks ?? [])
    .filter((t): t is Task & { taskArn: string } => typeof t.taskArn === "string")
    .map((t) => newRow(deps, d.version, t.taskArn, t.taskDefinitionArn ?? d.taskDefArn ?? "", undefined));
  await batchPut(deps, items);
  rep.started += items.length;
  rep.starting += items.length;
  return items.length;
}

function newRow(
  deps: Deps,
  version: string,
  taskArn: string,
  taskDefArn: string,
  ip: string | undefined,
): PoolRow {
  const now = deps.now();
  const row: PoolRow = {
    UUID: rowKeyOf(taskArn),
    DT: new Date(now).toISOString(),
    Available: ip ? AVAILABLE.Idle : AVAILABLE.Starting,
    TaskArn: taskArn,
    TaskDefArn: taskDefArn,
    WorkerVersion: version,
  };
  if (ip) {
    row.Ip = ip;
    row.Port = deps.config.workerPort;
  } else {
    // If the manager stops running, DynamoDB removes rows that never came up.
    row.ExpiresAt = Math.ceil((now + 2 * deps.config.pendingTimeoutMs) / 1000);
  }
  return row;
}

async function batchPut(deps: Deps, items: PoolRow[]): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH_WRITE_MAX) {
    let pending: Record<string, any>[] = items
      .slice(i, i + BATCH_WRITE_MAX)
      .map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        if (attempt >= deps.retry.attempts)
          throw new Error(`BatchWriteItem left ${pending.length} rows unprocessed`);
        await deps.sleep(
          Math.floor(deps.random() * Math.min(deps.retry.maxMs, deps.retry.baseMs * 2 ** attempt)),
        );
      }
      const res = await call(deps, "BatchWriteItem rows", () =>
        deps.ddb.send(new BatchWriteCommand({ RequestItems: { [deps.config.poolTable]: pending } })),
      );
      pending = (res.UnprocessedItems?.[deps.config.poolTable] ?? []) as Record<string, any>[];
    }
  }
}

/** StopTask; a task ECS no longer knows is already stopped. */
export async function stopTask(deps: Deps, taskArn: string, reason: string): Promise<void> {
  try {
    await call(deps, "StopTask", () =>
      deps.ecs.send(new StopTaskCommand({ cluster: deps.config.clusterArn, task: taskArn, reason })),
    );
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (
      (e.name === "InvalidParameterException" || e.name === "ClientException") &&
      /not found/i.test(e.message ?? "")
    )
      return;
    throw err;
  }
}
