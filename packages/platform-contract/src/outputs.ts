/**
 * The outputs every environment stack of the platform exports, as a StackReference gives them
 * to another team's program (resolved values: strings, numbers, string lists). The platform's
 * composition (`platform()`) returns exactly this shape, with Pulumi outputs in place of values.
 */

/**
 * The contract's version (semver). MAJOR changes when a key is removed or renamed or its meaning
 * changes (a consumer written for another major must not read it); MINOR when a key is added;
 * PATCH for documentation. Every environment stack exports it as `contractVersion`.
 */
export const PLATFORM_CONTRACT_VERSION = "1.0.0";

/** The environment: who it is and where it runs. */
export interface EnvironmentOutputs {
  /** The contract version the stack exports ({@link PLATFORM_CONTRACT_VERSION} when it ran). */
  readonly contractVersion: string;
  /** The environment name (`acs:environment`, else the stack name), e.g. `dev`. */
  readonly environment: string;
  /** `primary` (serves traffic) or `secondary` (the DR environment). */
  readonly role: "primary" | "secondary";
  /** `aws:region`: where the environment runs. A team's stack must run in the same region. */
  readonly region: string;
  /** `acs:peerRegion`: the other environment's region. */
  readonly peerRegion: string;
  /** ARN of the SNS topic every alarm of the environment notifies (KMS-encrypted). */
  readonly alertTopicArn: string;
}

/** The VPC (`@acs/network`): ids per subnet tier, security groups, routes and endpoints. */
export interface NetworkOutputs {
  /** The VPC's id. */
  readonly vpcId: string;
  /** The VPC's CIDR (`acs:network.cidr`). */
  readonly vpcCidr: string;
  /** The AZs the subnets span, in subnet order. */
  readonly availabilityZones: string[];
  /** Public subnets (load balancers, NAT gateways), one per AZ. Never for tasks. */
  readonly publicSubnetIds: string[];
  /** Private (app) subnets: services and workers, one per AZ. A team's tasks run here. */
  readonly privateSubnetIds: string[];
  /** Isolated (data) subnets: no route to the internet, one per AZ. */
  readonly isolatedSubnetIds: string[];
  /** Public IPs of the NAT gateways (what the internet sees of egress). */
  readonly natPublicIps: string[];
  /** The load balancer's security group (80/443 from `loadBalancerIngressCidrs`; out to `appSecurityGroupId` on `appPort` only). */
  readonly loadBalancerSecurityGroupId: string;
  /** The services' security group: `appPort` from the load balancer's group only, HTTPS out. */
  readonly appSecurityGroupId: string;
  /** The port the load balancer may reach the services on (`acs:network.appPort`): a team's container port. */
  readonly appPort: number;
  /** The interface endpoints' security group. Only when `acs:network.interfaceEndpoints` lists any. */
  readonly endpointSecurityGroupId?: string;
  /** The public tier's route table. */
  readonly publicRouteTableId: string;
  /** The private tier's route tables, one per AZ. */
  readonly privateRouteTableIds: string[];
  /** The isolated tier's route tables, one per AZ. */
  readonly isolatedRouteTableIds: string[];
  /** The S3 and DynamoDB gateway endpoints. */
  readonly gatewayEndpointIds: { readonly s3: string; readonly dynamodb: string };
  /** The interface endpoints by service (empty when none). */
  readonly interfaceEndpointIds: Readonly<Record<string, string>>;
}

/** Zone, names and certificate (`@acs/dns-failover`). */
export interface DnsOutputs {
  /** ARN of the environment's ACM certificate (its region) for `lbName` and `failoverName`. */
  readonly certificateArn: string;
  /** The load balancer's own name, `lb.<env>.<parentZone>`. */
  readonly lbName: string;
  /** The delegated zone's id (created by the primary; read from it by the secondary). */
  readonly acsZoneId: string;
  /** The delegated zone's name, e.g. `acs.app.com`. */
  readonly acsZoneName: string;
  /** The failover name clients use, e.g. `dev.acs.app.com`. */
  readonly failoverName: string;
  /** The delegated zone's name servers. Primary only (it creates the zone). */
  readonly acsNameServers?: string[];
}

/** The failover record pair (`@acs/dns-failover`). */
export interface FailoverOutputs {
  /** The FQDN of the `lbName` alias to the ALB. */
  readonly lbFqdn: string;
  /** This environment's side of the pair: `primary` or `secondary`. */
  readonly failoverRole: "primary" | "secondary";
  /** The operator override `auto | primary | secondary`. Primary only (it owns the override). */
  readonly failoverMode?: string;
  /** Route 53 health check of this environment's side, when it has one. */
  readonly healthCheckId?: string;
}

