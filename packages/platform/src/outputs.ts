import * as pulumi from "@pulumi/pulumi";

type Id = pulumi.Input<string>;

/** The environment: who it is and where it runs. */
export interface EnvironmentOutputs {
  /** The environment name (`acs:environment`, else the stack name), e.g. `dev`. */
  readonly environment: string;
  /** `primary` (serves traffic) or `secondary` (the DR environment). */
  readonly role: "primary" | "secondary";
  /** `aws:region`: where the environment runs. */
  readonly region: string;
  /** `acs:peerRegion`: the other environment's region. */
  readonly peerRegion: string;
  /** ARN of the SNS topic every alarm of the environment notifies (KMS-encrypted). */
  readonly alertTopicArn: Id;
}

/** The VPC (packages/network): ids per subnet tier, security groups, routes and endpoints. */
export interface NetworkOutputs {
  /** The VPC's id. */
  readonly vpcId: Id;
  /** The VPC's CIDR (`acs:network.cidr`). */
  readonly vpcCidr: Id;
  /** The AZs the subnets span, in subnet order. */
  readonly availabilityZones: Id[];
  /** Public subnets (load balancers, NAT gateways), one per AZ. */
  readonly publicSubnetIds: Id[];
  /** Private (app) subnets: services and workers, one per AZ. */
  readonly privateSubnetIds: Id[];
  /** Isolated (data) subnets: no route to the internet, one per AZ. */
  readonly isolatedSubnetIds: Id[];
  /** Public IPs of the NAT gateways (what the internet sees of egress). */
  readonly natPublicIps: Id[];
  /** The load balancer's security group (80/443 from `loadBalancerIngressCidrs`). */
  readonly loadBalancerSecurityGroupId: Id;
  /** The services' security group (the app port from the load balancer's group only). */
  readonly appSecurityGroupId: Id;
  /** The interface endpoints' security group. Only when `acs:network.interfaceEndpoints` lists any. */
  readonly endpointSecurityGroupId?: Id;
  /** The public tier's route table. */
  readonly publicRouteTableId: Id;
  /** The private tier's route tables, one per AZ. */
  readonly privateRouteTableIds: Id[];
  /** The isolated tier's route tables, one per AZ. */
  readonly isolatedRouteTableIds: Id[];
  /** The S3 and DynamoDB gateway endpoints. */
  readonly gatewayEndpointIds: { readonly s3: Id; readonly dynamodb: Id };
  /** The interface endpoints by service (empty when none). */
  readonly interfaceEndpointIds: Readonly<Record<string, Id>>;
}

/** Zone, names and certificate (packages/dns-failover). */
export interface DnsOutputs {
  /** ARN of the environment's ACM certificate (its region) for `lbName` and `failoverName`. */
  readonly certificateArn: Id;
  /** The load balancer's own name, `lb.<env>.<parentZone>`. */
  readonly lbName: string;
  /** The delegated zone's id (created by the primary; read from it by the secondary). */
  readonly acsZoneId: Id;
  /** The delegated zone's name, e.g. `acs.app.com`. */
  readonly acsZoneName: Id;
  /** The failover name clients use, e.g. `dev.acs.app.com`. */
  readonly failoverName: Id;
  /** The delegated zone's name servers. Primary only (it creates the zone). */
  readonly acsNameServers?: pulumi.Input<string[]>;
}

/** The failover record pair (packages/dns-failover). */
export interface FailoverOutputs {
  /** The FQDN of the `lbName` alias to the ALB. */
  readonly lbFqdn: Id;
  /** This environment's side of the pair: `primary` or `secondary`. */
  readonly failoverRole: "primary" | "secondary";
  /** The operator override `auto | primary | secondary`. Primary only (it owns the override). */
  readonly failoverMode?: string;
  /** Route 53 health check of this environment's side, when it has one. */
  readonly healthCheckId?: Id;
}

