/**
 * A write that was carried out but whose answer was lost (timeout, reset, 5xx after the fact):
 * the SDK and `call()` send it again and its condition then fails on the writer's own write.
 * Each case loses exactly one answer with the DynamoDB fault middleware of local/.
 */
import assert from "node:assert/strict";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { createHarness, type Harness } from "../local/harness";
import { ATTR, AVAILABLE, LEASE_KEY, type PoolRow } from "./schema";
import { claimWorker, releaseWorker, workerActivity } from "./claim";
import { queryVersion, reconcile, rowKeyOf, VERSION_TAG } from "./reconcile";
import { RunTaskCommand } from "@aws-sdk/client-ecs";

let n = 0;
/** The input as sent (attribute values marshalled) names the attribute in its condition. */
const conditionHas =
  (text: string) =>
  (input: { ConditionExpression?: string }): boolean =>
    (input.ConditionExpression ?? "").includes(text);

async function row(h: Harness, uuid: string): Promise<PoolRow | undefined> {
  const res = await h.deps.ddb.send(
    new GetCommand({ TableName: h.deps.config.poolTable, Key: { [ATTR.UUID]: uuid }, ConsistentRead: true }),
  );
  return res.Item as PoolRow | undefined;
}

describe("lost answers of conditional writes", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ env: `lost${++n}` });
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 3 }]);
    await reconcile(h.deps);
    h.ecs.runPending();
    await reconcile(h.deps);
  });
  afterEach(async () => {
    await h.close();
  });

  it("GIVEN the claim's answer is lost WHEN it is sent again THEN the client holds that one worker and no other row stays claimed", async () => {
    h.dynamoFaults.loseNext("UpdateItem", 1, conditionHas("#a = :y"));
    const w = await claimWorker(h.clientDeps(), { version: "v1", clientId: "c1" });
    assert.ok(w);
    assert.equal(h.dynamoFaults.lost.UpdateItem, 1, "the answer was lost once");
    const claimed = (await queryVersion(h.deps, "v1")).filter((r) => r.Available === AVAILABLE.Claimed);
    assert.deepEqual(
      claimed.map((r) => [r.UUID, r.ClaimedBy]),
      [[w.uuid, "c1"]],
      "exactly the returned worker is claimed, by c1",
    );
    assert.deepEqual(
      (await workerActivity(h.deps, w.uuid)).map((a) => [a.ClientId, a.Action]),
      [["c1", "CLAIM"]],
    );
  });

  it("GIVEN the return's answer is lost WHEN it is sent again THEN the return succeeds once and the worker is idle", async () => {
    const client = h.clientDeps();
    const w = await claimWorker(client, { version: "v1", clientId: "c1" });
    assert.ok(w);
    h.dynamoFaults.loseNext("*", 1, conditionHas("#by = :c"));
    await releaseWorker(client, { uuid: w.uuid, clientId: "c1", claimId: w.claimId, mode: "return" });
    assert.equal((await row(h, w.uuid))?.Available, AVAILABLE.Idle);
    assert.deepEqual(
      (await workerActivity(h.deps, w.uuid)).map((a) => a.Action),
      ["CLAIM", "RETURN"],
    );
  });

  it("GIVEN the retire's answer is lost WHEN it is sent again THEN the retire succeeds and the manager stops the task, which never returns to the pool", async () => {
    const client = h.clientDeps();
    const w = await claimWorker(client, { version: "v1", clientId: "c1" });
    assert.ok(w);
    h.dynamoFaults.loseNext("*", 1, conditionHas("#by = :c"));
    await releaseWorker(client, { uuid: w.uuid, clientId: "c1", claimId: w.claimId, mode: "retire" });
    await reconcile(h.deps);
    assert.equal(h.ecs.tasks.get(w.taskArn)?.desiredStatus, "STOPPED");
    h.clock!.advance(h.deps.config.orphanGraceMs + 1);
    h.ecs.runPending();
    await reconcile(h.deps);
    const rows = await queryVersion(h.deps, "v1");
    assert.ok(!rows.some((r) => r.TaskArn === w.taskArn), "no row for the retired worker's task");
    assert.deepEqual(
      (await workerActivity(h.deps, w.uuid)).map((a) => a.Action),
      ["CLAIM", "RETIRE"],
    );
  });

  it("GIVEN the lease acquisition's answer is lost WHEN it is sent again THEN the manager holds the lease, acts and releases it", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 5 }]);
    h.dynamoFaults.loseNext("UpdateItem", 1, (i: { UpdateExpression?: string }) =>
      (i.UpdateExpression ?? "").includes("ADD #gen"),
    );
    const res = await reconcile(h.deps);
    assert.equal(h.dynamoFaults.lost.UpdateItem, 1);
    assert.equal(res.outcome, "acted", "not blocked by its own lease");
    assert.equal(h.ecs.liveTasks("v1").length, 5);
    assert.equal((await row(h, LEASE_KEY))?.["Owner" as keyof PoolRow], undefined, "released");
  });

  it("GIVEN the answer of a surplus worker's row deletion is lost WHEN it is sent again THEN its task is still stopped", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 1 }]);
    h.dynamoFaults.loseNext("DeleteItem", 2, conditionHas("#a = :s"));
    const res = await reconcile(h.deps);
    assert.equal(res.errors, 0);
    assert.equal(h.ecs.liveTasks("v1").length, 1, "both surplus tasks stopped in this run");
    assert.equal((await queryVersion(h.deps, "v1")).length, 1);
  });

  it("GIVEN an orphan task WHEN its adoption's answer is lost THEN it has exactly one row, keyed by its task ARN, and no error", async () => {
    await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 4 }]);
    const run = await h.deps.ecs.send(
      new RunTaskCommand({
        cluster: h.deps.config.clusterArn,
        taskDefinition: h.taskDefArn,
        count: 1,
        startedBy: h.deps.config.startedBy,
        group: "hotpool:v1",
        tags: [{ key: VERSION_TAG, value: "v1" }],
        networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0aaa"] } },
      }),
    );
    const arn = run.tasks?.[0]?.taskArn as string;
    h.ecs.runPending();
    h.clock!.advance(h.deps.config.orphanGraceMs + 1);
    h.dynamoFaults.loseNext("PutItem", 1, conditionHas("attribute_not_exists"));
    const res = await reconcile(h.deps);
    assert.equal(res.errors, 0);
    const rows = (await queryVersion(h.deps, "v1")).filter((r) => r.TaskArn === arn);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.UUID, rowKeyOf(arn), "the row key is derived from the task ARN");
    assert.equal(h.ecs.liveTasks("v1").length, 4, "nothing extra started");
  });
});
