import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkInt } from "./checks";

export interface ServiceAlarmsArgs {
  /** SNS topic that every alarm (and its recovery) notifies. */
  readonly topicArn: pulumi.Input<string>;
  /** Average CPU percent that alarms. @default 80 */
  readonly cpuPercent?: number;
  /** Average memory percent that alarms. @default 80 */
  readonly memoryPercent?: number;
  /** Target 5xx responses per 5 minutes that alarm (ALB only). @default 10 */
  readonly http5xxCount?: number;
  /** Periods (60 s) over threshold before an alarm fires. @default 3 */
  readonly evaluationPeriods?: number;
}

/** Throws on invalid args. Pure; exported for tests. */
export function validateServiceAlarmsArgs(prefix: string, a: ServiceAlarmsArgs): void {
  checkInt(prefix, "alarms.cpuPercent", a.cpuPercent, 1, 100, "use a percentage from 1 to 100");
  checkInt(prefix, "alarms.memoryPercent", a.memoryPercent, 1, 100, "use a percentage from 1 to 100");
  checkInt(prefix, "alarms.http5xxCount", a.http5xxCount, 1, 1_000_000);
  checkInt(prefix, "alarms.evaluationPeriods", a.evaluationPeriods, 1, 100);
}

export interface AlarmRefs {
  readonly clusterName: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  /** ALB and target group `arnSuffix`es, when the service is behind an ALB. */
  readonly alb?: AlbAlarmRefs;
}

export interface AlbAlarmRefs {
  readonly loadBalancer: pulumi.Input<string>;
  readonly targetGroup: pulumi.Input<string>;
  /**
   * The alternate target group of a blue/green, canary or linear service: production traffic
   * moves between the two at every deployment, so the alarms watch both.
   */
  readonly alternateTargetGroup?: pulumi.Input<string>;
}

/** CPU, memory, target 5xx and unhealthy-host alarms of a service, all notifying the topic. */
export function createServiceAlarms(
  name: string,
  parent: pulumi.Resource,
  refs: AlarmRefs,
  a: ServiceAlarmsArgs,
): aws.cloudwatch.MetricAlarm[] {
  return [
    ...createEcsAlarms(name, parent, refs, a),
    ...(refs.alb ? createAlbAlarms(name, parent, refs.alb, a) : []),
  ];
}

const notifications = (a: ServiceAlarmsArgs) => ({ alarmActions: [a.topicArn], okActions: [a.topicArn] });

/** CPU and memory alarms of the ECS service. */
export function createEcsAlarms(
  name: string,
  parent: pulumi.Resource,
  refs: Omit<AlarmRefs, "alb">,
  a: ServiceAlarmsArgs,
): aws.cloudwatch.MetricAlarm[] {
  const periods = a.evaluationPeriods ?? 3;
  const notify = notifications(a);
  const ecs = {
    namespace: "AWS/ECS",
    dimensions: { ClusterName: refs.clusterName, ServiceName: refs.serviceName },
  };
  return [
    new aws.cloudwatch.MetricAlarm(
      `${name}-cpu-high`,
      {
        ...ecs,
        ...notify,
        alarmDescription: `${name}: average CPU ≥ ${a.cpuPercent ?? 80}%`,
        metricName: "CPUUtilization",
        statistic: "Average",
        period: 60,
        evaluationPeriods: periods,
        threshold: a.cpuPercent ?? 80,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
      },
      { parent },
    ),
    new aws.cloudwatch.MetricAlarm(
      `${name}-memory-high`,
      {
        ...ecs,
        ...notify,
        alarmDescription: `${name}: average memory ≥ ${a.memoryPercent ?? 80}%`,
        metricName: "MemoryUtilization",
        statistic: "Average",
        period: 60,
        evaluationPeriods: periods,
        threshold: a.memoryPercent ?? 80,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
      },
      { parent },
    ),
  ];
}

/**
 * Target 5xx and unhealthy-host alarms on the ALB target group. With an alternate target group
 * both are summed (5xx) or maxed (unhealthy hosts) with metric math, so the alarms follow
 * production traffic whichever group serves it; they are also the deployment's rollback alarms.
 */
export function createAlbAlarms(
  name: string,
  parent: pulumi.Resource,
  alb: AlbAlarmRefs,
  a: ServiceAlarmsArgs,
): aws.cloudwatch.MetricAlarm[] {
  const periods = a.evaluationPeriods ?? 3;
  const notify = notifications(a);
  const metric = (
    metricName: string,
    stat: string,
    period: number,
    expression: (ids: string) => string,
    label: string,
  ) => {
    if (alb.alternateTargetGroup === undefined) {
      return {
        namespace: "AWS/ApplicationELB",
        metricName,
        dimensions: { LoadBalancer: alb.loadBalancer, TargetGroup: alb.targetGroup },
        statistic: stat,
        period,
      };
    }
    const groups = [alb.targetGroup, alb.alternateTargetGroup];
    return {
      metricQueries: [
        { id: "e1", expression: expression("FILL(m1, 0), FILL(m2, 0)"), label, returnData: true },
        ...groups.map((tg, i) => ({
          id: `m${i + 1}`,
          returnData: false,
          metric: {
            namespace: "AWS/ApplicationELB",
            metricName,
            dimensions: { LoadBalancer: alb.loadBalancer, TargetGroup: tg },
            stat,
            period,
          },
        })),
      ],
    };
  };
  return [
    new aws.cloudwatch.MetricAlarm(
      `${name}-5xx`,
      {
        ...notify,
        alarmDescription: `${name}: ≥ ${a.http5xxCount ?? 10} target 5xx responses in 5 minutes`,
        ...metric(
          "HTTPCode_Target_5XX_Count",
          "Sum",
          300,
          (m) => `SUM([${m}])`,
          "target 5xx, both target groups",
        ),
        evaluationPeriods: 1,
        threshold: a.http5xxCount ?? 10,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
      },
      { parent },
    ),
    new aws.cloudwatch.MetricAlarm(
      `${name}-unhealthy`,
      {
        ...notify,
        alarmDescription: `${name}: unhealthy targets behind the ALB`,
        ...metric(
          "UnHealthyHostCount",
          "Maximum",
          60,
          (m) => `MAX([${m}])`,
          "unhealthy targets, either target group",
        ),
        evaluationPeriods: periods,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
      },
      { parent },
    ),
  ];
}
