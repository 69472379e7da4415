/**
 * What a policy is and what it sees, shared by the CrossGuard pack (`pack.ts`) and the offline
 * check (`check.ts`): one implementation of every rule, pure functions over plain values.
 */

export type Enforcement = "mandatory" | "advisory";

/**
 * A value the engine does not know yet: during `pulumi preview` an input computed from a resource
 * that does not exist yet (an ARN, an id, a JSON document embedding one). The pack turns
 * `@pulumi/policy`'s unknown sentinels into this symbol; rules must never treat it as compliant
 * or violating, only as "decided at `up`" (see `RuleContext.unknown`).
 */
export const UNKNOWN: unique symbol = Symbol.for("@acs/policies.unknown");
export type Unknown = typeof UNKNOWN;

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

/** What a rule sees of one resource. */
export interface ResourceUnderCheck {
  readonly type: string;
  readonly urn: string;
  /** The resource's inputs (CrossGuard's `props`); secret values are plain, unknown ones `UNKNOWN`. */
  readonly props: Record<string, any>;
  readonly protect?: boolean;
  /** The resource's outputs when known (stack policies at `up`; offline plans). */
  readonly outputs?: Record<string, any>;
  /** The provider id when known. */
  readonly id?: string;
}

/** Collects what a rule could not decide because an input is unknown (during a preview). */
export interface RuleContext {
  /** Records that `path` (of the resource `urn`; stack rules name it) is unknown: the decision is left to `up`. */
  unknown(path: string, urn?: string): void;
  /** The policy's configuration (CrossGuard `getConfig()`, or the stack's policy-config.json). */
  readonly config: Record<string, unknown>;
}

interface RuleBase {
  /** Policy name as CrossGuard shows it: `<control id, lower case, dashed>-<what it checks>`. */
  readonly name: string;
  /** The AWS Foundational Security Best Practices control id (e.g. `ECS.2`), when one exists. */
  readonly control?: string;
  /** The FSBP control's title (or, without a control, what the rule protects). */
  readonly title: string;
  /** What the rule checks, in the house's words. */
  readonly description: string;
  readonly enforcement: Enforcement;
  /** Level in ephemeral environments (`acs:ephemeral: true`), when it differs. */
  readonly ephemeral?: Enforcement;
  /** What the rule does when an input it needs is unknown during a preview. */
  readonly onUnknown: string;
  /** JSON schema of the policy's own configuration properties (CrossGuard `configSchema`). */
  readonly configSchema?: { readonly [property: string]: Record<string, unknown> };
}

/** A rule over one resource at a time. */
export interface ResourceRule extends RuleBase {
  /** Resource types the rule applies to. */
  readonly types: readonly string[];
  /** Returns the violations (messages that say what to change), empty when the resource complies. */
  readonly check: (resource: ResourceUnderCheck, ctx: RuleContext) => string[];
}

/** A rule over the whole stack (e.g. "every VPC has a flow log"). */
export interface StackRule extends RuleBase {
  readonly checkStack: (
    resources: readonly ResourceUnderCheck[],
    ctx: RuleContext,
  ) => { readonly urn: string; readonly message: string }[];
}

export type Rule = ResourceRule | StackRule;

export function isStackRule(rule: Rule): rule is StackRule {
  return "checkStack" in rule;
}

/** `value.k1.k2…`: UNKNOWN as soon as a step is unknown, undefined when a step is absent. */
export function at(value: unknown, ...keys: string[]): unknown {
  let v: any = value;
  for (const k of keys) {
    if (isUnknown(v)) return UNKNOWN;
    if (v === undefined || v === null) return undefined;
    v = v[k];
  }
  return v;
}

/** `undefined`/`null` → [], a single value → [value], an array → itself. */
export const list = (v: unknown): unknown[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];

/**
 * A JSON document input (IAM policy, container definitions): a JSON string, an object (Pulumi
 * accepts `PolicyDocument` objects, whose literal parts stay known during a preview), or unknown.
 * Returns UNKNOWN when the document or its text is unknown, undefined when absent or unparsable.
 */
export function jsonDocument(doc: unknown): unknown {
  if (isUnknown(doc)) return UNKNOWN;
  if (doc === undefined || doc === null || doc === "") return undefined;
  if (typeof doc !== "string") return doc;
  try {
    return JSON.parse(doc);
  } catch {
    return undefined;
  }
}

/** The statements of an IAM policy document, or UNKNOWN. */
export function statements(doc: unknown): any[] | Unknown {
  const parsed = jsonDocument(doc) as any;
  if (isUnknown(parsed)) return UNKNOWN;
  if (!parsed || typeof parsed !== "object") return [];
  if (isUnknown(parsed.Statement)) return UNKNOWN;
  return list(parsed.Statement) as any[];
}

/** The last segment of a URN: the resource's name. */
export const nameOf = (urn: string): string => urn.split("::").pop() ?? urn;
