import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InterfaceEndpointService } from "./args";
import { ChildContext } from "./context";

export interface GatewayEndpoints {
  readonly s3: aws.ec2.VpcEndpoint;
  readonly dynamodb: aws.ec2.VpcEndpoint;
}

/** S3 and DynamoDB gateway endpoints on the given route tables (private and isolated): free, and keep that traffic off the NAT. */
export function createGatewayEndpoints(
  ctx: ChildContext,
  routeTableIds: pulumi.Input<string>[],
): GatewayEndpoints {
  const make = (service: "s3" | "dynamodb") =>
    new aws.ec2.VpcEndpoint(
      `${ctx.name}-${service}`,
      {
        vpcId: ctx.vpcId,
        serviceName: pulumi.interpolate`com.amazonaws.${ctx.region}.${service}`,
        vpcEndpointType: "Gateway",
        routeTableIds,
        tags: ctx.tags(`${ctx.name}-${service}`),
      },
      { parent: ctx.parent },
    );
  return { s3: make("s3"), dynamodb: make("dynamodb") };
}

export interface InterfaceEndpoints {
  /** The endpoints' SG: 443 from the VPC CIDR only, no egress. */
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly endpoints: Partial<Record<InterfaceEndpointService, aws.ec2.VpcEndpoint>>;
}

/** Interface endpoints in the private subnets, with private DNS, behind their own SG. */
export function createInterfaceEndpoints(
  ctx: ChildContext,
  services: readonly InterfaceEndpointService[],
  subnetIds: pulumi.Input<string>[],
): InterfaceEndpoints {
  const { name, parent } = ctx;
  const securityGroup = new aws.ec2.SecurityGroup(
    `${name}-endpoints-sg`,
    {
      vpcId: ctx.vpcId,
      description: "Interface endpoints: HTTPS from inside the VPC",
      tags: ctx.tags(`${name}-endpoints`),
    },
    { parent },
  );
  new aws.vpc.SecurityGroupIngressRule(
    `${name}-endpoints-https-in`,
    {
      securityGroupId: securityGroup.id,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: ctx.vpcCidr,
      description: "HTTPS from the VPC",
      tags: ctx.tags(`${name}-endpoints-https-in`),
    },
    { parent },
  );
  const endpoints: InterfaceEndpoints["endpoints"] = {};
  for (const service of services) {
    const label = service.replace(/\./g, "-");
    endpoints[service] = new aws.ec2.VpcEndpoint(
      `${name}-${label}`,
      {
        vpcId: ctx.vpcId,
        serviceName: pulumi.interpolate`com.amazonaws.${ctx.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds,
        securityGroupIds: [securityGroup.id],
        tags: ctx.tags(`${name}-${label}`),
      },
      { parent },
    );
  }
  return { securityGroup, endpoints };
}
