/**
 * Configuration from environment variables, validated at cold start. Every
 * problem is reported at once, each naming the variable, its value and the fix.
 */
import { startedByProblem } from "./schema";

export interface CapacityProviderItem {
  capacityProvider: string;
  weight?: number;
  base?: number;
}

export interface RuntimeConfig {
  /** PLAN_TABLE: plan table name. */
  readonly planTable: string;
  /** POOL_TABLE: pool table name. */
  readonly poolTable: string;
  /** ACTIVITY_TABLE: activity table name. */
  readonly activityTable: string;
  /** CLUSTER_ARN: cluster the workers run in. */
  readonly clusterArn: string;
  /** SUBNET_IDS: private subnets for the workers' ENIs. */
  readonly subnetIds: readonly string[];
  /** SECURITY_GROUP_IDS: security groups for the workers' ENIs. */
  readonly securityGroupIds: readonly string[];
  /** CAPACITY_PROVIDER_STRATEGY: JSON array; when absent, RunTask uses launch type FARGATE. */
  readonly capacityProviderStrategy?: readonly CapacityProviderItem[];
  /** STARTED_BY: marks the manager's tasks (ListTasks filter). @default "acs-worker-pool" */
  readonly startedBy: string;
  /** WORKER_PORT: port the workers listen on, written to the pool row. */
  readonly workerPort: number;
  /** WORKER_FAMILY: task-definition family of the worker (pipeline). */
  readonly workerFamily: string;
  /** WORKER_CONTAINER_NAME: container whose image the pipeline replaces. @default the first container */
  readonly workerContainerName?: string;
  /** PENDING_TIMEOUT_SECONDS: a starting worker older than this is stopped. @default 600 */
  readonly pendingTimeoutMs: number;
  /** ORPHAN_GRACE_SECONDS: a task without a row younger than this is left alone. @default 120 */
  readonly orphanGraceMs: number;
  /** LEASE_SECONDS: lease duration; renewed while a reconcile runs. @default 120 */
  readonly leaseMs: number;
  /**
   * ECS_VISIBILITY_SECONDS: how long a task RunTask started may stay invisible to ListTasks and
   * DescribeTasks (ECS is eventually consistent). A row younger than this is never reaped because
   * its task is missing, only when ECS says the task is stopped. Less than PENDING_TIMEOUT_SECONDS.
   * @default 60
   */
  readonly visibilityMs: number;
  /**
   * INDEX_SETTLE_MS: wait after the last manager write before reading the pool's index (a GSI is
   * eventually consistent). About the index only; ECS lag is ECS_VISIBILITY_SECONDS. @default 2000
   */
  readonly indexSettleMs: number;
  /** RECONCILE_CONCURRENCY: versions read and acted on in parallel. @default 16 */
  readonly concurrency: number;
  /** PIPELINE_DEFAULT_POOLING: `Pooling` of a plan row the pipeline creates. @default "N" */
  readonly defaultPooling: "Y" | "N";
  /** PIPELINE_DEFAULT_SCALE_TO: `ScaleTo` of a plan row the pipeline creates. @default 0 */
  readonly defaultScaleTo: number;
}

export type ConfigNeed = "reconcile" | "pipeline" | "claim";

