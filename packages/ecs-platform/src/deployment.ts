import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkInt, checkPath, fail, isKnown, oneOf } from "./checks";
import { serviceTrustPolicy } from "@acs/iam-policy";

/**
 * ECS's own deployment strategies (deployment controller `ECS`). `rolling` replaces tasks in place
 * behind one target group; the other three start a full green revision in an alternate target
 * group, send test traffic to it, then shift production traffic to it (all at once, a canary
 * slice first, or in equal steps), keep blue running for the bake time, and roll back on a
 * failed hook, alarm or circuit breaker.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
 */
export type DeploymentStrategy =
  | { readonly type: "rolling" }
  | {
      readonly type: "blueGreen";
      /** Minutes blue keeps running after production traffic moved to green (0–1440). @default 5 */
      readonly bakeTimeMinutes?: number;
    }
  | {
      readonly type: "canary";
      /** Percent of production traffic green takes first: 0.1–100 in steps of 0.1. @default 5 */
      readonly percent?: number;
      /** Minutes at the canary percent before the rest moves (0–1440). @default 10 */
      readonly canaryBakeTimeMinutes?: number;
      /** @default 5 */
      readonly bakeTimeMinutes?: number;
    }
  | {
      readonly type: "linear";
      /** Percent of production traffic moved per step: 3–100 in steps of 0.1. @default 10 */
      readonly stepPercent?: number;
      /** Minutes between steps (0–1440). @default 6 */
      readonly stepBakeTimeMinutes?: number;
      /** @default 5 */
      readonly bakeTimeMinutes?: number;
    };

export type DeploymentStrategyType = DeploymentStrategy["type"];
export const DEPLOYMENT_STRATEGIES: readonly DeploymentStrategyType[] = [
  "rolling",
  "blueGreen",
  "canary",
  "linear",
];

/**
 * The stages a lifecycle hook can run at (DeploymentLifecycleHook.lifecycleStages).
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHook.html
 */
export const LIFECYCLE_STAGES = [
  "RECONCILE_SERVICE",
  "PRE_SCALE_UP",
  "POST_SCALE_UP",
  "TEST_TRAFFIC_SHIFT",
  "POST_TEST_TRAFFIC_SHIFT",
  "PRODUCTION_TRAFFIC_SHIFT",
  "POST_PRODUCTION_TRAFFIC_SHIFT",
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** A Lambda function ECS invokes at the given stages; it answers `{ hookStatus }`. */
export interface LifecycleHook {
  /** ARN of the Lambda function. */
  readonly functionArn: pulumi.Input<string>;
  /** One or more stages of {@link LIFECYCLE_STAGES}. */
  readonly stages: LifecycleStage[];
  /** JSON object ECS passes to every invocation. @default - none */
  readonly details?: Record<string, unknown>;
}

/** The header-matched listener rule that sends test traffic to the green revision. */
export interface TestTrafficArgs {
  /**
   * Priority of the test listener rule; it must be evaluated before the production rule, so
   * below `alb.priority`.
   * @default alb.priority - 1
   */
  readonly priority?: number;
  /**
   * Requests carrying this header (on top of the production rule's conditions) reach green.
   * Not a secret: anyone may send it, and reach the revision being deployed.
   * @default { name: "X-Acs-Test-Traffic", value: "green" }
   */
  readonly header?: { readonly name: string; readonly value: string };
}

/** The built-in smoke test: a Lambda hook that calls the test listener before traffic shifts. */
export interface SmokeTestArgs {
  /**
   * A host name the HTTPS listener's certificate covers (e.g. `dev.acs.app.com`), sent as SNI and
   * `Host` to the load balancer so the certificate is verified.
   */
  readonly hostName: pulumi.Input<string>;
  /** Path to GET on the green revision, through the test listener rule. @default "/app/health" */
  readonly path?: string;
  /** Text the 200 response's body must contain. @default '"status":"ok"' */
  readonly expectBody?: string;
  /** Stages it runs at. @default ["POST_TEST_TRAFFIC_SHIFT"] (green has test traffic, no production traffic yet) */
  readonly stages?: LifecycleStage[];
  /** Attempts, 5 s apart, before the hook answers FAILED (1–10). @default 3 */
  readonly attempts?: number;
}

/** How the service deploys a new revision. */
export interface DeploymentArgs {
  /** @default { type: "rolling" } */
  readonly strategy?: DeploymentStrategy;
  /** Test listener rule (not with `rolling`). @default - priority alb.priority - 1, header X-Acs-Test-Traffic: green */
  readonly testTraffic?: TestTrafficArgs;
  /** Name of the alternate (green) target group (≤ 32 characters). @default - auto-named `<name>-alb-tg-alt-xxxxxxx` */
  readonly alternateTargetGroupName?: string;
  /** Your own Lambda hooks (not with `rolling`). @default [] */
  readonly lifecycleHooks?: LifecycleHook[];
  /** The built-in smoke-test hook (not with `rolling`). @default - none */
  readonly smokeTest?: SmokeTestArgs;
}

export const DEFAULT_BAKE_TIME_MINUTES = 5;
export const DEFAULT_TEST_HEADER = { name: "X-Acs-Test-Traffic", value: "green" } as const;
export const DEFAULT_SMOKE_PATH = "/app/health";
export const DEFAULT_SMOKE_BODY = '"status":"ok"';

/**
 * True when ECS's deployment circuit breaker applies: AWS documents it (and alarm-based
 * detection) for rolling and blue/green deployments only, so canary and linear services roll
 * back on alarms, hooks and the bake time instead.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-failure-detection.html
 */
export function circuitBreakerApplies(d: DeploymentArgs | undefined): boolean {
  const t = d?.strategy?.type ?? "rolling";
  return t === "rolling" || t === "blueGreen";
}

/** True when the strategy shifts traffic between two target groups (anything but rolling). */
export function shiftsTraffic(d: DeploymentArgs | undefined): boolean {
  return (d?.strategy?.type ?? "rolling") !== "rolling";
}

/** A percent ECS accepts: a multiple of 0.1 in [min, 100]. */
function checkPercent(p: string, arg: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  const tenths = Math.round(value * 10);
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < min ||
    value > 100 ||
    Math.abs(tenths - value * 10) > 1e-9
  ) {
    fail(p, `\`${arg}\` is ${JSON.stringify(value)}; ECS accepts a multiple of 0.1 from ${min} to 100`);
  }
}

