/**
 * The pure half of a reconcile: from what was read (plan row, pool rows, live
 * tasks) decide what to do for one version. No I/O, so every rule is tested
 * directly; `reconcile.ts` reads the inputs and carries the decision out.
 */
import { AVAILABLE, type PoolRow } from "./schema";

export interface PlanEntry {
  version: string;
  pooled: boolean;
  /** Idle workers to keep (ScaleTo); 0 when not pooled. */
  target: number;
  /** Task definition RunTask starts (the plan row's TaskArn). */
  taskDefArn?: string;
}

/** What DescribeTasks said about a task. */
export interface TaskInfo {
  taskArn: string;
  taskDefArn: string;
  lastStatus: string;
  desiredStatus: string;
  /** Epoch ms. */
  createdAt: number;
  ip?: string;
  /** From the WorkerVersion tag. */
  version?: string;
}

export interface PlanContext {
  now: number;
  /** When ListTasks began (epoch ms). */
  listedAt: number;
  /** Rows this close to `listedAt` may belong to tasks ListTasks could not show yet. */
  settleMs: number;
  pendingTimeoutMs: number;
  orphanGraceMs: number;
}

export interface StopRow {
  row: PoolRow;
  /** The state the row must still have for the stop to go ahead (checked by a conditional delete). */
  expect: PoolRow["Available"];
  reason: "surplus" | "drain" | "pending-timeout";
}

export interface VersionDecision {
  version: string;
  pooled: boolean;
  target: number;
  taskDefArn?: string;
  /** Rows whose task stopped or vanished: delete the row. */
  reap: PoolRow[];
  /** Starting rows whose task runs: record the address, make idle. */
  fill: { row: PoolRow; ip: string }[];
  /** Rows to delete (conditionally) and whose task to stop. */
  stop: StopRow[];
  /** Tasks of ours without a row, old enough: write a row for them. */
  adopt: TaskInfo[];
  /** Tasks of ours without a row, old enough, not needed: stop them. */
  stopOrphans: TaskInfo[];
  /** Workers to start. */
  start: number;
  /** Counts after the decision is carried out (before new tasks are known to start). */
  idle: number;
  starting: number;
  claimed: number;
  /** Pooled with a deficit but no task definition to start. */
  missingTaskDef: boolean;
}

export function hasWork(d: VersionDecision): boolean {
  return d.reap.length + d.fill.length + d.stop.length + d.adopt.length + d.stopOrphans.length + d.start > 0;
}

/**
 * Whether a row's task still runs or will run. ListTasks is eventually consistent: a task it
 * does not show may have just started. For a row younger than the pending timeout, `reconcile.ts`
 * asks DescribeTasks, and the row counts as live unless that answer says the task is (being)
 * stopped or is missing (a task absent from the answer is missing). Older rows trust ListTasks.
 */
export function isLiveRow(
  row: PoolRow,
  written: number,
  live: ReadonlySet<string>,
  tasks: ReadonlyMap<string, TaskInfo>,
  ctx: PlanContext,
): boolean {
  if (live.has(row.TaskArn)) return true;
  if (!(ctx.now - written <= ctx.pendingTimeoutMs)) return false;
  const task = tasks.get(row.TaskArn);
  return task !== undefined && task.lastStatus !== "STOPPED" && task.desiredStatus !== "STOPPED";
}

/** Rows whose task ListTasks did not show and that are young enough to be confirmed with DescribeTasks. */
export function needsConfirmation(row: PoolRow, live: ReadonlySet<string>, ctx: PlanContext): boolean {
  const written = Date.parse(row.DT);
  return (
    !live.has(row.TaskArn) &&
    written < ctx.listedAt - ctx.settleMs &&
    ctx.now - written <= ctx.pendingTimeoutMs
  );
}

/**
 * Decides one version. Rules:
 * - a row whose task is not live and was written before the listing (minus settle) is reaped;
 *   a row younger than the pending timeout only when DescribeTasks confirms its task stopped or is missing;
 * - a starting row whose task runs with an address becomes idle; one older than the pending timeout is stopped;
 * - orphans (our tasks without a row) younger than the grace period count as starting;
 *   older ones are adopted while the version has a deficit, else stopped;
 * - pooled: start `target - idle - starting`; stop the surplus, idle workers first (oldest first);
 * - not pooled: stop every idle and starting worker; claimed workers are left to their clients.
 */
