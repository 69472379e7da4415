import * as pulumi from "@pulumi/pulumi";
import { SubnetTier } from "./cidr";

/** How private subnets reach the internet. */
export type NatStrategy = "None" | "Single" | "OnePerAz";
export const NAT_STRATEGIES: readonly NatStrategy[] = ["None", "Single", "OnePerAz"];

/** AWS services that can get an interface endpoint in the private subnets. */
export const INTERFACE_ENDPOINT_SERVICES = [
  "ecr.api",
  "ecr.dkr",
  "logs",
  "ssm",
  "ssmmessages",
  "ec2messages",
  "secretsmanager",
  "sts",
] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** The interface endpoints Session Manager needs when there is no NAT. */
export const SSM_ENDPOINTS: readonly InterfaceEndpointService[] = ["ssm", "ssmmessages", "ec2messages"];

/**
 * Retention periods CloudWatch Logs accepts (days). The one list of the workspace: ecs-platform
 * re-exports it, worker-pool and the stack config check against it.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * What is wrong with a CloudWatch Logs retention, or undefined. The text follows the setting's
 * name (`is 45, which CloudWatch Logs does not accept; use one of …`). Pure.
 */
export function logRetentionProblem(days: unknown): string | undefined {
  return (LOG_RETENTION_DAYS as readonly unknown[]).includes(days)
    ? undefined
    : `is ${JSON.stringify(days)}, which CloudWatch Logs does not accept; use one of ${LOG_RETENTION_DAYS.slice(0, 12).join(", ")}, …`;
}

export interface FlowLogsArgs {
  /**
   * Capture VPC flow logs (all traffic, accepted and rejected).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Where flow logs go: a CloudWatch Logs group (written through a role scoped to that
   * group) or a new S3 bucket (SSE-S3, public access blocked, TLS only, expiring objects).
   * @default "cloudwatch"
   */
  readonly destination?: "cloudwatch" | "s3";
  /**
   * How long records are kept. For CloudWatch one of the values Logs accepts (1, 3, 5, 7,
   * 14, 30, 60, 90, 120, 150, 180, 365, …); for S3 any positive number of days.
   * @default 90
   */
  readonly retentionDays?: number;
  /**
   * KMS key ARN to encrypt the CloudWatch log group with (its key policy must allow
   * `logs.<region>.amazonaws.com`). Only for `destination: "cloudwatch"`.
   * @default - encrypted with a key CloudWatch Logs manages
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

export interface BastionArgs {
  /**
   * Create an SSM Session Manager instance in the first private subnet.
   * @default false
   */
  readonly enabled?: boolean;
  /**
   * EC2 instance type.
   * @default "t3.micro"
   */
  readonly instanceType?: string;
  /**
   * CIDRs allowed to SSH (port 22) to the bastion. Session Manager needs none; a world-open
   * range (`0.0.0.0/0`) is rejected.
   * @default [] - no inbound rule at all
   */
  readonly sshAllowCidrs?: readonly string[];
}

/** Prefix length of each tier's subnets (e.g. `{ private: 19 }`). */
export interface SubnetPrefixLengthArgs extends Partial<Readonly<Record<SubnetTier, number>>> {
  /** Prefix length of the private (app) subnets. @default VPC+3 (/19 in a /16) */
  readonly private?: number;
  /** Prefix length of the public subnets. @default VPC+5 (/21 in a /16) */
  readonly public?: number;
  /** Prefix length of the isolated (data) subnets. @default VPC+5, at most /28 (/21 in a /16) */
  readonly isolated?: number;
}

