import * as assert from "node:assert/strict";
import { sectionHarness } from "./test/harness";

const ecs = { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/app:1.4.2" };

const { load, rejected } = sectionHarness("ecs", ecs);

describe("platform config: acs:ecs", () => {
  it("reads a minimal section with its defaults", async () => {
    const cfg = await load(ecs);
    assert.deepEqual(cfg.ecs, {
      ...ecs,
      cpu: 512,
      memory: 1024,
      desiredCount: 2,
      minCount: 2,
      maxCount: 6,
      cpuTarget: 60,
      memoryTarget: 70,
      requestsPerTarget: 1000,
      stepScalingCpu: 85,
      scheduled: [],
      spotWeight: 0,
      logRetentionDays: 30,
      xray: false,
      enableExecuteCommand: false,
    });
  });

  it("reads a pilot-light section (small desired count) with a schedule", async () => {
    const cfg = await load({
      ...ecs,
      desiredCount: 1,
      minCount: 1,
      maxCount: 6,
      scheduled: [{ name: "night", schedule: "cron(0 20 * * ? *)", minCount: 0, maxCount: 0 }],
    });
    assert.equal(cfg.ecs?.desiredCount, 1);
    assert.equal(cfg.ecs?.scheduled[0]?.name, "night");
  });

  it("rejects a missing image", async () => {
    assert.match(
      await rejected({ image: undefined }),
      /acs:ecs\.image is missing: name the application image/,
    );
  });

  it("rejects a cpu Fargate does not offer", async () => {
    assert.match(
      await rejected({ cpu: 300 }),
      /acs:ecs\.cpu is 300, which Fargate does not offer; use one of 256, 512/,
    );
  });

  it("rejects memory that is not a Fargate combination, listing the valid values", async () => {
    assert.match(
      await rejected({ cpu: 256, memory: 4096 }),
      /acs:ecs\.cpu 256 with acs:ecs\.memory 4096 is not a Fargate combination; for cpu 256 use memory 512, 1024/,
    );
  });

  it("rejects minCount above maxCount", async () => {
    assert.match(
      await rejected({ minCount: 5, maxCount: 2, desiredCount: 2 }),
      /acs:ecs\.minCount is 5: is above maxCount 2; make minCount ≤ maxCount/,
    );
  });

  it("rejects a negative desired count", async () => {
    assert.match(await rejected({ desiredCount: -1 }), /acs:ecs\.desiredCount is -1: use 0 or more tasks/);
  });

  it("rejects a desired count outside min–max", async () => {
    assert.match(
      await rejected({ desiredCount: 9 }),
      /acs:ecs\.desiredCount is 9: is outside minCount–maxCount \(2–6\); use a count in that range/,
    );
  });

  it("rejects a log retention CloudWatch does not accept", async () => {
    assert.match(
      await rejected({ logRetentionDays: 10 }),
      /^Pulumi\.dev\.yaml: acs:ecs\.logRetentionDays is 10, which CloudWatch Logs does not accept; use one of 1, 3, 5/,
    );
  });

  it("rejects a malformed schedule", async () => {
    assert.match(
      await rejected({ scheduled: [{ name: "night", schedule: "20:00", minCount: 0, maxCount: 0 }] }),
      /acs:ecs\.scheduled\.0\.schedule is "20:00": use cron\(…\), rate\(…\) or at\(…\)/,
    );
  });

  it("rejects unknown keys", async () => {
    assert.match(await rejected({ desiredcount: 2 }), /unknown config key acs:ecs\.desiredcount/);
  });
});

describe("platform config: acs:ecs.deployment", () => {
  it("reads a blue/green deployment with the smoke test", async () => {
    const cfg = await load({
      ...ecs,
      deployment: { strategy: { type: "blueGreen", bakeTimeMinutes: 5 }, smokeTest: true },
    });
    assert.deepEqual(cfg.ecs?.deployment, {
      strategy: { type: "blueGreen", bakeTimeMinutes: 5 },
      smokeTest: true,
    });
  });

  it("leaves the deployment out (rolling) when the key is absent", async () => {
    assert.equal((await load(ecs)).ecs?.deployment, undefined);
  });

  it("rejects a canary percent ECS does not accept, on its own key", async () => {
    assert.match(
      await rejected({ deployment: { strategy: { type: "canary", percent: 2.55 } } }),
      /acs:ecs\.deployment\.strategy\.percent is 2\.55: ECS accepts a multiple of 0\.1 from 0\.1 to 100/,
    );
  });

  it("rejects a key of another strategy", async () => {
    assert.match(
      await rejected({ deployment: { strategy: { type: "blueGreen", stepPercent: 10 } } }),
      /unknown config key acs:ecs\.deployment\.strategy\.stepPercent/,
    );
  });

  it("rejects an unknown strategy", async () => {
    assert.match(
      await rejected({ deployment: { strategy: { type: "bluegreen" } } }),
      /acs:ecs\.deployment\.strategy\.type is "bluegreen": .*blueGreen/,
    );
  });

  it("rejects the smoke test with a rolling deployment", async () => {
    assert.match(
      await rejected({ deployment: { strategy: { type: "rolling" }, smokeTest: true } }),
      /acs:ecs\.deployment\.smokeTest is true: the strategy is "rolling", which has no green revision/,
    );
  });
});
