import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "@acs/iam-policy";
import { FlowLogsArgs } from "./args";
import { ChildContext } from "./context";

export interface FlowLogs {
  readonly flowLog: aws.ec2.FlowLog;
  /** The CloudWatch log group (destination "cloudwatch"). */
  readonly logGroup?: aws.cloudwatch.LogGroup;
  /** The role the flow-logs service assumes to write to the log group (destination "cloudwatch"). */
  readonly role?: aws.iam.Role;
  /** The role's inline policy; the flow log depends on it (destination "cloudwatch"). */
  readonly rolePolicy?: aws.iam.RolePolicy;
  /** The bucket (destination "s3"). */
  readonly bucket?: aws.s3.Bucket;
}

/** Flow logs of all traffic in the VPC, to CloudWatch Logs (scoped role) or to a locked-down S3 bucket. */
export function createFlowLogs(
  ctx: ChildContext,
  args: Required<Pick<FlowLogsArgs, "destination" | "retentionDays">> & Pick<FlowLogsArgs, "kmsKeyArn">,
): FlowLogs {
  const { name, parent } = ctx;
  const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
  const partition = aws.getPartitionOutput({}, { parent }).partition;
  switch (args.destination) {
    case "cloudwatch": {
      const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-flow-logs`,
        {
          name: `/vpc/${name}/flow-logs`,
          retentionInDays: args.retentionDays,
          kmsKeyId: args.kmsKeyArn,
          tags: ctx.tags(`${name}-flow-logs`),
        },
        ctx.afterVpc,
      );
      const role = new aws.iam.Role(
        `${name}-flow-logs`,
        {
          description: `Lets VPC flow logs of ${name} write to /vpc/${name}/flow-logs`,
          assumeRolePolicy: pulumi.jsonStringify(
            serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
              sourceAccount: account,
              sourceArn: pulumi.interpolate`arn:${partition}:ec2:${ctx.region}:${account}:vpc-flow-log/*`,
            }),
          ),
          tags: ctx.tags(`${name}-flow-logs`),
        },
        ctx.afterVpc,
      );
      const rolePolicy = new aws.iam.RolePolicy(
        `${name}-flow-logs`,
        {
          role: role.name,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "WriteFlowLogsToItsGroupOnly",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
              },
            ],
          }),
        },
        { parent },
      );
      const flowLog = new aws.ec2.FlowLog(
        `${name}-flow-log`,
        {
          vpcId: ctx.vpcId,
          trafficType: "ALL",
          logDestinationType: "cloud-watch-logs",
          logDestination: logGroup.arn,
          iamRoleArn: role.arn,
          tags: ctx.tags(`${name}-flow-log`),
        },
        // The role's permissions must exist (and have propagated) before the flow log starts
        // delivering: a flow log created first stays in "Access error" until it is recreated.
        // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
        // https://github.com/terraform-aws-modules/terraform-aws-vpc/issues/1262
        { parent, dependsOn: [rolePolicy] },
      );
      return { flowLog, logGroup, role, rolePolicy };
    }
    case "s3": {
      const bucket = new aws.s3.Bucket(
        `${name}-flow-logs`,
        { tags: ctx.tags(`${name}-flow-logs`) },
        ctx.afterVpc,
      );
      new aws.s3.BucketPublicAccessBlock(
        `${name}-flow-logs`,
        {
          bucket: bucket.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
        { parent },
      );
      new aws.s3.BucketOwnershipControls(
        `${name}-flow-logs`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        { parent },
      );
      new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-flow-logs`,
        { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        { parent },
      );
      new aws.s3.BucketLifecycleConfiguration(
        `${name}-flow-logs`,
        {
          bucket: bucket.id,
          rules: [
            {
              id: "expire-flow-logs",
              status: "Enabled",
              filter: {},
              expiration: { days: args.retentionDays },
            },
          ],
        },
        { parent },
      );
      const sourceArn = pulumi.interpolate`arn:${partition}:logs:${ctx.region}:${account}:*`;
      const bucketPolicy = new aws.s3.BucketPolicy(
        `${name}-flow-logs`,
        {
          bucket: bucket.id,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: pulumi.interpolate`${bucket.arn}/AWSLogs/${account}/*`,
                Condition: {
                  StringEquals: { "aws:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control" },
                  ArnLike: { "aws:SourceArn": sourceArn },
                },
              },
              {
                Sid: "AWSLogDeliveryAclCheck",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: bucket.arn,
                Condition: {
                  StringEquals: { "aws:SourceAccount": account },
                  ArnLike: { "aws:SourceArn": sourceArn },
                },
              },
              {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
              },
            ],
          }),
        },
        { parent },
      );
      const flowLog = new aws.ec2.FlowLog(
        `${name}-flow-log`,
        {
          vpcId: ctx.vpcId,
          trafficType: "ALL",
          logDestinationType: "s3",
          logDestination: bucket.arn,
          tags: ctx.tags(`${name}-flow-log`),
        },
        // Log delivery checks (and otherwise adds its own) bucket policy when the flow log is created.
        { parent, dependsOn: [bucketPolicy] },
      );
      return { flowLog, bucket };
    }
    default:
      throw new Error(
        `network: \`flowLogs.destination\` is ${JSON.stringify(args.destination)}; use "cloudwatch" or "s3"`,
      );
  }
}
