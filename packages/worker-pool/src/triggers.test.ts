import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runPulumi, runPulumiExpectingError, type Recording } from "@acs/testkit";
import { POOL_STREAM_FILTER_PATTERNS } from "@acs/worker-pool-runtime/schema";
import { Triggers, type TriggersArgs } from "./triggers";
import { CLUSTER_ARN, FAKE_CODE, provider, TASK_DEF_ARN } from "./test/fixture";

const POOL_STREAM =
  "arn:aws:dynamodb:us-east-1:123456789012:table/app-worker-manager-hotpool-dev/stream/2026-11-01T00:00:00.000";
const PLAN_STREAM =
  "arn:aws:dynamodb:us-east-1:123456789012:table/app-dummy-service-task-definitions-dev/stream/2026-11-01T00:00:00.000";
const DLQ = "arn:aws:sqs:us-east-1:123456789012:acs-dev-worker-manager-dlq";

async function triggers(overrides: Partial<TriggersArgs> = {}): Promise<Recording> {
  return runPulumi(() => {
    const opts = { provider: provider() };
    const fn = (name: string) =>
      new aws.lambda.Function(
        name,
        {
          name,
          runtime: "nodejs22.x",
          handler: "index.h",
          role: "arn:aws:iam::123456789012:role/r",
          code: FAKE_CODE,
        },
        opts,
      );
    new Triggers(
      "pool",
      {
        manager: fn("manager"),
        pipeline: fn("pipeline"),
        planStreamArn: PLAN_STREAM,
        poolStreamArn: POOL_STREAM,
        deadLetterQueueArn: DLQ,
        clusterArn: CLUSTER_ARN,
        taskDefinitionArn: TASK_DEF_ARN,
        startedBy: "acs-worker-pool-dev",
        repositoryName: "acs-dev-worker",
        ...overrides,
      },
      opts,
    );
  });
}
const RULE = "aws:cloudwatch/eventRule:EventRule";
const ESM = "aws:lambda/eventSourceMapping:EventSourceMapping";

