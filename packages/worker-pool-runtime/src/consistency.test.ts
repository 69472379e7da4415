/**
 * ECS is eventually consistent: a new task may be missing from ListTasks and DescribeTasks for a
 * while, and a stopped task keeps lastStatus RUNNING after desiredStatus is STOPPED. The stand-in
 * reproduces both; no decision may read "not visible yet" as "gone".
 */
import assert from "node:assert/strict";
import { createHarness, type Harness } from "../local/harness";
import { AVAILABLE } from "./schema";
import { queryVersion, reconcile } from "./reconcile";

/** Every live task has exactly one row and every row's task is live. */
async function oneRowPerTask(h: Harness, version: string): Promise<void> {
  const rows = await queryVersion(h.deps, version);
  const live = h.ecs.liveTasks(version).map((t) => t.taskArn);
  for (const arn of live)
    assert.equal(rows.filter((r) => r.TaskArn === arn).length, 1, `task ${arn} has exactly one row`);
  for (const r of rows) assert.ok(live.includes(r.TaskArn), `row ${r.UUID} has a live task`);
}

describe("ECS eventual consistency", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("GIVEN ListTasks and DescribeTasks lag 100 ms WHEN triggers follow each other THEN the pool never exceeds ScaleTo and no task is left without a row", async () => {
    h = await createHarness({ env: "lag1", ecsFaults: { listLagMs: 100, describeLagMs: 100 } });
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 4 }]);
    for (let i = 0; i < 6; i++) {
      await reconcile(h.deps);
      h.clock!.advance(30);
    }
    h.ecs.runPending();
    h.clock!.advance(1000);
    await reconcile(h.deps);
    assert.ok(
      h.ecs.runTaskObservations.every((o) => o.live <= 4),
      `live tasks at each RunTask: ${h.ecs.runTaskObservations.map((o) => o.live).join(", ")}`,
    );
    assert.equal(h.ecs.tasks.size, 4, "no task was started twice");
    await oneRowPerTask(h, "v1");
    assert.equal((await queryVersion(h.deps, "v1")).filter((r) => r.Available === AVAILABLE.Idle).length, 4);
  });

  it("GIVEN a young row whose task DescribeTasks reports MISSING WHEN the manager reconciles THEN it keeps the row and starts nothing", async () => {
    h = await createHarness({ env: "lag2", ecsFaults: { listLagMs: 5_000, describeLagMs: 5_000 } });
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 2 }]);
    await reconcile(h.deps);
    h.clock!.advance(2_000);
    const res = await reconcile(h.deps);
    assert.equal(res.versions[0]?.reaped, 0);
    assert.equal(res.versions[0]?.started, 0);
    assert.equal(h.ecs.tasks.size, 2);
  });

  it("GIVEN a row older than the visibility window whose task ECS no longer knows WHEN the manager reconciles THEN the row is reaped and the worker replaced", async () => {
    h = await createHarness({ env: "lag3" });
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 1 }]);
    await reconcile(h.deps);
    h.ecs.runPending();
    await reconcile(h.deps);
    const [r] = await queryVersion(h.deps, "v1");
    h.ecs.vanish(r!.TaskArn);
    h.clock!.advance(h.deps.config.visibilityMs + 1);
    const res = await reconcile(h.deps);
    assert.equal(res.versions[0]?.reaped, 1);
    assert.equal(h.ecs.liveTasks("v1").length, 1);
  });

  it("GIVEN a worker that crashed (desiredStatus STOPPED, lastStatus still RUNNING) WHEN the manager reconciles THEN it is not counted, filled or adopted, and is replaced", async () => {
    h = await createHarness({ env: "lag4", ecsFaults: { stopLagMs: 60_000 } });
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 2 }]);
    await reconcile(h.deps);
    h.ecs.runPending();
    const [a] = await queryVersion(h.deps, "v1");
    h.ecs.stopOutOfBand(a!.TaskArn);
    assert.equal(h.ecs.tasks.get(a!.TaskArn)?.lastStatus, "RUNNING", "the stand-in lags lastStatus");
    h.clock!.advance(1000);
    await reconcile(h.deps);
    const rows = await queryVersion(h.deps, "v1");
    assert.ok(!rows.some((r) => r.TaskArn === a!.TaskArn), "the crashed worker's row is gone");
    assert.equal(h.ecs.liveTasks("v1").length, 2, "replaced");
    await oneRowPerTask(h, "v1");
  });
});
