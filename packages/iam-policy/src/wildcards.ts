/**
 * The wildcard rules: which Allow statements grant too much. The policy pack (`@acs/policies`,
 * IAM.1 and IAM.21), the components' arg validators (`@acs/ecs-platform`'s task-role statements)
 * and the tests' assertions all decide with these functions.
 *
 * IAM matches action names case-insensitively (`iam:ListAccessKeys` is `IAM:listaccesskeys`) and
 * resource ARNs case-sensitively; `*` matches any run of characters and `?` one character.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */
import { stringsOf } from "./statement";

/** `*`: every action of every service. */
export function isEveryAction(action: string): boolean {
  return action === "*";
}

/** `<service>:*` (e.g. `s3:*`): every action of one service. */
export function isServiceWildcard(action: string): boolean {
  return action !== "*" && action.endsWith(":*");
}

/** Whether `action` (as written in a statement) covers every action of `service` (`*` or `<service>:*`). */
export function coversEveryActionOf(service: string, action: string): boolean {
  return isEveryAction(action) || action.toLowerCase() === `${service.toLowerCase()}:*`;
}

/** Whether a statement's resources (as written) include every resource (`*`). */
export function onEveryResource(resources: unknown): boolean {
  return stringsOf(resources).includes("*");
}

/**
 * Whether a statement has a `NotAction` or `NotResource` element: in an Allow it grants everything
 * not listed (including actions and resources that do not exist yet).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 */
export function isNegated(s: { readonly NotAction?: unknown; readonly NotResource?: unknown }): boolean {
  return s.NotAction !== undefined || s.NotResource !== undefined;
}

/** A statement as written (list elements as a string or a list) or as {@link parsePolicy} returns it. */
export interface StatementLike {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
}

/**
 * An Allow statement that grants too much: `*` or `<service>:*` on every resource (`*`), or any
 * `NotAction`/`NotResource` allow. A statement without `Effect` grants nothing (IAM rejects it as
 * malformed: `Effect` is required), so only `"Allow"` counts.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html
 */
export function isOverlyBroadAllow(s: StatementLike): boolean {
  if (s.Effect !== "Allow") return false;
  if (isNegated(s)) return true;
  const wildcard = stringsOf(s.Action).some((a) => isEveryAction(a) || isServiceWildcard(a));
  return wildcard && onEveryResource(s.Resource);
}

/** IAM's glob as a regular expression: `*` any run of characters, `?` one. */
function glob(pattern: string, flags: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, flags);
}

/** Whether the action pattern of a statement (`s3:Get*`) matches `action` (case-insensitive, as IAM). */
export function actionMatches(pattern: string, action: string): boolean {
  return glob(pattern, "i").test(action);
}

/** Whether the resource pattern of a statement (`arn:aws:s3:::acs-*`) matches `arn` (case-sensitive, as IAM). */
export function resourceMatches(pattern: string, arn: string): boolean {
  return glob(pattern, "").test(arn);
}