describe("Triggers", () => {
  it("reconciles every 15 minutes by default, or on the configured schedule", async () => {
    assert.equal((await triggers()).one(RULE, "pool-schedule").inputs.scheduleExpression, "rate(15 minutes)");
    assert.equal(
      (await triggers({ schedule: "rate(5 minutes)" })).one(RULE, "pool-schedule").inputs.scheduleExpression,
      "rate(5 minutes)",
    );
  });

  it("invokes the manager from the pool stream only for claims, returns and TTL expiry, with failures to the dead-letter queue", async () => {
    const rec = await triggers();
    const esm = rec.ofType(ESM).find((m) => m.inputs.eventSourceArn === POOL_STREAM);
    assert.ok(esm, "no mapping on the pool stream");
    assert.equal(
      esm.inputs.functionName,
      rec.one("aws:lambda/function:Function", "manager").outputs.arn,
      esm.urn,
    );
    const patterns = esm.inputs.filterCriteria.filters.map((f: { pattern: string }) => JSON.parse(f.pattern));
    assert.deepEqual(patterns, [...POOL_STREAM_FILTER_PATTERNS]);
    assert.deepEqual(patterns[0], {
      eventName: ["REMOVE"],
      userIdentity: { type: ["Service"], principalId: ["dynamodb.amazonaws.com"] },
    });
    assert.deepEqual(patterns[1], {
      eventName: ["MODIFY"],
      dynamodb: { OldImage: { Available: { S: ["Y"] } }, NewImage: { Available: { S: ["N"] } } },
    });
    assert.deepEqual(
      patterns[3],
      {
        eventName: ["MODIFY"],
        dynamodb: { OldImage: { Available: { S: ["N"] } }, NewImage: { Available: { S: ["R"] } } },
      },
      "a retire (N→R) invokes the manager, which stops the task",
    );
    assert.equal(esm.inputs.destinationConfig.onFailure.destinationArn, DLQ, esm.urn);
    assert.equal(esm.inputs.startingPosition, "LATEST", esm.urn);
  });

  it("invokes the manager on every plan change (ScaleTo, Pooling)", async () => {
    const esm = (await triggers()).ofType(ESM).find((m) => m.inputs.eventSourceArn === PLAN_STREAM);
    assert.ok(esm, "no mapping on the plan stream");
    assert.equal(esm.inputs.filterCriteria, undefined, esm.urn);
  });

  it("matches RUNNING and STOPPED tasks of the worker family (every revision) that the manager started in the cluster", async () => {
    const rule = (await triggers()).one(RULE, "pool-task-state");
    assert.deepEqual(JSON.parse(rule.inputs.eventPattern), {
      source: ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      detail: {
        clusterArn: [CLUSTER_ARN],
        lastStatus: ["RUNNING", "STOPPED"],
        taskDefinitionArn: [{ prefix: "arn:aws:ecs:us-east-1:123456789012:task-definition/acs-dev-worker:" }],
        startedBy: ["acs-worker-pool-dev"],
      },
    });
  });

  it("WHEN the task-state rule was named task-stopped THEN its rule, permission and target are aliased, not replaced", async () => {
    const rec = await triggers();
    for (const [type, tail] of [
      [RULE, ""],
      ["aws:lambda/permission:Permission", "-invoke"],
      ["aws:cloudwatch/eventTarget:EventTarget", "-target"],
    ] as const) {
      const r = rec.one(type, `pool-task-state${tail}`);
      assert.equal(r.options.aliases.length, 1, r.urn);
      assert.match(r.options.aliases[0]!, new RegExp(`pool-task-stopped${tail}`), r.urn);
    }
  });

  it("sends successful pushes and cross-region replications to the worker repository to the pipeline", async () => {
    const rec = await triggers();
    const rule = rec.one(RULE, "pool-image-pushed");
    assert.deepEqual(JSON.parse(rule.inputs.eventPattern), {
      source: ["aws.ecr"],
      "detail-type": ["ECR Image Action", "ECR Replication Action"],
      detail: {
        "action-type": ["PUSH", "REPLICATE"],
        result: ["SUCCESS"],
        "repository-name": ["acs-dev-worker"],
      },
    });
    const target = rec.one("aws:cloudwatch/eventTarget:EventTarget", "pool-image-pushed-target");
    assert.equal(target.inputs.arn, rec.one("aws:lambda/function:Function", "pipeline").outputs.arn);
  });

  it("lets EventBridge invoke each target only from its own rule", async () => {
    const rec = await triggers();
    for (const [rule, fn] of [
      ["schedule", "manager"],
      ["task-state", "manager"],
      ["image-pushed", "pipeline"],
    ]) {
      const p = rec.one("aws:lambda/permission:Permission", `pool-${rule}-invoke`);
      assert.equal(p.inputs.principal, "events.amazonaws.com", p.urn);
      assert.equal(p.inputs.function, fn, p.urn);
      assert.equal(p.inputs.sourceArn, rec.one(RULE, `pool-${rule}`).outputs.arn, p.urn);
      const t = rec.one("aws:cloudwatch/eventTarget:EventTarget", `pool-${rule}-target`);
      assert.equal(t.inputs.rule, rec.one(RULE, `pool-${rule}`).outputs.name, t.urn);
    }
  });

  describe("rejects a bad schedule before creating anything", () => {
    for (const [schedule, fix] of [
      ["rate(30 seconds)", /schedule is "rate\(30 seconds\)": .*nothing faster than 1 minute/],
      ["every quarter hour", /schedule is "every quarter hour": use "rate\(N minutes\|hours\|days\)"/],
    ] as const) {
      it(schedule, async () => {
        const err = await runPulumiExpectingError(() => new Triggers("pool", { schedule } as TriggersArgs));
        assert.match(err.message, fix);
        assert.equal(err.recording.custom.length, 0, "nothing registered");
      });
    }
  });
});
