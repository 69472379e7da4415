import { displayType } from "./render";
import type { PreviewDigest, ResourceV3, StepOp } from "./preview-json";
import { forcesReplacement } from "./replace-on-change";

/** `+` create, `-` delete, `~` update in place, `+-` replace. */
export type ChangeSign = "+" | "-" | "~" | "+-";

/** One changed input property (a path such as `tags.Name` or `containerDefinitions[0].image`). */
export interface PropertyChange {
  readonly path: string;
  /** Absent when the property is added. */
  readonly old?: unknown;
  /** Absent when the property is removed. */
  readonly new?: unknown;
  /** Whether this change forces a replacement; undefined when the type's rules are unknown. */
  readonly replaces: boolean | undefined;
}

export interface ResourceChange {
  readonly sign: ChangeSign;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Changed inputs (updates and replacements only), in path order. */
  readonly properties: readonly PropertyChange[];
}

export interface PlanDiff {
  /** Changed resources, ordered by URN. */
  readonly resources: readonly ResourceChange[];
  /** Config keys whose values differ (secrets stay `[secret]`), ordered by key. */
  readonly config: readonly PropertyChange[];
  readonly unchanged: number;
}

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SECRET = "[secret]";
/** Steps after which the resource no longer exists. */
const GONE: readonly StepOp[] = [
  "delete",
  "delete-replaced",
  "discard-replaced",
  "read-discard",
  "remove-pending-replace",
];

/**
 * What each resource looks like after the plan: the state of each step that keeps the
 * resource (`newState`, or `oldState` for a `same` step without one). A replacement's
 * several steps share a URN; its delete half is skipped.
 */
export function statesAfter(plan: PreviewDigest): Map<string, ResourceV3> {
  const states = new Map<string, ResourceV3>();
  for (const step of plan.steps ?? []) {
    const state = step.newState ?? step.oldState;
    if (!GONE.includes(step.op) && state) states.set(step.urn, state);
  }
  return states;
}

const isSecret = (v: unknown): boolean =>
  v === SECRET || (!!v && typeof v === "object" && (v as Record<string, unknown>)[SIG] === SECRET_SIG);

/** An asset or archive compares by its hash when it has one, else by its content. */
function comparable(v: unknown): unknown {
  if (v && typeof v === "object" && !Array.isArray(v) && SIG in v && !isSecret(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.hash === "string") return { [SIG]: o[SIG], hash: o.hash };
  }
  return v;
}

function parseJsonString(v: unknown): unknown {
  if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

const stable = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(stable).join(",")}]`
    : v && typeof v === "object"
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
          .join(",")}}`
      : JSON.stringify(v);

const childPath = (base: string, key: string | number): string =>
  typeof key === "number" ? `${base}[${key}]` : base ? `${base}.${key}` : key;

/** Leaf-level differences between two values; JSON documents in strings are compared inside. */
function diffValues(
  base: string,
  a: unknown,
  b: unknown,
  out: { path: string; old?: unknown; new?: unknown }[],
) {
  a = comparable(a);
  b = comparable(b);
  if (stable(a) === stable(b)) return;
  if (isSecret(a) || isSecret(b)) {
    out.push({ path: base, old: SECRET, new: SECRET });
    return;
  }
  const ja = parseJsonString(a);
  const jb = parseJsonString(b);
  if (ja !== undefined && jb !== undefined) return diffValues(base, ja, jb, out);
  const bothArrays = Array.isArray(a) && Array.isArray(b);
  const bothObjects =
    !!a && !!b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b);
  if (bothArrays) {
    const [xa, xb] = [a as unknown[], b as unknown[]];
    for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
      if (i >= xa.length) out.push({ path: childPath(base, i), new: xb[i] });
      else if (i >= xb.length) out.push({ path: childPath(base, i), old: xa[i] });
      else diffValues(childPath(base, i), xa[i], xb[i], out);
    }
    return;
  }
  if (bothObjects) {
    const [oa, ob] = [a as Record<string, unknown>, b as Record<string, unknown>];
    for (const key of [...new Set([...Object.keys(oa), ...Object.keys(ob)])].sort()) {
      if (!(key in oa)) out.push({ path: childPath(base, key), new: ob[key] });
      else if (!(key in ob)) out.push({ path: childPath(base, key), old: oa[key] });
      else diffValues(childPath(base, key), oa[key], ob[key], out);
    }
    return;
  }
  out.push({ path: base, old: a, new: b });
}