const checkMinutes = (p: string, arg: string, v: number | undefined) =>
  checkInt(p, arg, v, 0, 1440, "use whole minutes from 0 to 1440 (24 hours)");

function checkStages(p: string, arg: string, stages: readonly string[] | undefined): void {
  if (stages === undefined) return;
  if (stages.length === 0) fail(p, `\`${arg}\` is empty; name one or more of ${oneOf(LIFECYCLE_STAGES)}`);
  stages.forEach((s, i) => {
    if (!(LIFECYCLE_STAGES as readonly string[]).includes(s))
      fail(
        p,
        `\`${arg}[${i}]\` is ${JSON.stringify(s)}, which is not an ECS lifecycle stage; use ${oneOf(LIFECYCLE_STAGES)}`,
      );
  });
}

/** Where the service sits, for the checks that depend on it. */
export interface DeploymentContext {
  readonly hasAlb: boolean;
  readonly hasNlb: boolean;
  /** The production listener rule's priority. */
  readonly albPriority?: number;
}

/**
 * Throws on invalid deployment args, before any resource exists. Pure; exported for tests.
 * `p` is the message prefix (`ecs-platform Service "<name>"`).
 */
export function validateDeploymentArgs(p: string, d: DeploymentArgs, at: DeploymentContext): void {
  const s = d.strategy ?? { type: "rolling" };
  switch (s.type) {
    case "rolling":
      break;
    case "blueGreen":
      checkMinutes(p, "deployment.strategy.bakeTimeMinutes", s.bakeTimeMinutes);
      break;
    case "canary":
      checkPercent(p, "deployment.strategy.percent", s.percent, 0.1);
      checkMinutes(p, "deployment.strategy.canaryBakeTimeMinutes", s.canaryBakeTimeMinutes);
      checkMinutes(p, "deployment.strategy.bakeTimeMinutes", s.bakeTimeMinutes);
      break;
    case "linear":
      checkPercent(p, "deployment.strategy.stepPercent", s.stepPercent, 3);
      checkMinutes(p, "deployment.strategy.stepBakeTimeMinutes", s.stepBakeTimeMinutes);
      checkMinutes(p, "deployment.strategy.bakeTimeMinutes", s.bakeTimeMinutes);
      break;
    default:
      fail(
        p,
        `\`deployment.strategy.type\` is ${JSON.stringify((s as { type: unknown }).type)}; use ${oneOf(DEPLOYMENT_STRATEGIES.map((t) => `"${t}"`))}`,
      );
  }
  if (s.type === "rolling") {
    for (const key of ["testTraffic", "alternateTargetGroupName", "lifecycleHooks", "smokeTest"] as const) {
      if (d[key] !== undefined)
        fail(
          p,
          `\`deployment.${key}\` is set but the strategy is "rolling", which has no green revision, test traffic or lifecycle stages; use "blueGreen", "canary" or "linear", or remove \`deployment.${key}\``,
        );
    }
    return;
  }
  if (!at.hasAlb)
    fail(
      p,
      `\`deployment.strategy.type\` is "${s.type}", which shifts traffic between two target groups behind a listener rule, but the service has no \`alb\`; add \`alb\` or use "rolling"`,
    );
  if (at.hasNlb)
    fail(
      p,
      `\`deployment.strategy.type\` is "${s.type}" and the service also has \`nlb\`: ECS shifts traffic on one load balancer per service, so the NLB's target group would keep only the old revision; remove \`nlb\` or use "rolling"`,
    );
  const priority = at.albPriority ?? 1;
  const testPriority = d.testTraffic?.priority ?? priority - 1;
  if (d.testTraffic?.priority === undefined && priority <= 1)
    fail(
      p,
      "`alb.priority` is 1, so no test listener rule can be evaluated before the production rule; raise `alb.priority` (e.g. to 2) so the test rule can take a lower number",
    );
  checkInt(p, "deployment.testTraffic.priority", d.testTraffic?.priority, 1, 50000);
  if (testPriority >= priority)
    fail(
      p,
      `\`deployment.testTraffic.priority\` is ${testPriority}, not below \`alb.priority\` ${priority}: the production rule would match test requests first; use a priority from 1 to ${priority - 1}`,
    );
  const h = d.testTraffic?.header;
  if (h !== undefined) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/.test(h.name ?? ""))
      fail(
        p,
        `\`deployment.testTraffic.header.name\` is ${JSON.stringify(h.name)}; use an HTTP header name of 1–40 letters, digits and -`,
      );
    if (!h.value || h.value.length > 128 || /[*?]/.test(h.value))
      fail(
        p,
        `\`deployment.testTraffic.header.value\` is ${JSON.stringify(h.value)}; use 1–128 characters without the wildcards * and ?`,
      );
  }
  (d.lifecycleHooks ?? []).forEach((hook, i) => {
    checkStages(p, `deployment.lifecycleHooks[${i}].stages`, hook.stages);
    if (
      isKnown(hook.functionArn) &&
      !/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:.+$/.test(hook.functionArn)
    )
      fail(
        p,
        `\`deployment.lifecycleHooks[${i}].functionArn\` is "${hook.functionArn}"; use a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)`,
      );
  });
  if (d.smokeTest) {
    const t = d.smokeTest;
    checkPath(p, "deployment.smokeTest.path", t.path);
    checkStages(p, "deployment.smokeTest.stages", t.stages);
    checkInt(p, "deployment.smokeTest.attempts", t.attempts, 1, 10);
    if (isKnown(t.hostName) && !/^[A-Za-z0-9.-]{1,253}$/.test(t.hostName))
      fail(
        p,
        `\`deployment.smokeTest.hostName\` is ${JSON.stringify(t.hostName)}; use a DNS name the listener's certificate covers, e.g. dev.acs.app.com`,
      );
  }
}

