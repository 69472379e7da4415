/**
 * How a team's program reads an environment's outputs: typed, checked for the contract's major
 * version, and (for the checks that need values) resolved before any resource is registered.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  PLATFORM_CONTRACT_VERSION,
  PLATFORM_OUTPUT_KEYS,
  platformOutputKeys,
  type PlatformOutputs,
} from "./outputs";

/** Every output of {@link PlatformOutputs} as a Pulumi output (optional keys may hold `undefined`). */
export type PlatformOutputRefs = {
  readonly [K in keyof PlatformOutputs]-?: pulumi.Output<PlatformOutputs[K]>;
};

const major = (version: string) => /^(\d+)\.\d+\.\d+/.exec(version)?.[1];

/**
 * Throws unless `version` (an environment's `contractVersion`) has the major version this package
 * reads: a consumer written for contract 1.x must not read 2.x outputs whose meaning changed.
 * `source` names the stack, e.g. `StackReference acme/acs/dev`.
 */
export function checkContractVersion(version: unknown, source: string): void {
  const expected = major(PLATFORM_CONTRACT_VERSION);
  if (typeof version !== "string" || major(version) === undefined)
    throw new Error(
      `${source}: the stack exports no contractVersion (got ${JSON.stringify(version)}), so it predates the platform contract or is not an environment stack; reference an environment stack (e.g. <org>/acs/dev) deployed from a platform release with contract ${PLATFORM_CONTRACT_VERSION}`,
    );
  if (major(version) !== expected)
    throw new Error(
      `${source}: the stack exports contract ${version}, this program reads contract ${PLATFORM_CONTRACT_VERSION} (major ${expected}); install the @acs/platform-contract release for contract ${major(version)}.x and follow its CHANGELOG`,
    );
}

/**
 * The environment's outputs as typed Pulumi outputs, read lazily with `ref.requireOutput` (each
 * key the first time it is used, so an unused key costs nothing): for wiring resources. Optional
 * keys ({@link PLATFORM_OUTPUT_KEYS}) use `ref.getOutput` and may be `undefined`.
 * Pair it with {@link readPlatformOutputs} to check values before anything is registered.
 */
export function platformOutputs(ref: pulumi.StackReference): PlatformOutputRefs {
  const refs: Partial<Record<keyof PlatformOutputs, pulumi.Output<unknown>>> = {};
  const result = {};
  for (const key of platformOutputKeys) {
    Object.defineProperty(result, key, {
      enumerable: true,
      get: () =>
        (refs[key] ??= PLATFORM_OUTPUT_KEYS[key] === "always" ? ref.requireOutput(key) : ref.getOutput(key)),
    });
  }
  return result as PlatformOutputRefs;
}

/**
 * The environment's outputs as plain values, once the referenced stack's outputs are read (a
 * StackReference reads them from the backend in `pulumi preview` as in `pulumi up`), with the
 * contract's major version checked and every `always` key present. Await it at the top of the
 * program, then check a team's inputs against it before creating anything.
 * `source` names the reference in errors, e.g. `StackReference acme/acs/dev`.
 * https://www.pulumi.com/docs/reference/pkg/nodejs/pulumi/pulumi/classes/StackReference.html#getOutputDetails
 * https://www.pulumi.com/blog/stack-reference-output-details (values without `apply`)
 */
export async function readPlatformOutputs(
  ref: pulumi.StackReference,
  source: string,
): Promise<PlatformOutputs> {
  const entries = await Promise.all(
    platformOutputKeys.map(async (key) => [key, (await ref.getOutputDetails(key)).value] as const),
  );
  const values = Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as Record<string, unknown>;
  checkContractVersion(values.contractVersion, source);
  const missing = platformOutputKeys.filter((k) => PLATFORM_OUTPUT_KEYS[k] === "always" && !(k in values));
  if (missing.length > 0)
    throw new Error(
      `${source}: the stack lacks ${missing.join(", ")} of contract ${String(values.contractVersion)}; run \`pulumi up\` on it with the platform release that exports them`,
    );
  return values as unknown as PlatformOutputs;
}

/** The subnet tiers of {@link PlatformOutputs}. */
const TIERS = [
  ["privateSubnetIds", "a private (app) subnet"],
  ["publicSubnetIds", "a public subnet"],
  ["isolatedSubnetIds", "an isolated (data) subnet"],
] as const;

/**
 * Throws, naming `source`, the subnet and its tier, unless every one of `subnetIds` is a private
 * (app) subnet of the environment: tasks in a public subnet would need a public IP, tasks in an
 * isolated subnet cannot pull images or reach AWS APIs.
 */
export function checkAppSubnets(
  platform: PlatformOutputs,
  subnetIds: readonly string[],
  source: string,
): void {
  if (subnetIds.length === 0)
    throw new Error(
      `${source}: no subnets; use the environment's privateSubnetIds (${platform.privateSubnetIds.join(", ")})`,
    );
  for (const id of subnetIds) {
    const tier = TIERS.find(([key]) => platform[key].includes(id));
    if (tier?.[0] === "privateSubnetIds") continue;
    throw new Error(
      `${source}: subnet ${id} is ${tier ? tier[1] : "not a subnet"} of environment ${platform.environment} (${platform.vpcId}); tasks run in its private (app) tier: use privateSubnetIds (${platform.privateSubnetIds.join(", ")})`,
    );
  }
}
