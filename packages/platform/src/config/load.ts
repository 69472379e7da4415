import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkAlertSubscribers } from "./alerts";
import { ConfigError, describeIssues } from "./errors";
import { AWS_REGIONS, AwsRegion, configRegion } from "./regions";
import { platformConfigSchema } from "./schema";
import { resolveDnsConfig, ResolvedDnsConfig } from "./dns";
import { EcsConfig } from "./ecs";
import { NetworkConfig } from "./network";
import { WorkerPoolConfig } from "./worker-pool";

type ParsedConfig = z.output<typeof platformConfigSchema>;

/** What every environment has, whatever its role. */
interface CommonConfig extends Omit<ParsedConfig, "role" | "network" | "dns" | "ecs" | "workerPool"> {
  /** `aws:region`: where the environment runs. */
  readonly region: AwsRegion;
  /** The stack name. */
  readonly stack: string;
  /** The environment name (config `environment`, else the stack name). */
  readonly env: string;
  /** Deletion protection and `protect` on stateful resources (false only when ephemeral). */
  readonly protectData: boolean;
  /** `acs:network`: the VPC. */
  readonly network: NetworkConfig;
  /** `acs:ecs`: the application service. */
  readonly ecs: EcsConfig;
}

/** A primary: owns the delegated zone, the failover override and the activity global table. */
export interface PrimaryPlatformConfig extends CommonConfig {
  readonly role: "primary";
  readonly dns: ResolvedDnsConfig & { readonly role: "primary" };
  readonly workerPool: WorkerPoolConfig & { readonly activityTableOwner?: undefined };
}

/** A secondary (DR): reads the zone from the primary's stack and uses its replicated activity table. */
export interface SecondaryPlatformConfig extends CommonConfig {
  readonly role: "secondary";
  readonly dns: ResolvedDnsConfig & { readonly role: "secondary" };
  readonly workerPool: WorkerPoolConfig & { readonly activityTableOwner: string };
}

/**
 * The validated configuration of one environment, a union on `acs:role`: every section
 * `platform()` needs is present, and the role's own keys are set (and the other role's are not),
 * so the wiring reads it without a config check of its own.
 */
export type PlatformConfig = PrimaryPlatformConfig | SecondaryPlatformConfig;

/** Config values arrive as strings; structured values, booleans and numbers as JSON. */
export function decode(raw: string): unknown {
  if (/^(\{|\[|true$|false$|null$|-?\d+(\.\d+)?$)/.test(raw.trim())) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

/**
 * The running stack's config as the loaders read it: every key, and the project's own keys
 * (`<project>:<key>`, structured values decoded) by their short names. Shared by the
 * environment's and the bootstrap's loaders.
 */
export function readStackConfig(): {
  project: string;
  stack: string;
  /** `Pulumi.<stack>.yaml`, as errors name it. */
  file: string;
  all: Record<string, string>;
  input: Record<string, unknown>;
} {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  const all = pulumi.runtime.allConfig();
  const prefix = `${project}:`;
  const input: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(all)) {
    if (key.startsWith(prefix)) input[key.slice(prefix.length)] = decode(raw);
  }
  return { project, stack, file: `Pulumi.${stack}.yaml`, all, input };
}

/**
 * Reads and validates the stack's configuration in one place. Throws a {@link ConfigError}
 * naming the file, each bad key, its value and the fix; nothing is created before this passes.
 */
export function loadPlatformConfig(): PlatformConfig {
  const { project, stack, file, all, input } = readStackConfig();
  const region = configRegion(
    all,
    file,
    `set it to one of ${AWS_REGIONS.slice(0, 4).join(", ")}, … (e.g. \`pulumi config set aws:region us-east-1\`)`,
  );
  const parsed = platformConfigSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(`${file}: ${describeIssues(parsed.error, input, project)}`);

  const cfg = parsed.data;
  if (cfg.peerRegion === region) {
    throw new ConfigError(
      `${file}: ${project}:peerRegion is "${cfg.peerRegion}", the same as aws:region; the DR pair must span two regions, so set it to the other environment's region`,
    );
  }
  checkImagesAreRegional(cfg, region, file, project);
  checkAlertSubscribers(cfg, file, project);
  return resolveRoleSections(cfg, { region, stack, env: cfg.environment ?? stack, file, project });
}

/**
 * Requires the sections `platform()` needs and the keys of the environment's role, and resolves
 * the DNS names, so that the wiring never meets a config error. Throws a ConfigError naming the file and key.
 */
function resolveRoleSections(
  cfg: ParsedConfig,
  at: { region: AwsRegion; stack: string; env: string; file: string; project: string },
): PlatformConfig {
  const { file, project } = at;
  const missing = (key: string, fix: string) =>
    new ConfigError(`${file}: ${project}:${key} is missing: ${fix}`);
  const example = (repo: string) => `123456789012.dkr.ecr.${at.region}.amazonaws.com/acs/${repo}:1.0.0`;
  const { network, ecs, workerPool, dns: _dns, ...rest } = cfg;
  if (!network)
    throw missing(
      "network",
      "add the section with cidr, azCount and natStrategy (e.g. { cidr: 10.10.0.0/16, azCount: 3, natStrategy: Single }); see packages/platform/README.md",
    );
  if (!ecs)
    throw missing(
      "ecs",
      `add the section with at least image (e.g. { image: ${example("app")} }); see packages/platform/README.md`,
    );
  if (!workerPool)
    throw missing(
      "workerPool",
      `add the section with at least image (e.g. { image: ${example("worker")} }); see packages/platform/README.md`,
    );
  const common = {
    ...rest,
    region: at.region,
    stack: at.stack,
    env: at.env,
    protectData: !cfg.ephemeral,
    network,
    ecs,
  };
  const dns = resolveDnsConfig({ stack: at.stack, env: at.env, role: cfg.role, dns: cfg.dns }, project);
  if (dns.role === "primary") {
    const { activityTableOwner, ...pool } = workerPool;
    if (activityTableOwner !== undefined)
      throw new ConfigError(
        `${file}: ${project}:workerPool.activityTableOwner is "${activityTableOwner}" on a primary: remove it (the primary owns the activity table)`,
      );
    return { ...common, role: "primary", dns, workerPool: pool };
  }
  const { activityTableOwner } = workerPool;
  if (activityTableOwner === undefined)
    throw missing(
      "workerPool.activityTableOwner",
      "the secondary uses the primary's replicated activity table, so name the primary environment (e.g. dev)",
    );
  return { ...common, role: "secondary", dns, workerPool: { ...workerPool, activityTableOwner } };
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/(.+)$/;

/**
 * Every ECR image an environment runs must come from its own region's registry: an image in
 * the peer's registry would make the DR environment fail with the region it stands in for. The
 * primary replicates its `acs/*` repositories to the peer region (wiring/registry.ts).
 */
function checkImagesAreRegional(
  cfg: { ecs?: { image: string } | undefined; workerPool?: { image: string } | undefined },
  region: string,
  file: string,
  project: string,
): void {
  const images: [string, string | undefined][] = [
    ["ecs.image", cfg.ecs?.image],
    ["workerPool.image", cfg.workerPool?.image],
  ];
  for (const [key, image] of images) {
    const m = image ? ECR_IMAGE.exec(image) : null;
    if (m && m[2] !== region) {
      throw new ConfigError(
        `${file}: ${project}:${key} is "${image}", in ${m[2]}'s registry: this environment would depend on ${m[2]}; ` +
          `use the replica in ${region}: ${m[1]}.dkr.ecr.${region}.amazonaws.com/${m[3]}`,
      );
    }
  }
}
