import * as assert from "node:assert/strict";
import { Recording, runPulumi, runPulumiExpectingError, securityGroupRules } from "@acs/testkit";
import { createEnvironment } from "../environment";
import { VALID_BASE, VALID_SECONDARY } from "../config/test/harness";
import { wireWorkerPool, WorkerPoolNetworkInputs } from "./worker-pool";

/** Fake ids in the shape @acs/network's Network and the ecs wiring produce. */
const network: WorkerPoolNetworkInputs = {
  vpcId: "vpc-0aaa0000000000000",
  privateSubnetIds: ["subnet-0prv0000000000001", "subnet-0prv0000000000002"],
  appSecurityGroupId: "sg-0app0000000000000",
};
const cluster = (region: string) => ({ arn: `arn:aws:ecs:${region}:123456789012:cluster/acs-test` });
const pool = { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/worker:1.0.0" };
/** drdev runs the worker image replicated into its own region. */
const DR_IMAGE = "123456789012.dkr.ecr.us-west-2.amazonaws.com/acs/worker:1.0.0";
const dev = { ...VALID_BASE, "acs:workerPool": pool };
const drdev = {
  ...VALID_SECONDARY,
  "acs:workerPool": { ...pool, image: DR_IMAGE, activityTableOwner: "dev" },
};

function run(stack: string, config: Record<string, unknown>, region = "us-east-1"): Promise<Recording> {
  return runPulumi(() => wireWorkerPool(createEnvironment(), network, { cluster: cluster(region) }).outputs, {
    stack,
    region,
    config,
  });
}
const TABLE = "aws:dynamodb/table:Table";
const FN = "aws:lambda/function:Function";

describe("wireWorkerPool", () => {
  it("GIVEN the primary THEN it owns the activity global table with a replica in the peer region", async () => {
    const rec = await run("dev", dev);
    const names = rec
      .ofType(TABLE)
      .map((t) => t.inputs.name)
      .sort();
    assert.deepEqual(names, [
      "app-dummy-service-data-dev",
      "app-dummy-service-task-definitions-dev",
      "app-worker-manager-hotpool-dev",
    ]);
    const activity = rec.ofType(TABLE).find((t) => t.inputs.name === "app-dummy-service-data-dev")!;
    assert.deepEqual(
      activity.inputs.replicas.map((r: { regionName: string }) => r.regionName),
      ["us-west-2"],
      activity.urn,
    );
  });

  it("GIVEN the secondary THEN it has its own plan and pool tables, no activity table, and reads the replica by name", async () => {
    const rec = await run("drdev", drdev, "us-west-2");
    assert.deepEqual(
      rec
        .ofType(TABLE)
        .map((t) => t.inputs.name)
        .sort(),
      ["app-dummy-service-task-definitions-drdev", "app-worker-manager-hotpool-drdev"],
    );
    const vars = rec.one(FN, "drdev-hot-pool-manager-manager").inputs.environment.variables;
    assert.equal(vars.ACTIVITY_TABLE, "app-dummy-service-data-dev");
    assert.equal(vars.POOL_TABLE, "app-worker-manager-hotpool-drdev");
    assert.equal(
      rec.outputs.workerActivityTableArn,
      "arn:aws:dynamodb:us-west-2:123456789012:table/app-dummy-service-data-dev",
    );
  });

  it("starts workers in the private subnets with their own security group, in the cluster", async () => {
    const rec = await run("dev", dev);
    const vars = rec.one(FN, "dev-hot-pool-manager-manager").inputs.environment.variables;
    const sg = rec.one("aws:ec2/securityGroup:SecurityGroup", "dev-workers-sg");
    assert.equal(vars.SUBNET_IDS, network.privateSubnetIds.join(","));
    assert.equal(vars.SECURITY_GROUP_IDS, sg.id);
    assert.equal(vars.CLUSTER_ARN, cluster("us-east-1").arn);
    assert.equal(vars.STARTED_BY, "acs-worker-pool-dev");
  });

  it("lets only the application reach the workers, on the worker port", async () => {
    const rec = await run("dev", dev);
    const sg = rec.one("aws:ec2/securityGroup:SecurityGroup", "dev-workers-sg");
    assert.deepEqual(securityGroupRules(rec, sg.id, "ingress"), [
      `tcp 8080 from ${network.appSecurityGroupId}`,
    ]);
    assert.deepEqual(
      securityGroupRules(rec, network.appSecurityGroupId, "egress"),
      [`tcp 8080 to ${sg.id}`],
      "the application may open connections to the workers",
    );
  });

  it("reserves the functions' concurrency only when acs:workerPool.reservedConcurrency is set", async () => {
    const unset = await run("dev", dev);
    for (const f of unset.ofType(FN)) assert.equal(f.inputs.reservedConcurrentExecutions, undefined, f.urn);
    const set = await run("dev", { ...dev, "acs:workerPool": { ...pool, reservedConcurrency: 1 } });
    assert.equal(set.ofType(FN).length, 2);
    for (const f of set.ofType(FN)) assert.equal(f.inputs.reservedConcurrentExecutions, 1, f.urn);
  });

  it("sends every hot-pool alarm to the environment's topic", async () => {
    const rec = await run("dev", dev);
    const topic = rec.one("aws:sns/topic:Topic", "dev-alerts").outputs.arn;
    const alarms = rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    assert.equal(alarms.length, 5, "errors ×2, dead letters, below target, idle shortfall");
    for (const a of alarms) assert.deepEqual(a.inputs.alarmActions, [topic], a.urn);
  });

  it("outputs table names and ARNs, the manager function, the worker family and the repository URL", async () => {
    const o = (await run("dev", dev)).outputs;
    for (const k of [
      "workerPlanTableName",
      "workerPlanTableArn",
      "workerPoolTableName",
      "workerPoolTableArn",
      "workerActivityTableName",
      "workerActivityTableArn",
      "workerManagerFunctionName",
      "workerFamily",
      "workerRepositoryUrl",
    ]) {
      assert.ok(o[k], `no output ${k}`);
    }
    assert.equal(o.workerFamily, "acs-dev-worker");
  });

  describe("rejects bad config before creating anything", () => {
    const rejects = async (
      stack: string,
      config: Record<string, unknown>,
      fix: RegExp,
      region = "us-east-1",
    ) => {
      const err = await runPulumiExpectingError(
        () => wireWorkerPool(createEnvironment(), network, { cluster: cluster(region) }),
        { stack, region, config },
      );
      assert.match(err.message, fix);
      // Only the environment's own resources (providers, alarm topic) exist: nothing of the hot pool.
      const ours = err.recording.resources.filter(
        (r) => r.name.includes("hot-pool") || r.type.startsWith("acs:worker-pool:"),
      );
      assert.deepEqual(
        ours.map((r) => r.urn),
        [],
      );
    };
    it("a missing section", () =>
      rejects(
        "dev",
        { ...dev, "acs:workerPool": undefined },
        /acs:workerPool is missing: add the section with at least image/,
      ));
    it("a secondary without the activity table's owner", () =>
      rejects(
        "drdev",
        { ...drdev, "acs:workerPool": { ...pool, image: DR_IMAGE } },
        /acs:workerPool\.activityTableOwner is missing: .* name the primary environment/,
        "us-west-2",
      ));
    it("a primary naming another owner", () =>
      rejects(
        "dev",
        { ...dev, "acs:workerPool": { ...pool, activityTableOwner: "prod" } },
        /acs:workerPool\.activityTableOwner is "prod" on a primary: remove it/,
      ));
  });
});
