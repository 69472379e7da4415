import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkInt, fail } from "./checks";

export interface StepAdjustment {
  /** Lower bound of the step, relative to the alarm threshold. @default - no lower bound */
  readonly lowerBound?: number;
  /** Upper bound of the step, relative to the alarm threshold. @default - no upper bound */
  readonly upperBound?: number;
  /** Tasks to add (positive) or remove (negative). */
  readonly adjustment: number;
}

/** Step scaling driven by a CloudWatch alarm of the service's metrics. */
export interface StepScalingArgs {
  /** ECS service metric of the alarm. @default "CPUUtilization" */
  readonly metricName?: "CPUUtilization" | "MemoryUtilization";
  /** Threshold (percent) at or above which the alarm fires. */
  readonly threshold: number;
  /** Periods of 60 s above the threshold before it fires. @default 2 */
  readonly evaluationPeriods?: number;
  /** Steps, relative to the threshold. @default [{ lowerBound: 0, upperBound: 10, adjustment: 1 }, { lowerBound: 10, adjustment: 2 }] */
  readonly steps?: StepAdjustment[];
  /** @default 60 */
  readonly cooldownSeconds?: number;
}

/** A scheduled change of the scaling bounds (e.g. dev at zero overnight). */
export interface ScheduledScaling {
  /** Short name, unique per service (letters, digits, `-`). */
  readonly name: string;
  /** `cron(0 20 ? * MON-FRI *)`, `rate(…)` or `at(…)`. */
  readonly schedule: string;
  /** IANA time zone of the schedule. @default "UTC" */
  readonly timezone?: string;
  readonly minCount: number;
  readonly maxCount: number;
}

export interface AutoscalingArgs {
  /** Fewest tasks. */
  readonly minCount: number;
  /** Most tasks. */
  readonly maxCount: number;
  /** Target average CPU (percent); 0 turns CPU tracking off. @default 60 */
  readonly cpuTarget?: number;
  /** Target average memory (percent); 0 turns memory tracking off. @default 70 */
  readonly memoryTarget?: number;
  /** Target ALB requests per task per minute; needs an ALB target group. @default - off */
  readonly requestsPerTarget?: number;
  /** @default 300 */
  readonly scaleInCooldownSeconds?: number;
  /** @default 60 */
  readonly scaleOutCooldownSeconds?: number;
  /** @default - none */
  readonly stepScaling?: StepScalingArgs;
  /** @default [] */
  readonly scheduled?: ScheduledScaling[];
}

/** Throws on invalid args. Pure; exported for tests. */
export function validateAutoscalingArgs(prefix: string, a: AutoscalingArgs, hasAlb: boolean): void {
  checkInt(prefix, "autoscaling.minCount", a.minCount, 0, 5000, "use a count of 0 or more");
  checkInt(prefix, "autoscaling.maxCount", a.maxCount, 1, 5000, "use a count of 1 or more");
  if (a.minCount > a.maxCount)
    fail(
      prefix,
      `\`autoscaling.minCount\` ${a.minCount} is above \`autoscaling.maxCount\` ${a.maxCount}; make minCount ≤ maxCount`,
    );
  checkInt(
    prefix,
    "autoscaling.cpuTarget",
    a.cpuTarget,
    0,
    100,
    "use a percentage from 1 to 100, or 0 to turn it off",
  );
  checkInt(
    prefix,
    "autoscaling.memoryTarget",
    a.memoryTarget,
    0,
    100,
    "use a percentage from 1 to 100, or 0 to turn it off",
  );
  if (a.requestsPerTarget !== undefined) {
    checkInt(prefix, "autoscaling.requestsPerTarget", a.requestsPerTarget, 1, 1_000_000);
    if (!hasAlb)
      fail(
        prefix,
        "`autoscaling.requestsPerTarget` needs an ALB target group; set `alb` or remove requestsPerTarget",
      );
  }
  if (a.stepScaling)
    checkInt(
      prefix,
      "autoscaling.stepScaling.threshold",
      a.stepScaling.threshold,
      1,
      100,
      "use a percentage from 1 to 100",
    );
  const names = new Set<string>();
  (a.scheduled ?? []).forEach((s, i) => {
    const at = `autoscaling.scheduled[${i}]`;
    if (!/^[A-Za-z0-9-]{1,64}$/.test(s.name))
      fail(prefix, `\`${at}.name\` is ${JSON.stringify(s.name)}; use 1–64 letters, digits and "-"`);
    if (names.has(s.name)) fail(prefix, `\`${at}.name\` is "${s.name}", used twice; name each action once`);
    names.add(s.name);
    if (!/^(cron|rate|at)\(.+\)$/.test(s.schedule))
      fail(prefix, `\`${at}.schedule\` is ${JSON.stringify(s.schedule)}; use cron(…), rate(…) or at(…)`);
    if (s.minCount < 0 || s.minCount > s.maxCount)
      fail(
        prefix,
        `\`${at}\` has minCount ${s.minCount} and maxCount ${s.maxCount}; use 0 ≤ minCount ≤ maxCount`,
      );
  });
}

