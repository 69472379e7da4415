import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "@acs/iam-policy";

/** An IAM policy statement as plain JSON (what `JSON.stringify` writes into a policy). */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** A policy document from statements whose values may be Outputs. */
export function policyDocument(statements: pulumi.Input<pulumi.Input<Statement>[]>): pulumi.Output<string> {
  return pulumi
    .output(statements)
    .apply((s) => JSON.stringify({ Version: "2012-10-17", Statement: s }, null, 2));
}

/**
 * Trust policy for ECS tasks, scoped to this account's ECS tasks in the region (confused-deputy
 * protection with `aws:SourceAccount` and `aws:SourceArn`).
 */
export function ecsTasksAssumeRolePolicy(parent: pulumi.Resource): pulumi.Output<string> {
  const identity = aws.getCallerIdentityOutput({}, { parent });
  const region = aws.getRegionOutput({}, { parent });
  const partition = aws.getPartitionOutput({}, { parent });
  return pulumi.all([identity.accountId, region.region, partition.partition]).apply(([account, reg, part]) =>
    JSON.stringify(
      serviceTrustPolicy("ecs-tasks.amazonaws.com", {
        sourceAccount: account,
        sourceArn: `arn:${part}:ecs:${reg}:${account}:*`,
      }),
      null,
      2,
    ),
  );
}
