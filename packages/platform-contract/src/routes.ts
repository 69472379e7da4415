/**
 * What the platform routes on the shared ALB's HTTPS listener (`albHttpsListenerArn`), and the
 * check a team's listener rule must pass before it is registered.
 */

/** One of the platform's own rules on the HTTPS listener. */
export interface PlatformListenerRule {
  /** What the rule serves. */
  readonly name: string;
  readonly priority: number;
  readonly pathPatterns: readonly string[];
}

/**
 * The application's rule on the HTTPS listener: `/app/*` at priority 5. The platform's wiring
 * takes both from here (`APP_RULE_PRIORITY`, `APP_PATH_PATTERN` in `@acs/platform`).
 */
export const PLATFORM_APP_RULE = { priority: 5, pathPattern: "/app/*" } as const;

/**
 * The platform's rules on the HTTPS listener: the application's and, in an environment that
 * deploys blue/green, canary or linear, its test-traffic rule one priority lower (4, the same
 * path plus a header: `@acs/ecs-platform` `deployment.testTraffic`). The platform's tests check
 * that the environments' plans have no other rule.
 */
export const PLATFORM_LISTENER_RULES: readonly PlatformListenerRule[] = [
  {
    name: "the application",
    priority: PLATFORM_APP_RULE.priority,
    pathPatterns: [PLATFORM_APP_RULE.pathPattern],
  },
  {
    name: "the application's test traffic (blue/green, canary, linear)",
    priority: PLATFORM_APP_RULE.priority - 1,
    pathPatterns: [PLATFORM_APP_RULE.pathPattern],
  },
];

/**
 * Priorities the platform keeps for its own rules (now and later): a team's rule uses a priority
 * from `TEAM_LISTENER_PRIORITIES.min` to `max` (ELB's limit), unique among the teams on the listener.
 */
export const PLATFORM_RESERVED_PRIORITIES = { min: 1, max: 99 } as const;
export const TEAM_LISTENER_PRIORITIES = { min: 100, max: 50_000 } as const;

/**
 * Whether some request path matches both ALB path patterns. ALB path patterns are
 * case-sensitive and know two wildcards, `*` (any characters) and `?` (exactly one):
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html#path-conditions
 * Dynamic programming over both patterns: a `*` on either side may take nothing or one more
 * character of the other side (a character, a `?`, or the other side's `*` itself).
 */
export function pathPatternsOverlap(a: string, b: string): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (a[i] === "*") result = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (b[j] === "*") result = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else if (i === a.length || j === b.length) result = false;
    else result = (a[i] === b[j] || a[i] === "?" || b[j] === "?") && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** A team's listener rule on the platform's HTTPS listener (what `Service` `alb` takes). */
export interface TeamListenerRule {
  readonly priority: number;
  readonly pathPatterns?: readonly string[];
  readonly hostHeaders?: readonly string[];
}

/**
 * Throws, naming `source` (the file and key or the argument), the value and the fix, when a
 * team's rule would collide with the platform's: a priority the platform keeps (1–99, among them
 * 4 and 5), or a path pattern that overlaps a path the platform routes (`/app/*`). The platform's
 * rules have no host condition, so they take those paths on every host, whatever the team's
 * `hostHeaders`. A rule with neither paths nor hosts would take every request the platform does
 * not route, so one of them is required.
 */
export function checkTeamListenerRule(rule: TeamListenerRule, source: string): void {
  const { priority } = rule;
  if (
    !Number.isInteger(priority) ||
    priority < TEAM_LISTENER_PRIORITIES.min ||
    priority > TEAM_LISTENER_PRIORITIES.max
  ) {
    const own = PLATFORM_LISTENER_RULES.find((r) => r.priority === priority);
    const why = own
      ? `the platform's rule for ${own.name} (${own.pathPatterns.join(", ")}) has priority ${priority}`
      : priority >= PLATFORM_RESERVED_PRIORITIES.min && priority <= PLATFORM_RESERVED_PRIORITIES.max
        ? `the platform keeps priorities ${PLATFORM_RESERVED_PRIORITIES.min}–${PLATFORM_RESERVED_PRIORITIES.max} for its own rules`
        : "it is not a listener-rule priority";
    throw new Error(
      `${source}: listener priority ${priority} cannot be used: ${why}; pick a whole number from ${TEAM_LISTENER_PRIORITIES.min} to ${TEAM_LISTENER_PRIORITIES.max} that no other team's rule on the listener uses`,
    );
  }
  const paths = rule.pathPatterns ?? [];
  if (paths.length === 0 && (rule.hostHeaders ?? []).length === 0)
    throw new Error(
      `${source}: the listener rule has neither path patterns nor host headers, so it would take every request the platform does not route; give it a path of its own (e.g. ["/orders/*"]) or a host header`,
    );
  for (const path of paths) {
    const taken = PLATFORM_LISTENER_RULES.flatMap((r) =>
      r.pathPatterns.filter((p) => pathPatternsOverlap(path, p)).map((p) => ({ rule: r, p })),
    )[0];
    if (taken)
      throw new Error(
        `${source}: path pattern "${path}" overlaps the platform's "${taken.p}" (${taken.rule.name}, priority ${taken.rule.priority}, on every host): those requests never reach your service; use a path of your own that no platform path matches, e.g. "/orders/*"`,
      );
  }
}
