/**
 * Property-style: random interleavings of reconciles (sometimes two managers at once), tasks
 * starting and crashing, claims, returns and retires, with AWS's failure semantics on: 5% of
 * DynamoDB write answers and of ECS answers lost after the call was carried out, ListTasks and
 * DescribeTasks lagging, stopped tasks keeping lastStatus RUNNING. Several seeds; each replays.
 */
import assert from "node:assert/strict";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { DynamoFaults } from "../local/dynamo-faults";
import { seededRandom } from "../local/ecs-standin";
import { createHarness, type Harness } from "../local/harness";
import { claimWorker, releaseWorker, type ClaimedWorker } from "./claim";
import { queryVersion, reconcile } from "./reconcile";
import { ACTIVITY_WORKER_INDEX, AVAILABLE, type ActivityRow } from "./schema";

const PLAN: Record<string, number> = { v1: 4, v2: 3 };
const VERSIONS = Object.keys(PLAN);
const WRITES = ["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"];
const STEPS = 40;

interface Held {
  w: ClaimedWorker;
  clientId: string;
}

async function activityOf(h: Harness, uuid: string): Promise<ActivityRow[]> {
  const res = await h.deps.ddb.send(
    new QueryCommand({
      TableName: h.deps.config.activityTable,
      IndexName: ACTIVITY_WORKER_INDEX,
      KeyConditionExpression: "#u = :u",
      ExpressionAttributeNames: { "#u": "UUID" },
      ExpressionAttributeValues: { ":u": uuid },
    }),
  );
  return (res.Items ?? []) as ActivityRow[];
}

