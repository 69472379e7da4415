import * as path from "node:path";
import { loadTestkitYaml, Recording } from "@acs/testkit";
import { UNKNOWN as UNKNOWN_SENTINEL } from "./preview/values";

/** `value` with the engine's unknown sentinel replaced by the rules module's own marker. */
function withUnknowns(value: unknown, marker: unknown): unknown {
  if (value === UNKNOWN_SENTINEL) return marker;
  if (Array.isArray(value)) return value.map((v) => withUnknowns(v, marker));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnknowns(v, marker)]));
  return value;
}

/** A policy finding, in the shape of `@acs/policies/rules`' `Violation`. */
export interface PolicyViolation {
  readonly rule: string;
  readonly enforcement: "mandatory" | "advisory";
  readonly urn: string;
  readonly message: string;
}

/** The policy rules a stack names, with its policy configuration already read and checked. */
export interface StackPolicies {
  check(recording: Recording): PolicyViolation[];
}

/**
 * Loads the policy rules the stack names in testkit.yaml (`policyRules: <module>`, resolved from
 * the stack's directory; the module exports `checkResources`, and `loadPolicyConfig` when the
 * stack has a policy configuration). Reads the configuration now, so a bad one stops the plan
 * before the program runs. Returns undefined when the stack names no rules.
 * Values a preview does not know yet reach the rules as the module's `UNKNOWN` marker (what its
 * CrossGuard pack makes of the SDK's unknowns), so a rule decides on the known parts and defers
 * the rest.
 */
export function loadStackPolicies(dir: string): StackPolicies | undefined {
  const module = loadTestkitYaml(dir).policyRules;
  if (!module) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rules = require(require.resolve(String(module), { paths: [path.resolve(dir)] }));
  const options =
    typeof rules.loadPolicyConfig === "function"
      ? { config: rules.loadPolicyConfig(path.resolve(dir), rules.RULES) }
      : { stackDir: path.resolve(dir) };
  const known = (v: Record<string, unknown>) =>
    rules.UNKNOWN === undefined ? v : (withUnknowns(v, rules.UNKNOWN) as Record<string, unknown>);
  return {
    check: (recording) =>
      rules.checkResources(
        recording.custom.map((r) => ({
          type: r.type,
          urn: r.urn,
          props: known(r.inputs),
          outputs: known(r.outputs),
          id: r.id,
          protect: r.options.protect,
        })),
        options,
      ),
  };
}

/**
 * Runs the stack's policy rules (see `loadStackPolicies`) over the plan, as
 * `pulumi preview --policy-pack … --policy-pack-config …` would. Returns undefined when the stack
 * names none.
 */
export function checkPolicies(dir: string, recording: Recording): PolicyViolation[] | undefined {
  return loadStackPolicies(dir)?.check(recording);
}
