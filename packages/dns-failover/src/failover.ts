import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHealthCheck, HealthCheckSpec, validateHealthCheckSpec } from "./health-check";
import { checkRecordName, isHostname, normalizeName } from "./names";
import { checkFailoverMode, FailoverMode } from "./resolve-failover";

/** Route 53 failover answers should change quickly: resolvers cache a CNAME for its TTL. */
export const MAX_FAILOVER_TTL = 60;

/** An ALB (or other alias target): its DNS name and canonical hosted zone id. */
export interface AliasTarget {
  /** e.g. the ALB's `dnsName`. */
  readonly dnsName: pulumi.Input<string>;
  /** The target's canonical hosted zone id (the ALB's `zoneId`, not your zone). Required. */
  readonly zoneId: pulumi.Input<string>;
  /**
   * Let Route 53 also count the record unhealthy when the target is (an ALB with no healthy
   * targets). Ignored (false) on the primary when `mode` is `primary`, so the pin holds.
   * @default true
   */
  readonly evaluateTargetHealth?: boolean;
}

/** One side of the pair: where it points and how its health is judged. */
export interface FailoverTarget {
  /** A name outside Route 53 aliases to answer as a CNAME. Give this or `alias`, not both. */
  readonly cname?: string;
  /** An alias A record to an ALB. Give this or `cname`, not both. */
  readonly alias?: AliasTarget;
  /**
   * The HTTPS health check of this side, created here. The primary needs it or `healthCheckId`
   * (failover without a check never fails over). On the secondary, optional: without either,
   * Route 53 counts the secondary healthy.
   * @default none
   */
  readonly healthCheck?: HealthCheckSpec;
  /**
   * Id of an existing Route 53 health check (e.g. one another stack owns) to attach instead of
   * creating one; exclusive with `healthCheck`. On the primary it takes `mode: "auto"` only: the
   * override acts on a health check this component creates.
   * @default none
   */
  readonly healthCheckId?: pulumi.Input<string>;
  /**
   * The record's set identifier, unique within the name.
   * @default "primary" or "secondary"
   */
  readonly setIdentifier?: string;
}

export interface FailoverArgs {
  /** The hosted zone that holds `name` (e.g. acs.app.com's id). */
  readonly zoneId: pulumi.Input<string>;
  /** That zone's name, to check `name` against it (e.g. `acs.app.com`). */
  readonly zoneName: string;
  /** The name that fails over, e.g. `dev.acs.app.com`. */
  readonly name: string;
  /**
   * The PRIMARY side. Omit it to create only the SECONDARY record (the other stack owns the primary).
   * @default none
   */
  readonly primary?: FailoverTarget;
  /**
   * The SECONDARY side. Omit it to create only the PRIMARY record (the other stack owns the secondary).
   * @default none
   */
  readonly secondary?: FailoverTarget;
  /**
   * Operator override applied to the primary's health check: `auto` follows it, `secondary`
   * disables and inverts it (counts unhealthy → traffic to the secondary), `primary` disables
   * it (counts healthy → traffic stays on the primary). Needs `primary`.
   * @default "auto"
   */
  readonly mode?: FailoverMode;
  /**
   * TTL of CNAME answers, at most 60 seconds (alias records take the target's TTL).
   * @default 60
   */
  readonly ttl?: number;
}

function validateTarget(t: FailoverTarget, side: "primary" | "secondary"): void {
  if ((t.cname === undefined) === (t.alias === undefined)) {
    throw new Error(
      `Failover: \`${side}\` has ${t.cname === undefined ? "neither `cname` nor `alias`" : "both `cname` and `alias`"}; give exactly one (alias for an ALB, cname for an external name)`,
    );
  }
  if (t.cname !== undefined && !isHostname(t.cname)) {
    throw new Error(
      `Failover: \`${side}.cname\` is ${JSON.stringify(t.cname)}, which is not a DNS name; use the target's name, e.g. lb.dev.app.com`,
    );
  }
  if (t.alias !== undefined && (t.alias.zoneId === undefined || t.alias.zoneId === "")) {
    throw new Error(
      `Failover: \`${side}.alias.zoneId\` is ${JSON.stringify(t.alias.zoneId)}; an alias target needs its canonical hosted zone id (the ALB's zoneId output)`,
    );
  }
  if (t.healthCheck && t.healthCheckId !== undefined)
    throw new Error(
      `Failover: \`${side}.healthCheck\` and \`${side}.healthCheckId\` are both set; give the spec of a health check to create, or the id of an existing one`,
    );
  if (t.healthCheckId !== undefined && typeof t.healthCheckId === "string" && t.healthCheckId.trim() === "")
    throw new Error(
      `Failover: \`${side}.healthCheckId\` is empty; give the id of an existing Route 53 health check, or a \`${side}.healthCheck\` spec`,
    );
  if (t.healthCheck) validateHealthCheckSpec(t.healthCheck, `${side}.healthCheck`);
}

