/**
 * Local demo of the hot pool: an in-memory DynamoDB server, the tables from
 * the infrastructure's definitions, the ECS stand-in, three worker versions.
 *
 *   pnpm --filter @acs/worker-pool demo
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { startLocalDynamo, useLocalEndpoints } from "../local/dynamo";
import { createHarness, imagePushedEvent, type Harness } from "../local/harness";
import { claimWorker } from "../src/claim";
import { onImagePushed } from "../src/pipeline";
import { reconcile, type ReconcileResult } from "../src/reconcile";
import { formatStatus, poolStatus } from "../src/status";
import { ATTR } from "../src/schema";

const VERSIONS: { tag: string; scaleTo: number }[] = [
  { tag: "1.0.0", scaleTo: 3 },
  { tag: "1.1.0", scaleTo: 5 },
  { tag: "2.0.0", scaleTo: 2 },
];

async function show(h: Harness, title: string, res?: ReconcileResult): Promise<void> {
  console.log(`\n== ${title}`);
  if (res) {
    const t = res.versions.reduce(
      (a, v) => ({
        started: a.started + v.started,
        stopped: a.stopped + v.stopped,
        filled: a.filled + v.filled,
      }),
      { started: 0, stopped: 0, filled: 0 },
    );
    console.log(
      `   reconcile: ${res.outcome}; started ${t.started}, stopped ${t.stopped}, became idle ${t.filled}`,
    );
  }
  console.log(
    formatStatus(await poolStatus(h.deps))
      .split("\n")
      .map((l) => `   ${l}`)
      .join("\n"),
  );
}

async function setPlan(
  h: Harness,
  version: string,
  values: { Pooling?: "Y" | "N"; ScaleTo?: number },
): Promise<void> {
  const names: Record<string, string> = {};
  const vals: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    names[`#${k}`] = k;
    vals[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  await h.deps.ddb.send(
    new UpdateCommand({
      TableName: h.deps.config.planTable,
      Key: { [ATTR.WorkerVersion]: version },
      UpdateExpression: `SET ${sets.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: vals,
    }),
  );
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
  const dynamo = await startLocalDynamo();
  useLocalEndpoints(dynamo.url, "http://127.0.0.1:9");
  const h = await createHarness({ env: "demo", clock: "real" });
  try {
    console.log(`DynamoDB-compatible server (in memory): ${dynamo.url}`);
    console.log(`ECS stand-in: ${h.ecs.url}`);
    console.log(
      `tables: ${h.deps.config.planTable}, ${h.deps.config.poolTable}, ${h.deps.config.activityTable}`,
    );

    // The pipeline turns three pushed images into task definitions and plan rows.
    for (const [i, v] of VERSIONS.entries()) {
      const digest = `sha256:${String(i + 1).repeat(64)}`;
      const res = await onImagePushed(h.deps, imagePushedEvent(v.tag, digest));
      console.log(
        `pipeline: ${v.tag} -> ${res.outcome}, task definition ${res.taskDefArn?.split("/").pop()}`,
      );
      await setPlan(h, v.tag, { Pooling: "Y", ScaleTo: v.scaleTo });
    }
    await show(h, "plan seeded (Pooling=Y), pool empty");

    await show(h, "reconcile: start the deficit", await reconcile(h.deps));
    console.log(`   (ECS runs ${h.ecs.runPending()} tasks)`);
    await show(h, "reconcile: tasks running, addresses recorded", await reconcile(h.deps));

    console.log("");
    const claims = [
      ...(await Promise.all(
        [1, 2].map((i) => claimWorker(h.deps, { version: "1.1.0", clientId: `client-${i}` })),
      )),
      await claimWorker(h.deps, { version: "1.0.0", clientId: "client-3" }),
    ];
    for (const c of claims)
      if (c) console.log(`claimed ${c.version} worker ${c.uuid.slice(0, 8)} at ${c.ip}:${c.port}`);
    await show(h, "after 3 claims");

    await show(h, "reconcile: top up after claims", await reconcile(h.deps));
    h.ecs.runPending();
    await show(h, "reconcile: new workers running", await reconcile(h.deps));

    await setPlan(h, "1.1.0", { ScaleTo: 2 });
    await show(h, "1.1.0 ScaleTo 5 -> 2; reconcile stops the surplus", await reconcile(h.deps));

    await setPlan(h, "2.0.0", { Pooling: "N" });
    await show(h, "2.0.0 Pooling Y -> N; reconcile drains it", await reconcile(h.deps));

    h.resetCounts();
    const steady = await reconcile(h.deps);
    const calls = JSON.stringify({ dynamodb: h.ddbCalls, ecs: h.ecsCalls });
    const writes = ["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"].reduce(
      (a, k) => a + (h.ddbCalls[k] ?? 0),
      0,
    );
    await show(h, "reconcile again: steady state", steady);
    console.log(`   API calls of that reconcile: ${calls}; writes: ${writes}`);
    console.log(`\nlive tasks in the stand-in: ${h.ecs.liveTasks().length}`);
  } finally {
    await h.close();
    await dynamo.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
