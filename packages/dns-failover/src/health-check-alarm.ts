import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Route 53 publishes health-check metrics only in us-east-1. */
export const HEALTH_CHECK_METRICS_REGION = "us-east-1";

export interface HealthCheckAlarmArgs {
  /** The Route 53 health check to watch. */
  readonly healthCheckId: pulumi.Input<string>;
  /**
   * SNS topic notified on ALARM and OK. Must be in us-east-1 like the alarm (CloudWatch
   * actions cannot reach another region's topic).
   */
  readonly topicArn: pulumi.Input<string>;
  /** What is checked, for the alarm's description (e.g. `lb.dev.app.com/app/health`). */
  readonly description: string;
  /**
   * Consecutive 1-minute periods unhealthy before the alarm fires.
   * @default 1 (the health check already waits for its failure threshold)
   */
  readonly evaluationPeriods?: number;
}

/** Throws on invalid args. Pure; exported for tests. */
export function validateHealthCheckAlarmArgs(args: HealthCheckAlarmArgs): void {
  const arn = args.topicArn;
  if (typeof arn === "string") {
    const region = arn.split(":")[3];
    if (!arn.startsWith("arn:") || region !== HEALTH_CHECK_METRICS_REGION) {
      throw new Error(
        `HealthCheckAlarm: \`topicArn\` is "${arn}", which is not an SNS topic in ${HEALTH_CHECK_METRICS_REGION}; the alarm must live in ${HEALTH_CHECK_METRICS_REGION} (where Route 53 publishes HealthCheckStatus) and can notify only a topic there, so create one in ${HEALTH_CHECK_METRICS_REGION}`,
      );
    }
  }
  const n = args.evaluationPeriods;
  if (n !== undefined && (!Number.isInteger(n) || n < 1))
    throw new Error(`HealthCheckAlarm: \`evaluationPeriods\` is ${n}; use a whole number ≥ 1 (default 1)`);
}

/**
 * A CloudWatch alarm on `AWS/Route53` `HealthCheckStatus` (1 healthy, 0 unhealthy) for one
 * health check. Create it with a us-east-1 provider: the metric exists only there.
 */
export class HealthCheckAlarm extends pulumi.ComponentResource {
  /** The alarm (fires when the minimum HealthCheckStatus of a minute is below 1). */
  public readonly alarm: aws.cloudwatch.MetricAlarm;

  constructor(name: string, args: HealthCheckAlarmArgs, opts?: pulumi.ComponentResourceOptions) {
    super("acs:dns-failover:HealthCheckAlarm", name, {}, opts);
    validateHealthCheckAlarmArgs(args);
    this.alarm = new aws.cloudwatch.MetricAlarm(
      `${name}-alarm`,
      {
        alarmDescription: `Route 53 health check of ${args.description} is failing: traffic on the failover name may have moved to the secondary (see the dns-failover runbook)`,
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        dimensions: { HealthCheckId: args.healthCheckId },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: args.evaluationPeriods ?? 1,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        // No data means Route 53 is not reporting (e.g. the check was deleted): worth a look.
        treatMissingData: "breaching",
        alarmActions: [args.topicArn],
        okActions: [args.topicArn],
      },
      { parent: this },
    );
    this.registerOutputs({ alarmArn: this.alarm.arn });
  }
}
