import * as pulumi from "@pulumi/pulumi";
import { fail, isKnown } from "./checks";

/**
 * ARNs a caller brings instead of this package's components (e.g. read from another stack's
 * outputs). Known values are checked for shape before any resource exists; Outputs are left to
 * AWS. The parsers turn an ARN into the names CloudWatch and Application Auto Scaling use.
 */

const PARTITION_REGION_ACCOUNT = String.raw`arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]+:\d{12}`;

/** The ARN shapes this package accepts, with an example for error messages. */
export const ARN_SHAPES = {
  cluster: {
    pattern: new RegExp(`^${PARTITION_REGION_ACCOUNT}:cluster/([A-Za-z0-9_-]{1,255})$`),
    example: "arn:aws:ecs:<region>:<account>:cluster/<name>",
  },
  taskDefinition: {
    pattern: new RegExp(`^${PARTITION_REGION_ACCOUNT}:task-definition/[A-Za-z0-9_-]{1,255}:\\d+$`),
    example: "arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>",
  },
  albListener: {
    pattern: new RegExp(`^${PARTITION_REGION_ACCOUNT}:listener/(app/[^/]+/[0-9a-f]+)/[0-9a-f]+$`),
    example: "arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<alb>/<id>/<id>",
  },
  networkLoadBalancer: {
    pattern: new RegExp(`^${PARTITION_REGION_ACCOUNT}:loadbalancer/net/[^/]+/[0-9a-f]+$`),
    example: "arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/net/<nlb>/<id>",
  },
  role: {
    pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/,
    example: "arn:aws:iam::<account>:role/<name>",
  },
  targetGroup: {
    pattern: new RegExp(`^${PARTITION_REGION_ACCOUNT}:(targetgroup/[^/]+/[0-9a-f]+)$`),
    example: "arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>",
  },
} as const;

export type ArnKind = keyof typeof ARN_SHAPES;

/** Throws when a known `value` is empty or not an ARN of `kind`. */
export function checkArn(
  prefix: string,
  arg: string,
  value: pulumi.Input<string> | undefined,
  kind: ArnKind,
): void {
  if (!isKnown(value)) return;
  const shape = ARN_SHAPES[kind];
  if (!shape.pattern.test(value))
    fail(prefix, `\`${arg}\` is ${JSON.stringify(value)}, not an ARN of that kind; use ${shape.example}`);
}

/** Throws unless exactly one of two mutually exclusive args is set. */
export function checkExactlyOne(
  prefix: string,
  a: [string, unknown],
  b: [string, unknown],
  fix: string,
): void {
  const [aName, aValue] = a;
  const [bName, bValue] = b;
  if (aValue !== undefined && bValue !== undefined)
    fail(prefix, `\`${aName}\` and \`${bName}\` are both set; ${fix}`);
  if (aValue === undefined && bValue === undefined)
    fail(prefix, `neither \`${aName}\` nor \`${bName}\` is set; ${fix}`);
}

function part(kind: ArnKind, arn: string): string {
  const m = ARN_SHAPES[kind].pattern.exec(arn);
  if (!m?.[1]) throw new Error(`ecs-platform: ${JSON.stringify(arn)} is not an ARN of a ${kind}`);
  return m[1];
}

/** `arn:…:cluster/<name>` → `<name>` (the `ClusterName` of CloudWatch and the scalable target). */
export function clusterNameOf(arn: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(arn).apply((a) => part("cluster", a));
}

/**
 * `arn:…:listener/app/<alb>/<id>/<id>` → `app/<alb>/<id>`, and `arn:…:targetgroup/<name>/<id>` →
 * `targetgroup/<name>/<id>`: the `LoadBalancer` and `TargetGroup` dimensions of ALB metrics.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 */
export function loadBalancerArnSuffixOfListener(arn: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(arn).apply((a) => part("albListener", a));
}

/** See {@link loadBalancerArnSuffixOfListener}. */
export function targetGroupArnSuffixOf(arn: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(arn).apply((a) => part("targetGroup", a));
}

/** `arn:…:iam::<account>:role/<path>/<name>` → `<name>` (what RolePolicy's `role` takes). */
export function roleNameOf(arn: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(arn).apply((a) => part("role", a));
}
