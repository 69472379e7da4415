import { coversEveryActionOf } from "@acs/iam-policy";
import { isUnknown, list, ResourceRule, StackRule, statements } from "../model";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";

/** The bucket's name as other resources reference it: its id, else its `bucket` output or input. */
function bucketName(r: { id?: string; outputs?: Record<string, any>; props: Record<string, any> }): unknown {
  return r.id ?? r.outputs?.bucket ?? r.outputs?.id ?? r.props.bucket;
}

/** True when `doc` denies every request made without TLS (`aws:SecureTransport` false). */
function deniesInsecureTransport(doc: unknown): boolean | undefined {
  const stmts = statements(doc);
  if (isUnknown(stmts)) return undefined;
  return stmts.some(
    (s) =>
      s?.Effect === "Deny" &&
      String(s?.Condition?.Bool?.["aws:SecureTransport"]) === "false" &&
      list(s?.Action).some((a) => typeof a === "string" && coversEveryActionOf("s3", a)),
  );
}

export const DATA_RULES: readonly (ResourceRule | StackRule)[] = [
  {
    name: "dynamodb-2-point-in-time-recovery",
    control: "DynamoDB.2",
    title: "DynamoDB tables should have point-in-time recovery enabled",
    description: "Tables set pointInTimeRecovery.enabled = true.",
    enforcement: "mandatory",
    onUnknown: "An unknown flag is decided at `up`.",
    types: ["aws:dynamodb/table:Table"],
    check: ({ props }, ctx) => {
      const v = props.pointInTimeRecovery?.enabled;
      if (isUnknown(props.pointInTimeRecovery) || isUnknown(v))
        return (ctx.unknown("pointInTimeRecovery.enabled"), []);
      return v === true ? [] : ["point-in-time recovery is off: set pointInTimeRecovery.enabled = true"];
    },
  },
  {
    name: "dynamodb-6-deletion-protection",
    control: "DynamoDB.6",
    title: "DynamoDB tables should have deletion protection enabled",
    description: "Tables set deletionProtectionEnabled = true (advisory in ephemeral environments).",
    enforcement: "mandatory",
    ephemeral: "advisory",
    onUnknown: "An unknown flag is decided at `up`.",
    types: ["aws:dynamodb/table:Table"],
    check: ({ props }, ctx) => {
      if (isUnknown(props.deletionProtectionEnabled)) return (ctx.unknown("deletionProtectionEnabled"), []);
      return props.deletionProtectionEnabled === true
        ? []
        : ["deletion protection is off: set deletionProtectionEnabled = true"];
    },
  },
  {
    name: "s3-8-block-public-access",
    control: "S3.8",
    title: "S3 general purpose buckets should block public access",
    description:
      "Every bucket public access block sets all four settings to true (S3.1 is the same at account level, owned by the account's bootstrap).",
    enforcement: "mandatory",
    onUnknown: "An unknown setting is decided at `up`.",
    types: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    check: ({ props }, ctx) =>
      ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].flatMap((k) => {
        if (isUnknown(props[k])) return (ctx.unknown(k), []);
        return props[k] === true ? [] : [`${k} is not true: block all four kinds of public access`];
      }),
  },
  {
    name: "s3-5-ssl-requests-only",
    control: "S3.5",
    title: "S3 general purpose buckets should require requests to use SSL",
    description:
      'Every bucket has a bucket policy that denies s3:* when aws:SecureTransport is "false" (stack policy: bucket and policy are two resources).',
    enforcement: "mandatory",
    onUnknown:
      "Bucket names of new buckets and policy documents that embed their ARNs are unknown during a preview: decided at `up` (and offline, where every value is known).",
    checkStack: (resources, ctx) => {
      const tlsOnly = new Set<unknown>();
      for (const p of resources.filter((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy")) {
        const denies = deniesInsecureTransport(p.props.policy);
        if (denies === undefined || isUnknown(p.props.bucket)) ctx.unknown("policy", p.urn);
        else if (denies) tlsOnly.add(p.props.bucket);
      }
      return resources
        .filter((r) => r.type === BUCKET || r.type === BUCKET_V2)
        .flatMap((b) => {
          const name = bucketName(b);
          if (name === undefined || isUnknown(name)) return (ctx.unknown("bucket name", b.urn), []);
          return tlsOnly.has(name)
            ? []
            : [
                {
                  urn: b.urn,
                  message: `bucket ${String(name)} accepts plain HTTP: add a bucket policy statement denying s3:* when aws:SecureTransport is "false"`,
                },
              ];
        });
    },
  },
  {
    name: "kms-4-key-rotation",
    control: "KMS.4",
    title: "AWS KMS key rotation should be enabled",
    description: "Symmetric encryption keys set enableKeyRotation = true.",
    enforcement: "mandatory",
    onUnknown: "An unknown flag is decided at `up`.",
    types: ["aws:kms/key:Key"],
    check: ({ props }, ctx) => {
      if (
        isUnknown(props.customerMasterKeySpec) ||
        isUnknown(props.keyUsage) ||
        isUnknown(props.enableKeyRotation)
      )
        return (ctx.unknown("enableKeyRotation"), []);
      const symmetric =
        (props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT" &&
        (props.keyUsage ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT";
      return symmetric && props.enableKeyRotation !== true
        ? ["key rotation is off: set enableKeyRotation = true"]
        : [];
    },
  },
  {
    name: "sns-1-encrypted-at-rest",
    control: "SNS.1",
    title: "SNS topics should be encrypted at-rest using AWS KMS",
    description: "Topics set kmsMasterKeyId (a key of the stack whose policy lets the publishers use it).",
    enforcement: "mandatory",
    onUnknown: "An unknown key id (a key created in the same run) counts as set.",
    types: ["aws:sns/topic:Topic"],
    check: ({ props }) =>
      isUnknown(props.kmsMasterKeyId) || (typeof props.kmsMasterKeyId === "string" && props.kmsMasterKeyId)
        ? []
        : [
            "the topic is not encrypted: set kmsMasterKeyId to a KMS key whose policy lets its publishers encrypt",
          ],
  },
  {
    name: "sqs-1-encrypted-at-rest",
    control: "SQS.1",
    title: "Amazon SQS queues should be encrypted at rest",
    description: "Queues set sqsManagedSseEnabled = true or a kmsMasterKeyId.",
    enforcement: "mandatory",
    onUnknown: "An unknown key id counts as set; an unknown sqsManagedSseEnabled is decided at `up`.",
    types: ["aws:sqs/queue:Queue"],
    check: ({ props }, ctx) => {
      if (
        isUnknown(props.kmsMasterKeyId) ||
        (typeof props.kmsMasterKeyId === "string" && props.kmsMasterKeyId)
      )
        return [];
      if (isUnknown(props.sqsManagedSseEnabled)) return (ctx.unknown("sqsManagedSseEnabled"), []);
      return props.sqsManagedSseEnabled === true
        ? []
        : ["the queue is not encrypted: set sqsManagedSseEnabled = true or a kmsMasterKeyId"];
    },
  },
];
