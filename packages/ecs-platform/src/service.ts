import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createAlbAlarms, createEcsAlarms, ServiceAlarmsArgs, validateServiceAlarmsArgs } from "./alarms";
import {
  AutoscalingArgs,
  createServiceAutoscaling,
  ServiceAutoscaling,
  validateAutoscalingArgs,
} from "./autoscaling";
import {
  checkArn,
  checkExactlyOne,
  clusterNameOf,
  loadBalancerArnSuffixOfListener,
  targetGroupArnSuffixOf,
} from "./arns";
import { checkAutoElbName, checkElbName, checkInt, checkPath, checkPort, fail, isKnown, who } from "./checks";
import { CapacityProviderStrategyItem, Cluster, validateCapacityProviderStrategy } from "./cluster";
import {
  circuitBreakerApplies,
  DEFAULT_SMOKE_BODY,
  DEFAULT_SMOKE_PATH,
  DeploymentArgs,
  deploymentConfiguration,
  ecsServiceAssumeRolePolicy,
  shiftsTraffic,
  testTrafficOf,
  validateDeploymentArgs,
} from "./deployment";
import { policyDocument } from "./iam";
import { createSmokeHook, SmokeHook } from "./lifecycle-hook";
import { LoadBalancer } from "./load-balancer";
import { ipTargetGroup, TargetHealthCheck, validateTargetHealthCheck } from "./target-group";
import { TaskDefinition } from "./task-definition";

/**
 * Routing from the ALB's HTTPS listener to the service: this package's `loadBalancer`, or an
 * existing listener by `listenerArn` (with `vpcId` for the target group created here, or an
 * existing `targetGroupArn`).
 */
export interface AlbAttachment {
  /** This package's LoadBalancer. Give this or `listenerArn`. @default - none */
  readonly loadBalancer?: LoadBalancer;
  /**
   * ARN of an existing ALB HTTPS listener (`arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<alb>/<id>/<id>`),
   * e.g. the platform's shared listener read from a StackReference. Give this or `loadBalancer`.
   * @default - none
   */
  readonly listenerArn?: pulumi.Input<string>;
  /** VPC of the target group created here; required with `listenerArn` unless `targetGroupArn` is set. @default - the loadBalancer's VPC */
  readonly vpcId?: pulumi.Input<string>;
  /**
   * An existing `ip` target group to forward to; none is created, and `healthCheck`,
   * `targetGroupName` and `deregistrationDelaySeconds` (which configure the created one) must
   * not be set. Rolling deployments only (traffic shifting creates a pair of groups).
   * @default - a target group is created
   */
  readonly targetGroupArn?: pulumi.Input<string>;
  /** Listener rule priority (1–50000, unique per listener). */
  readonly priority: number;
  /** Path patterns, each starting with `/` (e.g. `/app/*`). At least one of pathPatterns/hostHeaders. */
  readonly pathPatterns?: string[];
  /** Host headers (e.g. `api.example.com`). */
  readonly hostHeaders?: string[];
  /** Health check of the target group created here. @default { path: "/health", intervalSeconds: 10, healthyThreshold: 2, unhealthyThreshold: 2, timeoutSeconds: 5, matcher: "200-399" } */
  readonly healthCheck?: TargetHealthCheck;
  /** Target group name (≤ 32 characters). @default - auto-named `<name>-alb-tg-xxxxxxx` */
  readonly targetGroupName?: string;
  /** Seconds a deregistering target keeps serving in-flight requests. @default 20 */
  readonly deregistrationDelaySeconds?: number;
}

/** Registration with the LoadBalancer's internal NLB (a TCP listener forwarding to the service). */
export interface NlbAttachment {
  /** A LoadBalancer created with `nlb`. Give this or `loadBalancerArn`. @default - none */
  readonly loadBalancer?: LoadBalancer;
  /** ARN of an existing NLB (`…:loadbalancer/net/<name>/<id>`); needs `vpcId`. Give this or `loadBalancer`. @default - none */
  readonly loadBalancerArn?: pulumi.Input<string>;
  /** VPC of the target group; required with `loadBalancerArn`. @default - the loadBalancer's VPC */
  readonly vpcId?: pulumi.Input<string>;
  /** Listener port on the NLB. @default 80 */
  readonly port?: number;
  /** HTTP health check of the TCP target group. @default { path: "/health", intervalSeconds: 10, healthyThreshold: 2, unhealthyThreshold: 2 } */
  readonly healthCheck?: TargetHealthCheck;
  /** Target group name (≤ 32 characters). @default - auto-named */
  readonly targetGroupName?: string;
  /** @default 20 */
  readonly deregistrationDelaySeconds?: number;
}

