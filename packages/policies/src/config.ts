import * as fs from "node:fs";
import * as path from "node:path";
import { Enforcement, Rule } from "./model";

/** A level a stack may give a policy (CrossGuard's, without `remediate`). */
export type ConfiguredLevel = Enforcement | "disabled";

/**
 * A stack's policy configuration, in the format of `pulumi preview --policy-pack-config <file>`
 * (https://www.pulumi.com/docs/using-pulumi/crossguard/configuration): `"all"` sets every
 * policy's level, a policy's own entry overrides it, and an object entry carries the policy's
 * configuration properties. The same file drives the pack in CI and the offline plan.
 */
export type PolicyConfigFile = Record<
  string,
  ConfiguredLevel | ({ enforcementLevel?: ConfiguredLevel } & Record<string, unknown>)
>;

/** Where a stack keeps it: `stacks/<stack>/policy-config.json`. */
export const POLICY_CONFIG_FILE = "policy-config.json";

const LEVELS: readonly string[] = ["mandatory", "advisory", "disabled"];

/**
 * Throws, with one line naming `source`, the key, the value and the fix, when `config` names a
 * policy the pack does not have, a level CrossGuard does not know, or a property outside the
 * policy's configSchema. Pure; exported for tests.
 */
export function validatePolicyConfig(
  config: unknown,
  rules: readonly Rule[],
  source: string,
): PolicyConfigFile {
  if (!config || typeof config !== "object" || Array.isArray(config))
    throw new Error(
      `${source}: expected a JSON object of policy name → level, got ${JSON.stringify(config)}`,
    );
  const names = rules.map((r) => r.name);
  for (const [key, value] of Object.entries(config)) {
    const rule = rules.find((r) => r.name === key);
    if (key !== "all" && !rule)
      throw new Error(
        `${source}: "${key}" is not a policy of this pack; use one of ${names.slice(0, 3).join(", ")}, … (packages/policies/README.md lists them) or "all"`,
      );
    const level = typeof value === "object" && value !== null ? (value as any).enforcementLevel : value;
    if (level !== undefined && !LEVELS.includes(level))
      throw new Error(
        `${source}: ${key} is ${JSON.stringify(level)}; use "mandatory", "advisory" or "disabled"`,
      );
    if (typeof value === "object" && value !== null) {
      const allowed = Object.keys(rule?.configSchema ?? {});
      for (const prop of Object.keys(value).filter((p) => p !== "enforcementLevel"))
        if (!allowed.includes(prop))
          throw new Error(
            `${source}: ${key}.${prop} is not a setting of this policy; ${allowed.length ? `use ${allowed.join(", ")}` : "it has only enforcementLevel"}`,
          );
    }
  }
  return config as PolicyConfigFile;
}

/** Reads `<stackDir>/policy-config.json`; an absent file means every policy at its own level. */
export function loadPolicyConfig(stackDir: string, rules: readonly Rule[]): PolicyConfigFile {
  const file = path.join(stackDir, POLICY_CONFIG_FILE);
  if (!fs.existsSync(file)) return {};
  // As the reader knows it: stacks/<stack>/policy-config.json.
  const source = path.join(
    path.basename(path.dirname(stackDir)),
    path.basename(stackDir),
    POLICY_CONFIG_FILE,
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${source}: not valid JSON (${(err as Error).message}); fix the syntax`);
  }
  return validatePolicyConfig(parsed, rules, source);
}

/** The level `rule` runs at under `config`: its own entry, else `all`, else its default. */
export function levelOf(rule: Rule, config: PolicyConfigFile): ConfiguredLevel {
  const levelIn = (v: unknown) => (typeof v === "object" && v !== null ? (v as any).enforcementLevel : v);
  return levelIn(config[rule.name]) ?? levelIn(config.all) ?? rule.enforcement;
}

/** `configured` (a policy's properties, without enforcementLevel) over its schema's defaults. */
export function withDefaults(rule: Rule, configured: Record<string, unknown>): Record<string, unknown> {
  const defaults = Object.entries(rule.configSchema ?? {})
    .filter(([, schema]) => "default" in schema)
    .map(([k, schema]) => [k, schema.default]);
  return { ...Object.fromEntries(defaults), ...configured };
}

/** The policy's configuration properties under `config`, with its schema's defaults. */
export function settingsOf(rule: Rule, config: PolicyConfigFile): Record<string, unknown> {
  const own = config[rule.name];
  const props = typeof own === "object" && own !== null ? own : {};
  const { enforcementLevel: _, ...rest } = props as Record<string, unknown>;
  return withDefaults(rule, rest);
}

/**
 * The configuration an ephemeral environment (`acs:ephemeral: true`) needs: every policy with an
 * `ephemeral` level set to it. Its policy-config.json must contain these entries (a test checks
 * every stack against its Pulumi.<stack>.yaml).
 */
export function ephemeralOverrides(rules: readonly Rule[]): Record<string, Enforcement> {
  return Object.fromEntries(rules.filter((r) => r.ephemeral).map((r) => [r.name, r.ephemeral!]));
}
