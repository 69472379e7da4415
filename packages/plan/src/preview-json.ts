import * as fs from "node:fs";
import * as path from "node:path";
import { REDACTED, type Recording, type StackSettings } from "@acs/testkit";

// The shape of `pulumi preview --json`: Pulumi's `PreviewDigest`, `PreviewStep` and
// `PreviewDiagnostic` (https://github.com/pulumi/pulumi/blob/master/sdk/go/common/display/json.go)
// with states as `apitype.ResourceV3`
// (https://github.com/pulumi/pulumi/blob/master/sdk/go/common/apitype/core.go). Go's `omitempty`
// fields are left out when empty; `detailedDiff` has no `omitempty`, so it is `null` on steps
// without a diff.

/** A step's operation (Pulumi's `StepOp` labels). */
export const STEP_OPS = [
  "same",
  "create",
  "update",
  "delete",
  "replace",
  "create-replacement",
  "delete-replaced",
  "read",
  "read-replacement",
  "refresh",
  "read-discard",
  "discard-replaced",
  "remove-pending-replace",
  "import",
  "import-replacement",
] as const;
export type StepOp = (typeof STEP_OPS)[number];

/** A resource's state as `apitype.ResourceV3`. */
export interface ResourceV3 {
  readonly urn: string;
  readonly custom: boolean;
  readonly delete?: boolean;
  readonly id?: string;
  readonly type: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly parent?: string;
  readonly protect?: boolean;
  readonly external?: boolean;
  readonly dependencies?: readonly string[];
  readonly initErrors?: readonly string[];
  readonly provider?: string;
  readonly propertyDependencies?: Record<string, readonly string[]>;
  readonly pendingReplacement?: boolean;
  readonly additionalSecretOutputs?: readonly string[];
  readonly aliases?: readonly string[];
  readonly customTimeouts?: Record<string, unknown>;
  readonly retainOnDelete?: boolean;
  readonly deletedWith?: string;
  readonly created?: string;
  readonly modified?: string;
  readonly sourcePosition?: string;
  readonly ignoreChanges?: readonly string[];
  readonly replaceOnChanges?: readonly string[];
  readonly refreshBeforeUpdate?: boolean;
  readonly viewOf?: string;
  readonly hideDiffs?: readonly string[];
  readonly taint?: boolean;
}

/** `display.PropertyDiff`: how one property differs. */
export interface PropertyDiff {
  readonly kind: "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";
  readonly inputDiff: boolean;
}

/** `display.PreviewStep`. */
export interface PreviewStep {
  readonly op: StepOp;
  readonly urn: string;
  readonly provider?: string;
  readonly oldState?: ResourceV3;
  readonly newState?: ResourceV3;
  readonly diffReasons?: readonly string[];
  readonly replaceReasons?: readonly string[];
  readonly detailedDiff: Record<string, PropertyDiff> | null;
}

/** `display.PreviewDiagnostic`. */
export interface PreviewDiagnostic {
  readonly urn?: string;
  readonly prefix?: string;
  readonly message?: string;
  readonly severity?: "debug" | "info" | "infoerr" | "warning" | "error";
}

/** `display.PreviewDigest`: the whole `pulumi preview --json` document. */
export interface PreviewDigest {
  /** Config keys and values (`namespace:key`), secrets blinded as `[secret]`. */
  readonly config?: Record<string, string>;
  readonly steps?: readonly PreviewStep[];
  readonly diagnostics?: readonly PreviewDiagnostic[];
  /** Nanoseconds (Go's `time.Duration`). */
  readonly duration?: number;
  readonly changeSummary?: Record<string, number>;
  readonly maybeCorrupt?: boolean;
}

export interface PreviewJsonOptions {
  /** How long the plan took, in nanoseconds. */
  readonly durationNs?: number;
  readonly diagnostics?: readonly PreviewDiagnostic[];
  /**
   * Asset and archive paths under this directory are written relative to it, so that plans
   * of two checkouts (e.g. main's and a pull request's) compare equal.
   */
  readonly relativeTo?: string;
}

const SIG = "4dabf18193072939515e22adb298388d";

function redact(values: Record<string, unknown>, secretKeys: readonly string[]): Record<string, unknown> {
  if (secretKeys.length === 0) return values;
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, secretKeys.includes(k) ? REDACTED : v]),
  );
}

