import * as assert from "node:assert/strict";
import { runPulumi, runPulumiExpectingError, type Recording, type RecordedResource } from "@acs/testkit";
import { ACTIVITY_WORKER_INDEX, ATTR, POOL_VERSION_INDEX } from "@acs/worker-pool-runtime/schema";
import { PoolTables, type PoolTablesArgs } from "./tables";
import { provider } from "./test/fixture";

const TABLE = "aws:dynamodb/table:Table";
const owner: PoolTablesArgs = {
  env: "dev",
  region: "us-east-1",
  activity: { mode: "owner", replicaRegion: "us-west-2" },
};

async function tables(args: PoolTablesArgs = owner, region = "us-east-1"): Promise<Recording> {
  return runPulumi(() => void new PoolTables("pool", args, { provider: provider(region) }), { region });
}
const byName = (rec: Recording, name: string): RecordedResource => {
  const t = rec.ofType(TABLE).find((r) => r.inputs.name === name);
  assert.ok(t, `no table named ${name}`);
  return t;
};

describe("PoolTables", () => {
  it("GIVEN the owning stack THEN it creates the plan, pool and activity tables with the environment suffix", async () => {
    const rec = await tables();
    assert.deepEqual(
      rec
        .ofType(TABLE)
        .map((t) => t.inputs.name)
        .sort(),
      [
        "app-dummy-service-data-dev",
        "app-dummy-service-task-definitions-dev",
        "app-worker-manager-hotpool-dev",
      ],
    );
  });

  it("keys the plan by WorkerVersion and streams its changes", async () => {
    const plan = byName(await tables(), "app-dummy-service-task-definitions-dev");
    assert.equal(plan.inputs.hashKey, ATTR.WorkerVersion, plan.urn);
    assert.equal(plan.inputs.rangeKey, undefined, plan.urn);
    assert.equal(plan.inputs.streamEnabled, true, plan.urn);
  });

  it("keys the pool by UUID, indexes idle workers by version, streams old and new images and expires rows by TTL", async () => {
    const pool = byName(await tables(), "app-worker-manager-hotpool-dev");
    assert.equal(pool.inputs.hashKey, ATTR.UUID, pool.urn);
    assert.deepEqual(pool.inputs.globalSecondaryIndexes, [
      {
        name: POOL_VERSION_INDEX,
        keySchemas: [
          { attributeName: ATTR.WorkerVersion, keyType: "HASH" },
          { attributeName: ATTR.Available, keyType: "RANGE" },
        ],
        projectionType: "ALL",
      },
    ]);
    assert.equal(pool.inputs.streamEnabled, true, pool.urn);
    assert.equal(pool.inputs.streamViewType, "NEW_AND_OLD_IMAGES", pool.urn);
    assert.deepEqual(pool.inputs.ttl, { attributeName: ATTR.ExpiresAt, enabled: true }, pool.urn);
    assert.ok(pool.outputs.streamArn, `${pool.urn} has no stream ARN`);
  });

  it("keys the activity table by client and time, with an index by worker", async () => {
    const activity = byName(await tables(), "app-dummy-service-data-dev");
    assert.equal(activity.inputs.hashKey, ATTR.ClientId);
    assert.equal(activity.inputs.rangeKey, ATTR.DT);
    assert.equal(activity.inputs.globalSecondaryIndexes[0].name, ACTIVITY_WORKER_INDEX);
  });

  it("makes every table on-demand, encrypted, point-in-time recoverable, deletion-protected and protected", async () => {
    for (const t of (await tables()).ofType(TABLE)) {
      assert.equal(t.inputs.billingMode, "PAY_PER_REQUEST", t.urn);
      // No serverSideEncryption block: encrypted with the AWS-owned key (enabled: true alone would
      // mean the AWS-managed key).
      assert.equal(t.inputs.serverSideEncryption, undefined, t.urn);
      assert.deepEqual(t.inputs.pointInTimeRecovery, { enabled: true }, t.urn);
      assert.equal(t.inputs.deletionProtectionEnabled, true, t.urn);
      assert.equal(t.options.protect, true, t.urn);
    }
  });

  it("encrypts with the given KMS key", async () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/1111";
    const rec = await tables({
      ...owner,
      kmsKeyArn: key,
      activity: {
        mode: "owner",
        replicaRegion: "us-west-2",
        replicaKmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/2222",
      },
    });
    for (const t of rec.ofType(TABLE))
      assert.deepEqual(t.inputs.serverSideEncryption, { enabled: true, kmsKeyArn: key }, t.urn);
    assert.equal(
      byName(rec, "app-dummy-service-data-dev").inputs.replicas[0].kmsKeyArn,
      "arn:aws:kms:us-west-2:123456789012:key/2222",
    );
  });

  it("GIVEN an ephemeral environment (protect: false) THEN nothing is deletion-protected", async () => {
    for (const t of (await tables({ ...owner, protect: false })).ofType(TABLE)) {
      assert.equal(t.inputs.deletionProtectionEnabled, false, t.urn);
      assert.equal(t.options.protect, false, t.urn);
    }
  });

  it("replicates only the activity table, into the DR region, with point-in-time recovery", async () => {
    const rec = await tables();
    for (const t of rec.ofType(TABLE)) {
      if (t.inputs.name === "app-dummy-service-data-dev") {
        assert.deepEqual(
          t.inputs.replicas,
          [
            {
              regionName: "us-west-2",
              pointInTimeRecovery: true,
              propagateTags: true,
              deletionProtectionEnabled: true,
            },
          ],
          t.urn,
        );
      } else {
        assert.deepEqual(t.inputs.replicas ?? [], [], `${t.urn} must not be replicated`);
      }
    }
  });

  it("GIVEN the replica stack THEN it declares no activity table and uses the owner's by name and regional ARN", async () => {
    let name: unknown;
    const rec = await runPulumi(
      () => {
        const t = new PoolTables(
          "pool",
          { env: "drdev", region: "us-west-2", activity: { mode: "replica", ownerEnv: "dev" } },
          { provider: provider("us-west-2") },
        );
        name = t.activityTableName;
        return { arn: t.activityTableArn };
      },
      { region: "us-west-2" },
    );
    const arn = rec.outputs.arn;
    assert.deepEqual(
      rec
        .ofType(TABLE)
        .map((t) => t.inputs.name)
        .sort(),
      ["app-dummy-service-task-definitions-drdev", "app-worker-manager-hotpool-drdev"],
    );
    assert.equal(name, "app-dummy-service-data-dev");
    assert.equal(arn, "arn:aws:dynamodb:us-west-2:123456789012:table/app-dummy-service-data-dev");
  });

  describe("rejects bad input before creating anything", () => {
    const rejects = async (args: PoolTablesArgs, message: RegExp) => {
      const err = await runPulumiExpectingError(() => new PoolTables("pool", args, { provider: provider() }));
      assert.match(err.message, message);
      assert.equal(
        err.recording.custom.filter((r) => r.type !== "pulumi:providers:aws").length,
        0,
        "nothing registered",
      );
    };

    it("a replica region equal to the table's own region", () =>
      rejects(
        { ...owner, activity: { mode: "owner", replicaRegion: "us-east-1" } },
        /activity\.replicaRegion is "us-east-1", the table's own region; .* use the DR peer's region/,
      ));

    it("a customer key without a key for the replica", () =>
      rejects(
        { ...owner, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1" },
        /activity\.replicaKmsKeyArn is undefined .* pass one/,
      ));

    it("a replica without the owning environment", () =>
      rejects(
        { ...owner, activity: { mode: "replica", ownerEnv: "" } },
        /activity\.ownerEnv is "": name the environment|activity\.ownerEnv is ""; name the environment/,
      ));

    it("an unknown activity mode", () =>
      rejects(
        { ...owner, activity: { mode: "shared" } as never },
        /activity\.mode is "shared"; use "owner" or "replica"/,
      ));
  });
});
