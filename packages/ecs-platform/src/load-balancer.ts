import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkAutoElbName, checkElbName, checkInt, fail, isKnown, who } from "./checks";

/** The TLS policy of HTTPS listeners: TLS 1.3 and 1.2 only. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/**
 * ELB security policies whose minimum protocol is TLS 1.2 or 1.3: `ELBSecurityPolicy-TLS13-1-2-*`,
 * `-TLS13-1-3-*`, `-TLS-1-2-*` and `-FS-1-2-*`. Everything else (`TLS13-1-0-*`, `TLS13-1-1-*`,
 * `TLS-1-1-*`, `FS-1-1-*`, `FS-2018-06`, `2016-08`, …) still allows TLS 1.0 or 1.1.
 */
export const TLS12_OR_LATER_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

/**
 * Regions opened after August 2022 have no ELB log-delivery account; their buckets trust the
 * `logdelivery.elasticloadbalancing.amazonaws.com` service principal only.
 */
export const REGIONS_WITHOUT_ELB_ACCOUNT: ReadonlySet<string> = new Set([
  "ap-south-2",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ap-east-2",
  "ca-west-1",
  "eu-central-2",
  "eu-south-2",
  "il-central-1",
  "me-central-1",
  "mx-central-1",
]);

export interface AccessLogsArgs {
  /** @default true */
  readonly enabled?: boolean;
  /** Days the logs are kept. @default 90 */
  readonly retentionDays?: number;
  /** Key prefix inside the bucket. @default "alb" */
  readonly prefix?: string;
  /** Empty the bucket on destroy (ephemeral environments). @default false */
  readonly forceDestroy?: boolean;
}

export interface NetworkLoadBalancerArgs {
  /** Subnets (usually private) of the internal NLB. */
  readonly subnetIds: pulumi.Input<string>[];
  /** NLB name (≤ 32 characters). @default - an auto-name */
  readonly name?: pulumi.Input<string>;
  /**
   * Security groups of the NLB. The app security group admits only the load balancer's security
   * groups, so an NLB without them cannot reach `ip` targets (traffic and health checks are
   * dropped). An NLB's security groups can only be set when it is created: changing this later
   * replaces the NLB.
   * @default - the load balancer's `securityGroupIds`
   */
  readonly securityGroupIds?: pulumi.Input<string>[];
}

export interface LoadBalancerArgs {
  /** ALB name (≤ 32 characters). @default - an auto-name */
  readonly name?: pulumi.Input<string>;
  /** VPC of the target groups. */
  readonly vpcId: pulumi.Input<string>;
  /** Subnets of the ALB: public subnets, or private ones when `internal`. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security groups of the ALB (the network's load-balancer security group). */
  readonly securityGroupIds: pulumi.Input<string>[];
  /** Internal ALB (no internet-facing address). @default false */
  readonly internal?: boolean;
  /**
   * ACM certificate of the HTTPS listener, in the ALB's region: one created by
   * `@acs/dns-failover`'s Certificate, or an existing certificate's ARN.
   */
  readonly certificateArn: pulumi.Input<string>;
  /**
   * TLS policy of the HTTPS listener; its minimum must be TLS 1.2 or 1.3
   * (`ELBSecurityPolicy-TLS13-1-2-*`, `-TLS13-1-3-*`, `-TLS-1-2-*` or `-FS-1-2-*`).
   * @default "ELBSecurityPolicy-TLS13-1-2-2021-06"
   */
  readonly sslPolicy?: string;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Idle timeout in seconds (1–4000). @default 60 */
  readonly idleTimeout?: number;
  /** Access logs to an S3 bucket created here. @default { enabled: true, retentionDays: 90 } */
  readonly accessLogs?: AccessLogsArgs;
  /** An internal NLB (TCP, cross-zone) that services can register with as well. @default - none */
  readonly nlb?: NetworkLoadBalancerArgs;
  /** Tags for every child. @default {} */
  readonly tags?: Record<string, string>;
}