export interface ServiceArgs {
  /** This package's Cluster. Give this or `clusterArn`. @default - none */
  readonly cluster?: Cluster;
  /**
   * ARN of an existing cluster (`arn:aws:ecs:<region>:<account>:cluster/<name>`). Give this or
   * `cluster`. Its capacity providers are not known here: without `capacityProviderStrategy` or
   * `launchType` the service uses `launchType: "FARGATE"`, which any cluster accepts; EC2
   * capacity cannot be named.
   * @default - none
   */
  readonly clusterArn?: pulumi.Input<string>;
  /** This package's TaskDefinition. Give this or `taskDefinitionArn`. @default - none */
  readonly taskDefinition?: TaskDefinition;
  /**
   * ARN of an existing task definition revision (`…:task-definition/<family>:<revision>`),
   * Fargate-compatible with `awsvpc` networking. Give this or `taskDefinition`. Behind a load
   * balancer it needs `containerName` and `containerPort`; with `enableExecuteCommand` it needs
   * `taskRoleName`.
   * @default - none
   */
  readonly taskDefinitionArn?: pulumi.Input<string>;
  /**
   * Name of the task role of `taskDefinitionArn`, to grant ECS Exec's permissions to (with
   * `enableExecuteCommand` only). With `taskDefinition` its own task role is used.
   * @default - none
   */
  readonly taskRoleName?: pulumi.Input<string>;
  /** Service name. @default - an auto-name */
  readonly name?: string;
  /** Subnets of the tasks: private subnets. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Security groups of the tasks (the network's app security group). */
  readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Tier of `subnetIds`; "public" needs `allowPublic`. @default "private" */
  readonly subnetTier?: "private" | "public";
  /** Give tasks a public IP; needs `allowPublic`. @default false */
  readonly assignPublicIp?: boolean;
  /** Explicitly allow public subnets or a public IP. @default false */
  readonly allowPublic?: boolean;
  /** Container the load balancers target; required with `taskDefinitionArn` behind a load balancer. @default the task's first essential container */
  readonly containerName?: string;
  /** Port the load balancers target; required with `taskDefinitionArn` behind a load balancer. @default that container's first port mapping */
  readonly containerPort?: number;
  /** Routing from the ALB's HTTPS listener: a target group and a listener rule. @default - not behind the ALB */
  readonly alb?: AlbAttachment;
  /** @default - not behind the NLB */
  readonly nlb?: NlbAttachment;
  /** Tasks to run (autoscaling owns it afterwards). @default 2 */
  readonly desiredCount?: number;
  /** Lower limit of running tasks during a deployment, in percent of `desiredCount`. @default 100 */
  readonly minHealthyPercent?: number;
  /** Upper limit of running tasks during a deployment, in percent of `desiredCount`. @default 200 */
  readonly maxPercent?: number;
  /** Seconds load-balancer health checks are ignored after a task starts. @default 60 (with a load balancer) */
  readonly healthCheckGracePeriodSeconds?: number;
  /**
   * Allow `aws ecs execute-command` into the tasks (logged by the cluster). The SSM agent ECS Exec
   * injects must write to the container's root filesystem, so every container of the task
   * definition needs `readonlyRootFilesystem: false`.
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
  /**
   * Capacity provider strategy; exclusive with `launchType`. Always passed to ECS explicitly (an
   * omitted strategy shows as a perpetual diff with the AWS provider).
   * @default the cluster's default strategy
   */
  readonly capacityProviderStrategy?: CapacityProviderStrategyItem[];
  /**
   * Placement constraints, EC2 capacity only (Fargate places tasks itself and rejects them):
   * `memberOf` with a cluster query language expression (e.g.
   * `attribute:ecs.instance-type =~ t3.*`), or `distinctInstance`. At most 10.
   * @default []
   */
  readonly placementConstraints?: PlacementConstraint[];
  /** Launch type; exclusive with `capacityProviderStrategy`. @default - the strategy decides */
  readonly launchType?: "FARGATE" | "EC2";
  /** Application Auto Scaling; when set, later deploys leave desiredCount alone. @default - no autoscaling */
  readonly autoscaling?: AutoscalingArgs;
  /**
   * Alarms to an SNS topic. With a blue/green, canary or linear deployment the 5xx and
   * unhealthy-host alarms also roll a deployment back (ECS watches them until the bake time ends).
   * @default - no alarms
   */
  readonly alarms?: ServiceAlarmsArgs;
  /**
   * How new revisions deploy: rolling (in place), or blue/green, canary or linear (ECS shifts
   * traffic from the ALB target group to an alternate one, with test traffic, bake time and
   * lifecycle hooks); the last three need `alb`. See the README's "Deployment strategies".
   * @default { strategy: { type: "rolling" } }
   */
  readonly deployment?: DeploymentArgs;
  /** Tags for every child. @default {} */
  readonly tags?: Record<string, string>;
}

/** A service placement constraint (EC2 capacity only). */
export type PlacementConstraint =
  { readonly type: "memberOf"; readonly expression: string } | { readonly type: "distinctInstance" };

/** Most placement constraints per service. */
export const MAX_PLACEMENT_CONSTRAINTS = 10;

/**
 * Subjects of ECS's cluster query language.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html
 */
const QUERY_SUBJECT =
  /^(attribute:[A-Za-z0-9_.:/-]+|agentConnected|agentVersion|ec2InstanceId|registeredAt|runningTasksCount|task:group)$/;
const QUERY_OPERATOR =
  /^(==|equals|!=|not_equals|>|greater_than|>=|greater_than_equal|<|less_than|<=|less_than_equal|=~|matches|!~|not_matches|in|not_in|exists|!exists|not_exists)$/;

/**
 * Checks a `memberOf` expression's shape: balanced parentheses and clauses of
 * `<subject> <operator> [<value>]` joined by `and`/`&&`/`or`/`||`. Returns the problem, or
 * undefined. Pure; exported for tests.
 */