function relativizeAssets(value: unknown, root: string | undefined): unknown {
  if (!root || !value || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => relativizeAssets(v, root));
  const entries = Object.entries(value).map(([k, v]) => {
    if (k === "path" && SIG in value && typeof v === "string" && v.startsWith(root + path.sep))
      return [k, path.relative(root, v).split(path.sep).join("/")];
    return [k, relativizeAssets(v, root)];
  });
  return Object.fromEntries(entries);
}

const nonEmpty = <T extends object>(key: string, v: T | undefined): Record<string, T> =>
  v && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0) ? { [key]: v } : {};

/**
 * Converts a recorded run into the `pulumi preview --json` document of a first `pulumi up`
 * (every resource a `create`, or a `read` for `.get()`); secret inputs and config are
 * blinded as `[secret]`; the stack outputs are the stack resource's `newState.outputs`.
 */
export function toPreviewJson(
  recording: Recording,
  settings?: StackSettings,
  options: PreviewJsonOptions = {},
): PreviewDigest {
  const steps: PreviewStep[] = recording.resources.map((r) => {
    const isStack = r.type === "pulumi:pulumi:Stack" && !r.parent;
    const outputs = isStack ? recording.outputs : redact(r.outputs, r.secretInputs);
    const newState: ResourceV3 = {
      urn: r.urn,
      custom: r.custom,
      ...(r.id ? { id: r.id } : {}),
      type: r.type,
      ...nonEmpty("inputs", relativizeAssets(redact(r.inputs, r.secretInputs), options.relativeTo) as object),
      ...nonEmpty("outputs", relativizeAssets(outputs, options.relativeTo) as object),
      ...(r.parent ? { parent: r.parent } : {}),
      ...(r.options.protect ? { protect: true } : {}),
      ...(r.read ? { external: true } : {}),
      ...nonEmpty("dependencies", [...r.options.dependencies]),
      ...(r.options.provider ? { provider: r.options.provider } : {}),
      ...nonEmpty(
        "aliases",
        r.options.aliases.filter((x) => x !== ""),
      ),
      ...(r.options.retainOnDelete ? { retainOnDelete: true } : {}),
      ...nonEmpty("ignoreChanges", [...r.options.ignoreChanges]),
      ...nonEmpty("replaceOnChanges", [...r.options.replaceOnChanges]),
    };
    return {
      op: r.read ? "read" : "create",
      urn: r.urn,
      ...(r.options.provider ? { provider: r.options.provider } : {}),
      newState,
      detailedDiff: null,
    };
  });
  const changeSummary: Record<string, number> = {};
  for (const s of steps) changeSummary[s.op] = (changeSummary[s.op] ?? 0) + 1;
  return {
    ...nonEmpty("config", settings ? { ...settings.config } : {}),
    ...nonEmpty("steps", steps),
    ...nonEmpty("diagnostics", options.diagnostics ? [...options.diagnostics] : []),
    ...(options.durationNs ? { duration: Math.round(options.durationNs) } : {}),
    ...nonEmpty("changeSummary", changeSummary),
  };
}

// What validatePreviewDigest accepts: each field's JSON type.
type JsonType = "string" | "number" | "boolean" | "object" | "array" | "string[]" | "string-map";
const DIGEST_FIELDS: Record<string, JsonType> = {
  config: "string-map",
  steps: "array",
  diagnostics: "array",
  duration: "number",
  changeSummary: "object",
  maybeCorrupt: "boolean",
};
const STEP_FIELDS: Record<string, JsonType> = {
  op: "string",
  urn: "string",
  provider: "string",
  oldState: "object",
  newState: "object",
  diffReasons: "string[]",
  replaceReasons: "string[]",
  detailedDiff: "object",
};
const STATE_FIELDS: Record<string, JsonType> = {
  urn: "string",
  custom: "boolean",
  delete: "boolean",
  id: "string",
  type: "string",
  inputs: "object",
  outputs: "object",
  parent: "string",
  protect: "boolean",
  external: "boolean",
  dependencies: "string[]",
  initErrors: "string[]",
  provider: "string",
  propertyDependencies: "object",
  pendingReplacement: "boolean",
  additionalSecretOutputs: "string[]",
  aliases: "string[]",
  customTimeouts: "object",
  retainOnDelete: "boolean",
  deletedWith: "string",
  created: "string",
  modified: "string",
  sourcePosition: "string",
  ignoreChanges: "string[]",
  replaceOnChanges: "string[]",
  refreshBeforeUpdate: "boolean",
  viewOf: "string",
  hideDiffs: "string[]",
  taint: "boolean",
};
const DIAGNOSTIC_FIELDS: Record<string, JsonType> = {
  urn: "string",
  prefix: "string",
  message: "string",
  severity: "string",
};
const DIFF_KINDS = ["add", "add-replace", "delete", "delete-replace", "update", "update-replace"];

