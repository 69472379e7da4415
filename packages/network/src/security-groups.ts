import * as aws from "@pulumi/aws";
import { ChildContext } from "./context";

export interface ServiceSecurityGroups {
  readonly loadBalancer: aws.ec2.SecurityGroup;
  readonly app: aws.ec2.SecurityGroup;
}

/**
 * The load balancer SG (80/443 from `ingressCidrs`, out only to the app SG on the app port)
 * and the app SG (in only from the load balancer SG on the app port, out on 443 for AWS
 * APIs, image pulls and HTTPS dependencies). Rules are separate resources, none inline.
 */
export function createServiceSecurityGroups(
  ctx: ChildContext,
  ingressCidrs: readonly string[],
  appPort: number,
): ServiceSecurityGroups {
  const { name, parent } = ctx;
  const loadBalancer = new aws.ec2.SecurityGroup(
    `${name}-lb-sg`,
    {
      vpcId: ctx.vpcId,
      description: "Load balancer: HTTP and HTTPS from the allowed CIDRs",
      tags: ctx.tags(`${name}-lb`),
    },
    { parent },
  );
  const app = new aws.ec2.SecurityGroup(
    `${name}-app-sg`,
    {
      vpcId: ctx.vpcId,
      description: `Services: port ${appPort} from the load balancer only`,
      tags: ctx.tags(`${name}-app`),
    },
    { parent },
  );
  ingressCidrs.forEach((cidr, i) => {
    for (const [label, port] of [
      ["http", 80],
      ["https", 443],
    ] as const) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-lb-${label}-in-${i}`,
        {
          securityGroupId: loadBalancer.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
          description: `${label.toUpperCase()} from ${cidr}`,
          tags: ctx.tags(`${name}-lb-${label}-in-${i}`),
        },
        { parent },
      );
    }
  });
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-lb-to-app`,
    {
      securityGroupId: loadBalancer.id,
      ipProtocol: "tcp",
      fromPort: appPort,
      toPort: appPort,
      referencedSecurityGroupId: app.id,
      description: "To the services (traffic and health checks)",
      tags: ctx.tags(`${name}-lb-to-app`),
    },
    { parent },
  );
  new aws.vpc.SecurityGroupIngressRule(
    `${name}-app-from-lb`,
    {
      securityGroupId: app.id,
      ipProtocol: "tcp",
      fromPort: appPort,
      toPort: appPort,
      referencedSecurityGroupId: loadBalancer.id,
      description: "From the load balancer",
      tags: ctx.tags(`${name}-app-from-lb`),
    },
    { parent },
  );
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-app-https-out`,
    {
      securityGroupId: app.id,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
      description: "HTTPS to AWS APIs, ECR and dependencies (via NAT or endpoints)",
      tags: ctx.tags(`${name}-app-https-out`),
    },
    { parent },
  );
  return { loadBalancer, app };
}

/** The VPC's default SG, managed with no rules so nothing that falls back to it gets traffic. */
export function lockDefaultSecurityGroup(ctx: ChildContext): aws.ec2.DefaultSecurityGroup {
  return new aws.ec2.DefaultSecurityGroup(
    `${ctx.name}-default-sg`,
    { vpcId: ctx.vpcId, tags: ctx.tags(`${ctx.name}-default-do-not-use`) },
    { parent: ctx.parent },
  );
}