export function memberOfProblem(expression: string): string | undefined {
  if (expression.trim() === "") return "it is empty";
  if (expression.length > 2000) return `it has ${expression.length} characters, over ECS's 2000`;
  let depth = 0;
  for (const ch of expression) {
    if (ch === "(") depth++;
    if (ch === ")" && --depth < 0) return "a ) closes nothing";
  }
  if (depth !== 0) return "a ( is never closed";
  const clauses = expression
    .replace(/[()]/g, " ")
    .split(/\s+(?:and|&&|or|\|\|)\s+/i)
    .map((c) => c.trim())
    .filter((c) => c !== "");
  for (const clause of clauses) {
    const [subject, operator, ...rest] = clause.split(/\s+/);
    if (!QUERY_SUBJECT.test(subject ?? ""))
      return `"${subject}" is not a subject of the cluster query language (attribute:<name>, ec2InstanceId, agentVersion, registeredAt, runningTasksCount, task:group, agentConnected)`;
    if (!QUERY_OPERATOR.test(operator ?? ""))
      return `"${operator ?? ""}" after ${subject} is not an operator (==, !=, >, >=, <, <=, =~, !~, in, not_in, exists, !exists)`;
    const unary = /exists$/.test(operator!);
    if (unary && rest.length > 0)
      return `"${operator}" takes no value, but ${subject} has "${rest.join(" ")}"`;
    if (!unary && rest.length === 0) return `"${subject} ${operator}" has no value to compare with`;
  }
  return undefined;
}

/** Spread over AZs, then pack by memory (EC2 capacity only; Fargate places tasks itself). */
export const EC2_PLACEMENT = [
  { type: "spread", field: "attribute:ecs.availability-zone" },
  { type: "binpack", field: "memory" },
] as const;

