import * as path from "node:path";
import { loadTestkitYaml, Recording } from "@acs/testkit";

/** A policy finding, in the shape of `@acs/policies/rules`' `Violation`. */
export interface PolicyViolation {
  readonly rule: string;
  readonly enforcement: "mandatory" | "advisory";
  readonly urn: string;
  readonly message: string;
}

/**
 * Runs the policy rules the stack names in testkit.yaml (`policyRules: <module>`, resolved from
 * the stack's directory; the module exports `checkResources`) over the plan, as
 * `pulumi preview --policy-pack` would, with the stack's policy configuration (the module reads it
 * from the stack's directory). Returns undefined when the stack names none.
 */
export function checkPolicies(dir: string, recording: Recording): PolicyViolation[] | undefined {
  const module = loadTestkitYaml(dir).policyRules;
  if (!module) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rules = require(require.resolve(String(module), { paths: [path.resolve(dir)] }));
  return rules.checkResources(
    recording.custom.map((r) => ({
      type: r.type,
      urn: r.urn,
      props: r.inputs,
      outputs: r.outputs,
      id: r.id,
      protect: r.options.protect,
    })),
    { stackDir: path.resolve(dir) },
  );
}
