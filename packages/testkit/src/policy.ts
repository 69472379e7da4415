import { actionMatches, isOverlyBroadAllow, parsePolicy, type PolicyStatement } from "@acs/iam-policy";

export { parsePolicy, type PolicyStatement } from "@acs/iam-policy";

/** The Allow statements that grant too much (`@acs/iam-policy`'s `isOverlyBroadAllow`: the rule the policy pack enforces). */
export function overlyBroadStatements(doc: string | object): PolicyStatement[] {
  return parsePolicy(doc).filter(isOverlyBroadAllow);
}

/** The Allow statements that grant `action` (exact match or by a wildcard pattern). */
export function statementsGranting(doc: string | object, action: string): PolicyStatement[] {
  return parsePolicy(doc).filter(
    (s) => s.Effect === "Allow" && s.Action.some((pattern) => actionMatches(pattern, action)),
  );
}