/** Throws on invalid args, before any resource exists. Pure; exported for tests. */
export function validateServiceArgs(name: string, args: ServiceArgs): void {
  const p = who("Service", name);
  if (args.name !== undefined && !/^[A-Za-z0-9_-]{1,255}$/.test(args.name))
    fail(p, `\`name\` is "${args.name}"; use 1–255 letters, digits, "_" and "-"`);
  // A list read from another stack (an Output) is checked by AWS instead.
  if (isKnown(args.subnetIds) && args.subnetIds.length === 0)
    fail(p, "`subnetIds` is empty; give the network's private subnets");
  if (isKnown(args.securityGroupIds) && args.securityGroupIds.length === 0)
    fail(p, "`securityGroupIds` is empty; give the network's app security group");
  const tier = args.subnetTier ?? "private";
  switch (tier) {
    case "private":
      break;
    case "public":
      if (!args.allowPublic)
        fail(
          p,
          '`subnetTier` is "public": services run in private subnets; use the private subnets, or set `allowPublic: true` if this service must be public',
        );
      break;
    default:
      fail(p, `\`subnetTier\` is ${JSON.stringify(tier)}; use "private" or "public"`);
  }
  if (args.assignPublicIp && !args.allowPublic) {
    fail(
      p,
      "`assignPublicIp` is true: tasks get no public IP by default; reach the internet through NAT, or set `allowPublic: true` if this service must be public",
    );
  }
  checkInt(p, "desiredCount", args.desiredCount, 0, 5000, "use a count of 0 or more");
  checkInt(p, "minHealthyPercent", args.minHealthyPercent, 0, 100);
  checkInt(p, "maxPercent", args.maxPercent, 100, 200);
  checkInt(p, "healthCheckGracePeriodSeconds", args.healthCheckGracePeriodSeconds, 0, 2147483647);

  checkExactlyOne(
    p,
    ["cluster", args.cluster],
    ["clusterArn", args.clusterArn],
    "give this package's Cluster as `cluster`, or an existing cluster's ARN as `clusterArn`",
  );
  checkArn(p, "clusterArn", args.clusterArn, "cluster");
  checkExactlyOne(
    p,
    ["taskDefinition", args.taskDefinition],
    ["taskDefinitionArn", args.taskDefinitionArn],
    "give this package's TaskDefinition as `taskDefinition`, or an existing revision's ARN as `taskDefinitionArn`",
  );
  checkArn(p, "taskDefinitionArn", args.taskDefinitionArn, "taskDefinition");
  checkPort(p, "containerPort", args.containerPort);
  const td = args.taskDefinition;
  if (td) {
    if (args.taskRoleName !== undefined)
      fail(
        p,
        "`taskRoleName` is set with `taskDefinition`, whose own task role is used; remove `taskRoleName`",
      );
    const container = args.containerName ?? td.mainContainerName;
    const ports = td.containerPorts[container];
    if (!ports)
      fail(
        p,
        `\`containerName\` is "${container}", which is not a container of the task definition; use one of ${Object.keys(td.containerPorts).join(", ")}`,
      );
    if ((args.alb || args.nlb) && args.containerPort === undefined && ports.length === 0) {
      fail(
        p,
        `container "${container}" maps no port for the load balancer; add a port mapping or set \`containerPort\``,
      );
    }
  } else {
    if ((args.alb || args.nlb) && (args.containerName === undefined || args.containerPort === undefined))
      fail(
        p,
        "`taskDefinitionArn` behind a load balancer needs `containerName` and `containerPort` (the containers of an existing revision are not known here); set both",
      );
    if (args.enableExecuteCommand && args.taskRoleName === undefined)
      fail(
        p,
        "`enableExecuteCommand` is true with `taskDefinitionArn`; set `taskRoleName` to that revision's task role so ECS Exec's permissions can be granted to it",
      );
  }

  if (args.alb) {
    const a = args.alb;
    checkExactlyOne(
      p,
      ["alb.loadBalancer", a.loadBalancer],
      ["alb.listenerArn", a.listenerArn],
      "give this package's LoadBalancer, or an existing HTTPS listener's ARN",
    );
    checkArn(p, "alb.listenerArn", a.listenerArn, "albListener");
    checkArn(p, "alb.targetGroupArn", a.targetGroupArn, "targetGroup");
    if (a.loadBalancer && a.vpcId !== undefined)
      fail(p, "`alb.vpcId` is set with `alb.loadBalancer`, whose VPC is used; remove `alb.vpcId`");
    if (a.listenerArn !== undefined && a.targetGroupArn === undefined && a.vpcId === undefined)
      fail(
        p,
        "`alb.listenerArn` is set without `alb.vpcId`; give the VPC of the target group to create, or an existing `alb.targetGroupArn`",
      );
    if (a.targetGroupArn !== undefined) {
      for (const key of ["healthCheck", "targetGroupName", "deregistrationDelaySeconds", "vpcId"] as const)
        if (a[key] !== undefined)
          fail(
            p,
            `\`alb.${key}\` is set with \`alb.targetGroupArn\`; it configures a target group created here, so remove it (or remove \`alb.targetGroupArn\`)`,
          );
      if (shiftsTraffic(args.deployment))
        fail(
          p,
          `\`alb.targetGroupArn\` is set with a "${args.deployment!.strategy?.type}" deployment, which needs a pair of target groups created here; remove \`alb.targetGroupArn\` or use a rolling deployment`,
        );
    }
    if (args.deployment?.smokeTest && !a.loadBalancer)
      fail(
        p,
        "`deployment.smokeTest` needs the load balancer's DNS name, known only with `alb.loadBalancer`; pass the LoadBalancer or remove `deployment.smokeTest`",
      );
    checkInt(p, "alb.priority", a.priority, 1, 50000, "use a listener rule priority from 1 to 50000");
    if ((a.pathPatterns ?? []).length === 0 && (a.hostHeaders ?? []).length === 0) {
      fail(
        p,
        '`alb` has neither `pathPatterns` nor `hostHeaders`; route at least one, e.g. pathPatterns: ["/app/*"]',
      );
    }
    (a.pathPatterns ?? []).forEach((path, i) => checkPath(p, `alb.pathPatterns[${i}]`, path));
    validateTargetHealthCheck(p, "alb.healthCheck", a.healthCheck, true);
    if (a.targetGroupArn === undefined && a.targetGroupName === undefined)
      checkAutoElbName(p, "alb.targetGroupName", `${name}-alb-tg`);
    else checkElbName(p, "alb.targetGroupName", a.targetGroupName);
    checkInt(p, "alb.deregistrationDelaySeconds", a.deregistrationDelaySeconds, 0, 3600);
  }
  if (args.nlb) {
    const n = args.nlb;
    checkExactlyOne(
      p,
      ["nlb.loadBalancer", n.loadBalancer],
      ["nlb.loadBalancerArn", n.loadBalancerArn],
      "give this package's LoadBalancer created with `nlb`, or an existing NLB's ARN with `nlb.vpcId`",
    );
    checkArn(p, "nlb.loadBalancerArn", n.loadBalancerArn, "networkLoadBalancer");
    if (n.loadBalancer && !n.loadBalancer.nlb)
      fail(p, "`nlb.loadBalancer` has no NLB; create the LoadBalancer with `nlb` or remove `nlb`");
    if (n.loadBalancer && n.vpcId !== undefined)
      fail(p, "`nlb.vpcId` is set with `nlb.loadBalancer`, whose VPC is used; remove `nlb.vpcId`");
    if (n.loadBalancerArn !== undefined && n.vpcId === undefined)
      fail(p, "`nlb.loadBalancerArn` is set without `nlb.vpcId`; give the VPC of the target group to create");
    checkPort(p, "nlb.port", n.port);
    validateTargetHealthCheck(p, "nlb.healthCheck", n.healthCheck, false);
    if (n.targetGroupName === undefined) checkAutoElbName(p, "nlb.targetGroupName", `${name}-nlb-tg`);
    else checkElbName(p, "nlb.targetGroupName", n.targetGroupName);
    checkInt(p, "nlb.deregistrationDelaySeconds", n.deregistrationDelaySeconds, 0, 3600);
  }

  if (args.capacityProviderStrategy && args.launchType)
    fail(p, "`capacityProviderStrategy` and `launchType` are both set; set only one");
  const ec2Named =
    args.launchType === "EC2" ||
    (args.capacityProviderStrategy ?? []).some((s) => s.capacityProvider === "EC2");
  if (!args.cluster && ec2Named)
    fail(
      p,
      '"EC2" capacity is named with `clusterArn`, whose EC2 capacity provider is not known here; use "FARGATE"/"FARGATE_SPOT", or pass this package\'s Cluster as `cluster`',
    );
  if (args.capacityProviderStrategy)
    validateCapacityProviderStrategy(
      p,
      "capacityProviderStrategy",
      args.capacityProviderStrategy,
      args.cluster?.hasEc2Capacity ?? false,
    );
  if (args.launchType !== undefined) {
    switch (args.launchType) {
      case "FARGATE":
        break;
      case "EC2":
        if (!args.cluster?.hasEc2Capacity)
          fail(
            p,
            '`launchType` is "EC2" but the cluster has no EC2 capacity; set the cluster\'s `ec2Capacity` or use "FARGATE"',
          );
        break;
      default:
        fail(p, `\`launchType\` is ${JSON.stringify(args.launchType)}; use "FARGATE" or "EC2"`);
    }
  }
  const onEc2 = runsOnEc2(args);
  const constraints = args.placementConstraints ?? [];
  if (constraints.length > 0 && !onEc2)
    fail(
      p,
      '`placementConstraints` is set but the service runs on Fargate, which places tasks itself and rejects constraints; run it on the cluster\'s EC2 capacity (`capacityProviderStrategy: [{ capacityProvider: "EC2" }]`) or remove them',
    );
  if (constraints.length > MAX_PLACEMENT_CONSTRAINTS)
    fail(
      p,
      `\`placementConstraints\` has ${constraints.length} entries; ECS allows ${MAX_PLACEMENT_CONSTRAINTS} per service`,
    );
  constraints.forEach((c, i) => {
    switch (c.type) {
      case "distinctInstance":
        break;
      case "memberOf": {
        const problem = memberOfProblem(c.expression ?? "");
        if (problem)
          fail(
            p,
            `\`placementConstraints[${i}].expression\` is ${JSON.stringify(c.expression)}: ${problem}; write a cluster query such as "attribute:ecs.instance-type =~ t3.*"`,
          );
        break;
      }
      default:
        fail(
          p,
          `\`placementConstraints[${i}].type\` is ${JSON.stringify((c as { type: unknown }).type)}; use "memberOf" or "distinctInstance"`,
        );
    }
  });
  if (td && onEc2 && !td.compatibilities.includes("EC2")) {
    fail(
      p,
      'the service runs on EC2 capacity but its task definition is FARGATE-only; add "EC2" to the task definition\'s `requiresCompatibilities`',
    );
  }
  if (td && !onEc2 && !td.compatibilities.includes("FARGATE")) {
    fail(
      p,
      'the service runs on Fargate but its task definition is EC2-only; add "FARGATE" to its `requiresCompatibilities` or use EC2 capacity',
    );
  }
  if (td && args.enableExecuteCommand) {
    const readonly = td.readonlyRootContainers;
    if (readonly.length > 0) {
      const many = readonly.length > 1;
      const names = `container${many ? "s" : ""} ${readonly.map((c) => `"${c}"`).join(", ")}`;
      fail(
        p,
        `\`enableExecuteCommand\` is true but ${names} of the task definition ${many ? "have" : "has"} a read-only root filesystem, ` +
          `which the SSM agent ECS Exec injects cannot write to; set \`readonlyRootFilesystem: false\` on ${names}, or turn ECS Exec off`,
      );
    }
  }
  if (args.autoscaling) validateAutoscalingArgs(p, args.autoscaling, !!args.alb);
  if (args.alarms) validateServiceAlarmsArgs(p, args.alarms);
  if (args.deployment) {
    validateDeploymentArgs(p, args.deployment, {
      hasAlb: !!args.alb,
      hasNlb: !!args.nlb,
      albPriority: args.alb?.priority,
    });
    if (!circuitBreakerApplies(args.deployment) && !args.alarms)
      fail(
        p,
        `\`deployment.strategy.type\` is "${args.deployment.strategy?.type}", for which ECS documents no deployment circuit breaker, so its automatic rollback rests on the 5xx and unhealthy-host alarms; set \`alarms\` or use "blueGreen"`,
      );
    if (shiftsTraffic(args.deployment)) {
      // The test rule repeats the production rule's conditions and adds the header; an ALB rule
      // takes at most five comparison strings in all.
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html
      const strings = (args.alb?.pathPatterns?.length ?? 0) + (args.alb?.hostHeaders?.length ?? 0) + 1;
      if (strings > 5)
        fail(
          p,
          `\`alb\` has ${strings - 1} path patterns and host headers, so the test listener rule (those plus the test header) would have ${strings} comparison strings, over the ALB's 5 per rule; route with at most 4`,
        );
      const alt = args.deployment.alternateTargetGroupName;
      if (alt === undefined) checkAutoElbName(p, "deployment.alternateTargetGroupName", `${name}-alb-tg-alt`);
      else checkElbName(p, "deployment.alternateTargetGroupName", alt);
      if (alt !== undefined && alt === args.alb?.targetGroupName)
        fail(
          p,
          `\`deployment.alternateTargetGroupName\` is "${alt}", the same as \`alb.targetGroupName\`; give the two target groups different names`,
        );
    }
  }
}