async function scenario(seed: number): Promise<void> {
  const rnd = seededRandom(seed * 7919);
  const h = await createHarness({
    env: `inv${seed}`,
    dynamoFaults: new DynamoFaults({ lossRate: 0.05, seed }),
    ecsFaults: { listLagMs: 200, describeLagMs: 150, stopLagMs: 5_000, lossRate: 0.05, seed: seed + 1 },
  });
  try {
    await h.seedPlan(VERSIONS.map((v) => ({ WorkerVersion: v, ScaleTo: PLAN[v] })));
    const managers = [h.deps, h.newDeps()];
    const client = h.clientDeps();
    const held: Held[] = [];
    const claimed: Held[] = [];
    const retired: Held[] = [];
    const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(rnd() * xs.length)];
    let clientSeq = 0;

    for (let step = 0; step < STEPS; step++) {
      const r = rnd();
      if (r < 0.35) {
        // Live tasks per version at every RunTask: never above ScaleTo plus the workers clients hold.
        const allowed = new Map(
          VERSIONS.map((v) => [`hotpool:${v}`, PLAN[v]! + held.filter((x) => x.w.version === v).length]),
        );
        const from = h.ecs.runTaskObservations.length;
        const pair = rnd() < 0.4;
        const results = await Promise.all(managers.slice(0, pair ? 2 : 1).map((d) => reconcile(d)));
        for (const o of h.ecs.runTaskObservations.slice(from)) {
          assert.ok(
            o.live <= (allowed.get(o.group) ?? 0),
            `seed ${seed} step ${step}: ${o.live} live in ${o.group} at a RunTask, allowed ${allowed.get(o.group)}`,
          );
        }
        // A trigger is never turned away by a lease its own (finished) reconcile failed to see.
        const busy = results.filter((x) => x.outcome === "busy").length;
        assert.ok(
          busy <= (pair ? 1 : 0),
          `seed ${seed} step ${step}: ${results.map((x) => x.outcome).join(", ")}`,
        );
        assert.ok(results.every((x) => x.outcome !== "gave-up" && x.outcome !== "fenced"));
      } else if (r < 0.5) {
        h.ecs.runPending();
      } else if (r < 0.65) {
        const clientId = `client-${++clientSeq}`;
        const w = await claimWorker(client, { version: pick(VERSIONS)!, clientId });
        if (w) {
          held.push({ w, clientId });
          claimed.push({ w, clientId });
        }
      } else if (r < 0.75 || (r < 0.82 && held.length === 0)) {
        const x = held.splice(Math.floor(rnd() * held.length), 1)[0];
        if (x)
          await releaseWorker(client, {
            uuid: x.w.uuid,
            clientId: x.clientId,
            claimId: x.w.claimId,
            mode: "return",
          });
      } else if (r < 0.82) {
        const x = held.splice(Math.floor(rnd() * held.length), 1)[0]!;
        await releaseWorker(client, {
          uuid: x.w.uuid,
          clientId: x.clientId,
          claimId: x.w.claimId,
          mode: "retire",
        });
        retired.push(x);
      } else if (r < 0.87) {
        const heldArns = new Set(held.map((x) => x.w.taskArn));
        const victim = pick(h.ecs.liveTasks().filter((t) => !heldArns.has(t.taskArn)));
        if (victim) h.ecs.stopOutOfBand(victim.taskArn);
      } else {
        h.clock!.advance(Math.floor(rnd() * 3_000));
      }
      h.clock!.advance(Math.floor(rnd() * 500));
    }

    // Convergence: faults off, time passes, the manager runs until it has nothing to do.
    h.dynamoFaults.lossRate = 0;
    h.ecs.faults.lossRate = 0;
    let quiet = false;
    for (let round = 0; round < 8 && !quiet; round++) {
      h.ecs.runPending();
      h.clock!.advance(Math.max(h.deps.config.orphanGraceMs, h.deps.config.visibilityMs, 5_000) + 1);
      const res = await reconcile(h.deps);
      quiet = res.outcome === "no-op";
    }
    assert.ok(quiet, `seed ${seed}: converged`);

    const heldArns = new Set(held.map((x) => x.w.taskArn));
    for (const v of VERSIONS) {
      const rows = await queryVersion(h.deps, v);
      const live = h.ecs.liveTasks(v).map((t) => t.taskArn);
      for (const arn of live)
        assert.equal(
          rows.filter((x) => x.TaskArn === arn).length,
          1,
          `seed ${seed}: task ${arn} (${v}) has exactly one row`,
        );
      for (const row of rows)
        assert.ok(live.includes(row.TaskArn), `seed ${seed}: row ${row.UUID} (${v}) has a live task`);
      const idle = rows.filter((x) => x.Available === AVAILABLE.Idle).length;
      assert.equal(idle, PLAN[v], `seed ${seed}: ${v} has ScaleTo idle workers`);
      for (const row of rows.filter((x) => x.Available === AVAILABLE.Claimed)) {
        const x = held.find((y) => y.w.uuid === row.UUID);
        assert.ok(x, `seed ${seed}: claimed row ${row.UUID} belongs to a client that holds it`);
        assert.deepEqual([row.ClaimedBy, row.ClaimId], [x.clientId, x.w.claimId]);
      }
      assert.equal(
        rows.filter((x) => x.Available === AVAILABLE.Claimed).length,
        held.filter((x) => x.w.version === v && live.includes(x.w.taskArn)).length,
        `seed ${seed}: every held worker of ${v} with a live task is claimed by its client`,
      );
    }
    for (const x of claimed) {
      const claims = (await activityOf(h, x.w.uuid)).filter(
        (a) => a.Action === "CLAIM" && a.DT.endsWith(`#${x.w.claimId}`),
      );
      assert.equal(claims.length, 1, `seed ${seed}: claim ${x.w.claimId} has exactly one activity row`);
    }
    for (const x of retired) {
      assert.equal(
        h.ecs.tasks.get(x.w.taskArn)?.desiredStatus,
        "STOPPED",
        `seed ${seed}: retired task stopped`,
      );
      assert.ok(!heldArns.has(x.w.taskArn));
    }
    // Nothing to do: nothing written.
    h.resetCounts();
    const idle = await reconcile(h.deps);
    assert.equal(idle.outcome, "no-op");
    assert.equal(
      WRITES.reduce((n, k) => n + (h.ddbCalls[k] ?? 0), 0),
      0,
      `seed ${seed}: ${JSON.stringify(h.ddbCalls)}`,
    );
    assert.ok(
      Object.values(h.dynamoFaults.lost).reduce((a, b) => a + b, 0) +
        Object.values(h.ecs.lost).reduce((a, b) => a + b, 0) >
        0,
      `seed ${seed}: some answers were lost`,
    );
  } finally {
    await h.close();
  }
}

describe("invariants with faults on (several seeds)", function () {
  this.timeout(180_000);
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: one row per task, never above ScaleTo at a RunTask, claims held only by their client, retired workers stopped, quiet when converged`, () =>
      scenario(seed));
  }
});
