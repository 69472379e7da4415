import * as pulumi from "@pulumi/pulumi";
import { Service as AcsService, type ServiceArgs as AcsServiceArgs } from "@acs/ecs-platform";
import { componentType } from "./package";
import type { Widened } from "./widened";

// The args below are the part of @acs/ecs-platform's ServiceArgs that a package schema can
// express: what another team brings by ARN or id (cluster, task definition revision, the shared
// ALB's HTTPS listener, subnets, security groups). The component instances the real args also
// accept (`cluster`, `taskDefinition`, `alb.loadBalancer`) cannot cross a schema. Descriptions
// in the schema are the real args' JSDoc (descriptions.ts).

/** Tier of the service's subnets (an enum in the schema; see network.ts). */
export const SubnetTier = { Private: "private", Public: "public" } as const;
export type SubnetTier = (typeof SubnetTier)[keyof typeof SubnetTier];

/** Health check of the target group created for the service. */
export interface ServiceTargetHealthCheck {
  path?: string;
  intervalSeconds?: number;
  healthyThreshold?: number;
  unhealthyThreshold?: number;
  timeoutSeconds?: number;
  matcher?: string;
}

/** Routing from an existing ALB HTTPS listener to the service. */
export interface ServiceAlbAttachment {
  listenerArn: pulumi.Input<string>;
  vpcId?: pulumi.Input<string>;
  targetGroupArn?: pulumi.Input<string>;
  priority: number;
  pathPatterns?: string[];
  hostHeaders?: string[];
  healthCheck?: ServiceTargetHealthCheck;
  targetGroupName?: string;
  deregistrationDelaySeconds?: number;
}

/** Args of {@link Service}: @acs/ecs-platform's `ServiceArgs` as the package schema carries them. */
export interface ServiceArgs {
  clusterArn: pulumi.Input<string>;
  taskDefinitionArn: pulumi.Input<string>;
  taskRoleName?: pulumi.Input<string>;
  name?: string;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  subnetTier?: SubnetTier;
  assignPublicIp?: boolean;
  allowPublic?: boolean;
  containerName?: string;
  containerPort?: number;
  alb?: ServiceAlbAttachment;
  desiredCount?: number;
  minHealthyPercent?: number;
  maxPercent?: number;
  healthCheckGracePeriodSeconds?: number;
  enableExecuteCommand?: boolean;
  /** `FARGATE` (an existing cluster's EC2 capacity cannot be named). */
  launchType?: string;
  tags?: Record<string, string>;
}

/**
 * The args as @acs/ecs-platform takes them. Compile-time check: each arg is one of the real
 * component's, with its type up to literal unions (`launchType`), whose values the
 * real validator checks before any resource exists; hence the one cast.
 */
function toAcsServiceArgs(args: ServiceArgs): AcsServiceArgs {
  const fits: Widened<Pick<AcsServiceArgs, keyof ServiceArgs>> = args;
  return fits as AcsServiceArgs;
}

/**
 * An ECS service in private subnets (@acs/ecs-platform's Service) on an existing cluster, running
 * an existing task definition revision, routed from an existing ALB HTTPS listener: a target
 * group (or an existing one), a listener rule, the deployment circuit breaker with rollback.
 */
export class Service extends pulumi.ComponentResource {
  /** ARN of the ECS service. */
  public readonly serviceArn: pulumi.Output<string>;
  /** Name of the ECS service. */
  public readonly serviceName: pulumi.Output<string>;
  /** ARN of the target group the listener rule forwards to (created, or `alb.targetGroupArn`), with `alb`. */
  public readonly targetGroupArn?: pulumi.Output<string>;
  /** ARN of the listener rule on the HTTPS listener, with `alb`. */
  public readonly listenerRuleArn?: pulumi.Output<string>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType("Service"), name, {}, opts);
    // The real component validates and applies the defaults: one home for each rule.
    const service = new AcsService(name, toAcsServiceArgs(args), { parent: this });
    // An ECS service's id is its ARN.
    // https://www.pulumi.com/registry/packages/aws/api-docs/ecs/service/#outputs
    this.serviceArn = service.service.id;
    this.serviceName = service.name;
    if (args.alb) {
      this.targetGroupArn = service.albTargetGroup?.arn ?? pulumi.output(args.alb.targetGroupArn!);
      this.listenerRuleArn = service.listenerRule!.arn;
    }
    this.registerOutputs({
      serviceArn: this.serviceArn,
      serviceName: this.serviceName,
      targetGroupArn: this.targetGroupArn,
      listenerRuleArn: this.listenerRuleArn,
    });
  }
}