function runsOnEc2(args: ServiceArgs): boolean {
  if (args.launchType) return args.launchType === "EC2";
  return (args.capacityProviderStrategy ?? args.cluster?.defaultStrategy ?? []).some(
    (s) => s.capacityProvider === "EC2",
  );
}

function emptyToUndefined<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

/**
 * An ECS service in private subnets: target groups and listener rules on the ALB (and/or the
 * internal NLB), deployment circuit breaker with rollback, optional ECS Exec, autoscaling that
 * owns the desired count, and alarms.
 */
export class Service extends pulumi.ComponentResource {
  /** The ECS service. */
  public readonly service: aws.ecs.Service;
  public readonly name: pulumi.Output<string>;
  /** ALB target group, when `alb` is set. */
  public readonly albTargetGroup?: aws.lb.TargetGroup;
  /** Listener rule on the HTTPS listener, when `alb` is set. */
  public readonly listenerRule?: aws.lb.ListenerRule;
  /** NLB target group and listener, when `nlb` is set. */
  public readonly nlbTargetGroup?: aws.lb.TargetGroup;
  public readonly nlbListener?: aws.lb.Listener;
  /** Autoscaling, when `autoscaling` is set. */
  public readonly autoscaling?: ServiceAutoscaling;
  /** Alarms, when `alarms` is set. */
  public readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
  /** Alternate (green) target group, with a blue/green, canary or linear deployment. */
  public readonly alternateTargetGroup?: aws.lb.TargetGroup;
  /** Header-matched listener rule for test traffic, with a traffic-shifting deployment. */
  public readonly testListenerRule?: aws.lb.ListenerRule;
  /** Role ECS assumes to move listener-rule weights, with a traffic-shifting deployment. */
  public readonly infrastructureRole?: aws.iam.Role;
  /** Role ECS assumes to invoke the lifecycle hooks, when there are any. */
  public readonly lifecycleHookRole?: aws.iam.Role;
  /** The built-in smoke-test hook, when `deployment.smokeTest` is set. */
  public readonly smokeHook?: SmokeHook;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("acs:ecs-platform:Service", name, {}, opts);
    validateServiceArgs(name, args);
    const tags = args.tags ?? {};
    const td = args.taskDefinition;
    // validateServiceArgs: with `taskDefinitionArn`, containerName/containerPort are given when needed.
    const containerName = args.containerName ?? td?.mainContainerName ?? "";
    const containerPort = args.containerPort ?? td?.containerPorts[containerName]?.[0];
    const clusterArn = args.cluster?.arn ?? args.clusterArn!;
    const loadBalancers: aws.types.input.ecs.ServiceLoadBalancer[] = [];
    const attached: pulumi.Resource[] = [];

