import assert from "node:assert/strict";
import {
  activityTableName,
  ATTR,
  createTableInput,
  planTableName,
  POOL_VERSION_INDEX,
  poolTableName,
  TABLES,
} from "./schema";

describe("schema", () => {
  it("names the tables per environment as the original system did", () => {
    assert.equal(planTableName("drdev"), "app-dummy-service-task-definitions-drdev");
    assert.equal(poolTableName("dev"), "app-worker-manager-hotpool-dev");
    assert.equal(activityTableName("dev"), "app-dummy-service-data-dev");
  });

  it("keys the pool by UUID and indexes it by version and state, with a stream of both images and a TTL", () => {
    const input = createTableInput("pool", "dev");
    assert.deepEqual(input.KeySchema, [{ AttributeName: ATTR.UUID, KeyType: "HASH" }]);
    assert.deepEqual(input.GlobalSecondaryIndexes, [
      {
        IndexName: POOL_VERSION_INDEX,
        KeySchema: [
          { AttributeName: "WorkerVersion", KeyType: "HASH" },
          { AttributeName: "Available", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ]);
    assert.deepEqual(input.StreamSpecification, {
      StreamEnabled: true,
      StreamViewType: "NEW_AND_OLD_IMAGES",
    });
    assert.equal(TABLES.pool.ttlAttribute, "ExpiresAt");
  });

  it("defines every key attribute it uses, and no other (DynamoDB rejects both mistakes)", () => {
    for (const key of Object.keys(TABLES) as (keyof typeof TABLES)[]) {
      const input = createTableInput(key, "dev");
      const used = new Set([
        ...input.KeySchema.map((k) => k.AttributeName),
        ...(input.GlobalSecondaryIndexes ?? []).flatMap((g) => g.KeySchema.map((k) => k.AttributeName)),
      ]);
      assert.deepEqual(new Set(input.AttributeDefinitions.map((a) => a.AttributeName)), used, key);
      assert.equal(input.BillingMode, "PAY_PER_REQUEST");
    }
  });

  it("keys the plan by version and replicates only the activity table", () => {
    assert.equal(TABLES.plan.hashKey, "WorkerVersion");
    assert.deepEqual(
      Object.entries(TABLES)
        .filter(([, t]) => t.replicated)
        .map(([k]) => k),
      ["activity"],
    );
  });
});
