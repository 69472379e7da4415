/** The operator override: follow the health check, pin the primary, or force the secondary. */
export type FailoverMode = "auto" | "primary" | "secondary";

/** Which record of the pair Route 53 answers with. */
export type FailoverAnswer = "primary" | "secondary";

/** Throws unless `mode` is a {@link FailoverMode}; the message names the arg and the fix. */
export function checkFailoverMode(mode: unknown, arg = "mode"): FailoverMode {
  switch (mode) {
    case "auto":
    case "primary":
    case "secondary":
      return mode;
    default:
      throw new Error(`\`${arg}\` is ${JSON.stringify(mode)}; use "auto", "primary" or "secondary"`);
  }
}

/**
 * What Route 53 answers for the PRIMARY/SECONDARY pair, given the real health of each side and
 * the operator override, as implemented by {@link healthCheckOverride}:
 *
 * - `auto`: the primary's health check decides.
 * - `primary`: the primary's check is disabled, which Route 53 counts as always healthy (and
 *   the primary alias stops evaluating target health), so the primary is always answered.
 * - `secondary`: the primary's check is disabled and inverted, so it counts as unhealthy and
 *   Route 53 answers the secondary — unless the secondary is unhealthy too: when no record
 *   is healthy Route 53 treats all as healthy and answers the primary.
 *
 * `secondaryHealthy` is `undefined` when the secondary has no health check (and no target-health
 * evaluation): Route 53 counts such a record as always healthy. Pure; the README's table is
 * generated from the same cases as the tests.
 */
export function resolveFailover(
  primaryHealthy: boolean,
  secondaryHealthy: boolean | undefined,
  mode: FailoverMode,
): FailoverAnswer {
  let primaryCounts: boolean;
  switch (checkFailoverMode(mode)) {
    case "auto":
      primaryCounts = primaryHealthy;
      break;
    case "primary":
      primaryCounts = true;
      break;
    case "secondary":
      primaryCounts = false;
      break;
  }
  if (primaryCounts) return "primary";
  const secondaryCounts = secondaryHealthy ?? true;
  // Both unhealthy: Route 53 considers every record in the group healthy and answers the primary.
  return secondaryCounts ? "secondary" : "primary";
}
