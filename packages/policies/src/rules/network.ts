import { at, isUnknown, list, ResourceRule, RuleContext, StackRule } from "../model";

const OPEN = new Set(["0.0.0.0/0", "::/0"]);
/** The only ports the internet may reach: the load balancer's. */
const LB_PORTS = new Set([80, 443]);

/** A violation message when `rule` opens a port other than 80/443 to the internet; unknowns are left to `up`. */
function openIngress(
  ctx: RuleContext,
  path: string,
  cidrs: unknown[],
  fromPort: unknown,
  toPort: unknown,
  what = "ingress",
): string[] {
  if (cidrs.some(isUnknown)) ctx.unknown(`${path} CIDR`);
  if (!cidrs.some((c) => OPEN.has(String(c)))) return [];
  if (isUnknown(fromPort) || isUnknown(toPort)) {
    ctx.unknown(`${path} ports`);
    return [];
  }
  const ok = typeof fromPort === "number" && fromPort === toPort && LB_PORTS.has(fromPort);
  return ok
    ? []
    : [
        `${what} from the internet on ports ${String(fromPort)}-${String(toPort)}: allow only 80 or 443 (the load balancer's), or restrict the CIDR`,
      ];
}

export const NETWORK_RULES: readonly (ResourceRule | StackRule)[] = [
  {
    name: "ec2-19-no-unrestricted-ingress",
    control: "EC2.19",
    title: "Security groups should not allow unrestricted access to ports with high risk",
    description:
      "Ingress from 0.0.0.0/0 or ::/0 only on exactly port 80 or 443 (also covers EC2.18, authorized ports = 80/443): rule resources, legacy rules and inline rules.",
    enforcement: "mandatory",
    onUnknown:
      "An unknown CIDR or port is decided at `up`; known open CIDRs with known ports are checked at preview.",
    types: [
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      "aws:ec2/securityGroup:SecurityGroup",
      "aws:ec2/securityGroupRule:SecurityGroupRule",
    ],
    check: ({ type, props }, ctx) => {
      if (type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        return openIngress(ctx, "", [props.cidrIpv4, props.cidrIpv6], props.fromPort, props.toPort);
      if (type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
        if (isUnknown(props.type)) ctx.unknown("type");
        if (props.type !== "ingress") return [];
        return openIngress(
          ctx,
          "",
          [...list(props.cidrBlocks), ...list(props.ipv6CidrBlocks)],
          props.fromPort,
          props.toPort,
        );
      }
      if (isUnknown(props.ingress)) {
        ctx.unknown("ingress");
        return [];
      }
      return (list(props.ingress) as any[]).flatMap((rule, i) =>
        isUnknown(rule)
          ? (ctx.unknown(`ingress[${i}]`), [])
          : openIngress(
              ctx,
              `ingress[${i}]`,
              [...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)],
              rule.fromPort,
              rule.toPort,
              "inline ingress",
            ),
      );
    },
  },
  {
    name: "ec2-2-default-security-group-closed",
    control: "EC2.2",
    title: "VPC default security groups should not allow inbound or outbound traffic",
    description: "A managed default security group has no ingress and no egress rules.",
    enforcement: "mandatory",
    onUnknown: "Unknown rule lists are decided at `up`.",
    types: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
    check: ({ props }, ctx) =>
      (["ingress", "egress"] as const).flatMap((k) => {
        if (isUnknown(props[k])) return (ctx.unknown(k), []);
        return list(props[k]).length > 0
          ? [
              `the default security group has ${k} rules: remove them (resources use their own security groups)`,
            ]
          : [];
      }),
  },
  {
    name: "ec2-6-vpc-flow-logs",
    control: "EC2.6",
    title: "VPC flow logging should be enabled in all VPCs",
    description: "Every VPC of the stack has a flow log (aws.ec2.FlowLog whose vpcId is the VPC's).",
    enforcement: "mandatory",
    onUnknown:
      "A stack policy: the VPC ids are outputs, known at `up` (and offline); during a preview of a new VPC the ids are unknown and the check is left to `up`.",
    checkStack: (resources, ctx) => {
      const logged = new Set(
        resources.filter((r) => r.type === "aws:ec2/flowLog:FlowLog").map((r) => r.props.vpcId),
      );
      return resources
        .filter((r) => r.type === "aws:ec2/vpc:Vpc")
        .flatMap((vpc) => {
          // Stack policies see outputs, where the id is the ARN's last segment (arn:…:vpc/vpc-…).
          const arn = vpc.outputs?.arn;
          const id = vpc.id ?? vpc.outputs?.id ?? (typeof arn === "string" ? arn.split("/").pop() : arn);
          if (id === undefined || isUnknown(id)) return (ctx.unknown("id", vpc.urn), []);
          return logged.has(id)
            ? []
            : [
                {
                  urn: vpc.urn,
                  message: `VPC ${id} has no flow log: add an aws.ec2.FlowLog with vpcId = the VPC's id`,
                },
              ];
        });
    },
  },
  {
    name: "ec2-8-imdsv2",
    control: "EC2.8",
    title: "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)",
    description: 'Instances and launch templates set metadataOptions.httpTokens = "required".',
    enforcement: "mandatory",
    onUnknown: "An unknown httpTokens is decided at `up`.",
    types: ["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate"],
    check: ({ props }, ctx) => {
      const tokens = at(props, "metadataOptions", "httpTokens");
      if (isUnknown(tokens)) return (ctx.unknown("metadataOptions.httpTokens"), []);
      return tokens === "required" ? [] : ['metadataOptions.httpTokens is not "required": require IMDSv2'];
    },
  },
  {
    name: "ec2-3-volumes-encrypted",
    control: "EC2.3",
    title: "Attached Amazon EBS volumes should be encrypted at-rest",
    description: "Instances encrypt their root volume; launch templates encrypt every EBS block device.",
    enforcement: "mandatory",
    onUnknown: "An unknown encrypted flag is decided at `up`.",
    types: ["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate"],
    check: ({ type, props }, ctx) => {
      if (type === "aws:ec2/instance:Instance") {
        const enc = at(props, "rootBlockDevice", "encrypted");
        if (isUnknown(enc)) return (ctx.unknown("rootBlockDevice.encrypted"), []);
        return enc === true ? [] : ["rootBlockDevice.encrypted is not true: encrypt the root volume"];
      }
      return (list(props.blockDeviceMappings) as any[]).flatMap((d, i) => {
        const enc = at(d, "ebs", "encrypted");
        if (isUnknown(d) || isUnknown(enc)) return (ctx.unknown(`blockDeviceMappings[${i}]`), []);
        return d?.ebs && enc !== true && enc !== "true"
          ? [`block device ${String(d.deviceName)} is not encrypted: set ebs.encrypted = "true"`]
          : [];
      });
    },
  },
];
