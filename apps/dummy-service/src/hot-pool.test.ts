/**
 * The service on a real hot-pool runtime: dynalite with the pool's tables and the ECS
 * stand-in, started inside the test run. A claim through HTTP takes an idle worker with the
 * worker-pool claim client, records it in the activity table, and a retire leaves the worker's
 * task stopped and out of the pool.
 */
import { strict as assert } from "node:assert";
import { reconcile, workerActivity } from "@acs/worker-pool-runtime";
import { createHarness, type Harness } from "@acs/worker-pool-runtime/local";
import { hotPool } from "./hot-pool";
import { startApp, type RunningApp } from "./main";

const silent = { info() {}, warn() {}, error() {} };

async function post(port: number, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe("dummy-service on the local hot pool (dynalite + ECS stand-in)", () => {
  let h: Harness;
  let app: RunningApp;

  beforeEach(async function () {
    h = await createHarness({ env: `app${Date.now() % 1_000_000}`, startMode: "immediate" });
    await h.seedPlan([{ WorkerVersion: "1.0.0", ScaleTo: 2 }]);
    await reconcile(h.deps);
    await reconcile(h.deps);
    const { poolTable, activityTable } = h.deps.config;
    app = await startApp({
      env: { PORT: "0", POOL_TABLE: poolTable, ACTIVITY_TABLE: activityTable, HEALTH_FAILURES: "1" },
      pool: hotPool({ poolTable, activityTable, deps: h.newDeps() }),
      logger: silent,
      host: "127.0.0.1",
    });
  });

  afterEach(async () => {
    await app?.stop();
    await h?.close();
  });

  it("is healthy when the pool table answers its probe", async () => {
    const res = await fetch(`http://127.0.0.1:${app.port}/app/health`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, "ok");
  });

  it("claims an idle worker with its address and records exactly one CLAIM activity row", async () => {
    const res = await post(app.port, "/app/workers/claim", { version: "1.0.0", clientId: "job-1" });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body.address, /^\d+\.\d+\.\d+\.\d+:8080$/);
    const live = h.ecs.liveTasks("1.0.0").map((t) => t.taskArn);
    assert.ok(live.includes(res.body.taskArn), "the claimed worker's task is running");
    const activity = await workerActivity(h.deps, res.body.uuid);
    assert.deepEqual(
      activity.map((a) => [a.Action, a.ClientId]),
      [["CLAIM", "job-1"]],
    );
  });

  it("never gives one worker to two clients: with 2 idle workers, 2 of 4 concurrent claims succeed", async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => post(app.port, "/app/workers/claim", { version: "1.0.0", clientId: `c-${i}` })),
    );
    const ok = results.filter((r) => r.status === 200);
    assert.equal(ok.length, 2);
    assert.equal(new Set(ok.map((r) => r.body.uuid)).size, 2);
    assert.deepEqual(
      results.filter((r) => r.status !== 200).map((r) => r.status),
      [503, 503],
    );
  });

  it("WHEN a client retires its worker THEN the worker's task is stopped and it never becomes idle again", async () => {
    const claim = await post(app.port, "/app/workers/claim", { version: "1.0.0", clientId: "job-2" });
    assert.equal(claim.status, 200);
    const other = await post(app.port, `/app/workers/${claim.body.uuid}/release`, {
      clientId: "job-3",
      claimId: claim.body.claimId,
    });
    assert.equal(other.status, 409);
    const retire = await post(app.port, `/app/workers/${claim.body.uuid}/release`, {
      clientId: "job-2",
      claimId: claim.body.claimId,
      mode: "retire",
    });
    assert.equal(retire.status, 200, JSON.stringify(retire.body));
    // The manager's next runs finish the retire (whichever side stops the task) and top the pool up.
    for (let i = 0; i < 3; i++) await reconcile(h.deps);
    const task = h.ecs.tasks.get(claim.body.taskArn);
    assert.equal(task?.desiredStatus, "STOPPED", "the retired worker's task is stopped");
    const again = await post(app.port, "/app/workers/claim", { version: "1.0.0", clientId: "job-4" });
    assert.notEqual(again.body.uuid, claim.body.uuid);
  });
});