/** PENDING_TIMEOUT_SECONDS when unset: a worker still starting after this is replaced. */
export const PENDING_TIMEOUT_DEFAULT_SECONDS = 600;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`worker-pool: invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

const REQUIRED: Record<ConfigNeed, readonly string[]> = {
  reconcile: ["PLAN_TABLE", "POOL_TABLE", "CLUSTER_ARN", "SUBNET_IDS", "SECURITY_GROUP_IDS", "WORKER_PORT"],
  pipeline: ["PLAN_TABLE", "WORKER_FAMILY"],
  claim: ["POOL_TABLE", "ACTIVITY_TABLE"],
};

const EXAMPLES: Record<string, string> = {
  PLAN_TABLE: "app-dummy-service-task-definitions-dev",
  POOL_TABLE: "app-worker-manager-hotpool-dev",
  ACTIVITY_TABLE: "app-dummy-service-data-dev",
  CLUSTER_ARN: "arn:aws:ecs:us-east-1:123456789012:cluster/acs-dev",
  SUBNET_IDS: "subnet-0abc,subnet-0def",
  SECURITY_GROUP_IDS: "sg-0abc",
  WORKER_PORT: "8080",
  WORKER_FAMILY: "acs-worker",
};

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the configuration for one use. Variables a use does not
 * need are still validated when set.
 * @throws ConfigError listing every problem.
 */
export function loadConfig(need: ConfigNeed, env: Env = process.env): RuntimeConfig {
  const problems: string[] = [];
  const raw = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === "" ? undefined : v;
  };
  for (const name of REQUIRED[need]) {
    if (raw(name) === undefined) {
      problems.push(
        `${name} is ${JSON.stringify(env[name] ?? null)}: it is required; set it, e.g. ${name}=${EXAMPLES[name] ?? "..."}`,
      );
    }
  }
  const list = (name: string, prefix: string): string[] => {
    const v = raw(name);
    if (v === undefined) return [];
    const items = v
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const bad = items.filter((s) => !s.startsWith(prefix));
    if (items.length === 0 || bad.length > 0) {
      problems.push(
        `${name} is ${JSON.stringify(v)}: expected a comma-separated list of ids starting with "${prefix}", e.g. ${EXAMPLES[name]}`,
      );
    }
    return items;
  };
  const int = (name: string, def: number, min: number, max: number): number => {
    const v = raw(name);
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(
        `${name} is ${JSON.stringify(v)}: expected an integer from ${min} to ${max} (default ${def})`,
      );
      return def;
    }
    return n;
  };
  const yn = (name: string, def: "Y" | "N"): "Y" | "N" => {
    const v = raw(name);
    if (v === undefined) return def;
    if (v !== "Y" && v !== "N") {
      problems.push(`${name} is ${JSON.stringify(v)}: expected "Y" or "N" (default "${def}")`);
      return def;
    }
    return v;
  };

  const startedBy = raw("STARTED_BY") ?? "acs-worker-pool";
  const startedByIssue = startedByProblem(startedBy);
  if (startedByIssue) problems.push(`STARTED_BY ${startedByIssue}`);
  const clusterArn = raw("CLUSTER_ARN") ?? "";
  if (clusterArn && !/^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/.+$/.test(clusterArn)) {
    problems.push(
      `CLUSTER_ARN is ${JSON.stringify(clusterArn)}: expected a cluster ARN, e.g. ${EXAMPLES.CLUSTER_ARN}`,
    );
  }
  const workerPort = raw("WORKER_PORT") === undefined ? 0 : int("WORKER_PORT", 0, 1, 65535);

  let capacityProviderStrategy: CapacityProviderItem[] | undefined;
  const cps = raw("CAPACITY_PROVIDER_STRATEGY");
  if (cps !== undefined) {
    const fix = `expected a JSON array like [{"capacityProvider":"FARGATE_SPOT","weight":3},{"capacityProvider":"FARGATE","weight":1,"base":1}]`;
    try {
      const parsed: unknown = JSON.parse(cps);
      const ok =
        Array.isArray(parsed) &&
        parsed.length > 0 &&
        parsed.every(
          (i) =>
            typeof i === "object" &&
            i !== null &&
            typeof (i as CapacityProviderItem).capacityProvider === "string" &&
            ["undefined", "number"].includes(typeof (i as CapacityProviderItem).weight) &&
            ["undefined", "number"].includes(typeof (i as CapacityProviderItem).base),
        );
      if (ok) capacityProviderStrategy = parsed as CapacityProviderItem[];
      else problems.push(`CAPACITY_PROVIDER_STRATEGY is ${JSON.stringify(cps)}: ${fix}`);
    } catch {
      problems.push(`CAPACITY_PROVIDER_STRATEGY is ${JSON.stringify(cps)}: not valid JSON; ${fix}`);
    }
  }

  const config: RuntimeConfig = {
    planTable: raw("PLAN_TABLE") ?? "",
    poolTable: raw("POOL_TABLE") ?? "",
    activityTable: raw("ACTIVITY_TABLE") ?? "",
    clusterArn,
    subnetIds: list("SUBNET_IDS", "subnet-"),
    securityGroupIds: list("SECURITY_GROUP_IDS", "sg-"),
    ...(capacityProviderStrategy ? { capacityProviderStrategy } : {}),
    startedBy,
    workerPort,
    workerFamily: raw("WORKER_FAMILY") ?? "",
    ...(raw("WORKER_CONTAINER_NAME") ? { workerContainerName: raw("WORKER_CONTAINER_NAME") } : {}),
    pendingTimeoutMs: int("PENDING_TIMEOUT_SECONDS", PENDING_TIMEOUT_DEFAULT_SECONDS, 30, 86_400) * 1000,
    visibilityMs: int("ECS_VISIBILITY_SECONDS", 60, 0, 3600) * 1000,
    orphanGraceMs: int("ORPHAN_GRACE_SECONDS", 120, 0, 86_400) * 1000,
    leaseMs: int("LEASE_SECONDS", 120, 10, 900) * 1000,
    indexSettleMs: int("INDEX_SETTLE_MS", 2000, 0, 60_000),
    concurrency: int("RECONCILE_CONCURRENCY", 16, 1, 128),
    defaultPooling: yn("PIPELINE_DEFAULT_POOLING", "N"),
    defaultScaleTo: int("PIPELINE_DEFAULT_SCALE_TO", 0, 0, 10_000),
  };
  if (config.visibilityMs >= config.pendingTimeoutMs) {
    problems.push(
      `ECS_VISIBILITY_SECONDS is ${JSON.stringify(raw("ECS_VISIBILITY_SECONDS") ?? "60")}: it must be less than PENDING_TIMEOUT_SECONDS (${config.pendingTimeoutMs / 1000}), or a worker that never becomes visible is never replaced; lower it or raise PENDING_TIMEOUT_SECONDS`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
