import { z } from "zod";

/** Bad stack configuration: the message names the file, the key, the value and the fix. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: any = root;
  for (const p of path) v = v?.[p as any];
  return v;
}

/**
 * A component validator's message (`network: \`flowLogs.retentionDays\` is 45, …`) restated on
 * the config key that holds the component's args (`acs:network.flowLogs.retentionDays is 45, …`):
 * the rule and its fix stay in the component; the config layer only says where the value came from.
 */
export function onConfigKey(message: string, key: string): string {
  return message
    .replace(/^[\w-]+: /, "")
    .replace(/`([A-Za-z][\w.[\]]*)`/g, (_, arg: string) => `${key}.${arg}`);
}

/**
 * Runs a component's exported pure validator on a parsed config section and reports what it throws
 * as one issue on the section, restated on the config key by {@link describeIssues}.
 */
export function delegateTo<T>(validate: (value: T) => void): (value: T, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    try {
      validate(value);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: (e as Error).message, params: { component: true } });
    }
  };
}

/**
 * A refinement that reports what a component's pure `…Problem(value)` function says is wrong
 * (text that follows the setting's name, e.g. `is 45, which CloudWatch Logs does not accept; …`)
 * on the config key, as `acs:ecs.logRetentionDays is 45, which …`.
 */
export function problemOf<T>(
  problem: (value: T) => string | undefined,
): (value: T, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message, params: { problem: true } });
  };
}

/** One line per problem: `acs:network.cidr is "10.0.0.0/33": <what is wrong and how to fix it>`. */
export function describeIssues(error: z.ZodError, input: unknown, namespace: string): string {
  return error.issues
    .map((issue) => {
      const [head, ...rest] = issue.path.map(String);
      const key = `${namespace}:${head ?? ""}${rest.length ? "." + rest.join(".") : ""}`;
      if (issue.code === "unrecognized_keys") {
        const keys = issue.keys.map((k) => (issue.path.length ? `${key}.${k}` : `${namespace}:${k}`));
        return `unknown config key${keys.length > 1 ? "s" : ""} ${keys.join(", ")}: remove ${keys.length > 1 ? "them" : "it"} or check the spelling against packages/platform/README.md`;
      }
      if (issue.code === "custom" && issue.params?.component) return onConfigKey(issue.message, key);
      if (issue.code === "custom" && issue.params?.problem) return `${key} ${issue.message}`;
      const value = valueAt(input, issue.path);
      return value === undefined
        ? `${key} is missing: ${issue.message}`
        : `${key} is ${JSON.stringify(value)}: ${issue.message}`;
    })
    .join("; ");
}