    const shifting = shiftsTraffic(args.deployment);
    let advancedConfiguration: aws.types.input.ecs.ServiceLoadBalancerAdvancedConfiguration | undefined;
    let lifecycleHooks: aws.types.input.ecs.ServiceDeploymentConfigurationLifecycleHook[] = [];
    let albRefs:
      | {
          loadBalancer: pulumi.Input<string>;
          targetGroup: pulumi.Input<string>;
          alternateTargetGroup?: pulumi.Input<string>;
        }
      | undefined;
    if (args.alb) {
      const a = args.alb;
      const listenerArn = a.loadBalancer?.httpsListener.arn ?? a.listenerArn!;
      const vpcId = a.loadBalancer?.vpcId ?? a.vpcId!;
      if (a.targetGroupArn === undefined)
        this.albTargetGroup = ipTargetGroup(this, `${name}-alb-tg`, "HTTP", a, vpcId, containerPort, tags);
      const targetGroupArn = this.albTargetGroup?.arn ?? a.targetGroupArn!;
      const conditions: aws.types.input.lb.ListenerRuleCondition[] = [];
      if (a.pathPatterns?.length) conditions.push({ pathPattern: { values: a.pathPatterns } });
      if (a.hostHeaders?.length) conditions.push({ hostHeader: { values: a.hostHeaders } });
      let actions: aws.types.input.lb.ListenerRuleAction[] = [{ type: "forward", targetGroupArn }];
      if (shifting) {
        this.alternateTargetGroup = ipTargetGroup(
          this,
          `${name}-alb-tg-alt`,
          "HTTP",
          { ...a, targetGroupName: args.deployment!.alternateTargetGroupName },
          vpcId,
          containerPort,
          tags,
        );
        // Both rules forward to both groups (blue 100, green 0); ECS moves the weights at every
        // deployment, so the weights are ECS's to change afterwards (`ignoreChanges` below).
        // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
        // https://github.com/terraform-aws-modules/terraform-aws-alb/issues/409
        actions = [
          {
            type: "forward",
            forward: {
              targetGroups: [
                { arn: targetGroupArn, weight: 100 },
                { arn: this.alternateTargetGroup.arn, weight: 0 },
              ],
            },
          },
        ];
      }
      this.listenerRule = new aws.lb.ListenerRule(
        `${name}-rule`,
        { listenerArn, priority: a.priority, actions, conditions, tags },
        { parent: this, ignoreChanges: shifting ? ["actions"] : undefined },
      );
      attached.push(this.listenerRule);
      if (shifting) {
        const test = testTrafficOf(args.deployment!, a.priority);
        this.testListenerRule = new aws.lb.ListenerRule(
          `${name}-test-rule`,
          {
            listenerArn,
            priority: test.priority,
            actions,
            conditions: [
              ...conditions,
              { httpHeader: { httpHeaderName: test.header.name, values: [test.header.value] } },
            ],
            tags,
          },
          { parent: this, ignoreChanges: ["actions"] },
        );
        attached.push(this.testListenerRule);
        // The ECS infrastructure role for load balancers: AWS's managed policy, which ECS keeps
        // current with what traffic shifting needs (describe/modify listeners and rules, register
        // and deregister targets). Trusted by ECS only.
        // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html
        this.infrastructureRole = new aws.iam.Role(
          `${name}-ecs-infra`,
          {
            description: `Lets ECS shift ${name}'s listener-rule weights between its two target groups`,
            assumeRolePolicy: ecsServiceAssumeRolePolicy(),
            tags,
          },
          { parent: this },
        );
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        attached.push(
          new aws.iam.RolePolicyAttachment(
            `${name}-ecs-infra`,
            {
              role: this.infrastructureRole.name,
              policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers`,
            },
            { parent: this },
          ),
        );
        advancedConfiguration = {
          alternateTargetGroupArn: this.alternateTargetGroup!.arn,
          productionListenerRule: this.listenerRule.arn,
          testListenerRule: this.testListenerRule.arn,
          roleArn: this.infrastructureRole.arn,
        };
        lifecycleHooks = this.lifecycleHooks(name, args, test.header, tags, attached);
      }
      albRefs = {
        loadBalancer: a.loadBalancer?.arnSuffix ?? loadBalancerArnSuffixOfListener(listenerArn),
        targetGroup: this.albTargetGroup?.arnSuffix ?? targetGroupArnSuffixOf(targetGroupArn),
        alternateTargetGroup: this.alternateTargetGroup?.arnSuffix,
      };
      loadBalancers.push({
        targetGroupArn,
        containerName,
        containerPort: containerPort!,
        advancedConfiguration,
      });
    }

    if (args.nlb) {
      const n = args.nlb;
      this.nlbTargetGroup = ipTargetGroup(
        this,
        `${name}-nlb-tg`,
        "TCP",
        n,
        n.loadBalancer?.vpcId ?? n.vpcId!,
        containerPort,
        tags,
      );
      this.nlbListener = new aws.lb.Listener(
        `${name}-nlb-listener`,
        {
          loadBalancerArn: n.loadBalancer?.nlb!.arn ?? n.loadBalancerArn!,
          port: n.port ?? 80,
          protocol: "TCP",
          defaultActions: [{ type: "forward", targetGroupArn: this.nlbTargetGroup.arn }],
          tags,
        },
        { parent: this },
      );
      loadBalancers.push({
        targetGroupArn: this.nlbTargetGroup.arn,
        containerName,
        containerPort: containerPort!,
      });
      attached.push(this.nlbListener);
    }

    if (args.enableExecuteCommand) attached.push(this.execPolicy(name, args));

    const clusterName = args.cluster?.name ?? clusterNameOf(clusterArn);
    // The ALB alarms exist before the service: a traffic-shifting deployment rolls back on them.
    const albAlarms = args.alarms && albRefs ? createAlbAlarms(name, this, albRefs, args.alarms) : [];
    const deploymentAlarms =
      shifting && albAlarms.length > 0
        ? { enable: true, rollback: true, alarmNames: albAlarms.map((x) => x.name) }
        : undefined;

    const onEc2 = runsOnEc2(args);
    // Always explicit: a service that omits its strategy and runs on the cluster's default shows a
    // perpetual diff with the AWS provider (ECS reports the default strategy back).
    // An existing cluster's capacity providers are unknown: without a strategy, FARGATE as a
    // launch type runs on any cluster.
    const launchType =
      args.launchType ?? (args.cluster || args.capacityProviderStrategy ? undefined : "FARGATE");
    const strategy = launchType
      ? undefined
      : (args.capacityProviderStrategy ?? args.cluster!.defaultStrategy).map((s) => ({
          capacityProvider: args.cluster?.capacityProviderName(s.capacityProvider) ?? s.capacityProvider,
          weight: s.weight ?? 1,
          base: s.base ?? 0,
        }));
    this.service = new aws.ecs.Service(
      `${name}-svc`,
      {
        name: args.name,
        cluster: clusterArn,
        taskDefinition: td?.arn ?? args.taskDefinitionArn!,
        desiredCount: args.desiredCount ?? 2,
        launchType,
        platformVersion: launchType === "FARGATE" ? "LATEST" : undefined,
        capacityProviderStrategies: strategy,
        networkConfiguration: {
          subnets: args.subnetIds,
          securityGroups: args.securityGroupIds,
          assignPublicIp: args.assignPublicIp ?? false,
        },
        loadBalancers,
        healthCheckGracePeriodSeconds:
          loadBalancers.length > 0 ? (args.healthCheckGracePeriodSeconds ?? 60) : undefined,
        deploymentCircuitBreaker: circuitBreakerApplies(args.deployment)
          ? { enable: true, rollback: true }
          : undefined,
        deploymentConfiguration: deploymentConfiguration(args.deployment, lifecycleHooks),
        alarms: deploymentAlarms,
        deploymentMinimumHealthyPercent: args.minHealthyPercent ?? 100,
        deploymentMaximumPercent: args.maxPercent ?? 200,
        enableExecuteCommand: args.enableExecuteCommand ?? false,
        propagateTags: "SERVICE",
        enableEcsManagedTags: true,
        orderedPlacementStrategies: onEc2 ? EC2_PLACEMENT.map((s) => ({ ...s })) : undefined,
        placementConstraints: args.placementConstraints?.length
          ? args.placementConstraints.map((c) =>
              c.type === "memberOf" ? { type: c.type, expression: c.expression } : { type: c.type },
            )
          : undefined,
        tags,
      },
      {
        parent: this,
        // The target groups must be attached to a load balancer before the service registers with them.
        dependsOn: [...attached, ...(args.cluster ? [args.cluster.capacityProviders] : [])],
        // Once autoscaling owns the desired count, deploys must not reset it. With traffic shifting,
        // ECS swaps the primary and alternate target groups at every deployment; sending the
        // configured pair back on the next update would undo that.
        // https://github.com/hashicorp/terraform-provider-aws/issues/45678
        ignoreChanges: emptyToUndefined([
          ...(args.autoscaling ? ["desiredCount"] : []),
          ...(shifting ? ["loadBalancers"] : []),
        ]),
      },
    );
    this.name = this.service.name;

    if (args.autoscaling) {
      this.autoscaling = createServiceAutoscaling(
        name,
        this,
        {
          clusterName,
          serviceName: this.service.name,
          albResourceLabel: albRefs
            ? pulumi.interpolate`${albRefs.loadBalancer}/${albRefs.targetGroup}`
            : undefined,
          albBothTargetGroups:
            albRefs && this.alternateTargetGroup
              ? {
                  loadBalancer: albRefs.loadBalancer,
                  targetGroups: [albRefs.targetGroup, this.alternateTargetGroup.arnSuffix],
                }
              : undefined,
        },
        args.autoscaling,
      );
    }
    if (args.alarms)
      this.alarms = [
        ...createEcsAlarms(name, this, { clusterName, serviceName: this.service.name }, args.alarms),
        ...albAlarms,
      ];

    this.registerOutputs({ name: this.name, targetGroupArn: this.albTargetGroup?.arn });
  }

  /**
   * The deployment's Lambda hooks (the caller's and the built-in smoke test) and the role ECS
   * assumes to invoke them: `lambda:InvokeFunction` on exactly those functions, trusted by ECS.
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-permissions.html
   */
  private lifecycleHooks(
    name: string,
    args: ServiceArgs,
    header: { readonly name: string; readonly value: string },
    tags: Record<string, string>,
    attached: pulumi.Resource[],
  ): aws.types.input.ecs.ServiceDeploymentConfigurationLifecycleHook[] {
    const d = args.deployment!;
    const hooks: {
      functionArn: pulumi.Input<string>;
      stages: string[];
      details?: Record<string, unknown>;
    }[] = (d.lifecycleHooks ?? []).map((h) => ({
      functionArn: h.functionArn,
      stages: h.stages,
      details: h.details,
    }));
    if (d.smokeTest) {
      const t = d.smokeTest;
      const hook = createSmokeHook(name, this, {
        loadBalancerDnsName: args.alb!.loadBalancer!.dnsName,
        hostName: t.hostName,
        path: t.path ?? DEFAULT_SMOKE_PATH,
        expectBody: t.expectBody ?? DEFAULT_SMOKE_BODY,
        header,
        attempts: t.attempts ?? 3,
        tags,
      });
      (this as { smokeHook?: SmokeHook }).smokeHook = hook;
      hooks.push({ functionArn: hook.function.arn, stages: t.stages ?? ["POST_TEST_TRAFFIC_SHIFT"] });
    }
    if (hooks.length === 0) return [];
    const role = new aws.iam.Role(
      `${name}-hooks`,
      {
        description: `Lets ECS invoke ${name}'s deployment lifecycle hooks`,
        assumeRolePolicy: ecsServiceAssumeRolePolicy(),
        tags,
      },
      { parent: this },
    );
    (this as { lifecycleHookRole?: aws.iam.Role }).lifecycleHookRole = role;
    const functionArns = pulumi.all(hooks.map((h) => pulumi.output(h.functionArn)));
    attached.push(
      new aws.iam.RolePolicy(
        `${name}-hooks`,
        {
          role: role.name,
          policy: policyDocument(
            functionArns.apply((arns) => [
              {
                Sid: "InvokeLifecycleHooks",
                Effect: "Allow" as const,
                Action: "lambda:InvokeFunction",
                Resource: [...new Set(arns)].sort(),
              },
            ]),
          ),
        },
        { parent: this },
      ),
    );
    return hooks.map((h) => ({
      hookTargetArn: h.functionArn,
      roleArn: role.arn,
      lifecycleStages: h.stages,
      hookDetails: h.details ? JSON.stringify(h.details) : undefined,
    }));
  }

  /** What ECS Exec needs in the task role: SSM channels, the cluster's exec log group and key. */
  private execPolicy(name: string, args: ServiceArgs): aws.iam.RolePolicy {
    const c = args.cluster;
    const statements: pulumi.Input<object>[] = [
      {
        Sid: "EcsExecChannels",
        Effect: "Allow",
        Action: [
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
        ],
        Resource: "*",
      },
    ];
    if (c?.execLogGroup) {
      statements.push({
        Sid: "EcsExecLogGroups",
        Effect: "Allow",
        Action: "logs:DescribeLogGroups",
        Resource: "*",
      });
      statements.push(
        pulumi.output(c.execLogGroup.arn).apply((arn) => ({
          Sid: "EcsExecLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
          Resource: `${arn}:log-stream:*`,
        })),
      );
    }
    if (c?.execKey)
      statements.push(
        pulumi
          .output(c.execKey.arn)
          .apply((arn) => ({ Sid: "EcsExecKey", Effect: "Allow", Action: "kms:Decrypt", Resource: arn })),
      );
    return new aws.iam.RolePolicy(
      `${name}-exec`,
      {
        role: args.taskDefinition?.taskRoleName ?? args.taskRoleName!,
        policy: policyDocument(statements as any),
      },
      { parent: this },
    );
  }
}
