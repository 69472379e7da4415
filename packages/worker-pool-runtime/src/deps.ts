/**
 * Everything the runtime talks to, in one object, so handlers build it once
 * per cold start and tests build it around local servers and a test clock.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
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

const ATTRIBUTE_VALUE_KEYS = new Set(["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"]);

/**
 * What the item holds after a conditional write failed, so the writer can tell "someone else
 * changed it" from "it is already what I wrote" (a write carried out whose answer was lost, then
 * sent again). DynamoDB returns the item with the error when the request sets
 * `ReturnValuesOnConditionCheckFailure: "ALL_OLD"`
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html); when it
 * did not (no item, or a local server without the feature) this reads the item consistently.
 * Returns undefined when there is no item.
 */
export async function itemAfterConditionFailed(
  deps: Deps,
  table: string,
  key: Record<string, unknown>,
  err: unknown,
): Promise<Record<string, unknown> | undefined> {
  const item = (err as { Item?: Record<string, unknown> }).Item;
  if (item && typeof item === "object") {
    const marshalled = Object.values(item).every(
      (v) =>
        typeof v === "object" &&
        v !== null &&
        Object.keys(v).length === 1 &&
        ATTRIBUTE_VALUE_KEYS.has(Object.keys(v)[0]!),
    );
    return marshalled ? unmarshall(item as Parameters<typeof unmarshall>[0]) : item;
  }
  const res = await call(deps, "GetItem read back", () =>
    deps.ddb.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true })),
  );
  return res.Item;
}
