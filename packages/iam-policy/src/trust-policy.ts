/**
 * The trust policy of a role that an AWS service assumes (Lambda, EC2, ECS, VPC Flow Logs, ECR).
 * With `sourceAccount` and `sourceArn` the service may assume the role only on behalf of this
 * account's resources matching the ARN pattern (confused-deputy protection).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */

/** The resources on whose behalf the service may assume the role. */
export interface SourceScope<T> {
  /** `aws:SourceAccount`: the account that owns the resources. */
  readonly sourceAccount: T;
  /** `aws:SourceArn` (matched with `ArnLike`): e.g. `arn:aws:ec2:<region>:<account>:vpc-flow-log/*`. */
  readonly sourceArn: T;
}

/** A trust policy document (plain JSON: `JSON.stringify` it into `aws.iam.Role`'s `assumeRolePolicy`). */
export interface TrustPolicyDocument<T> {
  readonly Version: "2012-10-17";
  readonly Statement: readonly {
    readonly Effect: "Allow";
    readonly Principal: { readonly Service: string };
    readonly Action: "sts:AssumeRole";
    readonly Condition?: {
      readonly StringEquals: { readonly "aws:SourceAccount": T };
      readonly ArnLike: { readonly "aws:SourceArn": T };
    };
  }[];
}

/**
 * The trust policy letting `service` (`lambda.amazonaws.com`) assume the role, optionally only
 * for `scope`'s resources. `T` is `string`, or a Pulumi `Output<string>` when the document goes
 * through `pulumi.jsonStringify`.
 */
export function serviceTrustPolicy<T = string>(
  service: string,
  scope?: SourceScope<T>,
): TrustPolicyDocument<T> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        ...(scope
          ? {
              Condition: {
                StringEquals: { "aws:SourceAccount": scope.sourceAccount },
                ArnLike: { "aws:SourceArn": scope.sourceArn },
              },
            }
          : {}),
      },
    ],
  };
}
