import type { Statement } from "@acs/ecs-platform";

/**
 * What CI may do to one environment, as IAM statements (pure; exported for tests). AWS scopes
 * most services by resource name; where it does not (EC2, KMS, ACM), by the `Environment` tag
 * that the environment's provider puts on every resource it creates (`aws:RequestTag`) and finds
 * on every resource it changes (`aws:ResourceTag`); Route 53 record changes are scoped to the
 * environment's names. Every statement is limited to the environment's regions. No statement
 * grants `*` or `service:*` on `*`.
 */
export interface EnvironmentScope {
  readonly env: string;
  readonly role: "primary" | "secondary";
  /** The environment's region, its peer and us-east-1 (Route 53 health-check alarms, global services). */
  readonly regions: readonly string[];
  readonly account: string;
  readonly partition: string;
  /** DNS names the environment writes: its load-balancer name, the failover name, the primary's zone. */
  readonly dnsNames: readonly string[];
}

type Condition = Record<string, Record<string, string | string[]>>;

function inRegions(scope: EnvironmentScope, condition: Condition = {}): Condition {
  return {
    ...condition,
    StringEquals: { ...(condition.StringEquals ?? {}), "aws:RequestedRegion": [...scope.regions] },
  };
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` for each of the environment's regions. */
const arns = (scope: EnvironmentScope, service: string, resources: string[]) =>
  scope.regions.flatMap((r) =>
    resources.map((x) => `arn:${scope.partition}:${service}:${r}:${scope.account}:${x}`),
  );

/**
 * Read-only: what `pulumi preview --refresh` reads of an environment (describe, list and get of
 * configuration; never object, item or secret contents).
 */
export function previewStatements(scope: EnvironmentScope): Statement[] {
  return [
    {
      Sid: "ReadConfiguration",
      Effect: "Allow",
      Action: [
        "acm:DescribeCertificate",
        "acm:ListTagsForCertificate",
        "application-autoscaling:Describe*",
        "application-autoscaling:ListTagsForResource",
        "autoscaling:Describe*",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:ListTagsForResource",
        "dynamodb:Describe*",
        "dynamodb:ListTagsOfResource",
        "ec2:Describe*",
        "ecr:Describe*",
        "ecr:GetLifecyclePolicy",
        "ecr:GetRepositoryPolicy",
        "ecr:ListTagsForResource",
        "ecs:Describe*",
        "ecs:List*",
        "elasticloadbalancing:Describe*",
        "events:DescribeRule",
        "events:ListTagsForResource",
        "events:ListTargetsByRule",
        "iam:GetInstanceProfile",
        "iam:GetOpenIDConnectProvider",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:ListPolicyTags",
        "iam:ListPolicyVersions",
        "iam:ListRolePolicies",
        "iam:ListRoleTags",
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:ListResourceTags",
        "lambda:GetFunction",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:GetFunctionConcurrency",
        "lambda:GetEventSourceMapping",
        "lambda:GetPolicy",
        "lambda:ListTags",
        "lambda:ListVersionsByFunction",
        "logs:DescribeLogGroups",
        "logs:ListTagsForResource",
        "logs:ListTagsLogGroup",
        "route53:GetChange",
        "route53:GetHealthCheck",
        "route53:GetHostedZone",
        "route53:ListHostedZonesByName",
        "route53:ListResourceRecordSets",
        "route53:ListTagsForResource",
        "s3:GetBucket*",
        "s3:Get*Configuration",
        "s3:ListBucket",
        "sns:GetSubscriptionAttributes",
        "sns:GetTopicAttributes",
        "sns:ListSubscriptionsByTopic",
        "sns:ListTagsForResource",
        "sqs:GetQueueAttributes",
        "sqs:ListQueueTags",
      ],
      Resource: "*",
      Condition: inRegions(scope),
    },
    publicParameters(scope),
  ];
}

/** AWS's public parameters (the ECS-optimized and Amazon Linux AMI ids), not the account's own. */
function publicParameters(scope: EnvironmentScope): Statement {
  return {
    Sid: "PublicAmiParameters",
    Effect: "Allow",
    Action: ["ssm:GetParameter", "ssm:GetParameters"],
    Resource: scope.regions.map((r) => `arn:${scope.partition}:ssm:${r}::parameter/aws/service/*`),
  };
}

/** The environment's own names: `acs-<env>` and `acs-<env>-…` (explicit names), `<env>-…` (Pulumi auto-names). */
function names(env: string) {
  return { exact: `acs-${env}`, prefixed: `acs-${env}-*`, auto: `${env}-*` };
}

/** The groups of the deploy role's permissions (each a managed policy, within IAM's size limit). */
export interface DeployPolicies {
  /** VPC, subnets, routes, NAT, security groups, endpoints, flow logs: EC2, scoped by tag. */
  readonly network: Statement[];
  /** ECS, load balancing, scaling, Lambda: scoped by name. */
  readonly services: Statement[];
  /** EventBridge rules, alarms, log groups, SNS topics, SQS queues, DynamoDB tables: scoped by name. */
  readonly data: Statement[];
  /** IAM roles, KMS keys, certificates, DNS, the log bucket, AMI parameters. */
  readonly identity: Statement[];
}

/** What `pulumi up` of one environment creates, changes and deletes. */
export function deployStatements(scope: EnvironmentScope): DeployPolicies {
  const { env, partition: p, account: a } = scope;
  const n = names(env);
  const tag = { "aws:ResourceTag/Environment": env };
  const requestTag = { "aws:RequestTag/Environment": env };
  const ec2Mutations = [
    "ec2:Allocate*",
    "ec2:Associate*",
    "ec2:Attach*",
    "ec2:Authorize*",
    "ec2:Create*",
    "ec2:Delete*",
    "ec2:Detach*",
    "ec2:Disassociate*",
    "ec2:Modify*",
    "ec2:Release*",
    "ec2:Replace*",
    "ec2:Revoke*",
    "ec2:RunInstances",
    "ec2:TerminateInstances",
    "ec2:Update*",
  ];
  const network: Statement[] = [
    {
      Sid: "Describe",
      Effect: "Allow",
      Action: ["ec2:Describe*"],
      Resource: "*",
      Condition: inRegions(scope),
    },
    {
      Sid: "CreateTagged",
      Effect: "Allow",
      Action: ec2Mutations,
      Resource: "*",
      Condition: inRegions(scope, { StringEquals: requestTag }),
    },
    {
      Sid: "ChangeOwn",
      Effect: "Allow",
      Action: [...ec2Mutations, "ec2:DeleteTags"],
      Resource: "*",
      Condition: inRegions(scope, { StringEquals: tag }),
    },
    {
      Sid: "TagOnCreateOrOwn",
      Effect: "Allow",
      Action: ["ec2:CreateTags"],
      Resource: "*",
      Condition: inRegions(scope, { StringEquals: requestTag }),
    },
    {
      Sid: "LaunchFromPublicImages",
      Effect: "Allow",
      Action: ["ec2:RunInstances"],
      Resource: scope.regions.map((r) => `arn:${p}:ec2:${r}::image/*`),
      Condition: inRegions(scope),
    },
  ];

  const logGroups = [
    `/ecs/${n.prefixed}`,
    `/aws/lambda/${n.prefixed}`,
    `/vpc/${env}/*`,
    `/ecs/exec/${env}`,
    // The smoke-test hook of a blue/green, canary or linear deployment (ecs-platform lifecycle-hook.ts).
    `/acs/ecs-hooks/${env}-*`,
  ].flatMap((g) => [`log-group:${g}`, `log-group:${g}:*`]);
  const functions = arns(scope, "lambda", [`function:${n.prefixed}`, `function:${n.auto}`]);
  const services: Statement[] = [
    {
      Sid: "Ecs",
      Effect: "Allow",
      Action: [
        "ecs:Create*",
        "ecs:Delete*",
        "ecs:Describe*",
        "ecs:Put*",
        "ecs:TagResource",
        "ecs:UntagResource",
        "ecs:Update*",
      ],
      Resource: arns(scope, "ecs", [
        `cluster/${n.exact}`,
        `service/${n.exact}/*`,
        `task-definition/${n.prefixed}:*`,
        `capacity-provider/${n.auto}`,
      ]),
      Condition: inRegions(scope),
    },
    {
      Sid: "EcsTaskDefinitions",
      Effect: "Allow",
      Action: [
        "ecs:DeregisterTaskDefinition",
        "ecs:DescribeTaskDefinition",
        "ecs:RegisterTaskDefinition",
        "ecs:List*",
      ],
      Resource: "*",
      Condition: inRegions(scope),
    },
    {
      Sid: "LoadBalancing",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:AddTags",
        "elasticloadbalancing:Create*",
        "elasticloadbalancing:Delete*",
        "elasticloadbalancing:Modify*",
        "elasticloadbalancing:RemoveTags",
        "elasticloadbalancing:Set*",
      ],
      Resource: arns(scope, "elasticloadbalancing", [
        `loadbalancer/app/${n.exact}/*`,
        `loadbalancer/net/${n.exact}*`,
        `targetgroup/${n.prefixed}/*`,
        `listener/app/${n.exact}/*`,
        `listener/net/${n.exact}*`,
        `listener-rule/app/${n.exact}/*`,
      ]),
      Condition: inRegions(scope),
    },
    {
      Sid: "DescribeServices",
      Effect: "Allow",
      Action: [
        "application-autoscaling:*ScalableTarget",
        "application-autoscaling:*ScalingPolicy",
        "application-autoscaling:*ScheduledAction",
        "application-autoscaling:Describe*",
        "application-autoscaling:ListTagsForResource",
        "application-autoscaling:TagResource",
        "cloudwatch:DescribeAlarms",
        "dynamodb:DescribeLimits",
        "elasticloadbalancing:Describe*",
        "lambda:CreateEventSourceMapping",
        "logs:DescribeLogGroups",
      ],
      Resource: "*",
      Condition: inRegions(scope),
    },
    {
      Sid: "Functions",
      Effect: "Allow",
      Action: [
        "lambda:AddPermission",
        "lambda:CreateFunction",
        "lambda:DeleteFunction",
        "lambda:DeleteFunctionConcurrency",
        "lambda:GetFunction*",
        "lambda:GetPolicy",
        "lambda:ListTags",
        "lambda:ListVersionsByFunction",
        "lambda:PutFunctionConcurrency",
        "lambda:RemovePermission",
        "lambda:TagResource",
        "lambda:UntagResource",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
      ],
      Resource: functions,
      Condition: inRegions(scope),
    },
    {
      Sid: "FunctionTriggers",
      Effect: "Allow",
      Action: [
        "lambda:DeleteEventSourceMapping",
        "lambda:GetEventSourceMapping",
        "lambda:UpdateEventSourceMapping",
      ],
      Resource: arns(scope, "lambda", ["event-source-mapping:*"]),
      Condition: inRegions(scope, {
        ArnLike: {
          "lambda:FunctionArn": functions,
        },
      }),
    },
  ];
  const data: Statement[] = [
    {
      Sid: "EventsAlarmsLogsTopicsQueues",
      Effect: "Allow",
      Action: [
        "cloudwatch:DeleteAlarms",
        "cloudwatch:ListTagsForResource",
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
        "events:DeleteRule",
        "events:DescribeRule",
        "events:ListTagsForResource",
        "events:ListTargetsByRule",
        "events:PutRule",
        "events:PutTargets",
        "events:RemoveTargets",
        "events:TagResource",
        "events:UntagResource",
        "logs:AssociateKmsKey",
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:DeleteRetentionPolicy",
        "logs:ListTagsForResource",
        "logs:PutRetentionPolicy",
        "logs:TagResource",
        "logs:UntagResource",
        "sns:*Topic*",
        "sns:*Subscription*",
        "sns:ListTagsForResource",
        "sns:Subscribe",
        "sns:TagResource",
        "sns:Unsubscribe",
        "sns:UntagResource",
        "sqs:*Queue*",
      ],
      Resource: [
        ...arns(scope, "cloudwatch", [
          `alarm:${n.prefixed}`,
          `alarm:${n.auto}`,
          `alarm:TargetTracking-service/${n.exact}/*`,
        ]),
        ...arns(scope, "events", [`rule/${n.auto}`]),
        ...arns(scope, "logs", logGroups),
        ...arns(scope, "sns", [n.prefixed]),
        ...arns(scope, "sqs", [n.prefixed]),
      ],
      Condition: inRegions(scope),
    },
    {
      Sid: "Tables",
      Effect: "Allow",
      Action: [
        "dynamodb:CreateTable",
        "dynamodb:CreateTableReplica",
        "dynamodb:DeleteTable",
        "dynamodb:DeleteTableReplica",
        "dynamodb:Describe*",
        "dynamodb:ListTagsOfResource",
        "dynamodb:TagResource",
        "dynamodb:UntagResource",
        "dynamodb:Update*",
        // Adding a global-table replica copies the items (AWS requires these on the table).
        "dynamodb:BatchWriteItem",
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:Scan",
      ],
      Resource: arns(scope, "dynamodb", [`table/app-*-${env}`, `table/app-*-${env}/*`]),
      Condition: inRegions(scope),
    },
  ];

  const roles = [`role/${n.auto}`, `instance-profile/${n.auto}`].map((r) => `arn:${p}:iam::${a}:${r}`);
  const identity: Statement[] = [
    {
      Sid: "Roles",
      Effect: "Allow",
      Action: [
        "iam:AddRoleToInstanceProfile",
        "iam:CreateInstanceProfile",
        "iam:CreateRole",
        "iam:DeleteInstanceProfile",
        "iam:DeleteRole",
        "iam:DeleteRolePolicy",
        "iam:GetInstanceProfile",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:ListRolePolicies",
        "iam:PutRolePolicy",
        "iam:RemoveRoleFromInstanceProfile",
        "iam:TagInstanceProfile",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
      ],
      Resource: roles,
    },
    {
      // Customer-managed policies the environment publishes for other teams' roles (the hot
      // pool's client policy, acs-<env>-worker-pool-client): its own names only, never attached here.
      Sid: "OwnManagedPolicies",
      Effect: "Allow",
      Action: [
        "iam:CreatePolicy",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:ListPolicyTags",
        "iam:ListPolicyVersions",
        "iam:TagPolicy",
        "iam:UntagPolicy",
      ],
      Resource: `arn:${p}:iam::${a}:policy/${n.prefixed}`,
    },
    {
      Sid: "PassRolesToServices",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: roles,
      Condition: {
        StringEquals: {
          "iam:PassedToService": [
            "ec2.amazonaws.com",
            "ecs-tasks.amazonaws.com",
            "lambda.amazonaws.com",
            "vpc-flow-logs.amazonaws.com",
          ],
        },
      },
    },
    {
      Sid: "AttachOnlyTheManagedPoliciesComponentsUse",
      Effect: "Allow",
      Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
      Resource: roles,
      Condition: {
        ArnEquals: {
          "iam:PolicyARN": [
            `arn:${p}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
            `arn:${p}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role`,
          ],
        },
      },
    },
    {
      Sid: "ServiceLinkedRoles",
      Effect: "Allow",
      Action: ["iam:CreateServiceLinkedRole"],
      Resource: `arn:${p}:iam::${a}:role/aws-service-role/*`,
      Condition: {
        StringEquals: {
          "iam:AWSServiceName": [
            "autoscaling.amazonaws.com",
            "ecs.amazonaws.com",
            "ecs.application-autoscaling.amazonaws.com",
            "elasticloadbalancing.amazonaws.com",
            "replication.dynamodb.amazonaws.com",
          ],
        },
      },
    },
    {
      Sid: "CreateTaggedKeysAndCertificates",
      Effect: "Allow",
      Action: ["acm:RequestCertificate", "acm:AddTagsToCertificate", "kms:CreateKey", "kms:TagResource"],
      Resource: "*",
      Condition: inRegions(scope, { StringEquals: requestTag }),
    },
    {
      Sid: "OwnKeysAndCertificates",
      Effect: "Allow",
      Action: [
        "acm:AddTagsToCertificate",
        "acm:DeleteCertificate",
        "acm:DescribeCertificate",
        "acm:ListTagsForCertificate",
        "acm:RemoveTagsFromCertificate",
        "kms:DescribeKey",
        "kms:EnableKeyRotation",
        "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:ListResourceTags",
        "kms:PutKeyPolicy",
        "kms:ScheduleKeyDeletion",
        "kms:TagResource",
        "kms:UntagResource",
        "kms:UpdateKeyDescription",
      ],
      Resource: [...arns(scope, "acm", ["certificate/*"]), ...arns(scope, "kms", ["key/*"])],
      Condition: inRegions(scope, { StringEquals: tag }),
    },
    {
      // Only the environment's own names (and their validation records); see
      // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html
      Sid: "OwnRecords",
      Effect: "Allow",
      Action: ["route53:ChangeResourceRecordSets"],
      Resource: `arn:${p}:route53:::hostedzone/*`,
      Condition: {
        "ForAllValues:StringLike": {
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": scope.dnsNames.flatMap((d) => [
            d,
            `*.${d}`,
          ]),
        },
      },
    },
    {
      Sid: "ZonesAndHealthChecks",
      Effect: "Allow",
      Action: [
        "route53:ChangeTagsForResource",
        "route53:CreateHealthCheck",
        "route53:DeleteHealthCheck",
        "route53:GetChange",
        "route53:GetHealthCheck",
        "route53:GetHostedZone",
        "route53:ListHostedZonesByName",
        "route53:ListResourceRecordSets",
        "route53:ListTagsForResource",
        "route53:UpdateHealthCheck",
        ...(scope.role === "primary" ? ["route53:CreateHostedZone", "route53:DeleteHostedZone"] : []),
      ],
      Resource: "*",
    },
    {
      Sid: "LogBucket",
      Effect: "Allow",
      Action: [
        "s3:CreateBucket",
        "s3:DeleteBucket*",
        "s3:DeleteObject*",
        "s3:Get*Configuration",
        "s3:GetBucket*",
        "s3:ListBucket*",
        "s3:Put*Configuration",
        "s3:PutBucket*",
      ],
      Resource: [`arn:${p}:s3:::${n.auto}`, `arn:${p}:s3:::${n.auto}/*`],
    },
    publicParameters(scope),
  ];
  return { network, services, data, identity };
}
