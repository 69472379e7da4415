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
      const value = valueAt(input, issue.path);
      return value === undefined
        ? `${key} is missing: ${issue.message}`
        : `${key} is ${JSON.stringify(value)}: ${issue.message}`;
    })
    .join("; ");
}