/** Resolved test-traffic settings of a traffic-shifting deployment. */
export function testTrafficOf(d: DeploymentArgs, albPriority: number) {
  return {
    priority: d.testTraffic?.priority ?? albPriority - 1,
    header: d.testTraffic?.header ?? DEFAULT_TEST_HEADER,
  };
}

/**
 * `aws.ecs.Service.deploymentConfiguration` for the strategy (@pulumi/aws 7.48: strategy,
 * bakeTimeInMinutes, canaryConfiguration, linearConfiguration, lifecycleHooks). Undefined for
 * rolling, so rolling services keep exactly the arguments they had.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
 */
export function deploymentConfiguration(
  d: DeploymentArgs | undefined,
  hooks: aws.types.input.ecs.ServiceDeploymentConfigurationLifecycleHook[],
): aws.types.input.ecs.ServiceDeploymentConfiguration | undefined {
  const s = d?.strategy ?? { type: "rolling" };
  if (s.type === "rolling") return undefined;
  const common = {
    bakeTimeInMinutes: String(s.bakeTimeMinutes ?? DEFAULT_BAKE_TIME_MINUTES),
    lifecycleHooks: hooks.length > 0 ? hooks : undefined,
  };
  switch (s.type) {
    case "blueGreen":
      return { strategy: "BLUE_GREEN", ...common };
    case "canary":
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html
      return {
        strategy: "CANARY",
        ...common,
        canaryConfiguration: {
          canaryPercent: s.percent ?? 5,
          canaryBakeTimeInMinutes: String(s.canaryBakeTimeMinutes ?? 10),
        },
      };
    case "linear":
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html
      return {
        strategy: "LINEAR",
        ...common,
        linearConfiguration: {
          stepPercent: s.stepPercent ?? 10,
          stepBakeTimeInMinutes: String(s.stepBakeTimeMinutes ?? 6),
        },
      };
  }
}

/** Trust policy for roles ECS itself assumes (infrastructure role, lifecycle-hook role). */
export function ecsServiceAssumeRolePolicy(): string {
  return JSON.stringify(serviceTrustPolicy("ecs.amazonaws.com"), null, 2);
}
