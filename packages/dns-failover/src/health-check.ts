import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isHostname } from "./names";
import { FailoverMode } from "./resolve-failover";

/** Route 53 checker regions (the API accepts only these). */
export const CHECKER_REGIONS = [
  "us-east-1",
  "us-west-1",
  "us-west-2",
  "eu-west-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "sa-east-1",
] as const;

/** An HTTPS health check on one side of the failover pair. */
export interface HealthCheckSpec {
  /** The endpoint's name, e.g. `lb.dev.app.com` (sent as SNI and Host). */
  readonly fqdn: string;
  /** @default 443 */
  readonly port?: number;
  /**
   * Path requested; must start with `/`.
   * @default "/app/health"
   */
  readonly path?: string;
  /**
   * Seconds between requests from each checker: 10 (fast, billed extra) or 30.
   * @default 30
   */
  readonly interval?: 10 | 30;
  /**
   * Consecutive failures (1–10) before the endpoint counts unhealthy.
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * When set, healthy only if the first 5,120 bytes of the body contain it (`HTTPS_STR_MATCH`),
   * e.g. `"status":"ok"`.
   * @default none (`HTTPS`: any 2xx/3xx)
   */
  readonly searchString?: string;
  /**
   * Checker regions (at least 3).
   * @default Route 53's default set
   */
  readonly regions?: readonly string[];
  /**
   * Record latency (console graphs). Cannot be changed after creation.
   * @default false
   */
  readonly measureLatency?: boolean;
}

/** Throws on an invalid spec; `arg` names it in the message (e.g. `primary.healthCheck`). */
export function validateHealthCheckSpec(spec: HealthCheckSpec, arg: string): void {
  if (!isHostname(spec.fqdn))
    throw new Error(
      `\`${arg}.fqdn\` is ${JSON.stringify(spec.fqdn)}, which is not a DNS name; use the endpoint's name, e.g. lb.dev.app.com`,
    );
  if (spec.path !== undefined && !spec.path.startsWith("/")) {
    throw new Error(`\`${arg}.path\` is ${JSON.stringify(spec.path)}; start it with "/", e.g. /app/health`);
  }
  if (spec.interval !== undefined && spec.interval !== 10 && spec.interval !== 30) {
    throw new Error(
      `\`${arg}.interval\` is ${spec.interval}; use 10 or 30 (the only request intervals Route 53 offers)`,
    );
  }
  const t = spec.failureThreshold;
  if (t !== undefined && (!Number.isInteger(t) || t < 1 || t > 10))
    throw new Error(`\`${arg}.failureThreshold\` is ${t}; use a whole number from 1 to 10`);
  const p = spec.port;
  if (p !== undefined && (!Number.isInteger(p) || p < 1 || p > 65535))
    throw new Error(`\`${arg}.port\` is ${p}; use a port from 1 to 65535 (443 for HTTPS)`);
  if (spec.searchString !== undefined && (spec.searchString.length === 0 || spec.searchString.length > 255)) {
    throw new Error(
      `\`${arg}.searchString\` has ${spec.searchString.length} characters; use 1 to 255, or omit it`,
    );
  }
  if (spec.regions !== undefined) {
    const bad = spec.regions.filter((r) => !(CHECKER_REGIONS as readonly string[]).includes(r));
    if (bad.length)
      throw new Error(
        `\`${arg}.regions\` contains ${bad.map((r) => JSON.stringify(r)).join(", ")}; use Route 53 checker regions: ${CHECKER_REGIONS.join(", ")}`,
      );
    if (new Set(spec.regions).size < 3)
      throw new Error(
        `\`${arg}.regions\` lists ${new Set(spec.regions).size} region(s); list at least 3, or omit it for Route 53's default set`,
      );
  }
}

/**
 * The override's effect on a health check, the way AWS documents forcing failover: a disabled
 * check counts as always healthy; inverting it makes it count as unhealthy.
 */
export function healthCheckOverride(mode: FailoverMode): { disabled: boolean; invertHealthcheck: boolean } {
  switch (mode) {
    case "auto":
      return { disabled: false, invertHealthcheck: false };
    case "primary":
      return { disabled: true, invertHealthcheck: false };
    case "secondary":
      return { disabled: true, invertHealthcheck: true };
    default:
      throw new Error(`\`mode\` is ${JSON.stringify(mode)}; use "auto", "primary" or "secondary"`);
  }
}

/** The HealthCheck resource's inputs for `spec` under `mode` (pure). */
export function healthCheckArgs(
  spec: HealthCheckSpec,
  mode: FailoverMode = "auto",
): aws.route53.HealthCheckArgs {
  return {
    type: spec.searchString ? "HTTPS_STR_MATCH" : "HTTPS",
    fqdn: spec.fqdn,
    port: spec.port ?? 443,
    resourcePath: spec.path ?? "/app/health",
    requestInterval: spec.interval ?? 30,
    failureThreshold: spec.failureThreshold ?? 3,
    searchString: spec.searchString,
    regions: spec.regions ? [...spec.regions] : undefined,
    measureLatency: spec.measureLatency ?? false,
    enableSni: true,
    ...healthCheckOverride(mode),
  };
}

/** A Route 53 HTTPS health check for `spec` under `mode`, parented to `parent`. */
export function createHealthCheck(
  name: string,
  spec: HealthCheckSpec,
  mode: FailoverMode,
  parent: pulumi.Resource,
): aws.route53.HealthCheck {
  return new aws.route53.HealthCheck(
    name,
    { ...healthCheckArgs(spec, mode), tags: { Name: spec.fqdn } },
    { parent },
  );
}
