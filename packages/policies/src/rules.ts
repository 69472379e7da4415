/**
 * The organisation's policies as pure functions over plain values, so the same code runs in the
 * CrossGuard pack (`pulumi preview --policy-pack`) and offline on a plan (`checkResources`).
 * `@acs/policies/rules` has no side effect; `@acs/policies` starts the policy analyzer.
 */
export * from "./model";
export * from "./config";
export * from "./check";
export { RULES } from "./catalog";
export { SUPPORTED_LAMBDA_RUNTIMES } from "./rules/compute";
