import assert from "node:assert/strict";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { createHarness, type Harness } from "../local/harness";
import { LEASE_KEY } from "./schema";
import { acquireLease, readLease, requestRerun } from "./lease";

let n = 0;

describe("lease", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ env: `lse${++n}` });
  });
  afterEach(async () => {
    await h.close();
  });

  it("is acquired only on the generation read before, so one of two racing managers wins", async () => {
    const snap = await readLease(h.deps);
    const [a, b] = await Promise.all([acquireLease(h.deps, snap, "a"), acquireLease(h.newDeps(), snap, "b")]);
    assert.equal([a, b].filter(Boolean).length, 1);
    const winner = (a ?? b)!;
    await winner.release();
    assert.equal(
      await acquireLease(h.deps, snap, "late"),
      undefined,
      "a stale snapshot cannot acquire after a release",
    );
    assert.ok(await acquireLease(h.deps, await readLease(h.deps), "fresh"));
  });

  it("renews at half-time and fences its holder near expiry", async () => {
    const clock = h.clock!;
    const lease = (await acquireLease(h.deps, await readLease(h.deps), "me"))!;
    const leaseMs = h.deps.config.leaseMs;
    clock.advance(leaseMs * 0.6);
    assert.equal(await lease.ensure(), true);
    const item = (
      await h.deps.ddb.send(new GetCommand({ TableName: h.deps.config.poolTable, Key: { UUID: LEASE_KEY } }))
    ).Item;
    assert.equal(item?.LeaseExpiresAt, clock.now() + leaseMs, "renewed");
    clock.advance(leaseMs * 0.95);
    assert.equal(await lease.ensure(), false, "too close to expiry: stop acting");
  });

  it("refuses renewal once another manager took over the expired lease", async () => {
    const clock = h.clock!;
    const mine = (await acquireLease(h.deps, await readLease(h.deps), "me"))!;
    clock.advance(h.deps.config.leaseMs + 1);
    assert.ok(await acquireLease(h.deps, await readLease(h.deps), "successor"));
    clock.advance(-h.deps.config.leaseMs * 0.4); // our own clock thinks renewal is still possible
    assert.equal(await mine.ensure(), false);
    assert.equal(await mine.release(), false);
    assert.equal(
      (await readLease(h.deps)).owner,
      "successor",
      "our release did not free the successor's lease",
    );
  });

  it("GIVEN a rerun was asked for WHEN the release's answer is lost and it is sent again THEN it still reports the rerun and the lease is free", async () => {
    const lease = (await acquireLease(h.deps, await readLease(h.deps), "me"))!;
    assert.equal(await requestRerun(h.newDeps(), "me"), true);
    h.dynamoFaults.loseNext("UpdateItem", 1, (i: { UpdateExpression?: string }) =>
      (i.UpdateExpression ?? "").includes("REMOVE #owner"),
    );
    assert.equal(await lease.release(), true, "the rerun request is not lost with the answer");
    assert.equal(h.dynamoFaults.lost.UpdateItem, 1);
    const after = await readLease(h.deps);
    assert.equal(after.owner, undefined, "released");
    assert.ok(await acquireLease(h.deps, after, "next"), "the next reconcile gets it at once");
  });
});
