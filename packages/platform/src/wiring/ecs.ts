import {
  CapacityProviderStrategyItem,
  Cluster,
  DeploymentArgs,
  LoadBalancer,
  Service,
  TaskDefinition,
} from "@acs/ecs-platform";
import { resolveNetworkArgs } from "@acs/network";
import { workerClientEnvironment, workerClientStatements, type WorkerClientInputs } from "@acs/worker-pool";
import { PLATFORM_APP_RULE } from "@acs/platform-contract";
import * as pulumi from "@pulumi/pulumi";
import { APP_RULE_PRIORITY, EcsConfig } from "../config/ecs";
import { ConfigError } from "../config/errors";
import { EcsOutputs } from "../outputs";
import { Environment } from "../environment";
import { repositoryUrlIn } from "./registry";

/** What the ecs wiring takes from the network (a `Network` from @acs/network fits). */
export interface EcsNetworkInputs {
  readonly vpcId: pulumi.Input<string>;
  readonly publicSubnetIds: pulumi.Input<string>[];
  readonly privateSubnetIds: pulumi.Input<string>[];
  readonly loadBalancerSecurityGroupId: pulumi.Input<string>;
  readonly appSecurityGroupId: pulumi.Input<string>;
}

export interface EcsWiringInputs {
  /** The regional ACM certificate of the HTTPS listener (from the dns wiring). */
  readonly certificateArn: pulumi.Input<string>;
  /** The hot pool's tables, when the application claims workers: its environment and task role. */
  readonly workerPoolClient?: WorkerClientInputs;
  /**
   * This environment's own load-balancer name (lb.<env>.<parent>, on the certificate): the smoke
   * test of a blue/green deployment calls the ALB with it. Needed when `acs:ecs.deployment.smokeTest`.
   */
  readonly loadBalancerHostName?: pulumi.Input<string>;
}

/** `acs:ecs.deployment` as the Service's deployment args (undefined: rolling, as before). */
function deploymentOf(
  env: Environment,
  d: EcsConfig["deployment"],
  hostName: pulumi.Input<string> | undefined,
): DeploymentArgs | undefined {
  if (!d) return undefined;
  if (d.smokeTest && hostName === undefined)
    throw new ConfigError(
      `Pulumi.${env.cfg.stack}.yaml: acs:ecs.deployment.smokeTest is true but the environment has no load-balancer host name (acs:dns) for it to call; configure acs:dns or set smokeTest to false`,
    );
  return {
    strategy: d.strategy,
    alternateTargetGroupName: d.strategy.type === "rolling" ? undefined : `acs-${env.cfg.env}-app-alt`,
    smokeTest: d.smokeTest ? { hostName: hostName! } : undefined,
  };
}

export interface EcsWiring {
  readonly cluster: Cluster;
  readonly loadBalancer: LoadBalancer;
  readonly taskDefinition: TaskDefinition;
  readonly service: Service;
  /** The ALB's DNS name (the dns failover aliases lb.<env>.<parent> to it). */
  readonly albDnsName: pulumi.Output<string>;
  /** The ALB's canonical hosted zone id. */
  readonly albZoneId: pulumi.Output<string>;
  /** Stack outputs of the ecs part. */
  readonly outputs: EcsOutputs;
}

/** The path the ALB routes to the application, and its health check. */
export const APP_PATH_PATTERN = PLATFORM_APP_RULE.pathPattern;
export const APP_HEALTH_PATH = "/app/health";
/** The application's ECR repository (created by the bootstrap stack, never by an environment). */
export const APP_REPOSITORY = "acs/app";
/** Listener rule priority of the application (as in the hand-built environments). */
export { APP_RULE_PRIORITY };

/**
 * The environment's ECS platform from `acs:ecs`: the cluster, the ALB in the public subnets
 * (the network's LB security group, the dns wiring's certificate), the application's
 * task definition and service in the private subnets (the app security group) with `/app/*`
 * routed to it, autoscaling and alarms to the environment's topic. A secondary environment runs
 * the same service as a pilot light: its config sets a small desired count; the scaling
 * policies are the same, ready for a failover.
 */
