/**
 * A compliant and a violating resource for every policy of the pack: the tests run each pair
 * offline (`checkResources`) and through `@pulumi/policy`'s analyzer (`test/crossguard.ts`).
 * Test data only (excluded from the build).
 */

export interface ResourceCase {
  readonly type: string;
  readonly pass: Record<string, unknown>;
  readonly fail: Record<string, unknown>;
  /**
   * What the rule does when every input the violating case sets is unknown: leave it to `up`
   * (default), accept (an unknown key id is a key), or still reject (the violation is a missing input).
   */
  readonly whenUnknown?: "deferred" | "accepted" | "violation";
}

export interface StackResource {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
}

export interface StackCase {
  readonly pass: StackResource[];
  readonly fail: StackResource[];
}

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const containers = (...defs: Record<string, unknown>[]) =>
  JSON.stringify(
    defs.map((d) => ({
      name: "app",
      image: "app:1",
      readonlyRootFilesystem: true,
      logConfiguration: { logDriver: "awslogs", options: {} },
      ...d,
    })),
  );
const taskDef = (d: Record<string, unknown>) => ({ family: "app", containerDefinitions: containers(d) });
const TD = "aws:ecs/taskDefinition:TaskDefinition";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const goodLb = {
  loadBalancerType: "application",
  dropInvalidHeaderFields: true,
  enableDeletionProtection: true,
  accessLogs: { bucket: "logs", enabled: true },
};
const TABLE = "aws:dynamodb/table:Table";
const goodTable = { hashKey: "id", pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true };
const tlsDeny = {
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

export const RESOURCE_CASES: Record<string, ResourceCase> = {
  "ec2-19-no-unrestricted-ingress": {
    type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    pass: { securityGroupId: "sg-1", cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 },
    fail: { securityGroupId: "sg-1", cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 22, toPort: 22 },
  },
  "ec2-2-default-security-group-closed": {
    type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    pass: { vpcId: "vpc-1", ingress: [], egress: [] },
    fail: { vpcId: "vpc-1", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] },
  },
  "ec2-8-imdsv2": {
    type: "aws:ec2/launchTemplate:LaunchTemplate",
    pass: { metadataOptions: { httpTokens: "required" } },
    fail: { metadataOptions: { httpTokens: "optional" } },
  },
  "ec2-3-volumes-encrypted": {
    type: "aws:ec2/instance:Instance",
    pass: { metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: true } },
    fail: { metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: false } },
  },
  "ecs-2-no-public-ip": {
    type: "aws:ecs/service:Service",
    pass: { networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: false } },
    fail: { networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true } },
  },
  "ecs-4-not-privileged": { type: TD, pass: taskDef({}), fail: taskDef({ privileged: true }) },
  "ecs-5-read-only-root-filesystem": {
    type: TD,
    pass: taskDef({}),
    fail: taskDef({ readonlyRootFilesystem: false }),
  },
  "ecs-8-no-secrets-in-environment": {
    type: TD,
    pass: taskDef({
      environment: [{ name: "TABLE", value: "t" }],
      secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:ssm:us-east-1:1:parameter/p" }],
    }),
    fail: taskDef({ environment: [{ name: "DB_PASSWORD", value: "hunter2" }] }),
  },
  "ecs-9-logging-configured": { type: TD, pass: taskDef({}), fail: taskDef({ logConfiguration: undefined }) },
  "ecs-12-container-insights": {
    type: "aws:ecs/cluster:Cluster",
    pass: { settings: [{ name: "containerInsights", value: "enhanced" }] },
    fail: { settings: [{ name: "containerInsights", value: "disabled" }] },
  },
  "elb-1-http-redirects-to-https": {
    type: "aws:lb/listener:Listener",
    pass: {
      protocol: "HTTP",
      port: 80,
      defaultActions: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ],
    },
    fail: { protocol: "HTTP", port: 80, defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] },
  },
  "elb-4-drop-invalid-headers": {
    type: LB,
    pass: goodLb,
    fail: { ...goodLb, dropInvalidHeaderFields: false },
  },
  "elb-5-access-logs": { type: LB, pass: goodLb, fail: { ...goodLb, accessLogs: undefined } },
  "elb-6-deletion-protection": {
    type: LB,
    pass: goodLb,
    fail: { ...goodLb, enableDeletionProtection: false },
  },
  "elb-17-recommended-tls-policy": {
    type: "aws:lb/listener:Listener",
    pass: { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
    fail: { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-2016-08" },
  },
  "iam-1-no-full-admin": {
    type: "aws:iam/rolePolicy:RolePolicy",
    pass: {
      role: "r",
      policy: doc({
        Effect: "Allow",
        Action: ["dynamodb:GetItem"],
        Resource: "arn:aws:dynamodb:us-east-1:1:table/t",
      }),
    },
    fail: { role: "r", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) },
  },
  "iam-21-no-service-wildcards": {
    type: "aws:iam/policy:Policy",
    pass: {
      policy: doc({
        Effect: "Allow",
        Action: "dynamodb:*",
        Resource: "arn:aws:dynamodb:us-east-1:1:table/t",
      }),
    },
    fail: { policy: doc({ Effect: "Allow", Action: ["s3:*"], Resource: "*" }) },
  },
  "dynamodb-2-point-in-time-recovery": {
    type: TABLE,
    pass: goodTable,
    fail: { ...goodTable, pointInTimeRecovery: { enabled: false } },
  },
  "dynamodb-6-deletion-protection": {
    type: TABLE,
    pass: goodTable,
    fail: { ...goodTable, deletionProtectionEnabled: false },
  },
  "s3-8-block-public-access": {
    type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    pass: {
      bucket: "b",
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    fail: {
      bucket: "b",
      blockPublicAcls: true,
      blockPublicPolicy: false,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
  },
  "kms-4-key-rotation": {
    type: "aws:kms/key:Key",
    pass: { enableKeyRotation: true },
    fail: { enableKeyRotation: false },
  },
  "sns-1-encrypted-at-rest": {
    type: "aws:sns/topic:Topic",
    pass: { kmsMasterKeyId: "arn:aws:kms:us-east-1:1:key/k" },
    fail: { name: "alerts" },
    whenUnknown: "violation",
  },
  "sqs-1-encrypted-at-rest": {
    type: "aws:sqs/queue:Queue",
    pass: { sqsManagedSseEnabled: true },
    fail: { sqsManagedSseEnabled: false },
  },
  "lambda-2-supported-runtime": {
    type: "aws:lambda/function:Function",
    pass: { runtime: "nodejs22.x", handler: "index.handler" },
    fail: { runtime: "nodejs16.x", handler: "index.handler" },
  },
  "ecr-creation-template-role": {
    type: "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
    pass: {
      prefix: "acs",
      appliedFors: ["REPLICATION"],
      resourceTags: { Owner: "x" },
      customRoleArn: "arn:aws:iam::123456789012:role/ecr-templates",
    },
    fail: { prefix: "acs", appliedFors: ["REPLICATION"], resourceTags: { Owner: "x" } },
  },
  "ecr-1-scan-on-push": {
    type: "aws:ecr/repository:Repository",
    pass: {
      name: "acs/app",
      imageScanningConfiguration: { scanOnPush: true },
      imageTagMutability: "IMMUTABLE",
    },
    fail: {
      name: "acs/app",
      imageScanningConfiguration: { scanOnPush: false },
      imageTagMutability: "IMMUTABLE",
    },
  },
  "ecr-2-immutable-tags": {
    type: "aws:ecr/repository:Repository",
    pass: {
      name: "acs/app",
      imageScanningConfiguration: { scanOnPush: true },
      imageTagMutability: "IMMUTABLE",
    },
    fail: {
      name: "acs/app",
      imageScanningConfiguration: { scanOnPush: true },
      imageTagMutability: "MUTABLE",
    },
  },
  "cloudwatch-16-log-retention": {
    type: "aws:cloudwatch/logGroup:LogGroup",
    pass: { name: "/ecs/app", retentionInDays: 30 },
    fail: { name: "/ecs/app" },
    whenUnknown: "violation",
  },
};

const vpc = { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { id: "vpc-1", cidrBlock: "10.0.0.0/16" } };
const repo = { type: "aws:ecr/repository:Repository", name: "repo", props: { name: "acs/app" } };
const bucket = { type: "aws:s3/bucket:Bucket", name: "logs", props: { bucket: "b", id: "b" } };

export const STACK_CASES: Record<string, StackCase> = {
  "ec2-6-vpc-flow-logs": {
    pass: [
      vpc,
      { type: "aws:ec2/flowLog:FlowLog", name: "fl", props: { vpcId: "vpc-1", trafficType: "ALL" } },
    ],
    fail: [
      vpc,
      { type: "aws:ec2/flowLog:FlowLog", name: "fl", props: { vpcId: "vpc-other", trafficType: "ALL" } },
    ],
  },
  "ecr-3-lifecycle-policy": {
    pass: [
      repo,
      {
        type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        name: "lc",
        props: { repository: "acs/app", policy: "{}" },
      },
    ],
    fail: [repo],
  },
  "s3-5-ssl-requests-only": {
    pass: [
      bucket,
      { type: "aws:s3/bucketPolicy:BucketPolicy", name: "bp", props: { bucket: "b", policy: doc(tlsDeny) } },
    ],
    fail: [
      bucket,
      {
        type: "aws:s3/bucketPolicy:BucketPolicy",
        name: "bp",
        props: {
          bucket: "b",
          policy: doc({
            Effect: "Allow",
            Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: "arn:aws:s3:::b/*",
          }),
        },
      },
    ],
  },
};