/** Throws on invalid args, before any resource exists. Pure; exported for tests. */
export function validateLoadBalancerArgs(name: string, args: LoadBalancerArgs): void {
  const p = who("LoadBalancer", name);
  if (args.name === undefined) checkAutoElbName(p, "name", `${name}-alb`);
  else checkElbName(p, "name", args.name);
  if (args.nlb && args.nlb.name === undefined) checkAutoElbName(p, "nlb.name", `${name}-nlb`);
  else checkElbName(p, "nlb.name", args.nlb?.name);
  if (args.certificateArn === undefined || (isKnown(args.certificateArn) && args.certificateArn === "")) {
    fail(
      p,
      "`certificateArn` is missing: the HTTPS listener needs an ACM certificate; pass the ARN of a certificate in this region",
    );
  }
  if (
    isKnown(args.certificateArn) &&
    !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/.test(args.certificateArn)
  ) {
    fail(
      p,
      `\`certificateArn\` is "${args.certificateArn}", not an ACM certificate ARN; use arn:aws:acm:<region>:<account>:certificate/<id>`,
    );
  }
  if (args.subnetIds.length < 2)
    fail(p, `\`subnetIds\` has ${args.subnetIds.length} subnet(s); an ALB needs subnets in at least 2 AZs`);
  if (args.securityGroupIds.length === 0)
    fail(p, "`securityGroupIds` is empty; give the network's load-balancer security group");
  if (args.sslPolicy !== undefined && !TLS12_OR_LATER_POLICY.test(args.sslPolicy)) {
    fail(
      p,
      `\`sslPolicy\` is "${args.sslPolicy}", which allows TLS below 1.2; use "${TLS_POLICY}" ` +
        "(or another ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-* or -FS-1-2-* policy)",
    );
  }
  checkInt(p, "idleTimeout", args.idleTimeout, 1, 4000);
  checkInt(p, "accessLogs.retentionDays", args.accessLogs?.retentionDays, 1, 3650);
  if (args.nlb && args.nlb.subnetIds.length === 0)
    fail(p, "`nlb.subnetIds` is empty; give the network's private subnets");
}

/**
 * An ALB with an HTTPS listener (TLS 1.3/1.2, default fixed 404), an HTTP listener that redirects
 * to HTTPS (301), invalid header fields dropped, access logs to an encrypted private bucket, and
 * an optional internal NLB. Services add their own target groups and listener rules.
 */
export class LoadBalancer extends pulumi.ComponentResource {
  /** The application load balancer. */
  public readonly alb: aws.lb.LoadBalancer;
  /** HTTPS (443) listener; services add rules to it. */
  public readonly httpsListener: aws.lb.Listener;
  /** HTTP (80) listener: redirects to HTTPS. */
  public readonly httpListener: aws.lb.Listener;
  /** The internal NLB, when `nlb` is set. */
  public readonly nlb?: aws.lb.LoadBalancer;
  /** Access-log bucket, when access logs are on. */
  public readonly logBucket?: aws.s3.Bucket;
  /** VPC of the target groups. */
  public readonly vpcId: pulumi.Input<string>;
  public readonly dnsName: pulumi.Output<string>;
  /** Canonical hosted zone id (for Route 53 alias records). */
  public readonly zoneId: pulumi.Output<string>;
  public readonly arn: pulumi.Output<string>;
  /** `app/<name>/<id>`: the CloudWatch `LoadBalancer` dimension. */
  public readonly arnSuffix: pulumi.Output<string>;

  constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("acs:ecs-platform:LoadBalancer", name, {}, opts);
    validateLoadBalancerArgs(name, args);
    const tags = args.tags ?? {};
    this.vpcId = args.vpcId;

    const logs = args.accessLogs ?? {};
    let accessLogs: aws.types.input.lb.LoadBalancerAccessLogs | undefined;
    let logsReady: pulumi.Resource[] = [];
    if (logs.enabled ?? true) {
      const prefix = logs.prefix ?? "alb";
      const { bucket, policy } = this.logBucketFor(name, prefix, logs, tags);
      this.logBucket = bucket;
      accessLogs = { bucket: bucket.bucket, prefix, enabled: true };
      logsReady = [policy];
    }

