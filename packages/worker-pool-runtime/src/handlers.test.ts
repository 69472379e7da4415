import assert from "node:assert/strict";
import { createHarness, type Harness } from "../local/harness";
import { loadConfig } from "./config";
import { reconcileHandler, resetHandlerState, triggerOf } from "./handlers";
import { queryVersion } from "./reconcile";

const config = loadConfig("reconcile", {
  PLAN_TABLE: "plan-t",
  POOL_TABLE: "pool-t",
  CLUSTER_ARN: "arn:aws:ecs:us-east-1:123456789012:cluster/c",
  SUBNET_IDS: "subnet-1",
  SECURITY_GROUP_IDS: "sg-1",
  WORKER_PORT: "80",
  STARTED_BY: "mgr",
});
const deps = { config };
let n = 0;
const streamArn = (table: string) =>
  `arn:aws:dynamodb:us-east-1:123456789012:table/${table}/stream/2025-01-01T00:00:00.000`;
const image = (a: string) => ({ Available: { S: a } });

describe("handlers", () => {
  it("reconciles on a schedule, on a task-state change of our tasks, and on plan changes", () => {
    assert.equal(triggerOf({ "detail-type": "Scheduled Event", source: "aws.events" }, deps), "schedule");
    assert.equal(
      triggerOf({ "detail-type": "ECS Task State Change", detail: { startedBy: "mgr" } }, deps),
      "task-state",
    );
    assert.equal(
      triggerOf({ Records: [{ eventName: "MODIFY", eventSourceARN: streamArn("plan-t") }] }, deps),
      "stream",
    );
  });

  it("reconciles when one of our tasks reaches RUNNING, so its row becomes claimable at once", () => {
    for (const lastStatus of ["RUNNING", "STOPPED"]) {
      const event = {
        source: "aws.ecs",
        "detail-type": "ECS Task State Change",
        detail: { lastStatus, desiredStatus: "RUNNING", startedBy: "mgr" },
      };
      assert.equal(triggerOf(event, deps), "task-state", lastStatus);
    }
  });

  it("ignores other tasks' state changes and the manager's own pool writes", () => {
    assert.equal(
      triggerOf({ "detail-type": "ECS Task State Change", detail: { startedBy: "someone" } }, deps),
      undefined,
    );
    const own = [
      { eventName: "INSERT", eventSourceARN: streamArn("pool-t"), dynamodb: { NewImage: image("P") } },
      {
        eventName: "MODIFY",
        eventSourceARN: streamArn("pool-t"),
        dynamodb: { OldImage: image("P"), NewImage: image("Y") },
      },
      { eventName: "REMOVE", eventSourceARN: streamArn("pool-t"), dynamodb: { OldImage: image("Y") } },
    ];
    assert.equal(triggerOf({ Records: own }, deps), undefined);
  });

  it("reacts to DynamoDB's TTL deletion of a row that never came up, not to other deletions", () => {
    const expired = {
      eventName: "REMOVE",
      eventSourceARN: streamArn("pool-t"),
      userIdentity: { type: "Service", principalId: "dynamodb.amazonaws.com" },
      dynamodb: { OldImage: image("P") },
    };
    const retired = {
      eventName: "REMOVE",
      eventSourceARN: streamArn("pool-t"),
      dynamodb: { OldImage: image("N") },
    };
    assert.equal(triggerOf({ Records: [expired] }, deps), "stream");
    assert.equal(triggerOf({ Records: [retired] }, deps), undefined);
  });

  it("reacts to a claim or a return in the pool stream", () => {
    const claim = {
      eventName: "MODIFY",
      eventSourceARN: streamArn("pool-t"),
      dynamodb: { OldImage: image("Y"), NewImage: image("N") },
    };
    const ret = {
      eventName: "MODIFY",
      eventSourceARN: streamArn("pool-t"),
      dynamodb: { OldImage: image("N"), NewImage: image("Y") },
    };
    assert.equal(triggerOf({ Records: [claim] }, deps), "stream");
    assert.equal(triggerOf({ Records: [ret] }, deps), "stream");
  });

  it("reacts to a retire in the pool stream, so the manager stops the retired worker's task", () => {
    const retire = {
      eventName: "MODIFY",
      eventSourceARN: streamArn("pool-t"),
      dynamodb: { OldImage: image("N"), NewImage: image("R") },
    };
    assert.equal(triggerOf({ Records: [retire] }, deps), "stream");
  });

  describe("reconcileHandler", () => {
    let h: Harness;
    let saved: NodeJS.ProcessEnv = {};
    beforeEach(async () => {
      saved = { ...process.env };
      h = await createHarness({ env: `hdl${++n}` });
      resetHandlerState();
    });
    afterEach(async () => {
      await h.close();
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      resetHandlerState();
    });

    it("fails at cold start with a message naming the bad variable, its value and the fix", async () => {
      Object.assign(process.env, {
        PLAN_TABLE: "p",
        POOL_TABLE: "q",
        CLUSTER_ARN: "my-cluster",
        SUBNET_IDS: "subnet-1",
        SECURITY_GROUP_IDS: "sg-1",
        WORKER_PORT: "80",
      });
      await assert.rejects(
        reconcileHandler({ source: "aws.events" }),
        /CLUSTER_ARN is "my-cluster": expected a cluster ARN, e\.g\. arn:aws:ecs:/,
      );
    });

    it("runs one reconcile from the environment, on clients built with the SDK defaults", async () => {
      await h.seedPlan([{ WorkerVersion: "v1", ScaleTo: 2 }]);
      const c = h.deps.config;
      Object.assign(process.env, {
        PLAN_TABLE: c.planTable,
        POOL_TABLE: c.poolTable,
        CLUSTER_ARN: c.clusterArn,
        SUBNET_IDS: c.subnetIds.join(","),
        SECURITY_GROUP_IDS: c.securityGroupIds.join(","),
        WORKER_PORT: "8080",
        STARTED_BY: c.startedBy,
        INDEX_SETTLE_MS: "0",
        POWERTOOLS_LOG_LEVEL: "SILENT",
      });
      const res = await reconcileHandler({ "detail-type": "Scheduled Event", source: "aws.events" });
      assert.equal(res.outcome, "acted");
      assert.equal((await queryVersion(h.deps, "v1")).length, 2);
      assert.equal(h.ecs.liveTasks("v1").length, 2);
    });
  });
});
