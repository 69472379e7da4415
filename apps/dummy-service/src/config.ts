/**
 * The service's configuration, from environment variables (what the task definition sets).
 * Every problem is reported at once, each naming the variable, its value and the fix.
 */

export interface AppConfig {
  /** PORT: the port the server listens on (the container port; 0 picks a free one, for tests). @default 8080 */
  readonly port: number;
  /** ENVIRONMENT: the environment's name, logged with every line. @default "local" */
  readonly environment: string;
  /** ROLE: primary or secondary, logged and shown by /app/health. @default "primary" */
  readonly role: string;
  /**
   * SHUTDOWN_TIMEOUT_MS: after SIGTERM, how long in-flight requests may take before the
   * process exits anyway. Keep it below the container's stopTimeout (ECS default 30 s; ECS
   * sends SIGKILL when it runs out). @default 25000
   */
  readonly shutdownTimeoutMs: number;
  /**
   * HEALTH_PROBE_INTERVAL_MS: how often the dependency probe (one Query on the pool table's
   * index) runs. /app/health answers from the last probe, so the load balancer's and
   * Route 53's checks cost no DynamoDB call each. @default 10000
   */
  readonly healthProbeIntervalMs: number;
  /** HEALTH_FAILURES: consecutive failed probes before /app/health says unhealthy. @default 3 */
  readonly healthFailures: number;
  /** POOL_TABLE: the hot pool's pool table; absent, the claim routes answer 501. */
  readonly poolTable?: string;
  /** ACTIVITY_TABLE: the hot pool's activity table (required with POOL_TABLE). */
  readonly activityTable?: string;
}

export class AppConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`dummy-service: invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "AppConfigError";
  }
}

export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const problems: string[] = [];
  const int = (name: string, dflt: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} is "${raw}"; set a whole number from ${min} to ${max} (default ${dflt})`);
      return dflt;
    }
    return n;
  };
  const port = int("PORT", 8080, 0, 65535);
  const shutdownTimeoutMs = int("SHUTDOWN_TIMEOUT_MS", 25_000, 0, 120_000);
  const healthProbeIntervalMs = int("HEALTH_PROBE_INTERVAL_MS", 10_000, 100, 300_000);
  const healthFailures = int("HEALTH_FAILURES", 3, 1, 100);
  const poolTable = env.POOL_TABLE || undefined;
  const activityTable = env.ACTIVITY_TABLE || undefined;
  if (poolTable && !activityTable) {
    problems.push(`ACTIVITY_TABLE is not set while POOL_TABLE is "${poolTable}"; set both or neither`);
  }
  if (!poolTable && activityTable) {
    problems.push(`POOL_TABLE is not set while ACTIVITY_TABLE is "${activityTable}"; set both or neither`);
  }
  if (problems.length > 0) throw new AppConfigError(problems);
  return {
    port,
    environment: env.ENVIRONMENT || "local",
    role: env.ROLE || "primary",
    shutdownTimeoutMs,
    healthProbeIntervalMs,
    healthFailures,
    ...(poolTable ? { poolTable } : {}),
    ...(activityTable ? { activityTable } : {}),
  };
}