/** Cluster, load balancer and service (packages/ecs-platform). */
export interface EcsOutputs {
  /** The ECS cluster's name. */
  readonly clusterName: Id;
  /** The ECS cluster's ARN. */
  readonly clusterArn: Id;
  /** The ALB's DNS name. */
  readonly albDnsName: Id;
  /** The ALB's canonical hosted zone id (for alias records). */
  readonly albZoneId: Id;
  /**
   * The ALB's HTTPS listener: another team's service adds its own listener rule here
   * (`@acs/ecs-platform` `Service` with `alb.listenerArn`), at a priority the platform does not use.
   */
  readonly albHttpsListenerArn: Id;
  /** The application service's name. */
  readonly serviceName: Id;
  /** The application image's repository in this region (the bootstrap stack's or its replica). */
  readonly repositoryUrl: Id;
}

/** The hot pool (packages/worker-pool): its tables, functions and worker. */
export interface WorkerPoolOutputs {
  /** Plan table (one row per worker version). */
  readonly workerPlanTableName: Id;
  readonly workerPlanTableArn: Id;
  /** Pool table (one row per started worker). */
  readonly workerPoolTableName: Id;
  readonly workerPoolTableArn: Id;
  /** Activity table (the primary's global table; its replica on the secondary). */
  readonly workerActivityTableName: Id;
  readonly workerActivityTableArn: Id;
  /** The manager Lambda. */
  readonly workerManagerFunctionName: Id;
  /** The pipeline Lambda (pushed image → task definition + plan row). */
  readonly workerPipelineFunctionName: Id;
  /** The worker's task-definition family. */
  readonly workerFamily: Id;
  /** The worker image's repository in this region. */
  readonly workerRepositoryUrl: Id;
}

/**
 * What `platform()` returns: the stack outputs of every environment stack, the documented
 * contract other stacks (the secondary's StackReference, other teams' programs) build on.
 * Optional fields are present exactly when their note says.
 */
export interface PlatformOutputs
  extends EnvironmentOutputs, NetworkOutputs, DnsOutputs, FailoverOutputs, EcsOutputs, WorkerPoolOutputs {}

/**
 * Every key of {@link PlatformOutputs}, with when it is present. Checked against the interface
 * by the compiler (no key missing, none extra); the stacks' test checks each stack exports
 * exactly these.
 */
export const PLATFORM_OUTPUT_KEYS = {
  environment: "always",
  role: "always",
  region: "always",
  peerRegion: "always",
  alertTopicArn: "always",
  vpcId: "always",
  vpcCidr: "always",
  availabilityZones: "always",
  publicSubnetIds: "always",
  privateSubnetIds: "always",
  isolatedSubnetIds: "always",
  natPublicIps: "always",
  loadBalancerSecurityGroupId: "always",
  appSecurityGroupId: "always",
  endpointSecurityGroupId: "interfaceEndpoints",
  publicRouteTableId: "always",
  privateRouteTableIds: "always",
  isolatedRouteTableIds: "always",
  gatewayEndpointIds: "always",
  interfaceEndpointIds: "always",
  certificateArn: "always",
  lbName: "always",
  acsZoneId: "always",
  acsZoneName: "always",
  failoverName: "always",
  acsNameServers: "primary",
  lbFqdn: "always",
  failoverRole: "always",
  failoverMode: "primary",
  healthCheckId: "healthCheck",
  clusterName: "always",
  clusterArn: "always",
  albDnsName: "always",
  albZoneId: "always",
  albHttpsListenerArn: "always",
  serviceName: "always",
  repositoryUrl: "always",
  workerPlanTableName: "always",
  workerPlanTableArn: "always",
  workerPoolTableName: "always",
  workerPoolTableArn: "always",
  workerActivityTableName: "always",
  workerActivityTableArn: "always",
  workerManagerFunctionName: "always",
  workerPipelineFunctionName: "always",
  workerFamily: "always",
  workerRepositoryUrl: "always",
} as const satisfies Record<
  keyof PlatformOutputs,
  "always" | "primary" | "interfaceEndpoints" | "healthCheck"
>;
