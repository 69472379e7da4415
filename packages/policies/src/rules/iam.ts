import { isEveryAction, isNegated, isServiceWildcard, onEveryResource } from "@acs/iam-policy";
import { isUnknown, list, ResourceRule, RuleContext, statements, Unknown, UNKNOWN } from "../model";

const IAM_POLICY_TYPES = [
  "aws:iam/policy:Policy",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
  "aws:iam/role:Role",
];

interface Grant {
  readonly where: string;
  /** Known actions (unknown ones are left out and recorded). */
  readonly actions: string[];
  /** Known resources; UNKNOWN when any resource is unknown (an ARN of a resource not created yet). */
  readonly resources: string[] | Unknown;
  readonly negated: boolean;
}

/**
 * The Allow statements of every identity-policy document of the resource (`policy`, or a role's
 * `inlinePolicies[].policy`). A document may be a JSON string (unknown as a whole during a preview
 * when it embeds an ARN of a new resource) or a PolicyDocument object, whose literal actions stay
 * known while its resources are not: the actions are checked at preview, the resources at `up`.
 */
function grants(type: string, props: Record<string, any>, ctx: RuleContext): Grant[] {
  const docs: [string, unknown][] =
    type === "aws:iam/role:Role"
      ? isUnknown(props.inlinePolicies)
        ? (ctx.unknown("inlinePolicies"), [])
        : (list(props.inlinePolicies) as any[]).map((p, i) => [`inlinePolicies[${i}].policy`, p?.policy])
      : [["policy", props.policy]];
  return docs.flatMap(([where, doc]) => {
    const stmts = statements(doc);
    if (isUnknown(stmts)) return (ctx.unknown(where), []);
    return stmts
      .map((s, i): Grant | undefined => {
        if (isUnknown(s) || isUnknown(s?.Effect)) return (ctx.unknown(`${where} Statement[${i}]`), undefined);
        if (s?.Effect !== "Allow") return undefined;
        const sid = s.Sid && !isUnknown(s.Sid) ? ` (${String(s.Sid)})` : "";
        const rawActions = isUnknown(s.Action) ? [s.Action] : list(s.Action);
        if (rawActions.some(isUnknown)) ctx.unknown(`${where} Statement[${i}].Action`);
        const rawResources = isUnknown(s.Resource) ? [s.Resource] : list(s.Resource);
        return {
          where: `${where} statement ${i}${sid}`,
          actions: rawActions.filter((a) => !isUnknown(a)).map(String),
          resources: rawResources.some(isUnknown) ? UNKNOWN : rawResources.map(String),
          negated: isNegated(s),
        };
      })
      .filter((g): g is Grant => g !== undefined);
  });
}

/** Does the statement grant on every resource? `undefined` when its resources are unknown. */
function grantsOnEveryResource(g: Grant, ctx: RuleContext): boolean | undefined {
  if (!Array.isArray(g.resources)) {
    ctx.unknown(`${g.where} Resource`);
    return undefined;
  }
  return onEveryResource(g.resources);
}

export const IAM_RULES: readonly ResourceRule[] = [
  {
    name: "iam-1-no-full-admin",
    control: "IAM.1",
    title: 'IAM policies should not allow full "*" administrative privileges',
    description:
      'No Allow of Action "*" on Resource "*", and no NotAction/NotResource allows (they grant everything not listed).',
    enforcement: "mandatory",
    onUnknown:
      'A document that is unknown as a whole (a JSON string embedding a new ARN) is decided at `up`. In a PolicyDocument object the literal actions stay known: "*" and NotAction allows are rejected at preview; an unknown Resource is decided at `up`.',
    types: IAM_POLICY_TYPES,
    check: ({ type, props }, ctx) =>
      grants(type, props, ctx).flatMap((g) => {
        if (g.negated)
          return [`${g.where} allows with NotAction/NotResource: list the actions and resources instead`];
        if (!g.actions.some(isEveryAction)) return [];
        return grantsOnEveryResource(g, ctx)
          ? [`${g.where} allows "*" on "*": name the actions and scope the resources`]
          : [];
      }),
  },
  {
    name: "iam-21-no-service-wildcards",
    control: "IAM.21",
    title: "IAM customer managed policies that you create should not allow wildcard actions for services",
    description:
      'No Allow of "<service>:*" on Resource "*" (a service wildcard scoped to named resources is tolerated where the service has no narrower grant).',
    enforcement: "mandatory",
    onUnknown:
      'As iam-1: known actions are checked at preview; whether the resource is "*" is decided at `up` when it is unknown.',
    types: IAM_POLICY_TYPES,
    check: ({ type, props }, ctx) =>
      grants(type, props, ctx).flatMap((g) => {
        const wild = g.actions.filter(isServiceWildcard);
        if (wild.length === 0) return [];
        return grantsOnEveryResource(g, ctx)
          ? [`${g.where} allows ${wild.join(", ")} on "*": name the actions and scope the resources`]
          : [];
      }),
  },
];
