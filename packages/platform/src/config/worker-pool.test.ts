import * as assert from "node:assert/strict";
import { sectionHarness } from "./test/harness";

const pool = { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/worker:1.0.0" };

const { load, rejected } = sectionHarness("workerPool", pool);

describe("platform config: acs:workerPool", () => {
  it("reads a minimal section with its defaults", async () => {
    assert.deepEqual((await load(pool)).workerPool, {
      ...pool,
      cpu: 256,
      memory: 512,
      port: 8080,
      schedule: "rate(15 minutes)",
      defaultScaleTo: 0,
      defaultPooling: "N",
      spotWeight: 0,
      managerMemory: 256,
      managerTimeout: 300,
      logRetentionDays: 30,
    });
  });

  it("rejects a missing image", async () => {
    assert.match(
      await rejected({ image: undefined }),
      /acs:workerPool\.image is missing: name the worker image/,
    );
  });
  it("rejects a malformed schedule", async () => {
    assert.match(
      await rejected({ schedule: "every 15 minutes" }),
      /acs:workerPool\.schedule is "every 15 minutes": use "rate\(N minutes\|hours\|days\)"/,
    );
  });
  it("rejects a schedule faster than a minute", async () => {
    assert.match(
      await rejected({ schedule: "rate(30 seconds)" }),
      /acs:workerPool\.schedule is "rate\(30 seconds\)": .*nothing faster than 1 minute/,
    );
  });
  it("rejects a negative ScaleTo default", async () => {
    assert.match(
      await rejected({ defaultScaleTo: -1 }),
      /acs:workerPool\.defaultScaleTo is -1: use a whole number of idle workers from 0 to 100/,
    );
  });
  it("rejects an absurd ScaleTo default", async () => {
    assert.match(
      await rejected({ defaultScaleTo: 100000 }),
      /acs:workerPool\.defaultScaleTo is 100000: use a whole number of idle workers from 0 to 100/,
    );
  });
  it("rejects a startedBy longer than 36 characters", async () => {
    assert.match(
      await rejected({ startedBy: "acs-worker-pool-development-environment" }),
      /^Pulumi\.dev\.yaml: acs:workerPool\.startedBy is "acs-worker-pool-development-environment" \(39 characters\); ECS allows at most 36/,
    );
  });
  it("rejects a worker size Fargate does not offer", async () => {
    assert.match(
      await rejected({ cpu: 256, memory: 4096 }),
      /acs:workerPool\.cpu 256 with acs:workerPool\.memory 4096 is not a Fargate combination; for cpu 256 use memory 512, 1024/,
    );
  });
  it("rejects a manager timeout beyond Lambda's limit", async () => {
    assert.match(
      await rejected({ managerTimeout: 1800 }),
      /acs:workerPool\.managerTimeout is 1800: use a timeout in seconds from 30 to 900/,
    );
  });
  it("rejects an unknown Pooling default", async () => {
    assert.match(
      await rejected({ defaultPooling: "yes" }),
      /acs:workerPool\.defaultPooling is "yes": use "Y" or "N"/,
    );
  });
  it("reads reservedConcurrency (unset by default: the functions stay unreserved)", async () => {
    assert.equal((await load(pool)).workerPool?.reservedConcurrency, undefined);
    assert.equal((await load({ ...pool, reservedConcurrency: 1 })).workerPool?.reservedConcurrency, 1);
  });
  it("rejects a reserved concurrency of 0", async () => {
    assert.match(
      await rejected({ reservedConcurrency: 0 }),
      /acs:workerPool\.reservedConcurrency is 0: use a whole number of at least 1 \(0 would stop the function\)/,
    );
  });
  it("rejects unknown keys", async () => {
    assert.match(await rejected({ scaleTo: 2 }), /unknown config key acs:workerPool\.scaleTo/);
  });
});
