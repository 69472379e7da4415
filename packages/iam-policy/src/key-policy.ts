/**
 * The key policy of a customer-managed KMS key that an AWS service uses on the account's behalf
 * (CloudWatch alarms publishing to an encrypted topic, CloudWatch Logs encrypting a log group).
 *
 * The first statement gives the account (its root principal) control of the key, so IAM policies
 * of the account decide who uses it; without it the key can become unmanageable.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 * Each service grant names the service principal and a condition that ties it to this account's
 * resources (confused-deputy protection).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */

/** What one AWS service may do with the key, and on whose behalf. */
export interface ServiceKeyGrant {
  /** The statement id (`CloudWatchAlarmsPublish`). */
  readonly sid: string;
  /** The service principal (`cloudwatch.amazonaws.com`, `logs.<region>.amazonaws.com`). */
  readonly service: string;
  /** The KMS actions it needs, and no more. */
  readonly actions: readonly string[];
  /**
   * The condition that limits the grant to this account's requests (`aws:SourceAccount`) or to
   * one resource's encryption context. Required: a service grant without one lets any account's
   * use of the service reach the key.
   */
  readonly condition: Record<string, Record<string, string | string[]>>;
}

export interface KeyPolicyArgs {
  /** The account id that owns the key. */
  readonly account: string;
  /** The partition (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /**
   * What the account's root principal may do: `kms:*` (the default key policy: the account's IAM
   * policies decide every use), or a list that leaves some uses out.
   * @default "kms:*"
   */
  readonly accountActions?: string | readonly string[];
  /** The services that use the key, each with its condition. */
  readonly serviceGrants: readonly ServiceKeyGrant[];
}

/** A key policy document (plain JSON: `JSON.stringify` it into `aws.kms.Key`'s `policy`). */
export interface KeyPolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
}

/** The key policy: the account administers the key, and each service gets only its grant. */
export function keyPolicy(args: KeyPolicyArgs): KeyPolicyDocument {
  for (const g of args.serviceGrants)
    if (Object.keys(g.condition).length === 0)
      throw new Error(
        `iam-policy: the key grant ${g.sid} to ${g.service} has an empty condition; limit it to the account (aws:SourceAccount) or to one resource's encryption context`,
      );
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: `arn:${args.partition}:iam::${args.account}:root` },
        Action: args.accountActions ?? "kms:*",
        Resource: "*",
      },
      ...args.serviceGrants.map((g) => ({
        Sid: g.sid,
        Effect: "Allow",
        Principal: { Service: g.service },
        Action: g.actions,
        Resource: "*",
        Condition: g.condition,
      })),
    ],
  };
}