export function wireEcs(env: Environment, network: EcsNetworkInputs, inputs: EcsWiringInputs): EcsWiring {
  const { cfg } = env;
  const e = cfg.ecs;
  const opts = { provider: env.providers.primary };
  const port = resolveNetworkArgs(cfg.network).appPort;
  const strategy: CapacityProviderStrategyItem[] = [{ capacityProvider: "FARGATE", weight: 1, base: 1 }];
  if (e.spotWeight > 0) strategy.push({ capacityProvider: "FARGATE_SPOT", weight: e.spotWeight });

  const cluster = new Cluster(
    cfg.env,
    { name: `acs-${cfg.env}`, defaultCapacityProviderStrategy: strategy },
    opts,
  );
  const loadBalancer = new LoadBalancer(
    `${cfg.env}-web`,
    {
      name: `acs-${cfg.env}`,
      vpcId: network.vpcId,
      subnetIds: network.publicSubnetIds,
      securityGroupIds: [network.loadBalancerSecurityGroupId],
      certificateArn: inputs.certificateArn,
      deletionProtection: cfg.protectData,
      accessLogs: { forceDestroy: !cfg.protectData },
    },
    opts,
  );
  const taskDefinition = new TaskDefinition(
    `${cfg.env}-app`,
    {
      family: `acs-${cfg.env}-app`,
      cpu: e.cpu,
      memory: e.memory,
      containers: [
        {
          name: "app",
          image: e.image,
          portMappings: [{ containerPort: port }],
          // ECS Exec's agent needs a writable root filesystem; otherwise it stays read-only.
          readonlyRootFilesystem: !e.enableExecuteCommand,
          environment: {
            PORT: String(port),
            ENVIRONMENT: cfg.env,
            ROLE: cfg.role,
            ...(inputs.workerPoolClient ? workerClientEnvironment(inputs.workerPoolClient) : {}),
          },
        },
      ],
      taskRolePolicyStatements: inputs.workerPoolClient
        ? workerClientStatements(inputs.workerPoolClient)
        : [],
      logRetentionDays: e.logRetentionDays,
      xray: e.xray,
    },
    opts,
  );
  const service = new Service(
    `${cfg.env}-app`,
    {
      cluster,
      taskDefinition,
      name: "app",
      subnetIds: network.privateSubnetIds,
      securityGroupIds: [network.appSecurityGroupId],
      alb: {
        loadBalancer,
        priority: APP_RULE_PRIORITY,
        pathPatterns: [APP_PATH_PATTERN],
        healthCheck: { path: APP_HEALTH_PATH },
        targetGroupName: `acs-${cfg.env}-app`,
      },
      desiredCount: e.desiredCount,
      enableExecuteCommand: e.enableExecuteCommand,
      autoscaling: {
        minCount: e.minCount,
        maxCount: e.maxCount,
        cpuTarget: e.cpuTarget,
        memoryTarget: e.memoryTarget,
        requestsPerTarget: e.requestsPerTarget,
        stepScaling: { threshold: e.stepScalingCpu },
        scheduled: e.scheduled,
      },
      alarms: { topicArn: env.alertTopic.arn },
      deployment: deploymentOf(env, e.deployment, inputs.loadBalancerHostName),
    },
    opts,
  );

  const outputs: EcsOutputs = {
    clusterName: cluster.name,
    clusterArn: cluster.arn,
    albDnsName: loadBalancer.dnsName,
    albZoneId: loadBalancer.zoneId,
    albHttpsListenerArn: loadBalancer.httpsListener.arn,
    serviceName: service.name,
    // The bootstrap stack's repository in this region (its own, or the replica): images are pushed
    // before any environment runs them, never created in the same `up` as the service.
    repositoryUrl: repositoryUrlIn(env, APP_REPOSITORY),
  };
  return {
    cluster,
    loadBalancer,
    taskDefinition,
    service,
    albDnsName: loadBalancer.dnsName,
    albZoneId: loadBalancer.zoneId,
    outputs,
  };
}
