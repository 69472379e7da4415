/**
 * Benchmark of the manager's reconcile against the in-memory DynamoDB server
 * and the ECS stand-in, at 10, 100 and 1,000 versions × 10 idle workers:
 * wall time, API calls per operation, and the ratio to the minimum. Then the
 * same pools under AWS's failure semantics (ListTasks and DescribeTasks lagging
 * 200 ms, 5% of ECS answers and of DynamoDB write answers lost after the call
 * was carried out): calls, RunTask overshoot (must be 0) and rounds to converge.
 *
 *   pnpm bench                      all sizes
 *   BENCH_VERSIONS=10,100 pnpm bench
 */
import { performance } from "node:perf_hooks";
import { startLocalDynamo, useLocalEndpoints } from "../local/dynamo";
import { DynamoFaults } from "../local/dynamo-faults";
import { createHarness, type CallCounts, type Harness } from "../local/harness";
import { reconcile } from "../src/reconcile";
import { poolStatus } from "../src/status";

const PER_VERSION = 10;
const SIZES = (process.env.BENCH_VERSIONS ?? "10,100,1000").split(",").map(Number);
const WRITE_CALLS = ["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"];

interface Row {
  versions: number;
  phase: string;
  wallMs: number;
  calls: number;
  minimum: number;
  /** The minimum with rows written in batches (BatchWriteItem, at most 25 rows per call). */
  minimumBatched: number;
  itemsWritten: number;
  detail: string;
}

function sum(c: CallCounts, keys?: string[]): number {
  return Object.entries(c)
    .filter(([k]) => !keys || keys.includes(k))
    .reduce((a, [, v]) => a + v, 0);
}

async function phase(
  h: Harness,
  versions: number,
  name: string,
  minimum: number,
  minimumBatched: number,
  itemsWritten: () => number,
): Promise<Row> {
  h.resetCounts();
  const t0 = performance.now();
  const res = await reconcile(h.deps);
  const wallMs = performance.now() - t0;
  if (res.errors > 0) throw new Error(`${name}: ${res.errors} errors`);
  const all: CallCounts = { ...h.ddbCalls };
  for (const [k, v] of Object.entries(h.ecsCalls)) all[`ecs:${k}`] = v;
  return {
    versions,
    phase: name,
    wallMs,
    calls: sum(h.ddbCalls) + sum(h.ecsCalls),
    minimum,
    minimumBatched,
    itemsWritten: itemsWritten(),
    detail: Object.entries(all)
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(" "),
  };
}

interface FaultRow {
  versions: number;
  wallMs: number;
  calls: number;
  lost: number;
  overshoot: number;
  rounds: number;
}

const LAG_MS = 200;
const LOSS = 0.05;
const MAX_ROUNDS = 20;

