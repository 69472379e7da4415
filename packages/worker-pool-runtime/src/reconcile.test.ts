import assert from "node:assert/strict";
import { ListTasksCommand, RunTaskCommand } from "@aws-sdk/client-ecs";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { createHarness, type Harness } from "../local/harness";
import { CAPACITY_REASON, ENI_REASON } from "../local/ecs-standin";
import { ATTR, AVAILABLE, LEASE_KEY, type PoolRow } from "./schema";
import { deficitOf, queryVersion, reconcile, VERSION_TAG } from "./reconcile";
import { poolStatus } from "./status";

let n = 0;
const WRITES = ["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"];

function writes(h: Harness): number {
  return WRITES.reduce((sum, k) => sum + (h.ddbCalls[k] ?? 0), 0);
}

async function status(h: Harness, version: string) {
  const s = (await poolStatus(h.deps)).find((v) => v.version === version);
  assert.ok(s, `no plan row for ${version}`);
  return s;
}

/** Reconciles, lets ECS run the tasks, reconciles again: the pool is full and idle. */
async function fill(h: Harness): Promise<void> {
  await reconcile(h.deps);
  h.ecs.runPending();
  await reconcile(h.deps);
}

describe("reconcile", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ env: `rec${++n}` });
  });
  afterEach(async () => {
    await h.close();
  });

  it("fills an empty pool: starts the deficit in RunTask batches of at most 10, one starting row per task", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 23 }]);
    const res = await reconcile(h.deps);
    assert.equal(res.outcome, "acted");
    assert.equal(h.ecsCalls.RunTask, 3, "ceil(23/10) RunTask calls");
    const rows = await queryVersion(h.deps, "v1");
    assert.equal(rows.length, 23);
    assert.ok(
      rows.every(
        (r) => r.Available === AVAILABLE.Starting && r.Ip === undefined && typeof r.ExpiresAt === "number",
      ),
    );
    assert.deepEqual(
      new Set(rows.map((r) => r.TaskArn)),
      new Set(h.ecs.liveTasks("v1").map((t) => t.taskArn)),
    );
    assert.ok(rows.every((r) => r.TaskDefArn === h.taskDefArn && r.WorkerVersion === "v1" && r.UUID && r.DT));
    const task = h.ecs.liveTasks("v1")[0];
    assert.equal(task?.startedBy, "acs-worker-pool-local");
    assert.equal(task?.group, "hotpool:v1");
    assert.deepEqual(task?.tags, [{ key: VERSION_TAG, value: "v1" }]);
  });

  it("records the ENI address and port and marks the worker idle once its task runs", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 3 }]);
    await reconcile(h.deps);
    assert.equal(h.ecs.runPending(), 3);
    await reconcile(h.deps);
    const rows = await queryVersion(h.deps, "v1");
    const ips = new Map(h.ecs.liveTasks("v1").map((t) => [t.taskArn, t.ip]));
    assert.equal(rows.length, 3);
    for (const r of rows) {
      assert.equal(r.Available, AVAILABLE.Idle);
      assert.equal(r.Ip, ips.get(r.TaskArn));
      assert.equal(r.Port, 8080);
      assert.equal(r.ExpiresAt, undefined, "an idle row has no TTL");
    }
    assert.equal(h.ecs.liveTasks().length, 3, "no extra task was started");
  });

  it("writes nothing and starts nothing in steady state", async () => {
    await h.seedPlan([
      { WorkerVersion: "v1", ScaleTo: 4 },
      { WorkerVersion: "v2", ScaleTo: 2 },
    ]);
    await fill(h);
    h.resetCounts();
    const res = await reconcile(h.deps);
    assert.equal(res.outcome, "no-op");
    assert.equal(writes(h), 0, JSON.stringify(h.ddbCalls));
    assert.deepEqual(Object.keys(h.ecsCalls), ["ListTasks"]);
    assert.equal(h.ddbCalls.Query, 2, "one query per version");
    assert.equal(h.ddbCalls.Scan, 1, "the plan table is read once");
  });

  it("stops surplus idle workers when ScaleTo drops, and never a claimed one", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 5 }]);
    await fill(h);
    const [claimed] = await queryVersion(h.deps, "v1");
    assert.ok(claimed);
    await h.deps.ddb.send(
      new UpdateCommand({
        TableName: h.deps.config.poolTable,
        Key: { UUID: claimed.UUID },
        UpdateExpression: "SET Available = :n",
        ExpressionAttributeValues: { ":n": AVAILABLE.Claimed },
      }),
    );
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 2 }]);
    await reconcile(h.deps);
    const s = await status(h, "v1");
    assert.deepEqual(
      { idle: s.idle, starting: s.starting, claimed: s.claimed },
      { idle: 2, starting: 0, claimed: 1 },
    );
    assert.equal(h.ecs.liveTasks("v1").length, 3, "2 idle + 1 claimed still run");
    assert.ok(h.ecs.tasks.get(claimed.TaskArn)?.desiredStatus === "RUNNING");
  });

  it("tops up after claims: starts exactly the claimed count", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 4 }]);
    await fill(h);
    for (const r of (await queryVersion(h.deps, "v1")).slice(0, 3)) {
      await h.deps.ddb.send(
        new UpdateCommand({
          TableName: h.deps.config.poolTable,
          Key: { UUID: r.UUID },
          UpdateExpression: "SET Available = :n",
          ExpressionAttributeValues: { ":n": AVAILABLE.Claimed },
        }),
      );
    }
    h.resetCounts();
    await reconcile(h.deps);
    assert.equal(h.ecs.liveTasks("v1").length, 7);
    const s = await status(h, "v1");
    assert.deepEqual([s.idle, s.starting, s.claimed], [1, 3, 3]);
  });

  it("drains a version whose Pooling is N: stops idle and starting workers, deletes their rows, leaves claimed ones", async () => {
    await h.seedPlan([
      { WorkerVersion: "old", ScaleTo: 3 },
      { WorkerVersion: "keep", ScaleTo: 1 },
    ]);
    await fill(h);
    const rows = await queryVersion(h.deps, "old");
    const claimed = rows[0] as PoolRow;
    await h.deps.ddb.send(
      new UpdateCommand({
        TableName: h.deps.config.poolTable,
        Key: { UUID: claimed.UUID },
        UpdateExpression: "SET Available = :n",
        ExpressionAttributeValues: { ":n": AVAILABLE.Claimed },
      }),
    );
    await h.seedPlan([{ WorkerVersion: "old", Pooling: "N", ScaleTo: 3 }]);
    await reconcile(h.deps);
    const left = await queryVersion(h.deps, "old");
    assert.deepEqual(
      left.map((r) => r.UUID),
      [claimed.UUID],
    );
    assert.deepEqual(
      h.ecs.liveTasks("old").map((t) => t.taskArn),
      [claimed.TaskArn],
    );
    assert.equal((await status(h, "keep")).idle, 1, "other versions are untouched");
  });

  it("drains a version right after its workers came up but before their rows were filled: stops every task, deletes every row", async () => {
    await h.seedPlan([{ WorkerVersion: "old", ScaleTo: 3 }]);
    await reconcile(h.deps);
    assert.equal(h.ecs.runPending(), 3, "the tasks run, their rows are still starting");
    await h.seedPlan([{ WorkerVersion: "old", Pooling: "N", ScaleTo: 3 }]);
    const res = await reconcile(h.deps);
    assert.equal(res.versions[0]?.stopped, 3);
    assert.deepEqual(h.ecs.liveTasks("old"), []);
    assert.deepEqual(await queryVersion(h.deps, "old"), []);
  });

  it("lists its tasks with startedBy as the only ListTasks filter (ECS rejects it combined with another)", async () => {
    await assert.rejects(
      h.deps.ecs.send(
        new ListTasksCommand({
          cluster: h.deps.config.clusterArn,
          startedBy: h.deps.config.startedBy,
          desiredStatus: "RUNNING",
        }),
      ),
      { name: "InvalidParameterException" },
    );
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 2 }]);
    await fill(h);
    const res = await reconcile(h.deps);
    assert.equal(res.errors, 0);
    assert.deepEqual(
      res.versions.map((v) => [v.idle, v.reaped]),
      [[2, 0]],
    );
  });

  it("keeps a young row whose running task ListTasks does not show yet, and starts no extra task", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 2 }]);
    await reconcile(h.deps);
    const rows = await queryVersion(h.deps, "v1");
    for (const r of rows) h.ecs.hideFromList(r.TaskArn, 60_000);
    h.ecs.runPending();
    h.clock?.advance(5000);
    const res = await reconcile(h.deps);
    assert.equal(res.versions[0]?.reaped, 0);
    assert.equal(res.versions[0]?.started, 0);
    assert.equal(h.ecs.tasks.size, 2, "no extra task was started");
    const after = await queryVersion(h.deps, "v1");
    assert.deepEqual(after.map((r) => r.UUID).sort(), rows.map((r) => r.UUID).sort());
    assert.ok(
      after.every((r) => r.Available === AVAILABLE.Idle),
      "DescribeTasks also gave the address",
    );
  });

  it("reaps rows whose task stopped or vanished, and replaces those workers", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 3 }]);
    await fill(h);
    const [a, b] = await queryVersion(h.deps, "v1");
    assert.ok(a && b);
    h.ecs.stopOutOfBand(a.TaskArn);
    h.ecs.vanish(b.TaskArn);
    // A missing task counts as gone only once its row is older than the ECS visibility window.
    h.clock?.advance(h.deps.config.visibilityMs + 1);
    const res = await reconcile(h.deps);
    assert.equal(res.versions[0]?.reaped, 2);
    const uuids = (await queryVersion(h.deps, "v1")).map((r) => r.UUID);
    assert.ok(!uuids.includes(a.UUID) && !uuids.includes(b.UUID));
    assert.equal(uuids.length, 3, "1 idle + 2 new starting");
    assert.equal(h.ecs.liveTasks("v1").length, 3);
  });

  it("stops and reaps workers stuck starting past the pending timeout", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 2 }]);
    await reconcile(h.deps);
    const stuck = await queryVersion(h.deps, "v1");
    h.clock?.advance(h.deps.config.pendingTimeoutMs + 1000);
    await reconcile(h.deps);
    for (const r of stuck) assert.equal(h.ecs.tasks.get(r.TaskArn)?.desiredStatus, "STOPPED");
    const rows = await queryVersion(h.deps, "v1");
    assert.equal(rows.length, 2, "replaced by 2 fresh starting workers");
    assert.ok(rows.every((r) => !stuck.some((s) => s.UUID === r.UUID)));
  });

  it("leaves no row for RunTask failures[] and retries them on the next run", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 10 }]);
    h.ecs.failNextTasks(3, CAPACITY_REASON);
    h.ecs.failNextTasks(1, ENI_REASON);
    const first = await reconcile(h.deps);
    assert.equal(first.versions[0]?.started, 6);
    assert.equal(first.versions[0]?.failures, 4);
    assert.equal(
      deficitOf(first.versions[0]!),
      4,
      "the Deficit metric reports the workers it could not start",
    );
    assert.equal((await queryVersion(h.deps, "v1")).length, 6);
    assert.equal(h.ecs.liveTasks("v1").length, 6);
    const second = await reconcile(h.deps);
    assert.equal(deficitOf(second.versions[0]!), 0);
    assert.equal((await queryVersion(h.deps, "v1")).length, 10);
    assert.equal(h.ecs.liveTasks("v1").length, 10);
  });

  it("retries throttled ECS calls with backoff and still starts exactly the deficit", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 12 }]);
    h.ecs.throttle("ListTasks", 2);
    h.ecs.throttle("RunTask", 3);
    const t0 = h.clock?.now() ?? 0;
    const res = await reconcile(h.deps);
    assert.equal(res.errors, 0);
    assert.equal(h.ecs.calls.RunTask, 2 + 3, "2 batches + 3 throttled attempts");
    assert.equal(h.ecs.liveTasks("v1").length, 12);
    assert.equal((await queryVersion(h.deps, "v1")).length, 12);
    assert.ok((h.clock?.now() ?? 0) > t0, "backed off before retrying");
  });

  it("gives up on a version whose RunTask stays throttled, leaves no row, and starts it next run", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 2 }]);
    h.ecs.throttle("RunTask", h.deps.retry.attempts);
    const res = await reconcile(h.deps);
    assert.equal(res.versions[0]?.failures, 2);
    assert.equal((await queryVersion(h.deps, "v1")).length, 0);
    await reconcile(h.deps);
    assert.equal(h.ecs.liveTasks("v1").length, 2);
  });

  it("5 concurrent reconciles never start more than ScaleTo", async () => {
    await h.seedPlan([
      { WorkerVersion: "v1", ScaleTo: 10 },
      { WorkerVersion: "v2", ScaleTo: 7 },
    ]);
    const instances = Array.from({ length: 5 }, () => h.newDeps());
    const results = await Promise.all(instances.map((d) => reconcile(d)));
    assert.equal(h.ecs.liveTasks("v1").length, 10);
    assert.equal(h.ecs.liveTasks("v2").length, 7);
    assert.equal(h.ecs.tasks.size, 17, "no task was started and stopped again");
    assert.ok(results.some((r) => r.outcome === "acted"));
    // And again once the tasks run, with claims in between.
    h.ecs.runPending();
    await Promise.all(instances.map((d) => reconcile(d)));
    assert.equal(h.ecs.tasks.size, 17);
    const s = await status(h, "v1");
    assert.equal(s.idle, 10);
  });

  it("a trigger that finds the lease held makes the holder run again", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 2 }]);
    const table = h.deps.config.poolTable;
    await h.deps.ddb.send(
      new PutCommand({
        TableName: table,
        Item: { UUID: LEASE_KEY, Gen: 7, Owner: "other", LeaseExpiresAt: h.deps.now() + 60_000 },
      }),
    );
    const res = await reconcile(h.deps);
    assert.equal(res.outcome, "busy");
    assert.equal(h.ecs.liveTasks().length, 0);
    const lease = await h.deps.ddb.send(new GetCommand({ TableName: table, Key: { UUID: LEASE_KEY } }));
    assert.equal(lease.Item?.Rerun, true);
  });

  it("repairs a crash between RunTask and the row write: adopts the orphans, starts no extra task", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 4 }]);
    // A manager started 3 tasks, then died before writing rows, holding the lease.
    const run = await h.deps.ecs.send(
      new RunTaskCommand({
        cluster: h.deps.config.clusterArn,
        taskDefinition: h.taskDefArn,
        count: 3,
        startedBy: h.deps.config.startedBy,
        tags: [{ key: VERSION_TAG, value: "v1" }],
        networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0aaa"] } },
      }),
    );
    const orphanArns = (run.tasks ?? []).map((t) => t.taskArn);
    await h.deps.ddb.send(
      new PutCommand({
        TableName: h.deps.config.poolTable,
        Item: { UUID: LEASE_KEY, Gen: 1, Owner: "dead", LeaseExpiresAt: h.deps.now() + 1000 },
      }),
    );
    // Within the grace period the orphans count as starting: only the 4th worker is started.
    h.clock?.advance(2000);
    await reconcile(h.deps);
    assert.equal(h.ecs.liveTasks("v1").length, 4);
    assert.equal((await queryVersion(h.deps, "v1")).length, 1);
    // After the grace period they are adopted: rows written, nothing started or stopped.
    h.clock?.advance(h.deps.config.orphanGraceMs);
    const res = await reconcile(h.deps);
    assert.equal(res.versions[0]?.adopted, 3);
    const rows = await queryVersion(h.deps, "v1");
    assert.equal(rows.length, 4);
    for (const arn of orphanArns)
      assert.ok(
        rows.some((r) => r.TaskArn === arn),
        `row for ${arn}`,
      );
    assert.equal(h.ecs.tasks.size, 4);
  });

  it("stops orphans that the pool does not need", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 1 }]);
    await fill(h);
    const run = await h.deps.ecs.send(
      new RunTaskCommand({
        cluster: h.deps.config.clusterArn,
        taskDefinition: h.taskDefArn,
        count: 2,
        startedBy: h.deps.config.startedBy,
        tags: [{ key: VERSION_TAG, value: "v1" }],
        networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0aaa"] } },
      }),
    );
    h.clock?.advance(h.deps.config.orphanGraceMs + 1);
    await reconcile(h.deps);
    for (const t of run.tasks ?? [])
      assert.equal(h.ecs.tasks.get(t.taskArn as string)?.desiredStatus, "STOPPED");
    assert.equal(h.ecs.liveTasks("v1").length, 1);
  });

  it("takes over an expired lease of a crashed manager", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 2 }]);
    await h.deps.ddb.send(
      new PutCommand({
        TableName: h.deps.config.poolTable,
        Item: { UUID: LEASE_KEY, Gen: 3, Owner: "dead", LeaseExpiresAt: h.deps.now() - 1 },
      }),
    );
    const res = await reconcile(h.deps);
    assert.equal(res.outcome, "acted");
    assert.equal(h.ecs.liveTasks("v1").length, 2);
    const lease = await h.deps.ddb.send(
      new GetCommand({ TableName: h.deps.config.poolTable, Key: { [ATTR.UUID]: LEASE_KEY } }),
    );
    assert.equal(lease.Item?.Gen, 4);
    assert.equal(lease.Item?.Owner, undefined, "released");
  });
});