const rootOf = (p: string): string => p.split(/[.[]/)[0] ?? p;

function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** Compares two plans (ours or a real `pulumi preview --json`) resource by resource. */
export function diffPlans(before: PreviewDigest, after: PreviewDigest): PlanDiff {
  const a = statesAfter(before);
  const b = statesAfter(after);
  const resources: ResourceChange[] = [];
  let unchanged = 0;
  // A resource under a new URN (new parent or type) with the same type and name: the engine
  // replaces it unless the new one declares the old URN as an alias.
  const movedFrom = new Map<string, string>();
  const gone = [...a.keys()].filter((u) => !b.has(u));
  for (const urn of [...b.keys()].filter((u) => !a.has(u))) {
    // The resource's own aliases first (a renamed resource), then the same type and name elsewhere.
    const twin =
      gone.find((u) => (b.get(urn)!.aliases ?? []).includes(u)) ??
      gone.find((u) => a.get(u)!.type === b.get(urn)!.type && nameOf(u) === nameOf(urn));
    if (twin && ![...movedFrom.values()].includes(twin)) movedFrom.set(urn, twin);
  }
  const moved = new Set(movedFrom.values());
  for (const urn of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (moved.has(urn)) continue;
    const from = movedFrom.get(urn);
    const old = a.get(from ?? urn);
    const cur = b.get(urn);
    const type = (cur ?? old)!.type;
    if (!old || !cur) {
      resources.push({ sign: old ? "-" : "+", urn, type, name: nameOf(urn), properties: [] });
      continue;
    }
    // An alias given as a spec (name/parent) rather than a URN is resolved by the engine: trust it.
    const aliases = cur.aliases ?? [];
    const aliased = !from || aliases.includes(from) || aliases.some((x) => !x.startsWith("urn:"));
    const leaves: { path: string; old?: unknown; new?: unknown }[] = [];
    const [ia, ib] = [old.inputs ?? {}, cur.inputs ?? {}];
    for (const key of [...new Set([...Object.keys(ia), ...Object.keys(ib)])].sort()) {
      if (!(key in ia)) leaves.push({ path: key, new: ib[key] });
      else if (!(key in ib)) leaves.push({ path: key, old: ia[key] });
      else diffValues(key, ia[key], ib[key], leaves);
    }
    const properties: PropertyChange[] = leaves.map((l) => ({
      ...l,
      replaces: forcesReplacement(type, rootOf(l.path), cur.replaceOnChanges),
    }));
    if (from) properties.unshift({ path: "(urn)", old: from, new: urn, replaces: !aliased });
    if (Boolean(old.protect) !== Boolean(cur.protect))
      properties.push({
        path: "(protect)",
        old: Boolean(old.protect),
        new: Boolean(cur.protect),
        replaces: false,
      });
    if (properties.length === 0) {
      unchanged++;
      continue;
    }
    const sign = properties.some((p) => p.replaces) ? "+-" : "~";
    resources.push({ sign, urn, type, name: nameOf(urn), properties });
  }
  const config: PropertyChange[] = [];
  const [ca, cb] = [before.config ?? {}, after.config ?? {}];
  for (const key of [...new Set([...Object.keys(ca), ...Object.keys(cb)])].sort()) {
    const leaves: { path: string; old?: unknown; new?: unknown }[] = [];
    if (!(key in ca)) leaves.push({ path: key, new: cb[key] });
    else if (!(key in cb)) leaves.push({ path: key, old: ca[key] });
    else diffValues(key, ca[key], cb[key], leaves);
    config.push(...leaves.map((l) => ({ ...l, replaces: false })));
  }
  return { resources, config, unchanged };
}

function show(v: unknown): string {
  if (isSecret(v)) return SECRET;
  const s = typeof v === "string" ? JSON.stringify(v) : stable(v);
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

/** One property line: `path: old → new`, `+ path: new`, `- path: old`. */
export function renderPropertyChange(p: PropertyChange): string {
  const value = !("old" in p)
    ? `+ ${p.path}: ${show(p.new)}`
    : !("new" in p)
      ? `- ${p.path}: ${show(p.old)}`
      : `~ ${p.path}: ${show(p.old)} → ${show(p.new)}`;
  const why = p.replaces
    ? " (forces replacement)"
    : p.replaces === undefined
      ? " (replacement unknown for this type)"
      : "";
  return value + why;
}

const WORDS: Record<ChangeSign, string> = { "+": "create", "-": "delete", "~": "update", "+-": "replace" };

/** Counts by sign, as `1 to create, 2 to update, …`. */
export function diffCounts(diff: PlanDiff): string {
  const counts = (["+", "~", "+-", "-"] as const).map(
    (s) => `${diff.resources.filter((r) => r.sign === s).length} to ${WORDS[s]}`,
  );
  return `${counts.join(", ")}, ${diff.unchanged} unchanged`;
}

/** The diff as text: config changes, then one block per resource in URN order, then counts. */
export function renderDiff(diff: PlanDiff): string {
  const lines: string[] = [];
  if (diff.config.length > 0) {
    lines.push("Config:");
    for (const c of diff.config) lines.push(`    ${renderPropertyChange(c)}`);
    lines.push("");
  }
  lines.push("Resources:");
  if (diff.resources.length === 0) lines.push("    (no resource changes)");
  for (const r of diff.resources) {
    lines.push(` ${r.sign.padEnd(2)}  ${displayType(r.type)}  ${r.name}  ${WORDS[r.sign]}`);
    for (const p of r.properties) lines.push(`        ${renderPropertyChange(p)}`);
  }
  lines.push("", `Diff: ${diffCounts(diff)}`);
  return lines.join("\n");
}
