import { RULES } from "./catalog";
import { ConfiguredLevel, levelOf, loadPolicyConfig, PolicyConfigFile, settingsOf } from "./config";
import { Enforcement, isStackRule, ResourceUnderCheck, Rule, RuleContext } from "./model";

export interface Violation {
  readonly rule: string;
  /** The FSBP control id, when the rule has one. */
  readonly control?: string;
  readonly enforcement: Enforcement;
  readonly urn: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** One rule's verdict on one resource (or the stack): violations, and what it could not decide. */
export interface Verdict {
  readonly violations: { readonly urn: string; readonly message: string }[];
  /** Inputs that were unknown (a preview of resources that do not exist yet): decided at `up`. */
  readonly unknown: { readonly urn: string; readonly path: string }[];
}

/** Runs one rule over one resource (resource rules) or every resource (stack rules). */
export function evaluate(
  rule: Rule,
  resources: readonly ResourceUnderCheck[],
  settings: Record<string, unknown> = {},
): Verdict {
  const unknown: Verdict["unknown"][number][] = [];
  const context = (at: string): RuleContext => ({
    unknown: (path, urn) => unknown.push({ urn: urn ?? at, path }),
    config: settings,
  });
  if (isStackRule(rule)) return { violations: rule.checkStack(resources, context("")), unknown };
  const violations = resources
    .filter((r) => rule.types.includes(r.type))
    .flatMap((r) => rule.check(r, context(r.urn)).map((message) => ({ urn: r.urn, message })));
  return { violations, unknown };
}

/** A resource as a recording of a program holds it (e.g. `@acs/testkit`'s `Recording.custom`). */
export interface RecordedResource {
  readonly type: string;
  readonly urn: string;
  readonly inputs: Record<string, any>;
  readonly outputs: Record<string, any>;
  readonly id?: string;
  readonly options: { readonly protect?: boolean };
}

/**
 * Recorded resources as the policies take them, as the offline plan feeds them: inputs as
 * `props`, with outputs, ids and `protect`, so stack policies that need ids (EC2.6) decide
 * instead of deferring.
 */
export function recordedResources(resources: Iterable<RecordedResource>): ResourceUnderCheck[] {
  return [...resources].map((r) => ({
    type: r.type,
    urn: r.urn,
    props: r.inputs,
    outputs: r.outputs,
    id: r.id,
    protect: r.options.protect,
  }));
}

export interface CheckOptions {
  /** The stack's policy configuration (levels and settings), as in `pulumi preview --policy-pack-config`. */
  readonly config?: PolicyConfigFile;
  /** Reads the configuration from `<stackDir>/policy-config.json` (ignored when `config` is given). */
  readonly stackDir?: string;
  readonly rules?: readonly Rule[];
}

/**
 * Runs every policy over `resources` (e.g. a testkit recording's custom resources) at the levels the
 * stack's configuration gives them, as `pulumi preview --policy-pack … --policy-pack-config …`
 * would; disabled policies do not run. The offline plan's policy step.
 */
export function checkResources(
  resources: Iterable<ResourceUnderCheck>,
  options: CheckOptions = {},
): Violation[] {
  const rules = options.rules ?? RULES;
  const config = options.config ?? (options.stackDir ? loadPolicyConfig(options.stackDir, rules) : {});
  const all = [...resources];
  return rules.flatMap((rule) => {
    const level: ConfiguredLevel = levelOf(rule, config);
    if (level === "disabled") return [];
    const verdict = evaluate(rule, all, settingsOf(rule, config));
    const found = verdict.violations.map((v) => ({
      rule: rule.name,
      ...(rule.control ? { control: rule.control } : {}),
      enforcement: level,
      urn: v.urn,
      message: v.message,
    }));
    // Offline every value is known; an undecided rule is worth a look, never a failure.
    const undecided = verdict.unknown.map((u) => ({
      rule: rule.name,
      ...(rule.control ? { control: rule.control } : {}),
      enforcement: "advisory" as const,
      urn: u.urn,
      message: `not checked: ${u.path} is unknown here (pulumi up checks it once the value exists)`,
    }));
    return [...found, ...undecided];
  });
}

/**
 * The plan's verdict: the mandatory violations, plus the advisory ones when `strict` (CI's
 * `pnpm plan <stack> --strict`) turns them into failures.
 */
export function failing(violations: readonly Violation[], strict = false): Violation[] {
  return violations.filter((v) => v.enforcement === "mandatory" || strict);
}
