import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface WorkerSecurityGroupArgs {
  /** The VPC of the workers. */
  readonly vpcId: pulumi.Input<string>;
  /** The application's security group: the only one that may reach the workers. */
  readonly appSecurityGroupId: pulumi.Input<string>;
  /** The port the workers listen on. */
  readonly port: number;
}

/**
 * The hot-pool workers' security group: the application (which claims them) reaches them on the
 * worker port, and they reach AWS APIs and ECR over HTTPS; the application's group gets the
 * matching egress rule. Nothing else reaches a worker.
 */
export class WorkerSecurityGroup extends pulumi.ComponentResource {
  /** The workers' security group (`<name>-sg`). */
  public readonly securityGroup: aws.ec2.SecurityGroup;

  constructor(name: string, args: WorkerSecurityGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("acs:platform:WorkerSecurityGroup", name, {}, opts);
    // The children were created at the stack's root before this component existed: the alias
    // keeps their history, so the move replaces nothing.
    // https://www.pulumi.com/docs/iac/concepts/options/aliases/
    const child = { parent: this, aliases: [{ parent: pulumi.rootStackResource }] };
    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "Hot-pool workers: the application on the worker port, HTTPS out",
        revokeRulesOnDelete: true,
        tags: { Name: `${name}-sg` },
      },
      child,
    );
    const sg = this.securityGroup;
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-from-app`,
      {
        securityGroupId: sg.id,
        referencedSecurityGroupId: args.appSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: args.port,
        toPort: args.port,
        description: "The application calls the workers it claims",
      },
      child,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-https-out`,
      {
        securityGroupId: sg.id,
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "HTTPS to AWS APIs and ECR (via NAT or endpoints)",
      },
      child,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-app-to-workers`,
      {
        securityGroupId: args.appSecurityGroupId,
        referencedSecurityGroupId: sg.id,
        ipProtocol: "tcp",
        fromPort: args.port,
        toPort: args.port,
        description: "The application calls the workers it claims",
      },
      child,
    );
    this.registerOutputs({ securityGroupId: sg.id });
  }
}