/** Cluster, load balancer and service (`@acs/ecs-platform`). */
export interface EcsOutputs {
  /** The ECS cluster's name. */
  readonly clusterName: string;
  /** The ECS cluster's ARN: a team's service runs in it (`Service` `clusterArn`). */
  readonly clusterArn: string;
  /** The ALB's DNS name. */
  readonly albDnsName: string;
  /** The ALB's canonical hosted zone id (for alias records). */
  readonly albZoneId: string;
  /**
   * The ALB's HTTPS listener: another team's service adds its own listener rule here
   * (`@acs/ecs-platform` `Service` with `alb.listenerArn`), at a priority and on a path the
   * platform does not use ({@link PLATFORM_LISTENER_RULES}, `checkTeamListenerRule`).
   */
  readonly albHttpsListenerArn: string;
  /** The application service's name. */
  readonly serviceName: string;
  /** The application image's repository in this region (the bootstrap stack's or its replica). */
  readonly repositoryUrl: string;
}

/** The hot pool (`@acs/worker-pool`): its tables, functions, worker and client policy. */
export interface WorkerPoolOutputs {
  /** Plan table (one row per worker version). */
  readonly workerPlanTableName: string;
  readonly workerPlanTableArn: string;
  /** Pool table (one row per started worker). */
  readonly workerPoolTableName: string;
  readonly workerPoolTableArn: string;
  /** Activity table (the primary's global table; its replica on the secondary). */
  readonly workerActivityTableName: string;
  readonly workerActivityTableArn: string;
  /** The manager Lambda. */
  readonly workerManagerFunctionName: string;
  /** The pipeline Lambda (pushed image → task definition + plan row). */
  readonly workerPipelineFunctionName: string;
  /** The worker's task-definition family. */
  readonly workerFamily: string;
  /** The worker image's repository in this region. */
  readonly workerRepositoryUrl: string;
  /**
   * ARN of the customer-managed IAM policy a claim client needs (find idle workers, claim,
   * return, retire, record activity; nothing else): a team attaches it to its own task role and
   * gives its containers `POOL_TABLE` = `workerPoolTableName`, `ACTIVITY_TABLE` = `workerActivityTableName`.
   */
  readonly workerPoolClientPolicyArn: string;
}

/**
 * The stack outputs of every environment stack: the documented contract other stacks (the
 * secondary's StackReference, other teams' programs) build on. Optional keys are present exactly
 * when {@link PLATFORM_OUTPUT_KEYS} says.
 */
export interface PlatformOutputs
  extends EnvironmentOutputs, NetworkOutputs, DnsOutputs, FailoverOutputs, EcsOutputs, WorkerPoolOutputs {}

/**
 * When a key is present: `always`; `primary` (the primary environment only);
 * `interfaceEndpoints` (when `acs:network.interfaceEndpoints` lists any); `healthCheck` (the
 * primary, and a secondary with `acs:dns.secondaryHealthCheck`).
 */
export type OutputPresence = "always" | "primary" | "interfaceEndpoints" | "healthCheck";

/**
 * Every key of {@link PlatformOutputs}, with when it is present. Checked against the interface
 * by the compiler (no key missing, none extra, optional exactly when not `always`); the
 * platform's tests check that each environment stack exports exactly these.
 */
export const PLATFORM_OUTPUT_KEYS = {
  contractVersion: "always",
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
  appPort: "always",
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
  workerPoolClientPolicyArn: "always",
} as const satisfies { readonly [K in keyof PlatformOutputs]-?: PresenceOf<K> };

/** The keys present in every environment (required in {@link PlatformOutputs}). */
type RequiredKey = {
  [K in keyof PlatformOutputs]-?: undefined extends PlatformOutputs[K] ? never : K;
}[keyof PlatformOutputs];
/** `always` for a required key, one of the conditions for an optional one: the table and the interface agree. */
type PresenceOf<K extends keyof PlatformOutputs> = K extends RequiredKey
  ? "always"
  : Exclude<OutputPresence, "always">;

/** Every key of the contract, in the table's order. */
export const platformOutputKeys = Object.keys(PLATFORM_OUTPUT_KEYS) as (keyof PlatformOutputs)[];
