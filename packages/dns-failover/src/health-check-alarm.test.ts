import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { HealthCheckAlarm } from "./health-check-alarm";

describe("HealthCheckAlarm", () => {
  it("GIVEN a us-east-1 provider THEN alarms in us-east-1 on AWS/Route53 HealthCheckStatus of the check, notifying the topic", async () => {
    const rec = await runPulumi(
      () => {
        const usEast1 = new aws.Provider("use1", { region: "us-east-1" });
        new HealthCheckAlarm(
          "dev-primary",
          {
            healthCheckId: "hc-123",
            topicArn: "arn:aws:sns:us-east-1:123456789012:acs-dev-alerts",
            description: "lb.dev.app.com/app/health",
          },
          { provider: usEast1 },
        );
      },
      { region: "us-west-2" },
    );
    const a = rec.one("aws:cloudwatch/metricAlarm:MetricAlarm");
    assert.match(String(a.outputs.arn), /^arn:aws:cloudwatch:us-east-1:/, `${a.urn} must be in us-east-1`);
    assert.equal(a.inputs.namespace, "AWS/Route53");
    assert.equal(a.inputs.metricName, "HealthCheckStatus");
    assert.deepEqual(a.inputs.dimensions, { HealthCheckId: "hc-123" });
    assert.equal(a.inputs.comparisonOperator, "LessThanThreshold");
    assert.equal(a.inputs.threshold, 1);
    assert.equal(a.inputs.statistic, "Minimum");
    assert.deepEqual(a.inputs.alarmActions, ["arn:aws:sns:us-east-1:123456789012:acs-dev-alerts"]);
    assert.deepEqual(a.inputs.okActions, ["arn:aws:sns:us-east-1:123456789012:acs-dev-alerts"]);
  });

  it("rejects a topic outside us-east-1 (alarm actions cannot cross regions)", async () => {
    const err = await runPulumiExpectingError(
      () =>
        new HealthCheckAlarm("x", {
          healthCheckId: "hc",
          topicArn: "arn:aws:sns:us-west-2:123456789012:t",
          description: "d",
        }),
    );
    assert.match(
      err.message,
      /`topicArn` is "arn:aws:sns:us-west-2:123456789012:t", which is not an SNS topic in us-east-1;.*create one in us-east-1/,
    );
    assert.equal(err.recording.custom.length, 0);
  });

  it("rejects a non-positive evaluation period count", async () => {
    const err = await runPulumiExpectingError(
      () =>
        new HealthCheckAlarm("x", {
          healthCheckId: "hc",
          topicArn: "arn:aws:sns:us-east-1:1:t",
          description: "d",
          evaluationPeriods: 0,
        }),
    );
    assert.match(err.message, /`evaluationPeriods` is 0; use a whole number ≥ 1/);
    assert.equal(err.recording.custom.length, 0);
  });
});
