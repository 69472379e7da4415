import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PENDING_TIMEOUT_DEFAULT_SECONDS } from "@acs/worker-pool-runtime/config";
import { POOL_METRICS } from "./names";
import { scheduleIntervalSeconds } from "./schedule";
import { DEFAULT_SCHEDULE } from "./triggers";

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
   * Period of the pool alarms (below target, idle shortfall), seconds. The manager reports once
   * per run, so a period shorter than the time between scheduled runs leaves periods without data,
   * which the alarms treat as not breaching: they would never fire. Must be at least the
   * schedule's interval.
   * @default the schedule's interval (900 for "rate(15 minutes)")
   */
  readonly belowTargetPeriodSeconds?: number;
  /**
   * The manager's schedule (what the pool alarms' period follows).
   * @default "rate(15 minutes)"
   */
  readonly schedule?: string;
  /**
   * The runtime's PENDING_TIMEOUT_SECONDS: the idle-shortfall alarm waits longer than this, so
   * workers that start normally never make it fire.
   * @default 600 (the runtime's default)
   */
  readonly pendingTimeoutSeconds?: number;
}

/** Longest evaluation window of a Metrics Insights alarm (it queries the last 3 hours). */
const INSIGHTS_WINDOW_SECONDS = 3 * 3600;

/** The pool alarms' period: the schedule's interval unless given (then at least that). Throws when it cannot tell. */
export function poolAlarmPeriodSeconds(
  args: Pick<PoolAlarmsArgs, "schedule" | "belowTargetPeriodSeconds">,
): number {
  const schedule = args.schedule ?? DEFAULT_SCHEDULE;
  const interval = scheduleIntervalSeconds(schedule);
  const period = args.belowTargetPeriodSeconds ?? interval;
  if (period === undefined) {
    throw new Error(
      `PoolAlarms: schedule is "${schedule}", whose interval cannot be read from the expression; set belowTargetPeriodSeconds to the longest time between two runs (a multiple of 60), e.g. 900`,
    );
  }
  if (interval !== undefined && period < interval) {
    throw new Error(
      `PoolAlarms: belowTargetPeriodSeconds is ${period} but schedule "${schedule}" runs every ${interval} s, so some periods would have no data and the alarms would never fire; use at least ${interval} or leave it unset`,
    );
  }
  return period;
}

/** Periods the idle-shortfall alarm needs: longer than the pending timeout, and at least 2. */
export function idleShortfallPeriods(periodSeconds: number, pendingTimeoutSeconds: number): number {
  return Math.max(2, Math.floor(pendingTimeoutSeconds / periodSeconds) + 1);
}

/** Throws on invalid args, naming the arg, the value and the fix. Pure; exported for tests. */
export function validatePoolAlarmsArgs(args: PoolAlarmsArgs): void {
  const periods = args.belowTargetPeriods ?? 2;
  if (!Number.isInteger(periods) || periods < 1 || periods > 12) {
    throw new Error(
      `PoolAlarms: belowTargetPeriods is ${periods}; use 1 to 12 periods (Metrics Insights alarms see the last 3 hours), e.g. 2`,
    );
  }
  const period = poolAlarmPeriodSeconds(args);
  if (
    !Number.isInteger(period) ||
    period < 60 ||
    period % 60 !== 0 ||
    period * periods > INSIGHTS_WINDOW_SECONDS
  ) {
    throw new Error(
      `PoolAlarms: belowTargetPeriodSeconds is ${period}; use a multiple of 60 such that belowTargetPeriods × period is at most 3 hours, e.g. 900`,
    );
  }
  const pending = args.pendingTimeoutSeconds ?? PENDING_TIMEOUT_DEFAULT_SECONDS;
  if (period * idleShortfallPeriods(period, pending) > INSIGHTS_WINDOW_SECONDS) {
    throw new Error(
      `PoolAlarms: the idle-shortfall alarm must look back longer than the pending timeout (${pending} s) in periods of ${period} s, which exceeds the 3 hours a Metrics Insights alarm sees; run the schedule more often (e.g. "rate(15 minutes)")`,
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
  /** Some pooled version could not start the workers it lacks for several reconcile periods. */
  public readonly belowTarget: aws.cloudwatch.MetricAlarm;
  /**
   * Some pooled version has had fewer idle workers than its ScaleTo for longer than the pending
   * timeout: what users feel, including workers that crash at start or cannot pull their image.
   */
  public readonly idleShortfall: aws.cloudwatch.MetricAlarm;

  constructor(name: string, args: PoolAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    validatePoolAlarmsArgs(args);
    super("acs:worker-pool:PoolAlarms", name, {}, opts);
    // Every alarm here fires on any value above 0, treats no data as healthy (no errors, no
    // messages, no deficit reported), and notifies on ALARM and on OK.
    const anyAboveZero = {
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [args.alarmTopicArn],
      okActions: [args.alarmTopicArn],
    };

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
          ...anyAboveZero,
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
        ...anyAboveZero,
      },
      { parent: this },
    );

    // A Metrics Insights query over one of the runtime's per-version metrics: new versions are
    // covered without a deploy. Fires when the largest value stays above 0 for `periods` periods.
    const period = poolAlarmPeriodSeconds(args);
    const perVersion = (
      suffix: string,
      q: { id: string; metric: string; label: string },
      periods: number,
      description: string,
    ) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${suffix}`,
        {
          name: `acs-${args.env}-worker-pool-${suffix}`,
          alarmDescription: description,
          metricQueries: [
            {
              id: q.id,
              expression: `SELECT MAX(${q.metric}) FROM "${POOL_METRICS.namespace}"`,
              period,
              label: q.label,
              returnData: true,
            },
          ],
          evaluationPeriods: periods,
          datapointsToAlarm: periods,
          ...anyAboveZero,
        },
        { parent: this },
      );

    const periods = args.belowTargetPeriods ?? 2;
    this.belowTarget = perVersion(
      "below-target",
      { id: "deficit", metric: POOL_METRICS.deficit, label: "Largest per-version deficit (ScaleTo - idle)" },
      periods,
      `A pooled worker version has had fewer idle workers than its ScaleTo for ${periods} reconcile periods`,
    );
    const shortfallPeriods = idleShortfallPeriods(
      period,
      args.pendingTimeoutSeconds ?? PENDING_TIMEOUT_DEFAULT_SECONDS,
    );
    this.idleShortfall = perVersion(
      "idle-shortfall",
      {
        id: "shortfall",
        metric: POOL_METRICS.idleShortfall,
        label: "Largest per-version idle shortfall (ScaleTo - idle)",
      },
      shortfallPeriods,
      `A pooled worker version has had fewer idle workers than its ScaleTo for ${shortfallPeriods} reconcile periods (longer than the pending timeout): workers crash at start, cannot pull their image, or are claimed faster than they start`,
    );

    this.registerOutputs({});
  }
}
