import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config";

const VALID = {
  PLAN_TABLE: "plan",
  POOL_TABLE: "pool",
  ACTIVITY_TABLE: "activity",
  CLUSTER_ARN: "arn:aws:ecs:us-east-1:123456789012:cluster/acs-dev",
  SUBNET_IDS: "subnet-1, subnet-2",
  SECURITY_GROUP_IDS: "sg-1",
  WORKER_PORT: "8080",
};

function problems(
  env: Record<string, string>,
  need: "reconcile" | "pipeline" | "claim" = "reconcile",
): string[] {
  try {
    loadConfig(need, env);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return [...e.problems];
  }
  return [];
}

describe("config", () => {
  it("parses a valid reconcile environment with documented defaults", () => {
    const c = loadConfig("reconcile", VALID);
    assert.deepEqual(c.subnetIds, ["subnet-1", "subnet-2"]);
    assert.equal(c.workerPort, 8080);
    assert.equal(c.startedBy, "acs-worker-pool");
    assert.equal(c.pendingTimeoutMs, 600_000);
    assert.equal(c.orphanGraceMs, 120_000);
    assert.equal(c.leaseMs, 120_000);
    assert.equal(c.visibilityMs, 60_000);
    assert.equal(c.capacityProviderStrategy, undefined);
  });

  it("rejects an ECS visibility window that is not shorter than the pending timeout", () => {
    const p = problems({ ...VALID, ECS_VISIBILITY_SECONDS: "600" });
    assert.equal(p.length, 1);
    assert.match(
      p[0]!,
      /^ECS_VISIBILITY_SECONDS is "600": it must be less than PENDING_TIMEOUT_SECONDS \(600\)/,
    );
    assert.match(problems({ ...VALID, ECS_VISIBILITY_SECONDS: "-1" })[0]!, /integer from 0 to 3600/);
  });

  it("names every missing variable at once", () => {
    const p = problems({});
    for (const name of [
      "PLAN_TABLE",
      "POOL_TABLE",
      "CLUSTER_ARN",
      "SUBNET_IDS",
      "SECURITY_GROUP_IDS",
      "WORKER_PORT",
    ]) {
      assert.ok(
        p.some((m) => m.startsWith(`${name} is`)),
        `${name} in ${p.join("; ")}`,
      );
    }
  });

  it("says which value is wrong and how to fix it", () => {
    const p = problems({
      ...VALID,
      SUBNET_IDS: "vpc-1",
      STARTED_BY: "x".repeat(37),
      WORKER_PORT: "http",
      CAPACITY_PROVIDER_STRATEGY: "[{",
    });
    assert.match(p.find((m) => m.startsWith("SUBNET_IDS")) ?? "", /"vpc-1".*subnet-0abc,subnet-0def/);
    assert.match(p.find((m) => m.startsWith("STARTED_BY")) ?? "", /\(37 characters\); ECS allows at most 36/);
    assert.match(p.find((m) => m.startsWith("WORKER_PORT")) ?? "", /"http".*integer from 1 to 65535/);
    assert.match(
      p.find((m) => m.startsWith("CAPACITY_PROVIDER_STRATEGY")) ?? "",
      /not valid JSON.*FARGATE_SPOT/,
    );
  });

  it("accepts a capacity-provider strategy as JSON", () => {
    const c = loadConfig("reconcile", {
      ...VALID,
      CAPACITY_PROVIDER_STRATEGY: '[{"capacityProvider":"FARGATE_SPOT","weight":1}]',
    });
    assert.deepEqual(c.capacityProviderStrategy, [{ capacityProvider: "FARGATE_SPOT", weight: 1 }]);
  });

  it("asks the pipeline only for what it uses", () => {
    assert.deepEqual(problems({ PLAN_TABLE: "plan", WORKER_FAMILY: "acs-worker" }, "pipeline"), []);
    assert.ok(problems({ PLAN_TABLE: "plan" }, "pipeline")[0]?.startsWith("WORKER_FAMILY is"));
  });
});
