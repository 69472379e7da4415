import * as pulumi from "@pulumi/pulumi";
import { Network as AcsNetwork, type NetworkArgs as AcsNetworkArgs } from "@acs/network";
import { componentType } from "./package";
import type { Widened } from "./widened";

// The args below are the subset of @acs/network's NetworkArgs that a package schema can express,
// with the same names and nesting. Their descriptions in the schema are the JSDoc of the real
// args (descriptions.ts), so they are not repeated here.

// Modes are enums in the schema (an enum type in each generated SDK): a const object and its
// union, the form the analyzer reads. schema.test.ts checks at compile time that each union is
// exactly the real one.

/** How the private subnets reach the internet. */
export const NatStrategy = { None: "None", Single: "Single", OnePerAz: "OnePerAz" } as const;
export type NatStrategy = (typeof NatStrategy)[keyof typeof NatStrategy];

/** Where flow logs go. */
export const FlowLogDestination = { CloudWatch: "cloudwatch", S3: "s3" } as const;
export type FlowLogDestination = (typeof FlowLogDestination)[keyof typeof FlowLogDestination];

/** Prefix length of each subnet tier. */
export interface NetworkSubnetPrefixLengths {
  private?: number;
  public?: number;
  isolated?: number;
}

/** VPC flow logs. */
export interface NetworkFlowLogs {
  enabled?: boolean;
  destination?: FlowLogDestination;
  retentionDays?: number;
  kmsKeyArn?: pulumi.Input<string>;
}

/** The optional SSM-managed bastion. */
export interface NetworkBastion {
  enabled?: boolean;
  instanceType?: string;
  sshAllowCidrs?: string[];
}

/** Args of {@link Network}: @acs/network's `NetworkArgs` as the package schema carries them. */
export interface NetworkArgs {
  cidr: string;
  /** 2 or 3. */
  azCount?: number;
  natStrategy?: NatStrategy;
  subnetPrefixLengths?: NetworkSubnetPrefixLengths;
  /** Any of `ecr.api`, `ecr.dkr`, `logs`, `ssm`, `ssmmessages`, `ec2messages`, `secretsmanager`, `sts`. */
  interfaceEndpoints?: string[];
  flowLogs?: NetworkFlowLogs;
  loadBalancerIngressCidrs?: string[];
  appPort?: number;
  bastion?: NetworkBastion;
  tags?: Record<string, string>;
}

/**
 * The args as @acs/network takes them. Compile-time check: each arg is one of the real
 * component's, with its type up to literal unions (`azCount`, `interfaceEndpoints`), whose values
 * the real validator checks before any resource exists; hence the one cast.
 */
function toAcsNetworkArgs(args: NetworkArgs): AcsNetworkArgs {
  const fits: Widened<Pick<AcsNetworkArgs, keyof NetworkArgs>> = args;
  return fits as AcsNetworkArgs;
}

/**
 * A production VPC (@acs/network's Network): public, private and isolated subnets over 2–3
 * AZs, NAT, gateway and interface endpoints, flow logs, and the security groups for the load
 * balancer and the services.
 */
export class Network extends pulumi.ComponentResource {
  /** The VPC's id. */
  public readonly vpcId: pulumi.Output<string>;
  /** The VPC's IPv4 CIDR. */
  public readonly vpcCidr: pulumi.Output<string>;
  /** The availability zones of the subnets, in order. */
  public readonly availabilityZones: pulumi.Output<string[]>;
  /** Public subnets (load balancers, NAT gateways), one per AZ. */
  public readonly publicSubnetIds: pulumi.Output<string[]>;
  /** Private subnets (the services), one per AZ. */
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Isolated subnets (data stores, no route to the internet), one per AZ. */
  public readonly isolatedSubnetIds: pulumi.Output<string[]>;
  /** Public IPs of the NAT gateways (empty with `natStrategy: None`). */
  public readonly natPublicIps: pulumi.Output<string[]>;
  /** Security group of the load balancer (80 and 443 from `loadBalancerIngressCidrs`). */
  public readonly loadBalancerSecurityGroupId: pulumi.Output<string>;
  /** Security group of the services (`appPort` from the load balancer's group only). */
  public readonly appSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType("Network"), name, {}, opts);
    // The real component validates and applies the defaults: one home for each rule.
    const network = new AcsNetwork(name, toAcsNetworkArgs(args), { parent: this });
    this.vpcId = network.vpcId;
    this.vpcCidr = network.vpcCidr;
    this.availabilityZones = pulumi.all(network.availabilityZones);
    this.publicSubnetIds = pulumi.all(network.publicSubnetIds);
    this.privateSubnetIds = pulumi.all(network.privateSubnetIds);
    this.isolatedSubnetIds = pulumi.all(network.isolatedSubnetIds);
    this.natPublicIps = pulumi.all(network.natPublicIps);
    this.loadBalancerSecurityGroupId = network.loadBalancerSecurityGroupId;
    this.appSecurityGroupId = network.appSecurityGroupId;
    this.registerOutputs({
      vpcId: this.vpcId,
      vpcCidr: this.vpcCidr,
      availabilityZones: this.availabilityZones,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
      natPublicIps: this.natPublicIps,
      loadBalancerSecurityGroupId: this.loadBalancerSecurityGroupId,
      appSecurityGroupId: this.appSecurityGroupId,
    });
  }
}
