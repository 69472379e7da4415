import * as assert from "node:assert/strict";
import { runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { ConfigError } from "../errors";
import { loadPlatformConfig, PlatformConfig } from "../load";

/** The keys every environment must set, whatever its role. */
const COMMON = {
  "acs:owner": "platform-team",
  "acs:alertEmails": ["oncall@example.com"],
  "acs:network": { cidr: "10.10.0.0/16", azCount: 3, natStrategy: "Single" },
  "acs:ecs": { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/app:1.0.0" },
};

/** The keys every primary must set, with valid values (a primary in us-east-1, as dev). */
export const VALID_BASE = {
  ...COMMON,
  "acs:role": "primary",
  "acs:peerRegion": "us-west-2",
  "acs:dns": { parentZone: "app.com", zone: "acs.app.com" },
  "acs:workerPool": { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/worker:1.0.0" },
};

/** The keys every secondary must set, with valid values (a secondary in us-west-2, as drdev). */
export const VALID_SECONDARY = {
  ...COMMON,
  "acs:role": "secondary",
  "acs:peerRegion": "us-east-1",
  "acs:network": { cidr: "10.20.0.0/16", azCount: 2, natStrategy: "Single" },
  "acs:ecs": { image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/acs/app:1.0.0" },
  "acs:dns": { parentZone: "app.com", primaryStack: "dev" },
  "acs:workerPool": {
    image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/acs/worker:1.0.0",
    activityTableOwner: "dev",
  },
};

export interface ConfigRunOptions {
  /** @default "dev" */
  readonly stack?: string;
  /** @default "us-east-1" */
  readonly region?: string;
  /** What reads the config. @default loadPlatformConfig */
  readonly check?: () => unknown;
}

/** Loads the platform config from `config` (`namespace:key` → value) on the fake. */
export async function loadConfig(
  config: Record<string, unknown>,
  options: ConfigRunOptions = {},
): Promise<PlatformConfig> {
  let cfg: PlatformConfig | undefined;
  await runPulumi(() => void (cfg = loadPlatformConfig()), {
    stack: options.stack ?? "dev",
    region: options.region ?? "us-east-1",
    config,
  });
  return cfg!;
}

/**
 * The message of the ConfigError that reading `config` throws. Asserts it is one line and
 * that nothing was created before it.
 */
export async function configError(
  config: Record<string, unknown>,
  options: ConfigRunOptions = {},
): Promise<string> {
  const err = await runPulumiExpectingError(options.check ?? (() => loadPlatformConfig()), {
    stack: options.stack ?? "dev",
    region: options.region ?? "us-east-1",
    config,
  });
  assert.ok(err.cause instanceof ConfigError, `expected a ConfigError, got ${err.cause}`);
  assert.equal(err.message.includes("\n"), false, "config errors are one line");
  assert.equal(err.recording.custom.length, 0, "nothing may be created before the config is valid");
  return err.message;
}

/**
 * Helpers for one config section (`acs:<key>`): `load(section)` reads it over the valid base;
 * `rejected(partial)` merges `partial` over `valid` and returns the ConfigError's message.
 */
export function sectionHarness(key: string, valid: Record<string, unknown>) {
  return {
    load: (section: Record<string, unknown>) => loadConfig({ ...VALID_BASE, [`acs:${key}`]: section }),
    rejected: (partial: Record<string, unknown>) =>
      configError({ ...VALID_BASE, [`acs:${key}`]: { ...valid, ...partial } }),
  };
}