    this.alb = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        name: args.name,
        loadBalancerType: "application",
        internal: args.internal ?? false,
        subnets: args.subnetIds,
        securityGroups: args.securityGroupIds,
        dropInvalidHeaderFields: true,
        enableDeletionProtection: args.deletionProtection ?? true,
        idleTimeout: args.idleTimeout ?? 60,
        accessLogs,
        tags,
      },
      // The ALB checks that it may write to the bucket when logging is turned on.
      { parent: this, dependsOn: logsReady },
    );
    this.dnsName = this.alb.dnsName;
    this.zoneId = this.alb.zoneId;
    this.arn = this.alb.arn;
    this.arnSuffix = this.alb.arnSuffix;

    this.httpsListener = new aws.lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: this.alb.arn,
        port: 443,
        protocol: "HTTPS",
        certificateArn: args.certificateArn,
        sslPolicy: args.sslPolicy ?? TLS_POLICY,
        defaultActions: [
          {
            type: "fixed-response",
            fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not Found" },
          },
        ],
        tags,
      },
      { parent: this },
    );
    this.httpListener = new aws.lb.Listener(
      `${name}-http`,
      {
        loadBalancerArn: this.alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [
          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ],
        tags,
      },
      { parent: this },
    );

    if (args.nlb) {
      this.nlb = new aws.lb.LoadBalancer(
        `${name}-nlb`,
        {
          name: args.nlb.name,
          loadBalancerType: "network",
          internal: true,
          subnets: args.nlb.subnetIds,
          // Set at creation only; without them the app security group drops the NLB's traffic.
          securityGroups: args.nlb.securityGroupIds ?? args.securityGroupIds,
          enableCrossZoneLoadBalancing: true,
          enableDeletionProtection: args.deletionProtection ?? true,
          tags,
        },
        { parent: this },
      );
    }

    this.registerOutputs({
      dnsName: this.dnsName,
      zoneId: this.zoneId,
      arn: this.arn,
      nlbDnsName: this.nlb?.dnsName,
    });
  }

  private logBucketFor(name: string, prefix: string, logs: AccessLogsArgs, tags: Record<string, string>) {
    const bucket = new aws.s3.Bucket(
      `${name}-alb-logs`,
      { forceDestroy: logs.forceDestroy ?? false, tags },
      { parent: this },
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-alb-logs`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      { parent: this },
    );
    const block = new aws.s3.BucketPublicAccessBlock(
      `${name}-alb-logs`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );
    // ALB access logs support SSE-S3 only (not SSE-KMS).
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-alb-logs`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      { parent: this },
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-alb-logs`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-access-logs",
            status: "Enabled",
            filter: { prefix: "" },
            expiration: { days: logs.retentionDays ?? 90 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { parent: this },
    );
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const elbAccountArn = region.apply((r) =>
      REGIONS_WITHOUT_ELB_ACCOUNT.has(r)
        ? undefined
        : aws.elb.getServiceAccount({}, { parent: this }).then((a) => a.arn),
    );
    const policy = pulumi
      .all([bucket.arn, identity.accountId, elbAccountArn])
      .apply(([bucketArn, account, elbArn]) => {
        const logObjects = `${bucketArn}/${prefix}/AWSLogs/${account}/*`;
        const statements: object[] = [
          {
            Sid: "ElbLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: logObjects,
          },
        ];
        if (elbArn)
          statements.push({
            Sid: "ElbAccountLogDelivery",
            Effect: "Allow",
            Principal: { AWS: elbArn },
            Action: "s3:PutObject",
            Resource: logObjects,
          });
        statements.push({
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
        return JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2);
      });
    const bucketPolicy = new aws.s3.BucketPolicy(
      `${name}-alb-logs`,
      { bucket: bucket.id, policy },
      { parent: this, dependsOn: [block] },
    );
    return { bucket, policy: bucketPolicy };
  }
}
