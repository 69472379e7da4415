import * as assert from "node:assert/strict";
import {
  overlyBroadStatements,
  runPulumi,
  runPulumiExpectingError,
  statementsGranting,
  type Recording,
} from "@acs/testkit";
import { HotPool, type HotPoolArgs } from "./hot-pool";
import { CLUSTER_ARN, FAKE_CODE, provider } from "./test/fixture";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:acs-dev-alerts";
const args: HotPoolArgs = {
  env: "dev",
  region: "us-east-1",
  activity: { mode: "owner", replicaRegion: "us-west-2" },
  clusterArn: CLUSTER_ARN,
  subnetIds: ["subnet-0aaa", "subnet-0bbb"],
  securityGroupIds: ["sg-0app"],
  worker: { image: "public.ecr.aws/nginx/nginx:stable", cpu: 256, memory: 512, port: 8080 },
  alarmTopicArn: TOPIC,
  code: FAKE_CODE,
};

async function hotPool(a: HotPoolArgs = args): Promise<Recording> {
  return runPulumi(() => new HotPool("pool", a, { provider: provider() }).outputs);
}

describe("HotPool", () => {
  it("composes the worker, tables, functions, triggers and alarms under typed components", async () => {
    const rec = await hotPool();
    const types = new Set(rec.resources.map((r) => r.type));
    for (const t of [
      "acs:worker-pool:HotPool",
      "acs:worker-pool:Worker",
      "acs:worker-pool:PoolTables",
      "acs:worker-pool:Manager",
      "acs:worker-pool:Triggers",
      "acs:worker-pool:PoolAlarms",
    ]) {
      assert.ok(types.has(t), `no ${t}`);
    }
    for (const r of rec.custom.filter(
      (c) => c.type.startsWith("aws:") && c.type !== "pulumi:providers:aws",
    )) {
      assert.ok(r.parent, `${r.urn} has no parent`);
    }
  });

  it("outputs the table names and ARNs, function names, worker family and repository URL", async () => {
    const o = (await hotPool()).outputs;
    assert.equal(o.workerPlanTableName, "app-dummy-service-task-definitions-dev");
    assert.equal(o.workerPoolTableName, "app-worker-manager-hotpool-dev");
    assert.equal(o.workerActivityTableName, "app-dummy-service-data-dev");
    assert.equal(
      o.workerPoolTableArn,
      "arn:aws:dynamodb:us-east-1:123456789012:table/app-worker-manager-hotpool-dev",
    );
    assert.equal(o.workerManagerFunctionName, "acs-dev-worker-manager");
    assert.equal(o.workerPipelineFunctionName, "acs-dev-worker-pipeline");
    assert.equal(o.workerFamily, "acs-dev-worker");
    assert.match(
      String(o.workerRepositoryUrl),
      /^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/acs\/worker$/,
    );
  });

  it("lets the functions start and pass exactly the worker's task definition and roles", async () => {
    const rec = await hotPool();
    const td = rec.one("aws:ecs/taskDefinition:TaskDefinition");
    const doc = rec.one("aws:iam/rolePolicy:RolePolicy", "pool-manager-manager-policy").inputs.policy;
    assert.deepEqual(statementsGranting(doc, "ecs:RunTask")[0]!.Resource, [
      String(td.outputs.arn).replace(/:\d+$/, ":*"),
    ]);
    const roles = rec.ofType("aws:iam/role:Role").filter((r) => r.name.startsWith("pool-worker-task-"));
    assert.deepEqual(
      statementsGranting(doc, "iam:PassRole")[0]!.Resource.sort(),
      roles.map((r) => r.outputs.arn).sort(),
    );
    for (const p of rec.ofType("aws:iam/rolePolicy:RolePolicy"))
      assert.deepEqual(overlyBroadStatements(p.inputs.policy), [], p.urn);
  });

  it("lets the worker's execution role pull the images the pipeline registers", async () => {
    const rec = await hotPool();
    const repoArn = rec.one("aws:ecr/repository:Repository").outputs.arn;
    const exec = rec
      .ofType("aws:iam/rolePolicy:RolePolicy")
      .find((p) => p.name === "pool-worker-task-execution");
    assert.ok(exec, "no execution policy");
    assert.ok(
      statementsGranting(exec.inputs.policy, "ecr:BatchGetImage").some((s) => s.Resource.includes(repoArn)),
      `${exec.urn} cannot pull from ${repoArn}`,
    );
  });

  it("GIVEN repository replica THEN creates no repository and pulls and watches the replicated one", async () => {
    const rec = await hotPool({
      ...args,
      worker: { ...args.worker, repository: "replica" },
    });
    assert.equal(
      rec.ofType("aws:ecr/repository:Repository").length,
      0,
      "ECR replication owns the repository",
    );
    const replicaArn = "arn:aws:ecr:us-east-1:123456789012:repository/acs/worker";
    const exec = rec
      .ofType("aws:iam/rolePolicy:RolePolicy")
      .find((p) => p.name === "pool-worker-task-execution")!;
    assert.ok(
      statementsGranting(exec.inputs.policy, "ecr:BatchGetImage").some((s) =>
        s.Resource.includes(replicaArn),
      ),
      `${exec.urn} cannot pull from ${replicaArn}`,
    );
    assert.equal(rec.outputs.workerRepositoryUrl, "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/worker");
    const push = rec
      .ofType("aws:cloudwatch/eventRule:EventRule")
      .map((r) => JSON.parse(r.inputs.eventPattern ?? "{}"))
      .find((p) => p.source?.includes("aws.ecr"));
    assert.deepEqual(push?.detail["repository-name"], ["acs/worker"]);
  });

  it("protects the repository and tables, unless protect is false", async () => {
    const rec = await hotPool();
    assert.equal(rec.one("aws:ecr/repository:Repository").options.protect, true);
    const loose = await hotPool({ ...args, protect: false });
    assert.equal(loose.one("aws:ecr/repository:Repository").options.protect, false);
    assert.equal(loose.one("aws:ecr/repository:Repository").inputs.forceDelete, true);
    for (const t of loose.ofType("aws:dynamodb/table:Table")) assert.equal(t.options.protect, false, t.urn);
  });

  describe("rejects bad input before creating anything", () => {
    const rejects = async (a: HotPoolArgs, fix: RegExp) => {
      const err = await runPulumiExpectingError(() => new HotPool("pool", a));
      assert.match(err.message, fix);
      assert.equal(err.recording.custom.length, 0, "nothing registered");
    };
    it("a schedule faster than a minute", () =>
      rejects({ ...args, schedule: "rate(10 seconds)" }, /schedule is "rate\(10 seconds\)"/));
    it("empty subnets", () => rejects({ ...args, subnetIds: [] }, /subnetIds is \[\]/));
    it("an absurd ScaleTo default", () =>
      rejects({ ...args, defaultScaleTo: 1000 }, /defaultScaleTo is 1000/));
    it("a replica in the table's own region", () =>
      rejects(
        { ...args, activity: { mode: "owner", replicaRegion: "us-east-1" } },
        /replicaRegion is "us-east-1", the table's own region/,
      ));
    it("a startedBy over 36 characters", () =>
      rejects({ ...args, startedBy: "x".repeat(37) }, /startedBy is "x{37}" \(37 characters\)/));
    it("an unknown repository mode", () =>
      rejects(
        { ...args, worker: { ...args.worker, repository: "borrow" as never } },
        /`repository` is "borrow"; use "create" .* or "replica"/,
      ));
    it("a worker size Fargate does not offer", () =>
      rejects({ ...args, worker: { ...args.worker, cpu: 300 } }, /cpu/));
  });
});
