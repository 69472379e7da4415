/**
 * Everything the runtime talks to, in one object, so handlers build it once
 * per cold start and tests build it around local servers and a test clock.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { POOL_METRICS } from "./schema";
import type { RuntimeConfig } from "./config";
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from "./retry";

export const SERVICE_NAME = "worker-manager";
export const METRICS_NAMESPACE = POOL_METRICS.namespace;

export interface Deps {
  readonly config: RuntimeConfig;
  readonly ddb: DynamoDBDocumentClient;
  readonly ecs: ECSClient;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
  readonly retry: RetryPolicy;
}

/**
 * SDK v3 clients with the SDK's defaults: region, credentials and the
 * AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_ECS endpoints come from the
 * environment. ECS calls are retried by {@link call} (jittered backoff with a
 * budget of its own), so the ECS client itself makes one attempt per call.
 */
export function createClients(): { ddb: DynamoDBDocumentClient; ecs: ECSClient } {
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const ecs = new ECSClient({ maxAttempts: 1 });
  return { ddb, ecs };
}

export function createDeps(config: RuntimeConfig, overrides: Partial<Omit<Deps, "config">> = {}): Deps {
  const clients = overrides.ddb && overrides.ecs ? undefined : createClients();
  return {
    config,
    ddb: overrides.ddb ?? clients!.ddb,
    ecs: overrides.ecs ?? clients!.ecs,
    logger: overrides.logger ?? new Logger({ serviceName: SERVICE_NAME }),
    metrics: overrides.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    now: overrides.now ?? Date.now,
    sleep: overrides.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: overrides.random ?? Math.random,
    retry: overrides.retry ?? DEFAULT_RETRY,
  };
}

/** Runs one AWS call with the runtime's retry policy, logging each retry. */
export function call<T>(deps: Deps, what: string, fn: () => Promise<T>): Promise<T> {
  return withRetry(
    {
      sleep: deps.sleep,
      random: deps.random,
      policy: deps.retry,
      onRetry: (err, attempt, delayMs) =>
        deps.logger.warn("retrying AWS call", { call: what, attempt, delayMs, error: (err as Error).name }),
    },
    fn,
  );
}

/** Maps `items` with at most `limit` calls of `fn` in flight, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function isConditionFailed(err: unknown): boolean {
  return (err as { name?: string })?.name === "ConditionalCheckFailedException";
}