export function decideVersion(
  entry: PlanEntry,
  rows: readonly PoolRow[],
  live: ReadonlySet<string>,
  tasks: ReadonlyMap<string, TaskInfo>,
  orphans: readonly TaskInfo[],
  ctx: PlanContext,
): VersionDecision {
  const d: VersionDecision = {
    version: entry.version,
    pooled: entry.pooled,
    target: entry.pooled ? entry.target : 0,
    ...(entry.taskDefArn ? { taskDefArn: entry.taskDefArn } : {}),
    reap: [],
    fill: [],
    stop: [],
    adopt: [],
    stopOrphans: [],
    start: 0,
    idle: 0,
    starting: 0,
    claimed: 0,
    missingTaskDef: false,
  };
  const idleRows: PoolRow[] = [];
  const startingRows: PoolRow[] = [];
  for (const row of rows) {
    const written = Date.parse(row.DT);
    if (!isLiveRow(row, written, live, tasks, ctx) && !(written >= ctx.listedAt - ctx.settleMs)) {
      d.reap.push(row);
      continue;
    }
    switch (row.Available) {
      case AVAILABLE.Idle:
        idleRows.push(row);
        break;
      case AVAILABLE.Claimed:
        d.claimed++;
        break;
      case AVAILABLE.Starting: {
        const task = tasks.get(row.TaskArn);
        if (task && task.lastStatus === "RUNNING" && task.ip) {
          d.fill.push({ row, ip: task.ip });
          idleRows.push(row);
        } else if (ctx.now - written > ctx.pendingTimeoutMs) {
          d.stop.push({ row, expect: AVAILABLE.Starting, reason: "pending-timeout" });
        } else {
          startingRows.push(row);
        }
        break;
      }
      default:
        // Unknown state written by someone else: leave it, count nothing.
        break;
    }
  }
  let youngOrphans = 0;
  const oldOrphans: TaskInfo[] = [];
  for (const o of orphans) {
    if (ctx.now - o.createdAt < ctx.orphanGraceMs) youngOrphans++;
    else oldOrphans.push(o);
  }

  if (!entry.pooled) {
    // A row filled by this decision is still "P" in the table: stop it as a starting row, do not fill it.
    const filled = new Set(d.fill.map((f) => f.row.UUID));
    for (const row of idleRows) {
      const expect = filled.has(row.UUID) ? AVAILABLE.Starting : AVAILABLE.Idle;
      d.stop.push({ row, expect, reason: "drain" });
    }
    for (const row of startingRows) d.stop.push({ row, expect: AVAILABLE.Starting, reason: "drain" });
    d.fill = [];
    d.stopOrphans = oldOrphans;
    d.starting = youngOrphans;
    return d;
  }

  let idle = idleRows.length;
  let starting = startingRows.length + youngOrphans;
  for (const o of oldOrphans) {
    if (idle + starting < d.target) {
      d.adopt.push(o);
      if (o.lastStatus === "RUNNING" && o.ip) idle++;
      else starting++;
    } else {
      d.stopOrphans.push(o);
    }
  }
  const have = idle + starting;
  if (have < d.target) {
    if (entry.taskDefArn) d.start = d.target - have;
    else d.missingTaskDef = true;
  } else if (have > d.target) {
    let surplus = have - d.target;
    // Oldest idle first, then the starting rows that are furthest from running (newest).
    const byAge = (a: PoolRow, b: PoolRow): number => a.DT.localeCompare(b.DT);
    const filled = new Set(d.fill.map((f) => f.row.UUID));
    for (const row of [...idleRows].sort(byAge)) {
      if (surplus === 0) break;
      if (filled.has(row.UUID)) {
        // Still "P" in the table: stop it as a starting row, and do not fill it.
        d.fill = d.fill.filter((f) => f.row.UUID !== row.UUID);
        d.stop.push({ row, expect: AVAILABLE.Starting, reason: "surplus" });
      } else {
        d.stop.push({ row, expect: AVAILABLE.Idle, reason: "surplus" });
      }
      idle--;
      surplus--;
    }
    for (const row of [...startingRows].sort(byAge).reverse()) {
      if (surplus === 0) break;
      d.stop.push({ row, expect: AVAILABLE.Starting, reason: "surplus" });
      starting--;
      surplus--;
    }
  }
  d.idle = idle;
  d.starting = starting;
  return d;
}
