/**
 * The organisation's rules as pure functions over one resource (type, inputs, options), so the
 * same code runs in the CrossGuard pack (`pulumi preview --policy-pack`) and offline on a
 * testkit recording (`checkResources`).
 */

export type Enforcement = "mandatory" | "advisory";

/** What a rule sees of one resource. */
export interface ResourceUnderCheck {
  readonly type: string;
  readonly urn: string;
  readonly props: Record<string, any>;
  readonly protect?: boolean;
}

export interface Rule {
  /** Policy name (kebab-case, as CrossGuard shows it). */
  readonly name: string;
  readonly description: string;
  readonly enforcement: Enforcement;
  /** Resource types the rule applies to. */
  readonly types: readonly string[];
  /** Returns the violations (messages that say what to change), empty when the resource complies. */
  readonly check: (resource: ResourceUnderCheck) => string[];
}

const OPEN = new Set(["0.0.0.0/0", "::/0"]);
const LB_PORTS = new Set([80, 443]);

function publicPortsOk(fromPort: unknown, toPort: unknown): boolean {
  return typeof fromPort === "number" && fromPort === toPort && LB_PORTS.has(fromPort);
}

const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function statements(doc: unknown): any[] {
  if (typeof doc !== "string" || doc.length === 0) return [];
  try {
    const parsed = JSON.parse(doc);
    return list(parsed.Statement) as any[];
  } catch {
    return [];
  }
}

