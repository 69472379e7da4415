import assert from "node:assert/strict";
import { createHarness, type Harness } from "../local/harness";
import { claimWorker, releaseWorker } from "./claim";
import { queryVersion, reconcile } from "./reconcile";
import { AVAILABLE } from "./schema";

describe("retire from the application", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ env: "retire1" });
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 2 }]);
    await reconcile(h.deps);
    h.ecs.runPending();
    await reconcile(h.deps);
  });
  afterEach(async () => {
    await h.close();
  });

  it("GIVEN the application's claim client (no cluster, no ecs:StopTask) WHEN it retires a worker THEN it makes no ECS call, the manager stops the task, and the worker never returns to the pool", async () => {
    const client = h.clientDeps();
    const w = await claimWorker(client, { version: "v1", clientId: "app" });
    assert.ok(w);
    h.resetCounts();
    await releaseWorker(client, { uuid: w.uuid, clientId: "app", claimId: w.claimId, mode: "retire" });
    assert.equal(h.ecs.calls.StopTask ?? 0, 0, "the application never calls ECS");
    await reconcile(h.deps);
    assert.equal(h.ecs.tasks.get(w.taskArn)?.desiredStatus, "STOPPED", "the manager stopped it");
    // Long after: no orphan adoption, no row, the pool is back at ScaleTo with other workers.
    h.clock!.advance(h.deps.config.pendingTimeoutMs);
    h.ecs.runPending();
    await reconcile(h.deps);
    const rows = await queryVersion(h.deps, "v1");
    assert.ok(!rows.some((r) => r.TaskArn === w.taskArn));
    assert.equal(rows.filter((r) => r.Available === AVAILABLE.Idle).length, 2);
  });
});
