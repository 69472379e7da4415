import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkAlertSubscribers } from "./alerts";
import { ConfigError, describeIssues } from "./errors";
import { AWS_REGIONS, AwsRegion, isAwsRegion } from "./regions";
import { platformConfigSchema } from "./schema";

/** The validated configuration of one environment. */
export type PlatformConfig = z.output<typeof platformConfigSchema> & {
  /** `aws:region`: where the environment runs. */
  readonly region: AwsRegion;
  /** The stack name. */
  readonly stack: string;
  /** The environment name (config `environment`, else the stack name). */
  readonly env: string;
  /** Deletion protection and `protect` on stateful resources (false only when ephemeral). */
  readonly protectData: boolean;
};

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
 * Reads and validates the stack's configuration in one place. Throws a {@link ConfigError}
 * naming the file, each bad key, its value and the fix; nothing is created before this passes.
 */
export function loadPlatformConfig(): PlatformConfig {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  const file = `Pulumi.${stack}.yaml`;
  const all = pulumi.runtime.allConfig();

  const region = all["aws:region"];
  if (!isAwsRegion(region)) {
    const shown = region === undefined ? "missing" : `is ${JSON.stringify(region)}`;
    throw new ConfigError(
      `${file}: aws:region ${shown}, which is not an AWS region; set it to one of ${AWS_REGIONS.slice(0, 4).join(", ")}, … (e.g. \`pulumi config set aws:region us-east-1\`)`,
    );
  }

  const prefix = `${project}:`;
  const input: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(all)) {
    if (key.startsWith(prefix)) input[key.slice(prefix.length)] = decode(raw);
  }
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
  return { ...cfg, region, stack, env: cfg.environment ?? stack, protectData: !cfg.ephemeral };
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/(.+)$/;

/**
 * Every ECR image an environment runs must come from its own region's registry: an image in
 * the peer's registry would make the DR environment fail with the region it stands in for. The
 * primary replicates its `acs/*` repositories to the peer region (wiring/registry.ts).
 */
function checkImagesAreRegional(
  cfg: { ecs?: { image: string }; workerPool?: { image: string } },
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
