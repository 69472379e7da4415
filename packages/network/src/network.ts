import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InterfaceEndpointService, NatStrategy, NetworkArgs, resolveNetworkArgs } from "./args";
import { Bastion, createBastion } from "./bastion";
import { parseCidr, subnetLayout, SubnetTier } from "./cidr";
import { ChildContext, makeTagger } from "./context";
import { createGatewayEndpoints, createInterfaceEndpoints, GatewayEndpoints } from "./endpoints";
import { createFlowLogs, FlowLogs } from "./flow-logs";
import { createServiceSecurityGroups, lockDefaultSecurityGroup } from "./security-groups";
import {
  AVAILABILITY_ZONES_QUERY,
  resolvePrefixLengths,
  validateAzCount,
  validateNetworkArgs,
} from "./validate";

/** Indices of the AZs whose private subnets get a NAT gateway (in the public subnet of that AZ). */
export function natAzIndices(strategy: NatStrategy, azCount: number): number[] {
  switch (strategy) {
    case "None":
      return [];
    case "Single":
      return [0];
    case "OnePerAz":
      return Array.from({ length: azCount }, (_, i) => i);
    default:
      throw new Error(
        `network: \`natStrategy\` is ${JSON.stringify(strategy)}; use "None", "Single" or "OnePerAz"`,
      );
  }
}

/**
 * A production VPC: public, private (app) and isolated (data) subnets in 2–3 AZs, an
 * internet gateway, NAT per {@link NatStrategy}, route tables per tier and AZ, S3 and
 * DynamoDB gateway endpoints, optional interface endpoints, flow logs, the default SG
 * locked down, SGs for the load balancer and the services, and an optional SSM bastion.
 */
export class Network extends pulumi.ComponentResource {
  /** The VPC (DNS support and hostnames on). */
  public readonly vpc: aws.ec2.Vpc;
  /** The VPC's id. */
  public readonly vpcId: pulumi.Output<string>;
  /** The VPC's IPv4 CIDR. */
  public readonly vpcCidr: pulumi.Output<string>;
  /** The AZs used, in order: the region's first `azCount` available AZs. */
  public readonly availabilityZones: pulumi.Output<string>[];
  /** Subnets per tier, one per AZ in {@link availabilityZones} order. */
  public readonly publicSubnets: aws.ec2.Subnet[];
  public readonly privateSubnets: aws.ec2.Subnet[];
  public readonly isolatedSubnets: aws.ec2.Subnet[];
  /** Public subnets (load balancers, NAT gateways): default route to the internet gateway. */
  public readonly publicSubnetIds: pulumi.Output<string>[];
  /** Private (app) subnets: default route to a NAT gateway unless `natStrategy` is "None". */
  public readonly privateSubnetIds: pulumi.Output<string>[];
  /** Isolated (data) subnets: no route to the internet. */
  public readonly isolatedSubnetIds: pulumi.Output<string>[];
  /** The subnet CIDRs per tier (AZ order), computed from the args. */
  public readonly subnetCidrs: Readonly<Record<SubnetTier, string[]>>;
  public readonly internetGateway: aws.ec2.InternetGateway;
  /** NAT gateways: none, one (AZ 0) or one per AZ. */
  public readonly natGateways: aws.ec2.NatGateway[];
  /** Public IPs of the NAT gateways (for allowlists at third parties). */
  public readonly natPublicIps: pulumi.Output<string>[];
  /** The public route table (shared by every public subnet). */
  public readonly publicRouteTableId: pulumi.Output<string>;
  /** One private route table per AZ. */
  public readonly privateRouteTableIds: pulumi.Output<string>[];
  /** One isolated route table per AZ (no default route). */
  public readonly isolatedRouteTableIds: pulumi.Output<string>[];
  /** Load balancer SG: 80/443 from `loadBalancerIngressCidrs`, egress only to the app SG on the app port. */
  public readonly loadBalancerSecurityGroupId: pulumi.Output<string>;
  /** App SG: ingress only from the load balancer SG on `appPort`, egress 443. */
  public readonly appSecurityGroupId: pulumi.Output<string>;
  /** Interface endpoints' SG (only when `interfaceEndpoints` is not empty). */
  public readonly endpointSecurityGroupId?: pulumi.Output<string>;
  /** Gateway endpoints (S3, DynamoDB) on the private and isolated route tables. */
  public readonly gatewayEndpoints: GatewayEndpoints;
  /** Gateway endpoint ids by service. */
  public readonly gatewayEndpointIds: {
    readonly s3: pulumi.Output<string>;
    readonly dynamodb: pulumi.Output<string>;
  };
  /** Interface endpoint ids by service (empty when none were asked for). */
  public readonly interfaceEndpointIds: Partial<Record<InterfaceEndpointService, pulumi.Output<string>>>;
  /** Flow logs, unless `flowLogs.enabled` is false. */
  public readonly flowLogs?: FlowLogs;
  /** The VPC's default SG, managed with no rules. */
  public readonly defaultSecurityGroup: aws.ec2.DefaultSecurityGroup;
  /** The SSM bastion, when `bastion.enabled`. */
  public readonly bastion?: Bastion;

