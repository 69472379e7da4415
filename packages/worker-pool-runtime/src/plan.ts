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
  pendingTimeoutMs: number;
  orphanGraceMs: number;
  /** How long a new task may be invisible to ListTasks and DescribeTasks (ECS_VISIBILITY_SECONDS). */
  visibilityMs: number;
  /**
   * Tasks ListTasks showed that DescribeTasks still reports MISSING after polling: their version
   * is unknown, so no version may start workers in this run (they may be that version's).
   */
  unresolved: number;
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
  /** Rows their client retired: stop the task first, then delete the row. */
  retire: PoolRow[];
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
  /** Starts held back because some listed tasks could not be described yet (see {@link PlanContext.unresolved}). */
  startsHeld: number;
}

export function hasWork(d: VersionDecision): boolean {
  return (
    d.reap.length +
      d.fill.length +
      d.stop.length +
      d.retire.length +
      d.adopt.length +
      d.stopOrphans.length +
      d.start >
    0
  );
}

/**
 * Whether a row's task still runs or will run. ECS is eventually consistent
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html): a task RunTask
 * started may be missing from ListTasks and DescribeTasks for a while, and a stopped task keeps
 * lastStatus RUNNING after its desiredStatus is STOPPED. So:
 * - a task DescribeTasks shows counts by its desiredStatus (STOPPED: gone, whatever lastStatus says);
 * - a task ListTasks shows (desired RUNNING) and DescribeTasks did not contradict is live;
 * - a task neither shows is gone only once the row is older than the visibility window.
 */
export function isLiveRow(
  row: PoolRow,
  written: number,
  live: ReadonlySet<string>,
  tasks: ReadonlyMap<string, TaskInfo>,
  ctx: PlanContext,
): boolean {
  const task = tasks.get(row.TaskArn);
  if (task) return task.desiredStatus !== "STOPPED";
  if (live.has(row.TaskArn)) return true;
  return ctx.now - written < ctx.visibilityMs;
}

/**
 * Rows whose task ListTasks did not show and that are young enough for that to be lag (or a stop
 * ECS has not finished): `reconcile.ts` asks DescribeTasks about them before deciding. Older rows
 * trust ListTasks.
 */
export function needsConfirmation(row: PoolRow, live: ReadonlySet<string>, ctx: PlanContext): boolean {
  const written = Date.parse(row.DT);
  return !live.has(row.TaskArn) && ctx.now - written <= Math.max(ctx.pendingTimeoutMs, ctx.visibilityMs);
}

/**
 * Decides one version. Rules:
 * - a row whose task is not live ({@link isLiveRow}) is reaped: never on "missing" while the row is
 *   younger than the visibility window;
 * - a retiring row (its client retired it): the task is stopped, then the row deleted;
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
    retire: [],
    adopt: [],
    stopOrphans: [],
    start: 0,
    idle: 0,
    starting: 0,
    claimed: 0,
    missingTaskDef: false,
    startsHeld: 0,
  };
  const idleRows: PoolRow[] = [];
  const startingRows: PoolRow[] = [];
  for (const row of rows) {
    const written = Date.parse(row.DT);
    if (row.Available === AVAILABLE.Retiring) {
      // Stopped even if it looks gone: StopTask on a stopped task changes nothing.
      d.retire.push(row);
      continue;
    }
    if (!isLiveRow(row, written, live, tasks, ctx)) {
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
        if (task && task.lastStatus === "RUNNING" && task.desiredStatus === "RUNNING" && task.ip) {
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
      if (isRunning(o)) idle++;
      else starting++;
    } else {
      d.stopOrphans.push(o);
    }
  }
  const have = idle + starting;
  if (have < d.target) {
    if (!entry.taskDefArn) d.missingTaskDef = true;
    else if (ctx.unresolved > 0) d.startsHeld = d.target - have;
    else d.start = d.target - have;
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

/** Running with an address and meant to keep running: can serve as an idle worker. */
export function isRunning(t: TaskInfo): boolean {
  return t.lastStatus === "RUNNING" && t.desiredStatus === "RUNNING" && t.ip !== undefined;
}
