/** Renders `aws.iam.getPolicyDocument` inputs to the JSON AWS would store, as the provider does. */
export function renderPolicyDocument(inputs: Record<string, any>): string {
  const statements = (inputs.statements ?? []).map((s: Record<string, any>) => {
    const out: Record<string, any> = {};
    if (s.sid) out.Sid = s.sid;
    out.Effect = s.effect ?? "Allow";
    const one = (v: string[] | undefined) => (v && v.length === 1 ? v[0] : v);
    if (s.actions) out.Action = one(s.actions);
    if (s.notActions) out.NotAction = one(s.notActions);
    if (s.resources) out.Resource = one(s.resources);
    if (s.notResources) out.NotResource = one(s.notResources);
    const principals = (list: any[] | undefined) => {
      if (!list) return undefined;
      const p: Record<string, any> = {};
      for (const pr of list) {
        if (pr.type === "*") return "*";
        p[pr.type] = one([...(p[pr.type] ? [].concat(p[pr.type]) : []), ...pr.identifiers]);
      }
      return p;
    };
    if (s.principals) out.Principal = principals(s.principals);
    if (s.notPrincipals) out.NotPrincipal = principals(s.notPrincipals);
    if (s.conditions) {
      const c: Record<string, Record<string, any>> = {};
      for (const cond of s.conditions) {
        c[cond.test] = { ...(c[cond.test] ?? {}), [cond.variable]: one(cond.values) };
      }
      out.Condition = c;
    }
    return out;
  });
  return JSON.stringify({ Version: inputs.version ?? "2012-10-17", Statement: statements }, null, 2);
}
