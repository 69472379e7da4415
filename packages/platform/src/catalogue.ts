import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { cidrsOverlap } from "@acs/network";
import YAML from "yaml";
import { resolveDnsConfig } from "./config/dns";
import { ConfigError, describeIssues } from "./config/errors";
import { decode } from "./config/load";
import { isAwsRegion } from "./config/regions";
import { platformConfigSchema } from "./config/schema";

/**
 * One environment of the repository, as its `Pulumi.<stack>.yaml` declares it: what the
 * environments must agree on between them (names, regions, CIDRs, the failover pair).
 */
export interface CatalogueEntry {
  /** The config file, relative to the repository (`stacks/dev/Pulumi.dev.yaml`), named in errors. */
  readonly file: string;
  readonly stack: string;
  /** `acs:environment`, else the stack name. */
  readonly env: string;
  readonly role: "primary" | "secondary";
  readonly region: string;
  readonly peerRegion: string;
  /** `acs:network.cidr`, when the environment has a VPC. */
  readonly cidr?: string;
  /** Primary: the delegated zone it creates and the name that fails over. */
  readonly zone?: string;
  readonly failoverName?: string;
  /** Secondary: the primary's stack name (last segment of `acs:dns.primaryStack`). */
  readonly primaryStack?: string;
  /** `lb.<env>.<parentZone>` or `acs:dns.lbName`. */
  readonly lbName?: string;
  /** Secondary: `acs:workerPool.activityTableOwner`. */
  readonly activityTableOwner?: string;
}

/** The directory holding `pnpm-workspace.yaml` above `from`, or undefined outside a checkout. */
export function repositoryRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The sections that environments must agree on; the rest of a config is its own stack's business. */
const catalogueSchema = platformConfigSchema.pick({
  environment: true,
  role: true,
  peerRegion: true,
  network: true,
  dns: true,
});

/**
 * Reads one environment from its config (`namespace:key` → value, as in a `Pulumi.<stack>.yaml`
 * or the running stack's config). Returns undefined for a stack that is not an environment
 * (no `acs:role`, e.g. the bootstrap). The sections the environments share (name, role,
 * regions, network, DNS) are checked by the platform's own schema, so they read the same here as
 * when the environment runs; the other keys (secure values among them) are left to that run.
 */
export function catalogueEntry(
  file: string,
  stack: string,
  config: Record<string, unknown>,
  namespace = "acs",
): CatalogueEntry | undefined {
  if (config[`${namespace}:role`] === undefined) return undefined;
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(catalogueSchema.shape)) {
    const value = config[`${namespace}:${key}`];
    if (value !== undefined) input[key] = typeof value === "string" ? decode(value) : value;
  }
  const parsed = catalogueSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(`${file}: ${describeIssues(parsed.error, input, namespace)}`);
  const cfg = parsed.data;
  const workerPool = decode(String(config[`${namespace}:workerPool`] ?? "{}")) as {
    activityTableOwner?: unknown;
  };
  const activityTableOwner =
    typeof workerPool?.activityTableOwner === "string" ? workerPool.activityTableOwner : undefined;
  const region = config["aws:region"];
  if (!isAwsRegion(region)) {
    throw new ConfigError(
      `${file}: aws:region is ${JSON.stringify(region)}, which is not an AWS region; set it to the environment's region (e.g. us-east-1)`,
    );
  }
  const env = cfg.environment ?? stack;
  // The catalogue compares environments of one repository: only the primary's stack name (the
  // last segment) matters, so any organization qualifies it (no Pulumi run is needed to read it).
  const dns = cfg.dns
    ? resolveDnsConfig({ stack, env, role: cfg.role, dns: cfg.dns }, namespace, {
        organization: "catalogue",
        project: namespace,
      })
    : undefined;
  return {
    file,
    stack,
    env,
    role: cfg.role,
    region,
    peerRegion: cfg.peerRegion,
    cidr: cfg.network?.cidr,
    lbName: dns?.lbName,
    ...(dns?.role === "primary" ? { zone: dns.zone, failoverName: dns.failoverName } : {}),
    ...(dns?.role === "secondary" ? { primaryStack: dns.primaryStack.split("/").pop() } : {}),
    activityTableOwner,
  };
}

/**
 * Every environment of the repository: each `stacks/<dir>/Pulumi.<stack>.yaml` whose config
 * sets `acs:role` (the bootstrap's does not). Adding an environment is adding such a file.
 */