export const RULES: readonly Rule[] = [
  {
    name: "no-internet-ingress-except-load-balancer",
    description: "Only the load balancer's 80 and 443 may be reachable from the internet.",
    enforcement: "mandatory",
    types: [
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      "aws:ec2/securityGroup:SecurityGroup",
      "aws:ec2/securityGroupRule:SecurityGroupRule",
    ],
    check: ({ type, props }) => {
      const out: string[] = [];
      if (type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
        if (
          (OPEN.has(props.cidrIpv4) || OPEN.has(props.cidrIpv6)) &&
          !publicPortsOk(props.fromPort, props.toPort)
        ) {
          out.push(
            `ingress from the internet on ${props.fromPort}-${props.toPort}: allow only 80 or 443, or restrict the CIDR`,
          );
        }
      } else if (type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
        const open = [...list(props.cidrBlocks), ...list(props.ipv6CidrBlocks)].some((c) =>
          OPEN.has(String(c)),
        );
        if (props.type === "ingress" && open && !publicPortsOk(props.fromPort, props.toPort)) {
          out.push(
            `ingress from the internet on ${props.fromPort}-${props.toPort}: allow only 80 or 443, or restrict the CIDR`,
          );
        }
      } else {
        for (const rule of list(props.ingress) as any[]) {
          const open = [...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)].some((c) =>
            OPEN.has(String(c)),
          );
          if (open && !publicPortsOk(rule.fromPort, rule.toPort)) {
            out.push(
              `inline ingress from the internet on ${rule.fromPort}-${rule.toPort}: allow only 80 or 443, or restrict the CIDR`,
            );
          }
        }
      }
      return out;
    },
  },
  {
    name: "no-iam-wildcard-grants",
    description:
      "IAM policies never allow every action of a service (or all actions) on every resource, nor use NotAction/NotResource allows.",
    enforcement: "mandatory",
    types: [
      "aws:iam/policy:Policy",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:iam/userPolicy:UserPolicy",
      "aws:iam/groupPolicy:GroupPolicy",
    ],
    check: ({ props }) =>
      statements(props.policy)
        .filter((s) => s.Effect === "Allow")
        .flatMap((s) => {
          const actions = list(s.Action).map(String);
          const resources = list(s.Resource).map(String);
          if (s.NotAction !== undefined || s.NotResource !== undefined)
            return [
              `statement ${s.Sid ?? ""} allows with NotAction/NotResource: list the actions and resources instead`.replace(
                "  ",
                " ",
              ),
            ];
          const wild = actions.filter((a) => a === "*" || a.endsWith(":*"));
          return wild.length && resources.includes("*")
            ? [`allows ${wild.join(", ")} on "*": name the actions and scope the resources`]
            : [];
        }),
  },
  {
    name: "ecs-tasks-have-no-public-ip",
    description: "ECS services run in private subnets without public IPs.",
    enforcement: "mandatory",
    types: ["aws:ecs/service:Service"],
    check: ({ props }) =>
      props.networkConfiguration?.assignPublicIp
        ? [
            "assigns a public IP to tasks: set networkConfiguration.assignPublicIp to false and use private subnets",
          ]
        : [],
  },
  {
    name: "dynamodb-recoverable-and-encrypted",
    description: "DynamoDB tables have point-in-time recovery and, when a KMS key is given, use it.",
    enforcement: "mandatory",
    types: ["aws:dynamodb/table:Table"],
    check: ({ props }) => {
      const out: string[] = [];
      if (!props.pointInTimeRecovery?.enabled)
        out.push("point-in-time recovery is off: set pointInTimeRecovery.enabled = true");
      if (props.serverSideEncryption && props.serverSideEncryption.enabled === false)
        out.push("server-side encryption is disabled");
      return out;
    },
  },
  {
    name: "s3-blocks-public-access",
    description: "Every bucket's public access block blocks and ignores public ACLs and policies.",
    enforcement: "mandatory",
    types: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    check: ({ props }) =>
      ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]
        .filter((k) => props[k] !== true)
        .map((k) => `${k} is not true: block all four kinds of public access`),
  },
  {
    name: "https-listeners-use-tls12-or-later",
    description:
      "HTTPS and TLS listeners use a policy whose minimum is TLS 1.2 or 1.3; HTTP listeners only redirect to HTTPS.",
    enforcement: "mandatory",
    types: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
    check: ({ props }) => {
      if (props.protocol === "HTTPS" || props.protocol === "TLS") {
        const policy = String(props.sslPolicy ?? "");
        // Minimum TLS 1.2 or 1.3; TLS13-1-0/1-1, TLS-1-1, FS-1-1, FS-2018-06 and 2016-08 allow TLS 1.0/1.1.
        return /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/.test(policy)
          ? []
          : [`sslPolicy ${policy || "(default)"} allows TLS < 1.2: use ELBSecurityPolicy-TLS13-1-2-2021-06`];
      }
      if (props.protocol === "HTTP") {
        const actions = list(props.defaultActions) as any[];
        return actions.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS")
          ? []
          : ["HTTP listener serves traffic: make its default action a redirect to HTTPS"];
      }
      return [];
    },
  },
  {
    name: "load-balancers-drop-invalid-headers",
    description: "Application load balancers drop invalid HTTP header fields.",
    enforcement: "mandatory",
    types: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    check: ({ props }) =>
      (props.loadBalancerType ?? "application") === "application" && props.dropInvalidHeaderFields !== true
        ? ["dropInvalidHeaderFields is not true"]
        : [],
  },
  {
    name: "instances-require-imdsv2",
    description: "EC2 instances and launch templates require IMDSv2 and encrypt their volumes.",
    enforcement: "mandatory",
    types: ["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate"],
    check: ({ type, props }) => {
      const out: string[] = [];
      if (props.metadataOptions?.httpTokens !== "required")
        out.push('metadataOptions.httpTokens is not "required": require IMDSv2');
      if (type === "aws:ec2/instance:Instance" && props.rootBlockDevice?.encrypted !== true)
        out.push("rootBlockDevice.encrypted is not true");
      if (type === "aws:ec2/launchTemplate:LaunchTemplate") {
        for (const d of list(props.blockDeviceMappings) as any[]) {
          if (d.ebs && d.ebs.encrypted !== "true" && d.ebs.encrypted !== true)
            out.push(`block device ${d.deviceName} is not encrypted`);
        }
      }
      return out;
    },
  },
  {
    // ECR needs customRoleArn to create a repository from a template that applies tags or a KMS
    // key; without it the replicas are never created and replication stops silently.
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-create.html
    name: "ecr-creation-templates-have-a-role",
    description:
      "ECR repository creation templates that apply resource tags or a KMS key name the role ECR creates the repositories with.",
    enforcement: "mandatory",
    types: ["aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"],
    check: ({ props }) => {
      const tags = Object.keys(props.resourceTags ?? {}).length > 0;
      const kms = (list(props.encryptionConfigurations) as any[]).some((e) => e?.encryptionType === "KMS");
      return (tags || kms) && !props.customRoleArn
        ? [
            `applies ${tags ? "resourceTags" : "a KMS key"} without customRoleArn: ECR cannot create the repositories; set customRoleArn to a role trusted by ecr.amazonaws.com that may ecr:CreateRepository and ecr:TagResource`,
          ]
        : [];
    },
  },
  {
    name: "ecr-scans-and-immutable-tags",
    description: "ECR repositories scan on push and have immutable tags.",
    enforcement: "advisory",
    types: ["aws:ecr/repository:Repository"],
    check: ({ props }) => {
      const out: string[] = [];
      if (props.imageScanningConfiguration?.scanOnPush !== true) out.push("scanOnPush is off");
      if (props.imageTagMutability !== "IMMUTABLE")
        out.push("tags are mutable: set imageTagMutability to IMMUTABLE");
      return out;
    },
  },
  {
    name: "log-groups-have-retention",
    description: "CloudWatch log groups expire their logs.",
    enforcement: "advisory",
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    check: ({ props }) =>
      typeof props.retentionInDays === "number" && props.retentionInDays > 0
        ? []
        : ["no retentionInDays: logs are kept (and billed) forever"],
  },
];

export interface Violation {
  readonly rule: string;
  readonly enforcement: Enforcement;
  readonly urn: string;
  readonly message: string;
}

/** Runs every rule over `resources` (e.g. a testkit recording's custom resources). */
export function checkResources(
  resources: Iterable<ResourceUnderCheck>,
  rules: readonly Rule[] = RULES,
): Violation[] {
  const out: Violation[] = [];
  for (const r of resources) {
    for (const rule of rules) {
      if (!rule.types.includes(r.type)) continue;
      for (const message of rule.check(r))
        out.push({ rule: rule.name, enforcement: rule.enforcement, urn: r.urn, message });
    }
  }
  return out;
}
