import assert from "node:assert/strict";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { createHarness, type Harness } from "../local/harness";
import { CAPACITY_REASON } from "../local/ecs-standin";
import { METRICS_NAMESPACE, SERVICE_NAME } from "./deps";
import { reconcile } from "./reconcile";

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

/** A Metrics instance with metrics enabled (the mocha setup disables them for every other test). */
function enabledMetrics(): Metrics {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = "false";
  try {
    return new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  } finally {
    process.env.POWERTOOLS_METRICS_DISABLED = saved;
  }
}

/** Runs `fn` and returns the EMF documents Powertools wrote to stdout meanwhile (other output passes through). */
async function captureEmf(fn: () => Promise<unknown>): Promise<Emf[]> {
  const out: Emf[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (text.startsWith('{"_aws"')) {
      for (const line of text.split("\n").filter((l) => l.trim())) out.push(JSON.parse(line) as Emf);
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = write;
  }
  return out;
}

let n = 0;

describe("reconcile metrics", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ env: `emf${++n}` });
  });
  afterEach(async () => {
    await h.close();
  });

  it("emits one EMF document per version in ACS/WorkerPool by WorkerVersion with the pool's counts", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 5 }]);
    h.ecs.failNextTasks(2, CAPACITY_REASON);
    const deps = { ...h.deps, metrics: enabledMetrics() };
    const docs = await captureEmf(() => reconcile(deps));
    assert.equal(docs.length, 1, JSON.stringify(docs));
    const doc = docs[0] as Emf;
    const [directive] = doc._aws.CloudWatchMetrics;
    assert.equal(directive?.Namespace, "ACS/WorkerPool");
    assert.ok(
      directive?.Dimensions.some((set) => set.includes("WorkerVersion")),
      JSON.stringify(directive?.Dimensions),
    );
    assert.equal(doc.WorkerVersion, "v1");
    const names = new Set(directive?.Metrics.map((m) => m.Name));
    for (const name of ["Idle", "Target", "Starting", "Deficit", "IdleShortfall", "Started", "Failures"])
      assert.ok(names.has(name), `metric ${name} missing from ${[...names].join(", ")}`);
    assert.deepEqual(
      {
        Idle: doc.Idle,
        Target: doc.Target,
        Starting: doc.Starting,
        Deficit: doc.Deficit,
        Started: doc.Started,
        Failures: doc.Failures,
      },
      { Idle: 0, Target: 5, Starting: 3, Deficit: 2, Started: 3, Failures: 2 },
    );
  });

  it("GIVEN workers that die at start WHEN reconciles run THEN Deficit stays 0 while IdleShortfall reports the missing idle workers every run", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 3 }]);
    h.ecs.dieAtStart = true;
    const deps = { ...h.deps, metrics: enabledMetrics() };
    const seen: [unknown, unknown][] = [];
    for (let run = 0; run < 4; run++) {
      const docs = await captureEmf(() => reconcile(deps));
      seen.push([docs[0]?.Deficit, docs[0]?.IdleShortfall]);
      h.ecs.runPending(); // every worker crashes at start
      h.clock!.advance(h.deps.config.visibilityMs + 1);
    }
    assert.deepEqual(seen, [
      [0, 3],
      [0, 3],
      [0, 3],
      [0, 3],
    ]);
  });
});
