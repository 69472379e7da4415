import * as assert from "node:assert/strict";
import { runPulumi, runPulumiExpectingError, type Recording } from "@acs/testkit";
import { PoolAlarms, type PoolAlarmsArgs } from "./alarms";
import { METRICS_NAMESPACE } from "@acs/worker-pool-runtime";
import { POOL_METRICS } from "./names";
import { provider } from "./test/fixture";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:acs-dev-alerts";
const args: PoolAlarmsArgs = {
  env: "dev",
  alarmTopicArn: TOPIC,
  managerFunctionName: "acs-dev-worker-manager",
  pipelineFunctionName: "acs-dev-worker-pipeline",
  deadLetterQueueName: "acs-dev-worker-manager-dlq",
};
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

async function alarms(a: PoolAlarmsArgs = args): Promise<Recording> {
  return runPulumi(() => void new PoolAlarms("pool", a, { provider: provider() }));
}

describe("PoolAlarms", () => {
  it("notifies the environment's topic on alarm and on recovery, for every alarm", async () => {
    const rec = await alarms();
    assert.equal(rec.ofType(ALARM).length, 5);
    for (const a of rec.ofType(ALARM)) {
      assert.deepEqual(a.inputs.alarmActions, [TOPIC], a.urn);
      assert.deepEqual(a.inputs.okActions, [TOPIC], a.urn);
    }
  });

  it("alarms on any manager or pipeline error", async () => {
    const rec = await alarms();
    for (const [name, fn] of [
      ["manager-errors", "acs-dev-worker-manager"],
      ["pipeline-errors", "acs-dev-worker-pipeline"],
    ]) {
      const a = rec.one(ALARM, `pool-${name}`);
      assert.deepEqual(
        [a.inputs.namespace, a.inputs.metricName, a.inputs.dimensions],
        ["AWS/Lambda", "Errors", { FunctionName: fn }],
        a.urn,
      );
      assert.deepEqual(
        [a.inputs.statistic, a.inputs.comparisonOperator, a.inputs.threshold],
        ["Sum", "GreaterThanThreshold", 0],
        a.urn,
      );
    }
  });

  it("alarms when anything waits in the dead-letter queue", async () => {
    const a = (await alarms()).one(ALARM, "pool-dead-letters");
    assert.deepEqual(
      [a.inputs.namespace, a.inputs.metricName, a.inputs.dimensions],
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: "acs-dev-worker-manager-dlq" }],
    );
    assert.deepEqual(
      [a.inputs.statistic, a.inputs.comparisonOperator, a.inputs.threshold],
      ["Maximum", "GreaterThanThreshold", 0],
    );
  });

  it("alarms when some version stays below its target for two reconcile periods, over the runtime's namespace", async () => {
    const a = (await alarms()).one(ALARM, "pool-below-target");
    assert.equal(
      POOL_METRICS.namespace,
      METRICS_NAMESPACE,
      "the alarm watches the namespace the runtime emits to",
    );
    assert.deepEqual(
      a.inputs.metricQueries.map((q: { expression: string; period: number }) => [q.expression, q.period]),
      [['SELECT MAX(Deficit) FROM "ACS/WorkerPool"', 900]],
    );
    assert.deepEqual(
      [
        a.inputs.evaluationPeriods,
        a.inputs.datapointsToAlarm,
        a.inputs.comparisonOperator,
        a.inputs.threshold,
      ],
      [2, 2, "GreaterThanThreshold", 0],
    );
  });

  it("alarms when some version has fewer idle workers than ScaleTo for longer than the pending timeout, whatever the cause", async () => {
    const a = (await alarms()).one(ALARM, "pool-idle-shortfall");
    assert.deepEqual(
      a.inputs.metricQueries.map((q: { expression: string; period: number }) => [q.expression, q.period]),
      [['SELECT MAX(IdleShortfall) FROM "ACS/WorkerPool"', 900]],
    );
    assert.ok(a.inputs.evaluationPeriods * 900 > 600, "waits longer than the pending timeout");
    assert.deepEqual(
      [a.inputs.datapointsToAlarm, a.inputs.comparisonOperator, a.inputs.threshold],
      [a.inputs.evaluationPeriods, "GreaterThanThreshold", 0],
    );
  });

  it("GIVEN a faster schedule WHEN the pool alarms are built THEN their period follows it and the shortfall alarm still outlasts the pending timeout", async () => {
    const rec = await alarms({ ...args, schedule: "rate(2 minutes)" });
    for (const name of ["pool-below-target", "pool-idle-shortfall"]) {
      assert.equal(rec.one(ALARM, name).inputs.metricQueries[0].period, 120, name);
    }
    const shortfall = rec.one(ALARM, "pool-idle-shortfall");
    assert.equal(shortfall.inputs.evaluationPeriods, 6, "6 × 120 s > 600 s");
  });

  describe("rejects bad input before creating anything", () => {
    const rejects = async (a: PoolAlarmsArgs, fix: RegExp) => {
      const err = await runPulumiExpectingError(() => new PoolAlarms("pool", a));
      assert.match(err.message, fix);
      assert.equal(err.recording.custom.length, 0, "nothing registered");
    };
    it("zero evaluation periods", () =>
      rejects({ ...args, belowTargetPeriods: 0 }, /belowTargetPeriods is 0; use 1 to 12 periods/));
    it("a period shorter than the schedule's interval (periods without data never alarm)", () =>
      rejects(
        { ...args, schedule: "rate(30 minutes)", belowTargetPeriodSeconds: 900 },
        /belowTargetPeriodSeconds is 900 but schedule "rate\(30 minutes\)" runs every 1800 s, so some periods would have no data and the alarms would never fire; use at least 1800/,
      ));
    it("a cron schedule whose interval cannot be read, without a period", () =>
      rejects(
        { ...args, schedule: "cron(0 8 ? * MON-FRI *)" },
        /schedule is "cron\(0 8 \? \* MON-FRI \*\)", whose interval cannot be read from the expression; set belowTargetPeriodSeconds/,
      ));
    it("a schedule too slow for a Metrics Insights alarm", () =>
      rejects({ ...args, schedule: "rate(1 day)" }, /at most 3 hours/));
    it("a period that is not whole minutes", () =>
      rejects(
        { ...args, belowTargetPeriodSeconds: 930 },
        /belowTargetPeriodSeconds is 930; use a multiple of 60/,
      ));
  });
});
