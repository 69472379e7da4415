import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CHECKER_REGIONS } from "@acs/dns-failover";
import { ConfigError } from "./errors";

const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
  error: "use a lower-case DNS name without a trailing dot, e.g. app.com",
});

/** The primary's HTTPS health check (Route 53). */
export const dnsHealthCheckSchema = z
  .object({
    /** Path requested on the load balancer. @default "/app/health" */
    path: z
      .string()
      .regex(/^\//, { error: 'start the path with "/", e.g. /app/health' })
      .default("/app/health"),
    /** HTTPS port. @default 443 */
    port: z
      .number({ error: () => "use a port number, e.g. 443" })
      .int()
      .min(1)
      .max(65535, { error: "use a port from 1 to 65535" })
      .default(443),
    /** Seconds between checks from each checker: Route 53 accepts only 10 (fast) or 30. @default 30 */
    interval: z
      .union([z.literal(10), z.literal(30)], {
        error: () => "use 10 or 30 (the only intervals Route 53 offers)",
      })
      .default(30),
    /** Consecutive failures before the endpoint counts unhealthy. @default 3 */
    failureThreshold: z
      .number({ error: () => "use a whole number from 1 to 10" })
      .int()
      .min(1, { error: "use a whole number from 1 to 10" })
      .max(10, { error: "use a whole number from 1 to 10" })
      .default(3),
    /** Healthy only if the first 5,120 bytes of the body contain this (HTTPS_STR_MATCH). @default none */
    searchString: z.string().min(1).max(255, { error: "use at most 255 characters" }).optional(),
    /** Checker regions (at least 3). @default Route 53's default set */
    regions: z
      .array(
        z.enum(CHECKER_REGIONS, {
          error: () => "use Route 53 checker regions such as us-east-1, us-west-2, eu-west-1",
        }),
      )
      .min(3, { error: "list at least 3 checker regions, or omit the key for Route 53's default set" })
      .optional(),
    /** Measure latency (CloudWatch graphs in the console). @default false */
    measureLatency: z.boolean({ error: () => "use true or false" }).default(false),
  })
  .strict();

/**
 * `acs:dns` — the delegated zone, the environment's certificate and name, and the failover.
 * The primary environment (deployed first) owns the zone and the failover's PRIMARY side; the
 * secondary reads the zone from the primary's stack outputs (`primaryStack`).
 */
export const dnsConfigSchema = z
  .object({
    /** The existing parent zone that holds `lb.<env>.<parentZone>` and delegates `zone`. */
    parentZone: hostname,
    /** Primary only: the zone to create and delegate, e.g. acs.app.com. */
    zone: hostname.optional(),
    /** The load balancer's name. @default lb.<environment>.<parentZone> */
    lbName: hostname.optional(),
    /** Primary only: the failover name. @default <environment>.<zone> */
    failoverName: hostname.optional(),
    /**
     * Secondary only: the primary's stack. A stack name (`dev`) is the primary's stack in this
     * stack's organization and project, `<pulumi.getOrganization()>/<project>/dev`, as the backend
     * names it; a fully qualified `<org>/<project>/<stack>` overrides that (a primary in another
     * organization or project).
     */
    primaryStack: z
      .string()
      .regex(/^[\w.-]+(\/[\w.-]+\/[\w.-]+)?$/, {
        error: "use the primary's stack name (e.g. dev) or <org>/<project>/<stack>",
      })
      .optional(),
    /**
     * Primary only: operator override. `auto` follows the health check; `secondary` forces
     * traffic to the secondary; `primary` pins it to the primary. @default auto
     */
    mode: z
      .enum(["auto", "primary", "secondary"], { error: () => 'use "auto", "primary" or "secondary"' })
      .default("auto"),
    /** The primary's health check (on the secondary: its own, when `secondaryHealthCheck`). */
    healthCheck: dnsHealthCheckSchema.default(() => dnsHealthCheckSchema.parse({})),
    /** Secondary only: also health-check the secondary (else Route 53 counts it healthy). @default false */
    secondaryHealthCheck: z.boolean({ error: () => "use true or false" }).default(false),
  })
  .strict();

export type DnsConfig = z.output<typeof dnsConfigSchema>;

/** The `acs:dns` section with the role's required keys checked and the defaults filled in. */
export type ResolvedDnsConfig = DnsConfig & { readonly lbName: string } & (
    | { readonly role: "primary"; readonly zone: string; readonly failoverName: string }
    | {
        readonly role: "secondary";
        /** Fully qualified: `<org>/<project>/<stack>`. */
        readonly primaryStack: string;
      }
  );

/** The backend's names for this stack's organization and project. */
export interface StackScope {
  /** `pulumi.getOrganization()`: the Pulumi Cloud organization, or "organization" on a self-managed backend. */
  readonly organization: string;
  readonly project: string;
}

/**
 * The fully qualified name of the primary's stack: `dev` becomes `<organization>/<project>/dev`;
 * `<org>/<project>/<stack>` is kept. Pure; exported for tests.
 * StackReference names must be fully qualified, and the organization is the backend's: on Pulumi
 * Cloud the org the stack belongs to, on self-managed backends the literal "organization".
 * https://www.pulumi.com/docs/iac/concepts/stacks/#stackreferences
 * https://www.pulumi.com/docs/reference/pkg/nodejs/pulumi/pulumi/functions/automation.fullyQualifiedStackName.html
 */
export function primaryStackName(value: string, scope: StackScope): string {
  return value.includes("/") ? value : `${scope.organization}/${scope.project}/${value}`;
}

/**
 * Checks what depends on the environment's role (a primary owns the zone and the override; a
 * secondary names the primary's stack) and fills in the derived names. Throws a ConfigError
 * naming the file, the key and the fix. `scope` qualifies the primary's stack name
 * (default: this run's `pulumi.getOrganization()` and `pulumi.getProject()`).
 */
export function resolveDnsConfig(
  cfg: {
    readonly stack: string;
    readonly env: string;
    readonly role: "primary" | "secondary";
    readonly dns?: DnsConfig;
  },
  namespace = "acs",
  scope?: StackScope,
): ResolvedDnsConfig {
  const file = `Pulumi.${cfg.stack}.yaml`;
  const key = (k: string) => `${namespace}:dns.${k}`;
  const dns = cfg.dns;
  if (!dns) {
    throw new ConfigError(
      `${file}: ${namespace}:dns is missing: add the section with at least parentZone (and zone on the primary, primaryStack on the secondary); see packages/platform/README.md`,
    );
  }
  const lbName = dns.lbName ?? `lb.${cfg.env}.${dns.parentZone}`;
  const within = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);
  if (!within(lbName, dns.parentZone)) {
    throw new ConfigError(
      `${file}: ${key("lbName")} is "${lbName}", which is outside ${key("parentZone")} "${dns.parentZone}"; use a name ending in .${dns.parentZone}`,
    );
  }
  if (cfg.role === "primary") {
    if (!dns.zone)
      throw new ConfigError(
        `${file}: ${key("zone")} is missing: the primary creates the delegated zone, so name it (e.g. acs.${dns.parentZone})`,
      );
    if (dns.primaryStack)
      throw new ConfigError(
        `${file}: ${key("primaryStack")} is "${dns.primaryStack}" on a primary: remove it (only the secondary reads the primary's outputs)`,
      );
    if (dns.secondaryHealthCheck)
      throw new ConfigError(
        `${file}: ${key("secondaryHealthCheck")} is true on a primary: set it in the secondary's config, which owns that check`,
      );
    const failoverName = dns.failoverName ?? `${cfg.env}.${dns.zone}`;
    if (!within(failoverName, dns.zone) || failoverName === dns.zone) {
      throw new ConfigError(
        `${file}: ${key("failoverName")} is "${failoverName}", which is not a name below ${key("zone")} "${dns.zone}"; use e.g. ${cfg.env}.${dns.zone}`,
      );
    }
    return { ...dns, role: "primary", zone: dns.zone, lbName, failoverName };
  }
  if (!dns.primaryStack)
    throw new ConfigError(
      `${file}: ${key("primaryStack")} is missing: the secondary reads the zone from the primary's stack, so name it (e.g. dev)`,
    );
  for (const k of ["zone", "failoverName"] as const) {
    if (dns[k])
      throw new ConfigError(
        `${file}: ${key(k)} is "${dns[k]}" on a secondary: remove it (the secondary takes it from ${key("primaryStack")})`,
      );
  }
  if (dns.mode !== "auto") {
    throw new ConfigError(
      `${file}: ${key("mode")} is "${dns.mode}" on a secondary: set the override in the primary's config, which owns the primary's health check`,
    );
  }
  const primaryStack = primaryStackName(
    dns.primaryStack,
    scope ?? { organization: pulumi.getOrganization(), project: pulumi.getProject() },
  );
  return { ...dns, role: "secondary", primaryStack, lbName };
}