export function readCatalogue(root: string, namespace = "acs"): CatalogueEntry[] {
  const stacksDir = path.join(root, "stacks");
  if (!fs.existsSync(stacksDir)) return [];
  const entries: CatalogueEntry[] = [];
  for (const dir of fs.readdirSync(stacksDir).sort()) {
    const full = path.join(stacksDir, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const name of fs.readdirSync(full).sort()) {
      const m = /^Pulumi\.(.+)\.yaml$/.exec(name);
      if (!m) continue;
      const file = path.relative(root, path.join(full, name)).split(path.sep).join("/");
      let doc: any;
      try {
        doc = YAML.parse(fs.readFileSync(path.join(full, name), "utf8")) ?? {};
      } catch (err) {
        throw new ConfigError(`${file}: not valid YAML: ${(err as Error).message.split("\n")[0]}`);
      }
      const config: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(doc.config ?? {}))
        config[k.includes(":") ? k : `${namespace}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
      const entry = catalogueEntry(file, m[1]!, config, namespace);
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

function clash(a: CatalogueEntry, b: CatalogueEntry, what: string, fix: string): never {
  throw new ConfigError(`${b.file}: ${what}, as in ${a.file}; ${fix}`);
}

/**
 * The rules the environments of one repository must follow together, so that a new environment
 * (a copied config) plans only when it would also deploy next to the others:
 * - environment names are unique (they name resources, roles and tables);
 * - VPC CIDRs are pairwise disjoint (peering, VPN and the DR pair need distinct ranges);
 * - load-balancer names, delegated zones and failover names belong to one environment each;
 * - **one secondary per primary**: the failover name has exactly one PRIMARY and at most one
 *   SECONDARY record (a second SECONDARY with the same set identifier collides on `up`);
 * - a secondary runs in its primary's `peerRegion` and names it as its own peer, and uses the
 *   primary's activity table (which the primary replicates to exactly that region).
 * Throws a one-line ConfigError naming both files and the key.
 */
export function checkCatalogue(entries: readonly CatalogueEntry[]): void {
  const seen = <K extends keyof CatalogueEntry>(key: K, what: (e: CatalogueEntry) => string, fix: string) => {
    const by = new Map<string, CatalogueEntry>();
    for (const e of entries) {
      const v = e[key];
      if (v === undefined) continue;
      const other = by.get(String(v));
      if (other) clash(other, e, what(e), fix);
      by.set(String(v), e);
    }
  };
  seen(
    "env",
    (e) => `the environment name is "${e.env}" (acs:environment, default the stack name)`,
    "give each environment its own name",
  );
  seen(
    "lbName",
    (e) => `acs:dns.lbName is "${e.lbName}"`,
    "give each environment its own load-balancer name (default lb.<environment>.<parentZone>)",
  );
  seen(
    "zone",
    (e) => `acs:dns.zone is "${e.zone}"`,
    "one primary owns a delegated zone: make this environment the secondary of that primary, or delegate another zone",
  );
  seen(
    "failoverName",
    (e) => `acs:dns.failoverName is "${e.failoverName}"`,
    "each failover name belongs to one primary",
  );
  for (const [i, a] of entries.entries()) {
    for (const b of entries.slice(i + 1)) {
      if (a.cidr && b.cidr && cidrsOverlap(a.cidr, b.cidr)) {
        throw new ConfigError(
          `${b.file}: acs:network.cidr is ${b.cidr}, which overlaps ${a.file}'s ${a.cidr}; give every environment a disjoint range (e.g. the next free 10.x.0.0/16)`,
        );
      }
    }
  }
  const byStack = new Map(entries.map((e) => [e.stack, e]));
  const secondaryOf = new Map<string, CatalogueEntry>();
  for (const s of entries.filter((e) => e.role === "secondary")) {
    // The primary's stack: acs:dns.primaryStack, else the environment owning the activity table.
    const primary = s.primaryStack ?? entries.find((e) => e.env === s.activityTableOwner)?.stack;
    if (!primary) continue; // the environment's own config check names the missing key
    const p = byStack.get(primary);
    if (!p || p.role !== "primary") {
      throw new ConfigError(
        `${s.file}: acs:dns.primaryStack names "${primary}", which is not a primary environment of this repository (${[
          ...entries.filter((e) => e.role === "primary").map((e) => e.stack),
        ].join(", ")}); name one of them`,
      );
    }
    const twin = secondaryOf.get(p.stack);
    if (twin) {
      clash(
        twin,
        s,
        `acs:dns.primaryStack names "${p.stack}"`,
        "one secondary per primary (the failover pair has one SECONDARY record): point this environment at another primary or make it a primary",
      );
    }
    secondaryOf.set(p.stack, s);
    if (s.region !== p.peerRegion) {
      throw new ConfigError(
        `${s.file}: aws:region is ${s.region}, but its primary's acs:peerRegion is ${p.peerRegion} (${p.file}); the primary replicates its activity table there, so run the secondary in ${p.peerRegion}`,
      );
    }
    if (s.peerRegion !== p.region) {
      throw new ConfigError(
        `${s.file}: acs:peerRegion is ${s.peerRegion}, but its primary runs in ${p.region} (${p.file}); set it to ${p.region}`,
      );
    }
    if (s.activityTableOwner !== undefined && s.activityTableOwner !== p.env) {
      throw new ConfigError(
        `${s.file}: acs:workerPool.activityTableOwner is "${s.activityTableOwner}", but its primary is "${p.env}" (${p.file}); set it to ${p.env}`,
      );
    }
  }
}

/**
 * The repository's environments with the running stack's config in place of its file (a stack
 * run from elsewhere, e.g. a test fixture, joins the catalogue), checked together. Runs before
 * anything is created. Outside a checkout (no pnpm-workspace.yaml above the project) the
 * catalogue is this environment alone.
 */
export function loadCatalogue(options: { root?: string; namespace?: string } = {}): CatalogueEntry[] {
  const namespace = options.namespace ?? pulumi.getProject();
  const stack = pulumi.getStack();
  const root = options.root ?? repositoryRoot(pulumi.runtime.getRootDirectory() || process.cwd());
  const all = root ? readCatalogue(root, namespace) : [];
  const self = catalogueEntry(`Pulumi.${stack}.yaml`, stack, pulumi.runtime.allConfig(), namespace);
  const file = all.find((e) => e.stack === stack)?.file;
  const others = all.filter((e) => e.stack !== stack);
  const entries = self ? [...others, { ...self, file: file ?? self.file }] : others;
  checkCatalogue(entries);
  return entries;
}
