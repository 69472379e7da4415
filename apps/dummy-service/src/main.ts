/**
 * The container's entry point: configuration from the environment, the hot-pool client, the
 * health monitor and the server; SIGTERM (what ECS sends at a deployment or scale-in, then
 * SIGKILL after the container's stopTimeout) drains it gracefully.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { loadAppConfig, type AppConfig } from "./config";
import { HealthMonitor } from "./health";
import { hotPool } from "./hot-pool";
import type { WorkerPool } from "./pool";
import { AppServer, type AppLogger } from "./server";

export interface RunningApp {
  readonly app: AppServer;
  readonly port: number;
  readonly config: AppConfig;
  /** The SIGTERM path; resolves true when every in-flight request finished in time. */
  stop(): Promise<boolean>;
}

export interface StartOptions {
  readonly env?: Record<string, string | undefined>;
  /** Another pool than the one the environment names (tests, the local run). */
  readonly pool?: WorkerPool;
  readonly logger?: AppLogger;
  /** Listen address. @default "0.0.0.0" */
  readonly host?: string;
}

export async function startApp(opts: StartOptions = {}): Promise<RunningApp> {
  const config = loadAppConfig(opts.env ?? process.env);
  const jsonLogger = new Logger({
    serviceName: "dummy-service",
    persistentKeys: { environment: config.environment, role: config.role },
  });
  const logger = opts.logger ?? jsonLogger;
  const pool =
    opts.pool ??
    (config.poolTable && config.activityTable
      ? hotPool({ poolTable: config.poolTable, activityTable: config.activityTable, logger: jsonLogger })
      : undefined);
  const health = new HealthMonitor({
    ...(pool ? { probe: () => pool.probe() } : {}),
    intervalMs: config.healthProbeIntervalMs,
    failures: config.healthFailures,
    environment: config.environment,
    role: config.role,
  });
  await health.start();
  const app = new AppServer({
    health,
    ...(pool ? { pool } : {}),
    logger,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
  });
  const port = await app.listen(config.port, opts.host);
  logger.info("listening", { port, hotPool: pool ? config.poolTable : "not configured" });
  return { app, port, config, stop: () => app.shutdown() };
}

/** Runs until SIGTERM/SIGINT, then drains and exits (1 when requests had to be cut off). */
export async function main(): Promise<void> {
  const running = await startApp();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ level: "INFO", message: "draining", signal }));
    void running.stop().then((clean) => process.exit(clean ? 0 : 1));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(JSON.stringify({ level: "ERROR", message: (err as Error).message }));
    process.exit(1);
  });
}