  constructor(name: string, given: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("acs:network:Network", name, {}, opts);
    const args = resolveNetworkArgs(given);
    validateNetworkArgs(args); // before any child exists

    const { azCount, natStrategy } = args;
    const vpcPrefix = parseCidr(args.cidr)!.prefix;
    this.subnetCidrs = subnetLayout(
      args.cidr,
      resolvePrefixLengths(vpcPrefix, args.subnetPrefixLengths),
      azCount,
    );
    const tags = makeTagger(args.tags);
    const indices = Array.from({ length: azCount }, (_, i) => i);

    // The region and its AZs come from the inherited provider. The VPC's CIDR waits for the
    // AZ check and every other child waits for the VPC, so a region with too few AZs fails
    // the deployment before anything is created.
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const zones = aws.getAvailabilityZonesOutput(AVAILABILITY_ZONES_QUERY, { parent: this });
    const azNames = pulumi.all([zones.names, region]).apply(([names, r]) => {
      validateAzCount(azCount, names, r);
      return names.slice(0, azCount);
    });
    this.availabilityZones = indices.map((i) => azNames.apply((n) => n[i]!));

    this.vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: azNames.apply(() => args.cidr),
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: tags(`${name}-vpc`),
      },
      { parent: this },
    );
    this.vpcId = this.vpc.id;
    this.vpcCidr = this.vpc.cidrBlock;
    const ctx: ChildContext = {
      parent: this,
      name,
      tags,
      vpcId: this.vpcId,
      vpcCidr: this.vpcCidr,
      region,
      afterVpc: { parent: this, dependsOn: [this.vpc] },
    };

    const subnets = (tier: SubnetTier) =>
      indices.map(
        (i) =>
          new aws.ec2.Subnet(
            `${name}-${tier}-${i}`,
            {
              vpcId: this.vpcId,
              cidrBlock: this.subnetCidrs[tier][i]!,
              availabilityZone: this.availabilityZones[i]!,
              mapPublicIpOnLaunch: false,
              tags: tags(pulumi.interpolate`${name}-${tier}-${this.availabilityZones[i]!}`, tier),
            },
            { parent: this },
          ),
      );
    this.publicSubnets = subnets("public");
    this.privateSubnets = subnets("private");
    this.isolatedSubnets = subnets("isolated");
    this.publicSubnetIds = this.publicSubnets.map((s) => s.id);
    this.privateSubnetIds = this.privateSubnets.map((s) => s.id);
    this.isolatedSubnetIds = this.isolatedSubnets.map((s) => s.id);

    // Public tier: one route table, default route to the internet gateway.
    this.internetGateway = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: this.vpcId, tags: tags(`${name}-igw`) },
      { parent: this },
    );
    const publicRt = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      { vpcId: this.vpcId, tags: tags(`${name}-public`, "public") },
      { parent: this },
    );
    new aws.ec2.Route(
      `${name}-public-default`,
      { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: this.internetGateway.id },
      { parent: this },
    );
    this.publicSubnets.forEach(
      (s, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-public-${i}-rta`,
          { subnetId: s.id, routeTableId: publicRt.id },
          { parent: this },
        ),
    );
    this.publicRouteTableId = publicRt.id;

    // NAT gateways in the public subnets of the chosen AZs.
    const natIndices = natAzIndices(natStrategy, azCount);
    const eips = natIndices.map(
      (i) =>
        new aws.ec2.Eip(
          `${name}-nat-${i}-eip`,
          { domain: "vpc", tags: tags(`${name}-nat-${i}`) },
          { parent: this, dependsOn: [this.internetGateway] },
        ),
    );
    this.natGateways = natIndices.map(
      (i, k) =>
        new aws.ec2.NatGateway(
          `${name}-nat-${i}`,
          {
            allocationId: eips[k]!.id,
            subnetId: this.publicSubnets[i]!.id,
            connectivityType: "public",
            tags: tags(pulumi.interpolate`${name}-nat-${this.availabilityZones[i]!}`),
          },
          { parent: this, dependsOn: [this.internetGateway] },
        ),
    );
    this.natPublicIps = eips.map((e) => e.publicIp);

    // Private tier: a route table per AZ, default route to the NAT in the same AZ (or the single one).
    const privateRts = indices.map(
      (i) =>
        new aws.ec2.RouteTable(
          `${name}-private-${i}-rt`,
          {
            vpcId: this.vpcId,
            tags: tags(pulumi.interpolate`${name}-private-${this.availabilityZones[i]!}`, "private"),
          },
          { parent: this },
        ),
    );
    privateRts.forEach((rt, i) => {
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${i}-rta`,
        { subnetId: this.privateSubnets[i]!.id, routeTableId: rt.id },
        { parent: this },
      );
      if (this.natGateways.length === 0) return;
      const nat = natStrategy === "OnePerAz" ? this.natGateways[i]! : this.natGateways[0]!;
      new aws.ec2.Route(
        `${name}-private-${i}-default`,
        { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id },
        { parent: this },
      );
    });
    this.privateRouteTableIds = privateRts.map((rt) => rt.id);

    // Isolated tier: a route table per AZ with only the local route (and the gateway endpoints).
    const isolatedRts = indices.map(
      (i) =>
        new aws.ec2.RouteTable(
          `${name}-isolated-${i}-rt`,
          {
            vpcId: this.vpcId,
            tags: tags(pulumi.interpolate`${name}-isolated-${this.availabilityZones[i]!}`, "isolated"),
          },
          { parent: this },
        ),
    );
    isolatedRts.forEach(
      (rt, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-isolated-${i}-rta`,
          { subnetId: this.isolatedSubnets[i]!.id, routeTableId: rt.id },
          { parent: this },
        ),
    );
    this.isolatedRouteTableIds = isolatedRts.map((rt) => rt.id);

    this.gatewayEndpoints = createGatewayEndpoints(ctx, [
      ...this.privateRouteTableIds,
      ...this.isolatedRouteTableIds,
    ]);
    this.gatewayEndpointIds = {
      s3: this.gatewayEndpoints.s3.id,
      dynamodb: this.gatewayEndpoints.dynamodb.id,
    };
    const services = args.interfaceEndpoints;
    this.interfaceEndpointIds = {};
    if (services.length > 0) {
      const iface = createInterfaceEndpoints(ctx, services, this.privateSubnetIds);
      this.endpointSecurityGroupId = iface.securityGroup.id;
      for (const [svc, ep] of Object.entries(iface.endpoints))
        this.interfaceEndpointIds[svc as InterfaceEndpointService] = ep.id;
    }

    const flow = args.flowLogs;
    if (flow.enabled) {
      this.flowLogs = createFlowLogs(ctx, {
        destination: flow.destination,
        retentionDays: flow.retentionDays,
        kmsKeyArn: flow.kmsKeyArn,
      });
    }

    this.defaultSecurityGroup = lockDefaultSecurityGroup(ctx);
    const sgs = createServiceSecurityGroups(ctx, args.loadBalancerIngressCidrs, args.appPort);
    this.loadBalancerSecurityGroupId = sgs.loadBalancer.id;
    this.appSecurityGroupId = sgs.app.id;

    const bastion = args.bastion;
    if (bastion.enabled) {
      this.bastion = createBastion(
        ctx,
        this.privateSubnetIds[0]!,
        bastion.instanceType,
        bastion.sshAllowCidrs,
      );
    }

    this.registerOutputs({
      vpcId: this.vpcId,
      vpcCidr: this.vpcCidr,
      availabilityZones: this.availabilityZones,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
      publicRouteTableId: this.publicRouteTableId,
      privateRouteTableIds: this.privateRouteTableIds,
      isolatedRouteTableIds: this.isolatedRouteTableIds,
      natPublicIps: this.natPublicIps,
      loadBalancerSecurityGroupId: this.loadBalancerSecurityGroupId,
      appSecurityGroupId: this.appSecurityGroupId,
      endpointSecurityGroupId: this.endpointSecurityGroupId,
      gatewayEndpointIds: this.gatewayEndpointIds,
      interfaceEndpointIds: this.interfaceEndpointIds,
      bastionInstanceId: this.bastion?.instance.id,
    });
  }
}