/** Throws on invalid args. Pure; exported for tests. */
export function validateFailoverArgs(args: FailoverArgs): void {
  checkRecordName("Failover", args.name, args.zoneName, "dev.acs.app.com");
  try {
    checkFailoverMode(args.mode ?? "auto");
  } catch (err) {
    throw new Error(`Failover: ${(err as Error).message}`);
  }
  if (!args.primary && !args.secondary)
    throw new Error("Failover: neither `primary` nor `secondary` is set; give at least one side of the pair");
  if (args.primary) {
    validateTarget(args.primary, "primary");
    if (!args.primary.healthCheck && args.primary.healthCheckId === undefined) {
      throw new Error(
        "Failover: `primary.healthCheck` is missing; failover without a health check on the primary never fails over, so give one (fqdn, path, interval) or an existing `primary.healthCheckId`",
      );
    }
    if (args.primary.healthCheckId !== undefined && (args.mode ?? "auto") !== "auto")
      throw new Error(
        `Failover: \`mode\` is "${args.mode}" with \`primary.healthCheckId\`; the override acts on a health check this component creates, so give \`primary.healthCheck\` or use mode "auto"`,
      );
  } else if ((args.mode ?? "auto") !== "auto") {
    throw new Error(
      `Failover: \`mode\` is "${args.mode}" but \`primary\` is not set; the override acts on the primary's health check, so set it where the primary is created`,
    );
  }
  if (args.secondary) validateTarget(args.secondary, "secondary");
  for (const [side, t] of [
    ["primary", args.primary],
    ["secondary", args.secondary],
  ] as const) {
    if (t?.cname !== undefined && normalizeName(args.name) === normalizeName(args.zoneName)) {
      throw new Error(
        `Failover: \`${side}.cname\` at the zone apex "${args.name}" is not allowed (a CNAME cannot coexist with the apex's SOA/NS); use \`alias\` or a name below the apex`,
      );
    }
  }
  if (
    args.primary &&
    args.secondary &&
    (args.primary.cname === undefined) !== (args.secondary.cname === undefined)
  ) {
    throw new Error(
      "Failover: `primary` and `secondary` are of different kinds (one cname, one alias); a failover pair must have one record type, so use alias on both or cname on both",
    );
  }
  if (
    args.ttl !== undefined &&
    (!Number.isInteger(args.ttl) || args.ttl < 1 || args.ttl > MAX_FAILOVER_TTL)
  ) {
    throw new Error(
      `Failover: \`ttl\` is ${args.ttl}; use 1 to ${MAX_FAILOVER_TTL} seconds so resolvers follow a failover quickly (default 60)`,
    );
  }
  if (
    args.primary?.setIdentifier !== undefined &&
    args.primary.setIdentifier === args.secondary?.setIdentifier
  ) {
    throw new Error(
      `Failover: both sides have setIdentifier "${args.primary.setIdentifier}"; give them distinct identifiers (default "primary" and "secondary")`,
    );
  }
}

/**
 * A PRIMARY/SECONDARY failover pair for one name (either side or both, so two stacks can
 * split the pair), the health check(s) and the operator override.
 */
export class Failover extends pulumi.ComponentResource {
  /** The primary's HTTPS health check (with the override applied), when `primary.healthCheck` is set. */
  public readonly primaryHealthCheck?: aws.route53.HealthCheck;
  /** The secondary's health check, when `secondary.healthCheck` is set. */
  public readonly secondaryHealthCheck?: aws.route53.HealthCheck;
  /** The PRIMARY record, when `primary` is set. */
  public readonly primaryRecord?: aws.route53.Record;
  /** The SECONDARY record, when `secondary` is set. */
  public readonly secondaryRecord?: aws.route53.Record;
  /** The override in force. */
  public readonly mode: FailoverMode;

  constructor(name: string, args: FailoverArgs, opts?: pulumi.ComponentResourceOptions) {
    super("acs:dns-failover:Failover", name, {}, opts);
    validateFailoverArgs(args);
    this.mode = args.mode ?? "auto";
    const recordName = normalizeName(args.name);

    const side = (
      t: FailoverTarget,
      role: "PRIMARY" | "SECONDARY",
      healthCheckId: pulumi.Input<string> | undefined,
    ) => {
      const lower = role.toLowerCase() as "primary" | "secondary";
      const common = {
        zoneId: args.zoneId,
        name: recordName,
        setIdentifier: t.setIdentifier ?? lower,
        failoverRoutingPolicies: [{ type: role }],
        healthCheckId,
      };
      const evaluate =
        role === "PRIMARY" && this.mode === "primary" ? false : (t.alias?.evaluateTargetHealth ?? true);
      return new aws.route53.Record(
        `${name}-${lower}`,
        t.alias
          ? {
              ...common,
              type: "A",
              aliases: [{ name: t.alias.dnsName, zoneId: t.alias.zoneId, evaluateTargetHealth: evaluate }],
            }
          : {
              ...common,
              type: "CNAME",
              ttl: args.ttl ?? MAX_FAILOVER_TTL,
              records: [normalizeName(t.cname!)],
            },
        { parent: this },
      );
    };

    if (args.primary) {
      if (args.primary.healthCheck)
        this.primaryHealthCheck = createHealthCheck(
          `${name}-primary-hc`,
          args.primary.healthCheck,
          this.mode,
          this,
        );
      this.primaryRecord = side(
        args.primary,
        "PRIMARY",
        this.primaryHealthCheck?.id ?? args.primary.healthCheckId,
      );
    }
    if (args.secondary) {
      if (args.secondary.healthCheck)
        this.secondaryHealthCheck = createHealthCheck(
          `${name}-secondary-hc`,
          args.secondary.healthCheck,
          "auto",
          this,
        );
      this.secondaryRecord = side(
        args.secondary,
        "SECONDARY",
        this.secondaryHealthCheck?.id ?? args.secondary.healthCheckId,
      );
    }
    this.registerOutputs({
      primaryHealthCheckId: this.primaryHealthCheck?.id,
      secondaryHealthCheckId: this.secondaryHealthCheck?.id,
      mode: this.mode,
    });
  }
}
