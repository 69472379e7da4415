import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ChildContext } from "./context";
import { serviceTrustPolicy } from "@acs/iam-policy";

/** Latest Amazon Linux 2023 AMI, published by AWS as a public SSM parameter. */
export const BASTION_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

export interface Bastion {
  readonly instance: aws.ec2.Instance;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly role: aws.iam.Role;
  readonly instanceProfile: aws.iam.InstanceProfile;
}

/**
 * An SSM Session Manager host in a private subnet: no public IP, IMDSv2 only, encrypted
 * root volume, a role with only AmazonSSMManagedInstanceCore. Its SG has egress on 443
 * (to SSM) and ingress on 22 only from an explicit allowlist.
 */
export function createBastion(
  ctx: ChildContext,
  subnetId: pulumi.Input<string>,
  instanceType: string,
  sshAllowCidrs: readonly string[],
): Bastion {
  const { name, parent } = ctx;
  const partition = aws.getPartitionOutput({}, { parent }).partition;
  const role = new aws.iam.Role(
    `${name}-bastion`,
    {
      description: `Session Manager bastion of ${name}`,
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
      tags: ctx.tags(`${name}-bastion`),
    },
    ctx.afterVpc,
  );
  new aws.iam.RolePolicyAttachment(
    `${name}-bastion-ssm`,
    {
      role: role.name,
      policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
    },
    { parent },
  );
  const instanceProfile = new aws.iam.InstanceProfile(
    `${name}-bastion`,
    { role: role.name, tags: ctx.tags(`${name}-bastion`) },
    { parent },
  );

  const securityGroup = new aws.ec2.SecurityGroup(
    `${name}-bastion-sg`,
    {
      vpcId: ctx.vpcId,
      description: sshAllowCidrs.length
        ? "Bastion: SSH from the allowlist"
        : "Bastion: Session Manager only, no inbound",
      tags: ctx.tags(`${name}-bastion`),
    },
    { parent },
  );
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-bastion-https-out`,
    {
      securityGroupId: securityGroup.id,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
      description: "HTTPS to Session Manager and AWS APIs",
      tags: ctx.tags(`${name}-bastion-https-out`),
    },
    { parent },
  );
  sshAllowCidrs.forEach(
    (cidr, i) =>
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-bastion-ssh-in-${i}`,
        {
          securityGroupId: securityGroup.id,
          ipProtocol: "tcp",
          fromPort: 22,
          toPort: 22,
          cidrIpv4: cidr,
          description: `SSH from ${cidr}`,
          tags: ctx.tags(`${name}-bastion-ssh-in-${i}`),
        },
        { parent },
      ),
  );

  const ami = aws.ssm.getParameterOutput({ name: BASTION_AMI_PARAMETER }, { parent }).value;
  const instance = new aws.ec2.Instance(
    `${name}-bastion`,
    {
      ami,
      instanceType,
      subnetId,
      associatePublicIpAddress: false,
      vpcSecurityGroupIds: [securityGroup.id],
      iamInstanceProfile: instanceProfile.name,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      },
      rootBlockDevice: { encrypted: true, volumeType: "gp3", deleteOnTermination: true },
      monitoring: true,
      tags: ctx.tags(`${name}-bastion`),
    },
    { parent },
  );
  return { instance, securityGroup, role, instanceProfile };
}