export interface AutoscalingTargetRefs {
  readonly clusterName: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  /** `<alb arnSuffix>/<target group arnSuffix>` for ALBRequestCountPerTarget. */
  readonly albResourceLabel?: pulumi.Input<string>;
  /**
   * A blue/green, canary or linear service's ALB `arnSuffix` and both target groups'
   * `arnSuffix`es: production traffic moves between the two groups at every deployment, and
   * ALBRequestCountPerTarget follows only one, so requests per target are computed over both.
   */
  readonly albBothTargetGroups?: {
    readonly loadBalancer: pulumi.Input<string>;
    readonly targetGroups: readonly [pulumi.Input<string>, pulumi.Input<string>];
  };
  /** Alarm topic for the step-scaling alarm's notifications. */
  readonly alarmTopicArn?: pulumi.Input<string>;
}

/** What {@link createServiceAutoscaling} made. */
export interface ServiceAutoscaling {
  readonly target: aws.appautoscaling.Target;
  readonly policies: aws.appautoscaling.Policy[];
  readonly scheduledActions: aws.appautoscaling.ScheduledAction[];
  readonly stepAlarm?: aws.cloudwatch.MetricAlarm;
}

/**
 * Application Auto Scaling of an ECS service (`service/<cluster>/<service>`): target tracking
 * on CPU, memory and ALB requests per target, step scaling from an alarm, scheduled actions.
 */
