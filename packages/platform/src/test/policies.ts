import { checkResources, recordedResources, type Violation } from "@acs/policies/rules";
import type { Recording } from "@acs/testkit";

/**
 * The organisation's policies over a recorded plan, fed as the plan tool feeds them (inputs,
 * outputs, ids, protect), so stack policies that need ids (EC2.6) decide instead of deferring;
 * with `stackDir`, at the levels of that stack's policy-config.json.
 */
export function policyViolations(rec: Recording, stackDir?: string): Violation[] {
  return checkResources(recordedResources(rec.custom), stackDir ? { stackDir } : {});
}
