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
  readonly alb?: { readonly loadBalancer: pulumi.Input<string>; readonly targetGroup: pulumi.Input<string> };
}

/** CPU, memory, target 5xx and unhealthy-host alarms of a service, all notifying the topic. */
export function createServiceAlarms(
  name: string,
  parent: pulumi.Resource,
  refs: AlarmRefs,
  a: ServiceAlarmsArgs,
): aws.cloudwatch.MetricAlarm[] {
  const periods = a.evaluationPeriods ?? 3;
  const notify = { alarmActions: [a.topicArn], okActions: [a.topicArn] };
  const ecs = {
    namespace: "AWS/ECS",
    dimensions: { ClusterName: refs.clusterName, ServiceName: refs.serviceName },
  };
  const alarms = [
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
  if (refs.alb) {
    const dimensions = { LoadBalancer: refs.alb.loadBalancer, TargetGroup: refs.alb.targetGroup };
    alarms.push(
      new aws.cloudwatch.MetricAlarm(
        `${name}-5xx`,
        {
          ...notify,
          alarmDescription: `${name}: ≥ ${a.http5xxCount ?? 10} target 5xx responses in 5 minutes`,
          namespace: "AWS/ApplicationELB",
          metricName: "HTTPCode_Target_5XX_Count",
          dimensions,
          statistic: "Sum",
          period: 300,
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
          namespace: "AWS/ApplicationELB",
          metricName: "UnHealthyHostCount",
          dimensions,
          statistic: "Maximum",
          period: 60,
          evaluationPeriods: periods,
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
        },
        { parent },
      ),
    );
  }
  return alarms;
}
