/**
 * One local hot pool: tables of a fresh environment in the DynamoDB server
 * that AWS_ENDPOINT_URL_DYNAMODB points at, an ECS stand-in behind
 * AWS_ENDPOINT_URL_ECS, runtime deps built from environment variables like
 * the handlers', and counters of the API calls made. Shared by tests, demo and bench.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { setImmediate as tick } from "node:timers/promises";
import { ATTR, POOLING, type PlanRow } from "../src/schema";
import { loadConfig } from "../src/config";
import { createClients, createDeps, METRICS_NAMESPACE, SERVICE_NAME, type Deps } from "../src/deps";
import type { EcrImageActionEvent } from "../src/pipeline";
import { createTables } from "./dynamo";
import { DynamoFaults } from "./dynamo-faults";
import { EcsStandIn, type EcsFaults, type EcsStandInOptions } from "./ecs-standin";

export const WORKER_FAMILY = "acs-worker";

/** A clock that only moves when told (or when the code under test sleeps). */
export class TestClock {
  constructor(public t = Date.UTC(2025, 0, 1)) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
  sleep = async (ms: number): Promise<void> => {
    this.t += Math.max(0, ms);
    await tick();
  };
}

export type CallCounts = Record<string, number>;

/** Counts every logical SDK call (retries of one call count once) by command name. */
export function countCalls(
  client: { middlewareStack: { add: (...a: any[]) => void } },
  counts: CallCounts,
): void {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
      const name = (context.commandName ?? "unknown").replace(/Command$/, "");
      counts[name] = (counts[name] ?? 0) + 1;
      return next(args);
    },
    { step: "initialize", name: "acsCountCalls" },
  );
}

export interface HarnessOptions {
  env: string;
  /** "test": a {@link TestClock}; "real": Date.now and real sleeps. @default "test" */
  clock?: "test" | "real";
  startMode?: EcsStandInOptions["startMode"];
  /** Extra or overriding environment variables for the runtime config. */
  vars?: Record<string, string>;
  /** Logs to stdout (demo). @default false: silent */
  verbose?: boolean;
  /** ECS eventual consistency and lost answers. @default none */
  ecsFaults?: Partial<EcsFaults>;
  /** Lost DynamoDB write answers (installed on every client the harness makes). @default none */
  dynamoFaults?: DynamoFaults;
}

export interface Harness {
  readonly env: string;
  readonly ecs: EcsStandIn;
  readonly deps: Deps;
  readonly clock: TestClock | undefined;
  readonly taskDefArn: string;
  readonly ddbCalls: CallCounts;
  readonly ecsCalls: CallCounts;
  /** DynamoDB lost answers, installed on every client of this harness. */
  readonly dynamoFaults: DynamoFaults;
  /** Runtime deps for another "Lambda instance" sharing the tables and the stand-in. */
  newDeps(): Deps;
  /**
   * Deps of the application's claim client: configured like the application (`loadConfig("claim")`:
   * the pool and activity tables only, no cluster), with ECS calls counted in `ecsCalls`.
   */
  clientDeps(): Deps;
  seedPlan(rows: Partial<PlanRow>[]): Promise<void>;
  resetCounts(): void;
  close(): Promise<void>;
}

const CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/acs-local";

export async function createHarness(opts: HarnessOptions): Promise<Harness> {
  const clock = (opts.clock ?? "test") === "test" ? new TestClock() : undefined;
  const ecs = new EcsStandIn({
    ...(clock ? { now: clock.now } : {}),
    startMode: opts.startMode ?? "manual",
    ...(opts.ecsFaults ? { faults: opts.ecsFaults } : {}),
  });
  const dynamoFaults = opts.dynamoFaults ?? new DynamoFaults();
  process.env.AWS_ENDPOINT_URL_ECS = await ecs.start();
  const taskDefArn = ecs.seedTaskDefinition(WORKER_FAMILY, {
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: [
      { name: "worker", image: "public.ecr.aws/docker/library/busybox:latest", essential: true },
    ],
  });
  const raw = new DynamoDBClient({});
  const tables = await createTables(raw, opts.env);
  raw.destroy();
  const vars: Record<string, string> = {
    PLAN_TABLE: tables.plan,
    POOL_TABLE: tables.pool,
    ACTIVITY_TABLE: tables.activity,
    CLUSTER_ARN: CLUSTER,
    SUBNET_IDS: "subnet-0aaa,subnet-0bbb",
    SECURITY_GROUP_IDS: "sg-0aaa",
    STARTED_BY: "acs-worker-pool-local",
    WORKER_PORT: "8080",
    WORKER_FAMILY,
    INDEX_SETTLE_MS: "0",
    ...opts.vars,
  };
  const config = loadConfig("reconcile", vars);
  const ddbCalls: CallCounts = {};
  const ecsCalls: CallCounts = {};
  const clients: { ddb: DynamoDBDocumentClient; destroy: () => void }[] = [];
  const newDeps = (need: "reconcile" | "claim" = "reconcile"): Deps => {
    const c = createClients();
    countCalls(c.ddb, ddbCalls);
    countCalls(c.ecs, ecsCalls);
    dynamoFaults.attach(c.ddb);
    clients.push({ ddb: c.ddb, destroy: () => (c.ddb.destroy(), c.ecs.destroy()) });
    const cfg =
      need === "reconcile"
        ? config
        : loadConfig("claim", { POOL_TABLE: config.poolTable, ACTIVITY_TABLE: config.activityTable });
    return createDeps(cfg, {
      ...c,
      logger: new Logger({ serviceName: SERVICE_NAME, logLevel: opts.verbose ? "INFO" : "SILENT" }),
      metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
      ...(clock ? { now: clock.now, sleep: clock.sleep } : {}),
      retry: { attempts: 8, baseMs: clock ? 100 : 10, maxMs: 2000 },
    });
  };
  const deps = newDeps();
  return {
    env: opts.env,
    ecs,
    deps,
    clock,
    taskDefArn,
    ddbCalls,
    ecsCalls,
    dynamoFaults,
    newDeps: () => newDeps(),
    clientDeps: () => newDeps("claim"),
    async seedPlan(rows) {
      const items = rows.map((r) => ({
        [ATTR.Pooling]: POOLING.Yes,
        [ATTR.ScaleTo]: 0,
        [ATTR.TaskDef]: taskDefArn.split("/").pop(),
        [ATTR.TaskArn]: taskDefArn,
        ...r,
      }));
      for (let i = 0; i < items.length; i += 25) {
        await deps.ddb.send(
          new BatchWriteCommand({
            RequestItems: {
              [config.planTable]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
            },
          }),
        );
      }
    },
    resetCounts() {
      for (const k of Object.keys(ddbCalls)) delete ddbCalls[k];
      for (const k of Object.keys(ecsCalls)) delete ecsCalls[k];
      ecs.resetCalls();
    },
    async close() {
      for (const c of clients) c.destroy();
      await ecs.close();
    },
  };
}

/** An EventBridge "ECR Image Action" event for a successful push (what triggers the pipeline). */
export function imagePushedEvent(
  tag: string,
  digest: string,
  overrides: Partial<NonNullable<EcrImageActionEvent["detail"]>> = {},
): EcrImageActionEvent {
  return {
    "detail-type": "ECR Image Action",
    source: "aws.ecr",
    account: "123456789012",
    region: "us-east-1",
    detail: {
      "action-type": "PUSH",
      result: "SUCCESS",
      "repository-name": "acs/worker",
      "image-digest": digest,
      "image-tag": tag,
      ...overrides,
    },
  };
}
