import assert from "node:assert/strict";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { createHarness, type Harness } from "../local/harness";
import { ATTR, AVAILABLE, type PoolRow } from "./schema";
import { claimWorker, probePool, releaseWorker, workerActivity, WorkerNotHeldError } from "./claim";
import { queryVersion, reconcile } from "./reconcile";

let n = 0;

describe("claim and release", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ env: `clm${++n}` });
    await h.seedPlan([
      { WorkerVersion: "v1", ScaleTo: 10 },
      { WorkerVersion: "v2", ScaleTo: 1 },
    ]);
    await reconcile(h.deps);
    h.ecs.runPending();
    await reconcile(h.deps);
  });
  afterEach(async () => {
    await h.close();
  });

  it("the probe answers while the pool table and its version index answer, and fails without them", async () => {
    await probePool(h.deps);
    const gone = { ...h.deps, config: { ...h.deps.config, poolTable: `${h.deps.config.poolTable}-gone` } };
    await assert.rejects(probePool(gone), /ResourceNotFound|not found|non-existent/i);
  });

  it("50 concurrent claims on 10 idle workers give exactly 10 successes and no worker twice", async () => {
    const clients = Array.from({ length: 50 }, (_, i) => ({
      deps: i % 5 === 0 ? h.newDeps() : h.deps,
      clientId: `client-${i}`,
    }));
    const results = await Promise.all(
      clients.map((c) => claimWorker(c.deps, { version: "v1", clientId: c.clientId })),
    );
    const won = results.filter((r) => r !== null);
    assert.equal(won.length, 10);
    assert.equal(new Set(won.map((w) => w.uuid)).size, 10, "no worker given twice");
    assert.equal(new Set(won.map((w) => w.taskArn)).size, 10);
    const rows = await queryVersion(h.deps, "v1");
    assert.ok(rows.every((r) => r.Available === AVAILABLE.Claimed));
    // Each row names the client that got it, and the activity table says the same.
    for (const [i, r] of results.entries()) {
      if (!r) continue;
      const row = rows.find((x) => x.UUID === r.uuid) as PoolRow;
      assert.equal(row.ClaimedBy, `client-${i}`);
      const activity = await workerActivity(h.deps, r.uuid);
      assert.deepEqual(
        activity.map((a) => [a.ClientId, a.Action]),
        [[`client-${i}`, "CLAIM"]],
      );
    }
    assert.equal((await status(h)).v2, 1, "another version's worker was not taken");
  });

  it("returns the worker's address, port and task", async () => {
    const w = await claimWorker(h.deps, { version: "v2", clientId: "c1" });
    assert.ok(w);
    const task = h.ecs.tasks.get(w.taskArn);
    assert.equal(w.ip, task?.ip);
    assert.equal(w.port, 8080);
    assert.equal(w.version, "v2");
  });

  it("returns null when the version has no idle worker, and never hands out a starting one", async () => {
    await h.seedPlan([{ WorkerVersion: "v3", ScaleTo: 2 }]);
    await reconcile(h.deps); // v3 workers are starting, not idle
    assert.equal(await claimWorker(h.deps, { version: "v3", clientId: "c1" }), null);
    assert.equal(await claimWorker(h.deps, { version: "nope", clientId: "c1" }), null);
  });

  it("return puts the worker back idle; retire marks it retiring and the manager stops its task and deletes its row; both are recorded", async () => {
    const a = await claimWorker(h.deps, { version: "v1", clientId: "c1" });
    const b = await claimWorker(h.deps, { version: "v1", clientId: "c1" });
    assert.ok(a && b);
    await releaseWorker(h.deps, { uuid: a.uuid, clientId: "c1", claimId: a.claimId, mode: "return" });
    const rowA = await h.deps.ddb.send(
      new GetCommand({ TableName: h.deps.config.poolTable, Key: { [ATTR.UUID]: a.uuid } }),
    );
    assert.equal(rowA.Item?.Available, AVAILABLE.Idle);
    assert.equal(rowA.Item?.ClaimedBy, undefined);
    await releaseWorker(h.deps, { uuid: b.uuid, clientId: "c1", claimId: b.claimId, mode: "retire" });
    const retiring = await h.deps.ddb.send(
      new GetCommand({ TableName: h.deps.config.poolTable, Key: { [ATTR.UUID]: b.uuid } }),
    );
    assert.equal(retiring.Item?.Available, AVAILABLE.Retiring, "marked for the manager");
    await reconcile(h.deps);
    const rowB = await h.deps.ddb.send(
      new GetCommand({ TableName: h.deps.config.poolTable, Key: { [ATTR.UUID]: b.uuid } }),
    );
    assert.equal(rowB.Item, undefined);
    assert.equal(h.ecs.tasks.get(b.taskArn)?.desiredStatus, "STOPPED");
    assert.deepEqual(
      (await workerActivity(h.deps, a.uuid)).map((x) => x.Action),
      ["CLAIM", "RETURN"],
    );
    assert.deepEqual(
      (await workerActivity(h.deps, b.uuid)).map((x) => x.Action),
      ["CLAIM", "RETIRE"],
    );
  });

  it("refuses to release a worker the client does not hold, and releasing the same claim twice is done once", async () => {
    const w = await claimWorker(h.deps, { version: "v1", clientId: "owner" });
    assert.ok(w);
    await assert.rejects(
      releaseWorker(h.deps, { uuid: w.uuid, clientId: "thief", claimId: w.claimId, mode: "retire" }),
      WorkerNotHeldError,
    );
    await assert.rejects(
      releaseWorker(h.deps, { uuid: w.uuid, clientId: "owner", claimId: "another-claim", mode: "return" }),
      WorkerNotHeldError,
    );
    await releaseWorker(h.deps, { uuid: w.uuid, clientId: "owner", claimId: w.claimId, mode: "return" });
    await releaseWorker(h.deps, { uuid: w.uuid, clientId: "owner", claimId: w.claimId, mode: "return" });
    assert.deepEqual(
      (await workerActivity(h.deps, w.uuid)).map((a) => a.Action),
      ["CLAIM", "RETURN"],
      "one RETURN however often it is sent",
    );
    assert.equal(h.ecs.tasks.get(w.taskArn)?.desiredStatus, "RUNNING");
  });

  it("undoes the claim when the activity cannot be recorded", async () => {
    const broken = { ...h.deps, config: { ...h.deps.config, activityTable: "no-such-table" } };
    await assert.rejects(claimWorker(broken, { version: "v2", clientId: "c1" }));
    const rows = await queryVersion(h.deps, "v2");
    assert.deepEqual(
      rows.map((r) => r.Available),
      [AVAILABLE.Idle],
    );
  });

  it("a claimed worker is topped up by the next reconcile, which never stops it", async () => {
    const w = await claimWorker(h.deps, { version: "v2", clientId: "c1" });
    assert.ok(w);
    await reconcile(h.deps);
    h.ecs.runPending();
    await reconcile(h.deps);
    assert.deepEqual(await status(h), { v1: 10, v2: 1 });
    assert.equal(h.ecs.tasks.get(w.taskArn)?.desiredStatus, "RUNNING");
  });
});

async function status(h: Harness): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const v of ["v1", "v2"])
    out[v] = (await queryVersion(h.deps, v)).filter((r) => r.Available === AVAILABLE.Idle).length;
  return out;
}