export interface NetworkArgs {
  /** The VPC's IPv4 CIDR, a /16 to /24 (e.g. `10.10.0.0/16`). Must not overlap a peer environment's. */
  readonly cidr: string;
  /**
   * How many AZs to spread subnets over: the region's first N available ones.
   * @default 3
   */
  readonly azCount?: 2 | 3;
  /**
   * NAT for the private subnets: `None` (no internet egress), `Single` (one NAT gateway in
   * the first AZ, shared), `OnePerAz` (one per AZ; an AZ outage does not cut egress elsewhere).
   * @default "OnePerAz"
   */
  readonly natStrategy?: NatStrategy;
  /**
   * Prefix length per tier. Each tier reserves 4 AZ slots of its size, laid out private,
   * public, isolated from the start of the VPC.
   * @default - private VPC+3, public VPC+5, isolated VPC+5 (at most /28): /19, /21, /21 in a /16; /23, /25, /25 in a /20
   */
  readonly subnetPrefixLengths?: SubnetPrefixLengthArgs;
  /**
   * Interface endpoints to create in the private subnets (private DNS on), reachable on 443
   * from the VPC CIDR only. S3 and DynamoDB gateway endpoints are always created.
   * @default []
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointService[];
  /**
   * VPC flow logs.
   * @default { enabled: true, destination: "cloudwatch", retentionDays: 90 }
   */
  readonly flowLogs?: FlowLogsArgs;
  /**
   * CIDRs allowed to reach the load balancer security group on 80 and 443.
   * @default ["0.0.0.0/0"]
   */
  readonly loadBalancerIngressCidrs?: readonly string[];
  /**
   * Port the services listen on: the app security group admits it from the load balancer
   * security group only.
   * @default 8080
   */
  readonly appPort?: number;
  /**
   * Optional SSM-managed bastion.
   * @default { enabled: false }
   */
  readonly bastion?: BastionArgs;
  /**
   * Tags added to every resource of the component, after `Name` (the provider adds the stack's default tags).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * {@link NetworkArgs} with every default applied ({@link resolveNetworkArgs}): what the
 * validator checks and the component builds from.
 */
export interface ResolvedNetworkArgs {
  readonly cidr: string;
  readonly azCount: number;
  readonly natStrategy: NatStrategy;
  readonly subnetPrefixLengths: SubnetPrefixLengthArgs;
  readonly interfaceEndpoints: readonly InterfaceEndpointService[];
  readonly flowLogs: {
    readonly enabled: boolean;
    readonly destination: "cloudwatch" | "s3";
    readonly retentionDays: number;
    readonly kmsKeyArn?: pulumi.Input<string>;
  };
  readonly loadBalancerIngressCidrs: readonly string[];
  readonly appPort: number;
  readonly bastion: {
    readonly enabled: boolean;
    readonly instanceType: string;
    readonly sshAllowCidrs: readonly string[];
  };
  readonly tags: Readonly<Record<string, string>>;
}

/** Applies the defaults documented on {@link NetworkArgs}, once. Pure; does not validate. */
export function resolveNetworkArgs(args: NetworkArgs): ResolvedNetworkArgs {
  const flow = args.flowLogs ?? {};
  const bastion = args.bastion ?? {};
  return {
    cidr: args.cidr,
    azCount: args.azCount ?? 3,
    natStrategy: args.natStrategy ?? "OnePerAz",
    subnetPrefixLengths: args.subnetPrefixLengths ?? {},
    interfaceEndpoints: args.interfaceEndpoints ?? [],
    flowLogs: {
      enabled: flow.enabled ?? true,
      destination: flow.destination ?? "cloudwatch",
      retentionDays: flow.retentionDays ?? 90,
      ...(flow.kmsKeyArn !== undefined ? { kmsKeyArn: flow.kmsKeyArn } : {}),
    },
    loadBalancerIngressCidrs: args.loadBalancerIngressCidrs ?? ["0.0.0.0/0"],
    appPort: args.appPort ?? 8080,
    bastion: {
      enabled: bastion.enabled ?? false,
      instanceType: bastion.instanceType ?? "t3.micro",
      sshAllowCidrs: bastion.sshAllowCidrs ?? [],
    },
    tags: args.tags ?? {},
  };
}
