/**
 * The policies as CrossGuard sees them: each rule of `RULES` wrapped in a `ResourceValidationPolicy`
 * or `StackValidationPolicy`. No side effect (`index.ts` serves them as the pack), so tests can drive
 * them through `@pulumi/policy`'s analyzer functions exactly as the Pulumi CLI does.
 *
 * Unknown inputs: `@pulumi/policy` hands a policy its inputs behind a proxy that throws
 * `UnknownValueError` on any value the engine does not know yet (a preview of resources that do not
 * exist), and reports that throw as an advisory "can't run policy … during preview". Thrown on the
 * first read, it would hide every known violation of the same resource, so the adapter first copies
 * the inputs with unknowns replaced by `UNKNOWN`, runs the rule (which checks every known part and
 * records what it could not decide), reports its violations, and only then raises the SDK's
 * `UnknownValueError` for what was left undecided: the preview shows the known violations and an
 * advisory naming the unknown input, and `pulumi up` runs the policy again with every input known,
 * immediately before the resource is created
 * (https://pypi.org/project/pulumi-policy/0.4.1.dev1585265246/: "Policy rules run during pulumi
 * preview and pulumi up … immediately before they are created or updated").
 *
 * Secrets: `@pulumi/policy` unwraps secret inputs into plain values, so rules check them as any
 * other value (and never echo a secret's value in a message).
 */
import {
  PolicyResource,
  ReportViolation,
  ResourceValidationPolicy,
  StackValidationPolicy,
  UnknownValueError,
} from "@pulumi/policy";
import { RULES } from "./catalog";
import { evaluate, Verdict } from "./check";
import { withDefaults } from "./config";
import { isStackRule, ResourceUnderCheck, Rule, UNKNOWN } from "./model";

/**
 * A plain copy of `value` (read through the SDK's proxies) with every unknown replaced by `UNKNOWN`;
 * the SDK's errors for them are appended to `seen`.
 */
export function materialize(value: unknown, seen: UnknownValueError[] = []): unknown {
  if (value === null || typeof value !== "object") return value;
  const proto = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value);
  if (!isArray && proto !== Object.prototype && proto !== null) return value; // assets, archives
  const out: any = isArray ? [] : {};
  for (const key of Object.keys(value)) {
    let field: unknown;
    try {
      field = (value as any)[key];
    } catch (err) {
      if (!(err instanceof UnknownValueError)) throw err;
      seen.push(err);
      field = UNKNOWN;
    }
    out[key] = field === UNKNOWN ? UNKNOWN : materialize(field, seen);
  }
  return out;
}

function description(rule: Rule): string {
  return `${rule.control ? `[${rule.control}] ` : ""}${rule.title}. ${rule.description}`;
}

/** Reports the verdict, then hands what was undecided to the SDK's "can't run during preview". */
function report(
  verdict: Verdict,
  reportViolation: ReportViolation,
  withUrn: boolean,
  seen: readonly UnknownValueError[],
): void {
  for (const v of verdict.violations) reportViolation(v.message, withUrn ? v.urn : undefined);
  // UNKNOWN only comes from the SDK's proxies, so `seen` holds the SDK's own sentinel for the message.
  if (verdict.unknown.length > 0 && seen[0])
    throw new UnknownValueError(seen[0].unknownTypeSentinel, [
      `${verdict.unknown.map((u) => (withUrn ? `${u.urn} ${u.path}` : u.path)).join(", ")} (re-checked at up)`,
    ]);
}

function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  const common = {
    name: rule.name,
    description: description(rule),
    enforcementLevel: rule.enforcement,
    ...(rule.configSchema ? { configSchema: { properties: rule.configSchema as any } } : {}),
  };
  if (isStackRule(rule))
    return {
      ...common,
      validateStack: (args, reportViolation) => {
        const seen: UnknownValueError[] = [];
        const resources: ResourceUnderCheck[] = args.resources.map((r: PolicyResource) => {
          // A stack policy sees outputs: what AWS stored, known at `up`.
          const props = materialize(r.props, seen) as Record<string, any>;
          return { type: r.type, urn: r.urn, props, outputs: props, protect: r.opts.protect };
        });
        report(evaluate(rule, resources, withDefaults(rule, args.getConfig())), reportViolation, true, seen);
      },
    };
  return {
    ...common,
    validateResource: (args, reportViolation) => {
      if (!rule.types.includes(args.type)) return;
      const seen: UnknownValueError[] = [];
      const resource: ResourceUnderCheck = {
        type: args.type,
        urn: args.urn,
        props: materialize(args.props, seen) as Record<string, any>,
        protect: args.opts.protect,
      };
      report(evaluate(rule, [resource], withDefaults(rule, args.getConfig())), reportViolation, false, seen);
    },
  };
}

/** Every policy of the pack, ready for `new PolicyPack(…, { policies })`. */
export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = RULES.map(toPolicy);
