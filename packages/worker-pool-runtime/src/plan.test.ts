import assert from "node:assert/strict";
import { AVAILABLE, type AvailableValue, type PoolRow } from "./schema";
import { decideVersion, hasWork, type PlanContext, type TaskInfo } from "./plan";

const NOW = Date.UTC(2025, 0, 1, 12);
const ctx: PlanContext = {
  now: NOW,
  pendingTimeoutMs: 600_000,
  orphanGraceMs: 120_000,
  visibilityMs: 5_000,
  unresolved: 0,
};
let seq = 0;

function row(state: AvailableValue, ageMs = 60_000): PoolRow {
  const id = ++seq;
  return {
    UUID: `u${id}`,
    DT: new Date(NOW - ageMs).toISOString(),
    Available: state,
    TaskArn: `t${id}`,
    TaskDefArn: "td",
    WorkerVersion: "v",
  };
}
function live(rows: PoolRow[]): Set<string> {
  return new Set(rows.map((r) => r.TaskArn));
}
const pooled = (target: number) => ({ version: "v", pooled: true, target, taskDefArn: "td" });

describe("decideVersion", () => {
  it("starts target minus idle minus starting, and counts claimed workers as neither", () => {
    const rows = [
      row(AVAILABLE.Idle),
      row(AVAILABLE.Starting),
      row(AVAILABLE.Claimed),
      row(AVAILABLE.Claimed),
    ];
    const d = decideVersion(pooled(5), rows, live(rows), new Map(), [], ctx);
    assert.equal(d.start, 3);
    assert.equal(d.claimed, 2);
  });

  it("has no work when the pool is full", () => {
    const rows = [row(AVAILABLE.Idle), row(AVAILABLE.Idle), row(AVAILABLE.Claimed)];
    assert.equal(hasWork(decideVersion(pooled(2), rows, live(rows), new Map(), [], ctx)), false);
  });

  it("does not reap a row younger than the ECS visibility window whose task is not visible yet", () => {
    const young = row(AVAILABLE.Starting, 1000);
    const old = row(AVAILABLE.Idle, 10_000);
    const d = decideVersion(pooled(2), [young, old], new Set(), new Map(), [], ctx);
    assert.deepEqual(
      d.reap.map((r) => r.UUID),
      [old.UUID],
    );
    assert.equal(d.start, 1, "the young row still counts as starting");
  });

  it("reaps a young row when DescribeTasks says its task's desiredStatus is STOPPED, though lastStatus is still RUNNING", () => {
    const r = row(AVAILABLE.Starting, 1000);
    const stopping: TaskInfo = {
      taskArn: r.TaskArn,
      taskDefArn: "td",
      lastStatus: "RUNNING",
      desiredStatus: "STOPPED",
      createdAt: NOW - 1000,
      ip: "127.0.0.9",
    };
    const d = decideVersion(pooled(1), [r], live([r]), new Map([[r.TaskArn, stopping]]), [], ctx);
    assert.deepEqual(
      d.reap.map((x) => x.UUID),
      [r.UUID],
    );
    assert.deepEqual(d.fill, [], "a stopping task is never made idle");
    assert.equal(d.start, 1);
  });

  it("holds starts while a listed task cannot be described yet (it may be this version's)", () => {
    const d = decideVersion(pooled(2), [], new Set(), new Map(), [], { ...ctx, unresolved: 1 });
    assert.equal(d.start, 0);
    assert.equal(d.startsHeld, 2);
  });

  it("stops a retiring row's task whatever ECS shows, and never counts it", () => {
    const r = row(AVAILABLE.Retiring, 100_000);
    const d = decideVersion(pooled(1), [r], new Set(), new Map(), [], ctx);
    assert.deepEqual(
      d.retire.map((x) => x.UUID),
      [r.UUID],
    );
    assert.deepEqual(d.reap, []);
    assert.equal(d.start, 1);
  });

  it("counts young orphans as starting and adopts old ones only up to the deficit", () => {
    const orphan = (ageMs: number): TaskInfo => ({
      taskArn: `o${++seq}`,
      taskDefArn: "td",
      lastStatus: "RUNNING",
      desiredStatus: "RUNNING",
      createdAt: NOW - ageMs,
      ip: "127.0.0.2",
    });
    const d = decideVersion(
      pooled(3),
      [],
      new Set(),
      new Map(),
      [orphan(1000), orphan(200_000), orphan(200_000), orphan(200_000)],
      ctx,
    );
    assert.equal(d.adopt.length, 2);
    assert.equal(d.stopOrphans.length, 1);
    assert.equal(d.start, 0);
  });

  it("stops the oldest idle workers first when shrinking", () => {
    const older = row(AVAILABLE.Idle, 90_000);
    const newer = row(AVAILABLE.Idle, 30_000);
    const d = decideVersion(pooled(1), [newer, older], live([newer, older]), new Map(), [], ctx);
    assert.deepEqual(
      d.stop.map((s) => [s.row.UUID, s.expect, s.reason]),
      [[older.UUID, AVAILABLE.Idle, "surplus"]],
    );
  });

  it("starts nothing for a pooled version without a task definition, and says so", () => {
    const d = decideVersion({ version: "v", pooled: true, target: 2 }, [], new Set(), new Map(), [], ctx);
    assert.equal(d.start, 0);
    assert.equal(d.missingTaskDef, true);
  });
});
