import * as pulumi from "@pulumi/pulumi";

/**
 * Small, pure argument checks shared by the components' validators. Each throws an Error whose
 * message names the component, the arg, the value and the fix. Values that are not known at
 * construction (Outputs) are skipped: they are validated by AWS instead.
 */

/** `ecs-platform <Class> "<name>"`: the prefix of every validation message. */
export function who(kind: string, name: string): string {
  return `ecs-platform ${kind} "${name}"`;
}

/** A plain value (not an Output or a Promise) that can be checked now. */
export function isKnown<T>(v: pulumi.Input<T> | undefined): v is T {
  return v !== undefined && !pulumi.Output.isInstance(v) && !(v instanceof Promise);
}

export function fail(prefix: string, message: string): never {
  throw new Error(`${prefix}: ${message}`);
}

/** A TCP/UDP port: an integer in 1–65535. */
export function checkPort(prefix: string, arg: string, port: number | undefined): void {
  if (port === undefined) return;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    fail(
      prefix,
      `\`${arg}\` is ${JSON.stringify(port)}, which is not a port; use an integer from 1 to 65535`,
    );
  }
}

/** An integer in [min, max]. */
export function checkInt(
  prefix: string,
  arg: string,
  value: number | undefined,
  min: number,
  max: number,
  fix?: string,
): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(prefix, `\`${arg}\` is ${JSON.stringify(value)}; ${fix ?? `use an integer from ${min} to ${max}`}`);
  }
}

/** AWS's limit on load balancer and target group names (and their allowed characters). */
export const ELB_NAME_MAX = 32;

export function checkElbName(prefix: string, arg: string, value: pulumi.Input<string> | undefined): void {
  if (!isKnown(value)) return;
  if (value.length > ELB_NAME_MAX) {
    fail(
      prefix,
      `\`${arg}\` is "${value}" (${value.length} characters), over AWS's ${ELB_NAME_MAX}-character limit for load balancer and target group names; use a shorter name`,
    );
  }
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(value) || value.startsWith("internal-")) {
    fail(
      prefix,
      `\`${arg}\` is "${value}"; use letters, digits and hyphens, not starting or ending with a hyphen nor starting with "internal-"`,
    );
  }
}

/** A URL path for health checks and listener rules: it must start with `/`. */
export function checkPath(prefix: string, arg: string, value: string | undefined): void {
  if (value === undefined) return;
  if (!value.startsWith("/")) {
    fail(
      prefix,
      `\`${arg}\` is "${value}", which does not start with "/"; use an absolute path such as "/${value.replace(/^\/*/, "")}"`,
    );
  }
}

/** Joins values as "a, b or c". */
export function oneOf(values: readonly (string | number)[]): string {
  const shown = values.map(String);
  return shown.length <= 1
    ? shown.join("")
    : `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`;
}

/**
 * Pulumi auto-names a load balancer or target group `<logical name>-<7 hex>`; the result must fit
 * AWS's 32 characters.
 */
export function checkAutoElbName(prefix: string, arg: string, logicalName: string): void {
  const generated = logicalName.length + 8;
  if (generated > ELB_NAME_MAX) {
    fail(
      prefix,
      `\`${arg}\` is not set, so it would be auto-named "${logicalName}-xxxxxxx" (${generated} characters), over AWS's ${ELB_NAME_MAX}-character limit; set \`${arg}\` to a name of at most ${ELB_NAME_MAX} characters or shorten the component name`,
    );
  }
}
