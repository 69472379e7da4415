import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkInt, checkPath, fail } from "./checks";

/** Target-group health check. */
export interface TargetHealthCheck {
  /** Path the check requests; must start with `/`. @default "/health" */
  readonly path?: string;
  /** Seconds between checks (5–300). @default 10 */
  readonly intervalSeconds?: number;
  /** Consecutive passed checks that make a target healthy (2–10). @default 2 */
  readonly healthyThreshold?: number;
  /** Consecutive failed checks that make a target unhealthy (2–10). @default 2 */
  readonly unhealthyThreshold?: number;
  /** Seconds without a response that fail a check (2–120, below the interval); ALB only (NLB HTTP checks use AWS's fixed timeout). @default 5 */
  readonly timeoutSeconds?: number;
  /** HTTP codes that count as healthy. @default "200-399" */
  readonly matcher?: string;
}

/** Throws on an invalid health check at `at` (ALB checks also bound the timeout). Pure. */
export function validateTargetHealthCheck(
  p: string,
  at: string,
  h: TargetHealthCheck | undefined,
  alb: boolean,
): void {
  checkPath(p, `${at}.path`, h?.path);
  checkInt(p, `${at}.intervalSeconds`, h?.intervalSeconds, 5, 300);
  checkInt(p, `${at}.healthyThreshold`, h?.healthyThreshold, 2, 10);
  checkInt(p, `${at}.unhealthyThreshold`, h?.unhealthyThreshold, 2, 10);
  if (alb) checkInt(p, `${at}.timeoutSeconds`, h?.timeoutSeconds, 2, 120);
  if (alb && h?.timeoutSeconds !== undefined && h.timeoutSeconds >= (h.intervalSeconds ?? 10)) {
    fail(
      p,
      `\`${at}.timeoutSeconds\` ${h.timeoutSeconds} is not below the interval ${h.intervalSeconds ?? 10}; make the timeout shorter than the interval`,
    );
  }
}

/**
 * An `ip` target group for the service's tasks with an HTTP health check (the seed values:
 * every 10 s, 2 healthy / 2 unhealthy, deregistration after 20 s). ALB targets speak HTTP;
 * NLB targets TCP, whose HTTP checks use AWS's fixed timeout.
 */
export function ipTargetGroup(
  parent: pulumi.Resource,
  name: string,
  protocol: "HTTP" | "TCP",
  target: {
    readonly targetGroupName?: string;
    readonly deregistrationDelaySeconds?: number;
    readonly healthCheck?: TargetHealthCheck;
  },
  vpcId: pulumi.Input<string>,
  port: number | undefined,
  tags: Record<string, string>,
): aws.lb.TargetGroup {
  const h = target.healthCheck ?? {};
  return new aws.lb.TargetGroup(
    name,
    {
      name: target.targetGroupName,
      vpcId,
      targetType: "ip",
      protocol,
      port,
      deregistrationDelay: target.deregistrationDelaySeconds ?? 20,
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        path: h.path ?? "/health",
        interval: h.intervalSeconds ?? 10,
        healthyThreshold: h.healthyThreshold ?? 2,
        unhealthyThreshold: h.unhealthyThreshold ?? 2,
        ...(protocol === "HTTP" ? { timeout: h.timeoutSeconds ?? 5 } : {}),
        matcher: h.matcher ?? "200-399",
      },
      tags,
    },
    { parent },
  );
}