function checkFields(
  where: string,
  value: unknown,
  fields: Record<string, JsonType>,
  required: string[],
  problems: string[],
  strict: boolean,
): value is Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    problems.push(`${where}: expected an object`);
    return false;
  }
  const obj = value as Record<string, unknown>;
  for (const key of required) if (!(key in obj)) problems.push(`${where}: missing "${key}"`);
  for (const [key, v] of Object.entries(obj)) {
    const type = fields[key];
    if (!type) {
      if (strict) problems.push(`${where}: unknown field "${key}"`);
      continue;
    }
    const ok =
      type === "array"
        ? Array.isArray(v)
        : type === "string[]"
          ? Array.isArray(v) && v.every((x) => typeof x === "string")
          : type === "object"
            ? v === null || (typeof v === "object" && !Array.isArray(v))
            : type === "string-map"
              ? !!v &&
                typeof v === "object" &&
                !Array.isArray(v) &&
                Object.values(v).every((x) => typeof x === "string")
              : typeof v === type;
    if (!ok) problems.push(`${where}.${key}: expected ${type}, got ${JSON.stringify(v)?.slice(0, 60)}`);
  }
  return true;
}

/**
 * Checks a parsed document against the `PreviewDigest` shape; returns the problems (empty
 * when it conforms). `strict`: fields the format does not have are problems too (a newer
 * Pulumi may add some, so reading is lenient; writing is strict).
 */
export function validatePreviewDigest(doc: unknown, strict = true): string[] {
  const problems: string[] = [];
  if (!checkFields("document", doc, DIGEST_FIELDS, [], problems, strict)) return problems;
  const steps = Array.isArray(doc.steps) ? doc.steps : [];
  steps.forEach((step: unknown, i: number) => {
    const where = `steps[${i}]`;
    if (!checkFields(where, step, STEP_FIELDS, ["op", "urn"], problems, strict)) return;
    if (!(STEP_OPS as readonly string[]).includes(String(step.op)))
      problems.push(`${where}.op: "${String(step.op)}" is not a Pulumi step op`);
    for (const key of ["oldState", "newState"]) {
      if (step[key] !== undefined)
        checkFields(`${where}.${key}`, step[key], STATE_FIELDS, ["urn", "type"], problems, strict);
    }
    if (strict && !("detailedDiff" in step)) problems.push(`${where}: missing "detailedDiff"`);
    if (step.detailedDiff) {
      for (const [prop, d] of Object.entries(step.detailedDiff as object)) {
        const kind = (d as PropertyDiff | undefined)?.kind;
        if (!DIFF_KINDS.includes(String(kind)) || typeof (d as PropertyDiff).inputDiff !== "boolean")
          problems.push(`${where}.detailedDiff.${prop}: expected { kind, inputDiff }`);
      }
    }
  });
  const diagnostics = Array.isArray(doc.diagnostics) ? doc.diagnostics : [];
  diagnostics.forEach((d: unknown, i: number) =>
    checkFields(`diagnostics[${i}]`, d, DIAGNOSTIC_FIELDS, [], problems, strict),
  );
  if (doc.changeSummary && Object.values(doc.changeSummary).some((n) => typeof n !== "number"))
    problems.push("changeSummary: expected counts by op");
  if (doc.duration !== undefined && !Number.isInteger(doc.duration))
    problems.push("duration: expected integer nanoseconds");
  return problems;
}

/** Reads a `pulumi preview --json` document (ours or a real one); throws naming the file. */
export function readPreviewDigest(file: string): PreviewDigest {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
    throw new Error(
      `${file}: cannot read a plan (${reason}); pass a file written by \`pnpm plan <stack> --json\` or \`pulumi preview --json\``,
    );
  }
  const problems = validatePreviewDigest(doc, false);
  if (problems.length === 0 && !("steps" in (doc as object)) && !("changeSummary" in (doc as object)))
    problems.push('document: neither "steps" nor "changeSummary"');
  if (problems.length > 0)
    throw new Error(
      `${file} is not \`pulumi preview --json\` output: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`,
    );
  return doc as PreviewDigest;
}