/** Fills `v` versions × 10 with faults on, reconciling until a run has nothing to do and every worker is idle. */
async function faultyRun(v: number): Promise<FaultRow> {
  const dynamoFaults = new DynamoFaults({ lossRate: LOSS, seed: v });
  const h = await createHarness({
    env: `benchf${v}`,
    clock: "real",
    dynamoFaults,
    ecsFaults: { listLagMs: LAG_MS, describeLagMs: LAG_MS, lossRate: LOSS, seed: v + 1 },
  });
  try {
    await h.seedPlan(
      Array.from({ length: v }, (_, i) => ({
        WorkerVersion: `v${String(i).padStart(4, "0")}`,
        ScaleTo: PER_VERSION,
      })),
    );
    h.resetCounts();
    const t0 = performance.now();
    let rounds = 0;
    for (; rounds < MAX_ROUNDS;) {
      rounds++;
      const res = await reconcile(h.deps);
      h.ecs.runPending();
      if (res.outcome === "no-op") {
        const status = await poolStatus(h.deps);
        if (status.every((s) => s.idle === s.target && s.starting === 0)) break;
      }
    }
    const wallMs = performance.now() - t0;
    const overshoot = Math.max(0, ...h.ecs.runTaskObservations.map((o) => o.live - PER_VERSION));
    const live = h.ecs.liveTasks().length;
    if (live !== v * PER_VERSION)
      throw new Error(`faults: expected ${v * PER_VERSION} live tasks, found ${live}`);
    return {
      versions: v,
      wallMs,
      calls: sum(h.ddbCalls) + sum(h.ecsCalls),
      lost: sum(dynamoFaults.lost) + sum(h.ecs.lost),
      overshoot,
      rounds,
    };
  } finally {
    await h.close();
  }
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  const dynamo = await startLocalDynamo();
  useLocalEndpoints(dynamo.url, "http://127.0.0.1:9");
  const rows: Row[] = [];
  const faultRows: FaultRow[] = [];
  try {
    for (const v of SIZES) {
      const h = await createHarness({ env: `bench${v}`, clock: "real" });
      try {
        await h.seedPlan(
          Array.from({ length: v }, (_, i) => ({
            WorkerVersion: `v${String(i).padStart(4, "0")}`,
            ScaleTo: PER_VERSION,
          })),
        );
        const n = v * PER_VERSION;
        // From empty: one query per version + ceil(10/10) RunTask per version + one write per row.
        const runTasks = v * Math.ceil(PER_VERSION / 10);
        rows.push(
          await phase(
            h,
            v,
            "from empty",
            v + runTasks + n,
            v + runTasks + v * Math.ceil(PER_VERSION / 25),
            () => n,
          ),
        );
        h.ecs.runPending();
        // Address fill: one query per version + ceil(n/100) DescribeTasks + one update per row.
        // (Conditional updates cannot be batched, so the batched minimum is the same.)
        const fillMin = v + Math.ceil(n / 100) + n;
        rows.push(
          await phase(h, v, "fill addresses", fillMin, fillMin, () => sum(h.ddbCalls, ["UpdateItem"])),
        );
        // Steady state: one query per version, nothing written.
        rows.push(await phase(h, v, "steady state", v, v, () => sum(h.ddbCalls, WRITE_CALLS)));
        const live = h.ecs.liveTasks().length;
        if (live !== n) throw new Error(`expected ${n} live tasks, found ${live}`);
      } finally {
        await h.close();
      }
      faultRows.push(await faultyRun(v));
      console.log(`done: ${v} versions`);
    }
  } finally {
    await dynamo.close();
  }
  console.log("");
  console.log("reconcile benchmark (in-memory DynamoDB server + ECS stand-in, 10 workers per version)");
  console.log(
    "minimum = 1 query per pooled version + ceil(deficit/10) RunTask + one write per row (+ ceil(rows/100) DescribeTasks to fill addresses)",
  );
  console.log("minimum (batched) = the same with rows written by BatchWriteItem, up to 25 per call");
  const head = [
    "versions",
    "phase",
    "wall ms",
    "API calls",
    "minimum",
    "ratio",
    "min (batched)",
    "ratio",
    "rows written",
    "ms/version",
  ];
  const table = rows.map((r) => [
    String(r.versions),
    r.phase,
    r.wallMs.toFixed(0),
    String(r.calls),
    String(r.minimum),
    (r.calls / r.minimum).toFixed(2),
    String(r.minimumBatched),
    (r.calls / r.minimumBatched).toFixed(2),
    String(r.itemsWritten),
    (r.wallMs / r.versions).toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => (t[i] ?? "").length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join("  ");
  console.log(line(head));
  for (const t of table) console.log(line(t));
  console.log("");
  console.log("calls per phase:");
  for (const r of rows) console.log(`  ${r.versions} ${r.phase}: ${r.detail}`);
  console.log("");
  console.log(
    `with faults (ListTasks and DescribeTasks lag ${LAG_MS} ms, ${LOSS * 100}% of ECS answers and DynamoDB write answers lost): from empty to full and idle`,
  );
  const fhead = [
    "versions",
    "wall ms",
    "API calls",
    "answers lost",
    "RunTask overshoot",
    "rounds to converge",
  ];
  const ftable = faultRows.map((r) => [
    String(r.versions),
    r.wallMs.toFixed(0),
    String(r.calls),
    String(r.lost),
    String(r.overshoot),
    String(r.rounds),
  ]);
  const fw = fhead.map((h, i) => Math.max(h.length, ...ftable.map((t) => (t[i] ?? "").length)));
  const fline = (cells: string[]): string => cells.map((c, i) => c.padStart(fw[i] ?? 0)).join("  ");
  console.log(fline(fhead));
  for (const t of ftable) console.log(fline(t));
  if (faultRows.some((r) => r.overshoot > 0)) {
    console.error("FAIL: RunTask started more than ScaleTo under faults");
    process.exitCode = 1;
  }
  if (faultRows.some((r) => r.rounds >= MAX_ROUNDS)) {
    console.error(`FAIL: no convergence within ${MAX_ROUNDS} rounds under faults`);
    process.exitCode = 1;
  }
  const steady = rows.filter((r) => r.phase === "steady state");
  if (steady.some((r) => r.itemsWritten > 0)) {
    console.error("FAIL: steady state wrote to DynamoDB");
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
