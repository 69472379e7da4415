import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { POOL_METRICS } from "./names";

export interface PoolAlarmsArgs {
  /** Environment name, used in alarm names. */
  readonly env: string;
  /** The topic every alarm notifies (on ALARM and on OK). */
  readonly alarmTopicArn: pulumi.Input<string>;
  /** The reconcile function's name. */
  readonly managerFunctionName: pulumi.Input<string>;
  /** The pipeline function's name. */
  readonly pipelineFunctionName: pulumi.Input<string>;
  /** The dead-letter queue's name. */
  readonly deadLetterQueueName: pulumi.Input<string>;
  /**
   * How long a version may stay below its target before the alarm fires, in reconcile periods of
   * `belowTargetPeriodSeconds`.
   * @default 2
   */
  readonly belowTargetPeriods?: number;
  /**
   * Period of the below-target alarm, seconds (the schedule's interval: the manager reports once per run).
   * @default 900
   */
  readonly belowTargetPeriodSeconds?: number;
}

/** Throws on invalid args, naming the arg, the value and the fix. Pure; exported for tests. */
export function validatePoolAlarmsArgs(args: PoolAlarmsArgs): void {
  const periods = args.belowTargetPeriods ?? 2;
  if (!Number.isInteger(periods) || periods < 1 || periods > 12) {
    throw new Error(
      `PoolAlarms: belowTargetPeriods is ${periods}; use 1 to 12 periods (Metrics Insights alarms see the last 3 hours), e.g. 2`,
    );
  }
  const period = args.belowTargetPeriodSeconds ?? 900;
  if (!Number.isInteger(period) || period < 60 || period % 60 !== 0 || period * periods > 3 * 3600) {
    throw new Error(
      `PoolAlarms: belowTargetPeriodSeconds is ${period}; use a multiple of 60 such that belowTargetPeriods × period is at most 3 hours, e.g. 900`,
    );
  }
}

/**
 * The hot pool's alarms, all to the environment's topic: manager and pipeline errors, messages in
 * the dead-letter queue, and a pooled version staying below its target (a Metrics Insights query
 * over the runtime's per-version `Deficit` metric, so new versions are covered without a deploy).
 */
export class PoolAlarms extends pulumi.ComponentResource {
  /** Errors of the reconcile function. */
  public readonly managerErrors: aws.cloudwatch.MetricAlarm;
  /** Errors of the pipeline function. */
  public readonly pipelineErrors: aws.cloudwatch.MetricAlarm;
  /** Failed invocations or stream batches waiting in the dead-letter queue. */
  public readonly deadLetters: aws.cloudwatch.MetricAlarm;
  /** Some pooled version has had fewer idle workers than its ScaleTo for several reconcile periods. */
  public readonly belowTarget: aws.cloudwatch.MetricAlarm;

  constructor(name: string, args: PoolAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    validatePoolAlarmsArgs(args);
    super("acs:worker-pool:PoolAlarms", name, {}, opts);
    const actions = { alarmActions: [args.alarmTopicArn], okActions: [args.alarmTopicArn] };

    const errors = (suffix: string, functionName: pulumi.Input<string>, what: string) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${suffix}`,
        {
          name: `acs-${args.env}-worker-pool-${suffix}`,
          alarmDescription: `${what} failed (see its log group; failed events are in the dead-letter queue)`,
          namespace: "AWS/Lambda",
          metricName: "Errors",
          dimensions: { FunctionName: functionName },
          statistic: "Sum",
          period: 300,
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
          ...actions,
        },
        { parent: this },
      );
    this.managerErrors = errors("manager-errors", args.managerFunctionName, "The hot-pool manager");
    this.pipelineErrors = errors("pipeline-errors", args.pipelineFunctionName, "The worker pipeline");

    this.deadLetters = new aws.cloudwatch.MetricAlarm(
      `${name}-dead-letters`,
      {
        name: `acs-${args.env}-worker-pool-dead-letters`,
        alarmDescription:
          "Failed hot-pool invocations or stream batches are waiting in the dead-letter queue",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: args.deadLetterQueueName },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        ...actions,
      },
      { parent: this },
    );

    const periods = args.belowTargetPeriods ?? 2;
    this.belowTarget = new aws.cloudwatch.MetricAlarm(
      `${name}-below-target`,
      {
        name: `acs-${args.env}-worker-pool-below-target`,
        alarmDescription: `A pooled worker version has had fewer idle workers than its ScaleTo for ${periods} reconcile periods`,
        metricQueries: [
          {
            id: "deficit",
            expression: `SELECT MAX(${POOL_METRICS.deficit}) FROM "${POOL_METRICS.namespace}"`,
            period: args.belowTargetPeriodSeconds ?? 900,
            label: "Largest per-version deficit (ScaleTo - idle)",
            returnData: true,
          },
        ],
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        ...actions,
      },
      { parent: this },
    );

    this.registerOutputs({});
  }
}
