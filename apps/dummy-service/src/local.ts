/**
 * Runs the service on this machine against a local hot pool, so a claim can be tried end to
 * end with curl: an in-memory DynamoDB-compatible server with the pool's tables, the ECS
 * stand-in (tasks start at once), a plan with one pooled worker version, and the manager's
 * reconcile every RECONCILE_MS (2 s). No AWS account or credentials are used.
 *
 *   pnpm --filter @acs/dummy-service dev
 *   curl -s localhost:8080/app/health
 *   curl -s -XPOST localhost:8080/app/workers/claim -d '{"version":"1.0.0","clientId":"me"}'
 *   curl -s -XPOST localhost:8080/app/workers/<uuid>/release -d '{"clientId":"me","claimId":"<claimId>","mode":"retire"}'
 */
import { reconcile } from "@acs/worker-pool-runtime";
import { createHarness, startLocalDynamo, useLocalEndpoints } from "@acs/worker-pool-runtime/local";
import { hotPool } from "./hot-pool";
import { startApp } from "./main";

const VERSION = process.env.WORKER_VERSION ?? "1.0.0";
const SCALE_TO = Number(process.env.SCALE_TO ?? 3);
const RECONCILE_MS = Number(process.env.RECONCILE_MS ?? 2000);

async function run(): Promise<void> {
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  const dynamo = await startLocalDynamo();
  useLocalEndpoints(dynamo.url, "http://127.0.0.1:9");
  const h = await createHarness({ env: "local", clock: "real", startMode: "immediate" });
  await h.seedPlan([{ WorkerVersion: VERSION, ScaleTo: SCALE_TO }]);
  const tick = async () => {
    try {
      await reconcile(h.deps);
    } catch (err) {
      console.error(JSON.stringify({ level: "ERROR", message: "reconcile failed", error: String(err) }));
    }
  };
  await tick(); // starts the workers
  await tick(); // records their addresses: they are idle
  const timer = setInterval(() => void tick(), RECONCILE_MS);
  const running = await startApp({
    env: {
      ...process.env,
      PORT: process.env.PORT ?? "8080",
      ENVIRONMENT: "local",
      POOL_TABLE: h.deps.config.poolTable,
      ACTIVITY_TABLE: h.deps.config.activityTable,
    },
    pool: hotPool({
      poolTable: h.deps.config.poolTable,
      activityTable: h.deps.config.activityTable,
      deps: h.newDeps(),
    }),
    host: "127.0.0.1",
  });
  console.log(
    `\nlocal hot pool: version ${VERSION} kept at ${SCALE_TO} idle workers, reconciled every ${RECONCILE_MS} ms\n` +
      `try:\n  curl -s localhost:${running.port}/app/health\n` +
      `  curl -s -XPOST localhost:${running.port}/app/workers/claim -d '{"version":"${VERSION}","clientId":"me"}'\n`,
  );
  const stop = async () => {
    clearInterval(timer);
    await running.stop();
    await h.close();
    await dynamo.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