export function createServiceAutoscaling(
  name: string,
  parent: pulumi.Resource,
  refs: AutoscalingTargetRefs,
  a: AutoscalingArgs,
): ServiceAutoscaling {
  const resourceId = pulumi.interpolate`service/${refs.clusterName}/${refs.serviceName}`;
  const target = new aws.appautoscaling.Target(
    `${name}-scaling`,
    {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId,
      minCapacity: a.minCount,
      maxCapacity: a.maxCount,
    },
    { parent },
  );
  const common = {
    serviceNamespace: target.serviceNamespace,
    scalableDimension: target.scalableDimension,
    resourceId: target.resourceId,
  };
  const cooldowns = {
    scaleInCooldown: a.scaleInCooldownSeconds ?? 300,
    scaleOutCooldown: a.scaleOutCooldownSeconds ?? 60,
  };
  const tracking = (
    suffix: string,
    targetValue: number,
    predefinedMetricType: string,
    resourceLabel?: pulumi.Input<string>,
  ) =>
    new aws.appautoscaling.Policy(
      `${name}-${suffix}`,
      {
        ...common,
        policyType: "TargetTrackingScaling",
        targetTrackingScalingPolicyConfiguration: {
          targetValue,
          ...cooldowns,
          predefinedMetricSpecification: { predefinedMetricType, resourceLabel },
        },
      },
      { parent },
    );
  const policies: aws.appautoscaling.Policy[] = [];
  const cpu = a.cpuTarget ?? 60;
  const memory = a.memoryTarget ?? 70;
  if (cpu > 0) policies.push(tracking("cpu", cpu, "ECSServiceAverageCPUUtilization"));
  if (memory > 0) policies.push(tracking("memory", memory, "ECSServiceAverageMemoryUtilization"));
  if (a.requestsPerTarget !== undefined && refs.albBothTargetGroups) {
    policies.push(
      requestsOverBothGroups(name, parent, common, cooldowns, a.requestsPerTarget, refs.albBothTargetGroups),
    );
  } else if (a.requestsPerTarget !== undefined)
    policies.push(
      tracking("requests", a.requestsPerTarget, "ALBRequestCountPerTarget", refs.albResourceLabel),
    );

  let stepAlarm: aws.cloudwatch.MetricAlarm | undefined;
  if (a.stepScaling) {
    const s = a.stepScaling;
    const steps = s.steps ?? [
      { lowerBound: 0, upperBound: 10, adjustment: 1 },
      { lowerBound: 10, adjustment: 2 },
    ];
    const step = new aws.appautoscaling.Policy(
      `${name}-step`,
      {
        ...common,
        policyType: "StepScaling",
        stepScalingPolicyConfiguration: {
          adjustmentType: "ChangeInCapacity",
          cooldown: s.cooldownSeconds ?? 60,
          metricAggregationType: "Average",
          stepAdjustments: steps.map((x) => ({
            metricIntervalLowerBound: x.lowerBound?.toString(),
            metricIntervalUpperBound: x.upperBound?.toString(),
            scalingAdjustment: x.adjustment,
          })),
        },
      },
      { parent },
    );
    policies.push(step);
    stepAlarm = new aws.cloudwatch.MetricAlarm(
      `${name}-step-alarm`,
      {
        alarmDescription: `Scale ${name} out in steps when ${s.metricName ?? "CPUUtilization"} ≥ ${s.threshold}%`,
        namespace: "AWS/ECS",
        metricName: s.metricName ?? "CPUUtilization",
        dimensions: { ClusterName: refs.clusterName, ServiceName: refs.serviceName },
        statistic: "Average",
        period: 60,
        evaluationPeriods: s.evaluationPeriods ?? 2,
        threshold: s.threshold,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [step.arn],
      },
      { parent },
    );
  }

  const scheduledActions = (a.scheduled ?? []).map(
    (s) =>
      new aws.appautoscaling.ScheduledAction(
        `${name}-${s.name}`,
        {
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          schedule: s.schedule,
          timezone: s.timezone ?? "UTC",
          scalableTargetAction: { minCapacity: s.minCount, maxCapacity: s.maxCount },
        },
        { parent },
      ),
  );
  return { target, policies, scheduledActions, stepAlarm };
}

/**
 * Target tracking on requests per healthy target over both target groups of a traffic-shifting
 * service: (RequestCount₁ + RequestCount₂) / (HealthyHostCount₁ + HealthyHostCount₂) per minute,
 * what ALBRequestCountPerTarget measures for one group. Target tracking accepts metric math.
 * https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html
 */
function requestsOverBothGroups(
  name: string,
  parent: pulumi.Resource,
  common: Pick<aws.appautoscaling.PolicyArgs, "serviceNamespace" | "scalableDimension" | "resourceId">,
  cooldowns: { scaleInCooldown: number; scaleOutCooldown: number },
  targetValue: number,
  alb: NonNullable<AutoscalingTargetRefs["albBothTargetGroups"]>,
): aws.appautoscaling.Policy {
  const query = (id: string, metricName: string, stat: string, tg: pulumi.Input<string>) => ({
    id,
    returnData: false,
    metricStat: {
      stat,
      metric: {
        namespace: "AWS/ApplicationELB",
        metricName,
        dimensions: [
          { name: "LoadBalancer", value: alb.loadBalancer },
          { name: "TargetGroup", value: tg },
        ],
      },
    },
  });
  const [blue, green] = alb.targetGroups;
  return new aws.appautoscaling.Policy(
    `${name}-requests`,
    {
      ...common,
      policyType: "TargetTrackingScaling",
      targetTrackingScalingPolicyConfiguration: {
        targetValue,
        ...cooldowns,
        customizedMetricSpecification: {
          metrics: [
            query("r1", "RequestCount", "Sum", blue),
            query("r2", "RequestCount", "Sum", green),
            query("h1", "HealthyHostCount", "Average", blue),
            query("h2", "HealthyHostCount", "Average", green),
            {
              id: "e1",
              label: "requests per healthy target, both target groups",
              expression: "(FILL(r1, 0) + FILL(r2, 0)) / (FILL(h1, 0) + FILL(h2, 0))",
              returnData: true,
            },
          ],
        },
      },
    },
    { parent },
  );
}
