import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { overlyBroadStatements, promiseOf, runPulumi, statementsGranting } from "@acs/testkit";
import { workerClientEnvironment, workerClientStatements, workerClientTables } from "./client";
import { loadConfig } from "@acs/worker-pool-runtime/config";

const POOL = "arn:aws:dynamodb:us-west-2:123456789012:table/app-worker-manager-hotpool-drdev";
const ACTIVITY = "arn:aws:dynamodb:us-west-2:123456789012:table/app-dummy-service-data-dev";
const inputs = {
  poolTableName: "app-worker-manager-hotpool-drdev",
  poolTableArn: POOL,
  activityTableName: "app-dummy-service-data-dev",
  activityTableArn: ACTIVITY,
};

async function policy(): Promise<string> {
  let json = "";
  await runPulumi(async () => {
    json = await promiseOf(
      pulumi.jsonStringify({ Version: "2012-10-17", Statement: workerClientStatements(inputs) }),
    );
  });
  return json;
}

describe("worker client (the application's claim access)", () => {
  it("finds idle workers through the index only, never by scanning the pool table", async () => {
    const doc = await policy();
    assert.deepEqual(
      statementsGranting(doc, "dynamodb:Query").flatMap((s) => s.Resource),
      [`${POOL}/index/WorkerVersion-Available-index`, `${ACTIVITY}/index/UUID-DT-index`],
    );
    assert.deepEqual(statementsGranting(doc, "dynamodb:Scan"), []);
  });

  it("claims, returns and retires workers with conditional updates on the pool table and records activity, nothing wider", async () => {
    const doc = await policy();
    assert.deepEqual(statementsGranting(doc, "dynamodb:UpdateItem")[0]?.Resource, [POOL]);
    assert.deepEqual(statementsGranting(doc, "dynamodb:GetItem")[0]?.Resource, [POOL], "read back");
    assert.deepEqual(
      statementsGranting(doc, "dynamodb:DeleteItem"),
      [],
      "a retire marks the row; the manager deletes it",
    );
    assert.deepEqual(statementsGranting(doc, "ecs:StopTask"), [], "the manager stops retired workers");
    assert.deepEqual(statementsGranting(doc, "dynamodb:PutItem")[0]?.Resource, [ACTIVITY]);
    assert.deepEqual(overlyBroadStatements(doc), []);
  });

  it("gives the application exactly the variables the claim client reads", () => {
    const env = workerClientEnvironment(inputs) as Record<string, string>;
    const cfg = loadConfig("claim", env);
    assert.equal(cfg.poolTable, inputs.poolTableName);
    assert.equal(cfg.activityTable, inputs.activityTableName);
  });

  it("names the environment's pool table and the activity table in its region (the owner's replica in DR)", async () => {
    let tables: Record<string, unknown> = {};
    await runPulumi(
      async () => {
        const t = workerClientTables({ env: "drdev", activityOwnerEnv: "dev", region: "us-west-2" });
        tables = {
          poolTableName: t.poolTableName,
          poolTableArn: await promiseOf(pulumi.output(t.poolTableArn)),
          activityTableName: t.activityTableName,
          activityTableArn: await promiseOf(pulumi.output(t.activityTableArn)),
        };
      },
      { region: "us-west-2" },
    );
    assert.deepEqual(tables, inputs);
  });
});
