/**
 * The IAM policy statement as the checks read it: the list elements (`Action`, `NotAction`,
 * `Resource`, `NotResource`) are a string or a list in IAM's grammar; here they are lists.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

/** A statement with its list elements normalised to arrays. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string[];
  /** Present only when the statement has a `NotAction` element (even an empty one). */
  readonly NotAction?: string[];
  readonly Resource: string[];
  /** Present only when the statement has a `NotResource` element (even an empty one). */
  readonly NotResource?: string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** `undefined`/`null` → [], one value → [value], a list → itself. */
export function asList(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/**
 * The string entries of a list element. Entries that are not strings (an unknown value during a
 * preview, a Pulumi Output in a typed statement) are left out: they name no wildcard anyone wrote.
 */
export function stringsOf(value: unknown): string[] {
  return asList(value).filter((v): v is string => typeof v === "string");
}

/** One statement (plain JSON, as written into a policy) with its list elements as arrays. */
export function normaliseStatement(s: Record<string, any>): PolicyStatement {
  return {
    Sid: s.Sid,
    Effect: s.Effect,
    Action: stringsOf(s.Action),
    ...(s.NotAction !== undefined ? { NotAction: stringsOf(s.NotAction) } : {}),
    Resource: stringsOf(s.Resource),
    ...(s.NotResource !== undefined ? { NotResource: stringsOf(s.NotResource) } : {}),
    Principal: s.Principal,
    Condition: s.Condition,
  };
}

/** The statements of a policy document (a JSON string or an object), normalised. */
export function parsePolicy(doc: string | object): PolicyStatement[] {
  const parsed = typeof doc === "string" ? JSON.parse(doc) : doc;
  return asList((parsed as any)?.Statement).map((s) => normaliseStatement(s as Record<string, any>));
}
