/** An IAM policy statement with list fields normalised to arrays. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string[];
  readonly NotAction: string[];
  readonly Resource: string[];
  readonly NotResource: string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: unknown): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

/** Parses a policy document (JSON string or object) and normalises its statements. */
export function parsePolicy(doc: string | object): PolicyStatement[] {
  const parsed = typeof doc === "string" ? JSON.parse(doc) : doc;
  const raw = (parsed as any).Statement;
  const statements: any[] = Array.isArray(raw) ? raw : [raw];
  return statements.map((s) => ({
    Sid: s.Sid,
    Effect: s.Effect,
    Action: list(s.Action),
    NotAction: list(s.NotAction),
    Resource: list(s.Resource),
    NotResource: list(s.NotResource),
    Principal: s.Principal,
    Condition: s.Condition,
  }));
}

/** Allow statements that grant `*` (or `service:*`) actions on `*` resources, or any NotAction/NotResource allow. */
export function overlyBroadStatements(doc: string | object): PolicyStatement[] {
  return parsePolicy(doc).filter(
    (s) =>
      s.Effect === "Allow" &&
      (s.NotAction.length > 0 ||
        s.NotResource.length > 0 ||
        (s.Action.some((a) => a === "*" || a.endsWith(":*")) && s.Resource.includes("*"))),
  );
}

/** The Allow statements that grant `action` (exact match or by a wildcard pattern). */
export function statementsGranting(doc: string | object, action: string): PolicyStatement[] {
  const matches = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
      "i",
    ).test(action);
  return parsePolicy(doc).filter((s) => s.Effect === "Allow" && s.Action.some(matches));
}
