import * as assert from "node:assert/strict";
import {
  overlyBroadStatements,
  parsePolicy,
  runPulumi,
  runPulumiExpectingError,
  statementsGranting,
  type Recording,
} from "@acs/testkit";
import { Manager, type ManagerArgs } from "./manager";
import { loadConfig } from "@acs/worker-pool-runtime/config";
import { CLUSTER_ARN, EXECUTION_ROLE_ARN, managerArgs, provider, TASK_ROLE_ARN } from "./test/fixture";

const FN = "aws:lambda/function:Function";
const POLICY = "aws:iam/rolePolicy:RolePolicy";

async function manager(args: ManagerArgs = managerArgs()): Promise<Recording> {
  return runPulumi(() => void new Manager("pool", args, { provider: provider() }));
}
const fn = (rec: Recording, name: string) => rec.one(FN, `pool-${name}`);
const policyOf = (rec: Recording, name: string): string =>
  rec.one(POLICY, `pool-${name}-policy`).inputs.policy;

describe("Manager", () => {
  it("runs both handlers of one bundle on nodejs22.x arm64, with a dead-letter queue and JSON logs", async () => {
    const rec = await manager(managerArgs({ memorySize: 512, timeout: 600 }));
    const dlq = rec.one("aws:sqs/queue:Queue");
    for (const [name, handler] of [
      ["manager", "index.reconcileHandler"],
      ["pipeline", "index.pipelineHandler"],
    ] as const) {
      const f = fn(rec, name);
      assert.equal(f.inputs.handler, handler, f.urn);
      assert.equal(f.inputs.runtime, "nodejs22.x", f.urn);
      assert.deepEqual(f.inputs.architectures, ["arm64"], f.urn);
      assert.equal(f.inputs.deadLetterConfig.targetArn, dlq.outputs.arn, f.urn);
      assert.equal(f.inputs.loggingConfig.logGroup, `/aws/lambda/${f.inputs.name}`, f.urn);
    }
    assert.equal(fn(rec, "manager").inputs.memorySize, 512);
    assert.equal(fn(rec, "manager").inputs.timeout, 600);
    assert.equal(dlq.inputs.sqsManagedSseEnabled, true, `${dlq.urn} must be encrypted`);
  });

  it("reserves no concurrency by default (an account whose quota is under 100 + the reservations refuses it)", async () => {
    const rec = await manager();
    for (const name of ["manager", "pipeline"]) {
      const f = fn(rec, name);
      assert.equal(f.inputs.reservedConcurrentExecutions, undefined, `${f.urn} reserves concurrency`);
    }
  });

  it("GIVEN reservedConcurrency THEN both functions reserve it", async () => {
    const rec = await manager(managerArgs({ reservedConcurrency: 1 }));
    for (const name of ["manager", "pipeline"]) {
      const f = fn(rec, name);
      assert.equal(f.inputs.reservedConcurrentExecutions, 1, f.urn);
    }
  });

  it("keeps each function's logs for the given retention", async () => {
    const rec = await manager(managerArgs({ logRetentionDays: 90 }));
    const groups = rec.ofType("aws:cloudwatch/logGroup:LogGroup");
    assert.deepEqual(groups.map((g) => g.inputs.name).sort(), [
      "/aws/lambda/acs-dev-worker-manager",
      "/aws/lambda/acs-dev-worker-pipeline",
    ]);
    for (const g of groups) assert.equal(g.inputs.retentionInDays, 90, g.urn);
  });

  it("points the manager's environment at the tables, cluster and network, and the runtime accepts it", async () => {
    const rec = await manager(
      managerArgs({
        capacityProviderStrategy: [
          { capacityProvider: "FARGATE_SPOT", weight: 3 },
          { capacityProvider: "FARGATE", weight: 1, base: 1 },
        ],
      }),
    );
    const vars: Record<string, string> = fn(rec, "manager").inputs.environment.variables;
    assert.deepEqual(vars, {
      PLAN_TABLE: "app-dummy-service-task-definitions-dev",
      POOL_TABLE: "app-worker-manager-hotpool-dev",
      ACTIVITY_TABLE: "app-dummy-service-data-dev",
      CLUSTER_ARN,
      SUBNET_IDS: "subnet-0aaa,subnet-0bbb",
      SECURITY_GROUP_IDS: "sg-0app",
      CAPACITY_PROVIDER_STRATEGY:
        '[{"capacityProvider":"FARGATE_SPOT","weight":3},{"capacityProvider":"FARGATE","weight":1,"base":1}]',
      STARTED_BY: "acs-worker-pool-dev",
      WORKER_PORT: "8080",
      WORKER_FAMILY: "acs-dev-worker",
    });
    const cfg = loadConfig("reconcile", vars);
    assert.equal(cfg.poolTable, "app-worker-manager-hotpool-dev");
    assert.deepEqual(cfg.subnetIds, ["subnet-0aaa", "subnet-0bbb"]);
  });

  it("gives the pipeline only what it reads, and the runtime accepts it", async () => {
    const rec = await manager(managerArgs({ defaultScaleTo: 2, defaultPooling: "Y" }));
    const vars: Record<string, string> = fn(rec, "pipeline").inputs.environment.variables;
    assert.deepEqual(vars, {
      PLAN_TABLE: "app-dummy-service-task-definitions-dev",
      WORKER_FAMILY: "acs-dev-worker",
      PIPELINE_DEFAULT_POOLING: "Y",
      PIPELINE_DEFAULT_SCALE_TO: "2",
    });
    assert.equal(loadConfig("pipeline", vars).defaultScaleTo, 2);
  });

  describe("IAM", () => {
    it("grants no wildcard in either policy, and lets only Lambda assume the roles", async () => {
      const rec = await manager();
      for (const p of rec.ofType(POLICY)) assert.deepEqual(overlyBroadStatements(p.inputs.policy), [], p.urn);
      for (const r of rec.ofType("aws:iam/role:Role")) {
        assert.deepEqual(
          parsePolicy(r.inputs.assumeRolePolicy).map((s) => s.Principal),
          [{ Service: "lambda.amazonaws.com" }],
          r.urn,
        );
      }
    });

    it("scopes DynamoDB to the plan and pool tables, the pool's indexes and both streams", async () => {
      const doc = policyOf(await manager(), "manager");
      const resources = parsePolicy(doc)
        .filter((s) => s.Action.some((a) => a.startsWith("dynamodb:")))
        .flatMap((s) => s.Resource);
      const plan = "arn:aws:dynamodb:us-east-1:123456789012:table/app-dummy-service-task-definitions-dev";
      const pool = "arn:aws:dynamodb:us-east-1:123456789012:table/app-worker-manager-hotpool-dev";
      assert.deepEqual(
        [...new Set(resources)].sort(),
        [plan, `${plan}/stream/*`, pool, `${pool}/index/*`, `${pool}/stream/*`].sort(),
      );
      assert.ok(
        !parsePolicy(doc).some((s) => s.Action.includes("dynamodb:Scan") && s.Resource.includes(pool)),
        "the pool is queried, never scanned",
      );
    });

    it("allows RunTask only for the worker family's task definitions, in the cluster", async () => {
      const [runTask, ...more] = statementsGranting(policyOf(await manager(), "manager"), "ecs:RunTask");
      assert.equal(more.length, 0);
      assert.deepEqual(runTask!.Resource, [
        "arn:aws:ecs:us-east-1:123456789012:task-definition/acs-dev-worker:*",
      ]);
      assert.deepEqual(runTask!.Condition, { ArnEquals: { "ecs:cluster": CLUSTER_ARN } });
    });

    for (const action of ["ecs:StopTask", "ecs:DescribeTasks", "ecs:ListTasks"]) {
      it(`conditions ${action} on the cluster`, async () => {
        const statements = statementsGranting(policyOf(await manager(), "manager"), action);
        assert.equal(statements.length, 1);
        assert.deepEqual(statements[0]!.Condition, { ArnEquals: { "ecs:cluster": CLUSTER_ARN } });
        if (action !== "ecs:ListTasks")
          assert.deepEqual(statements[0]!.Resource, ["arn:aws:ecs:us-east-1:123456789012:task/acs-dev/*"]);
      });
    }

    it("lets both functions pass only the worker's roles, only to ECS tasks", async () => {
      const rec = await manager();
      for (const name of ["manager", "pipeline"]) {
        const passRole = statementsGranting(policyOf(rec, name), "iam:PassRole");
        assert.equal(passRole.length, 1, name);
        assert.deepEqual(passRole[0]!.Resource, [EXECUTION_ROLE_ARN, TASK_ROLE_ARN], name);
        assert.deepEqual(
          passRole[0]!.Condition,
          { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
          name,
        );
      }
    });

    it("lets only the pipeline register task definitions, and tag only the family's revisions", async () => {
      const rec = await manager();
      assert.equal(statementsGranting(policyOf(rec, "manager"), "ecs:RegisterTaskDefinition").length, 0);
      assert.equal(statementsGranting(policyOf(rec, "pipeline"), "ecs:RegisterTaskDefinition").length, 1);
      const tag = statementsGranting(policyOf(rec, "pipeline"), "ecs:TagResource");
      assert.deepEqual(
        tag.map((s) => [s.Resource, s.Condition]),
        [
          [
            ["arn:aws:ecs:us-east-1:123456789012:task-definition/acs-dev-worker:*"],
            { StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } },
          ],
        ],
      );
    });

    it("writes only the dead-letter queue and the function's own log group", async () => {
      const rec = await manager();
      const dlq = rec.one("aws:sqs/queue:Queue").outputs.arn;
      for (const name of ["manager", "pipeline"]) {
        const doc = policyOf(rec, name);
        assert.deepEqual(
          statementsGranting(doc, "sqs:SendMessage").flatMap((s) => s.Resource),
          [dlq],
        );
        assert.deepEqual(
          statementsGranting(doc, "logs:PutLogEvents").flatMap((s) => s.Resource),
          [`arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/acs-dev-worker-${name}:*`],
        );
      }
    });
  });

  describe("rejects bad input before creating anything", () => {
    const rejects = async (args: ManagerArgs, message: RegExp) => {
      const err = await runPulumiExpectingError(() => new Manager("pool", args, { provider: provider() }));
      assert.match(err.message, message);
      assert.equal(
        err.recording.custom.filter((r) => r.type !== "pulumi:providers:aws").length,
        0,
        "nothing registered",
      );
    };

    it("empty subnets", () =>
      rejects(managerArgs({ subnetIds: [] }), /subnetIds is \[\]; .* pass the network's private subnet ids/));
    it("no security group", () =>
      rejects(
        managerArgs({ securityGroupIds: [] }),
        /securityGroupIds is \[\]; .* pass the app security group's id/,
      ));
    it("a startedBy longer than 36 characters", () =>
      rejects(
        managerArgs({ startedBy: "acs-worker-pool-development-environment" }),
        /startedBy is "acs-worker-pool-development-environment" \(39 characters\); ECS allows at most 36/,
      ));
    it("a startedBy with characters ECS refuses", () =>
      rejects(
        managerArgs({ startedBy: "acs pool" }),
        /startedBy is "acs pool"; use letters, digits, hyphens and underscores/,
      ));
    it("a reserved concurrency of 0 (Lambda would stop every invocation)", () =>
      rejects(
        managerArgs({ reservedConcurrency: 0 }),
        /reservedConcurrency is 0; use a whole number of at least 1 \(0 would stop the function\)/,
      ));
    it("a negative default ScaleTo", () =>
      rejects(managerArgs({ defaultScaleTo: -1 }), /defaultScaleTo is -1; use a whole number from 0 to 100/));
    it("an absurd default ScaleTo", () =>
      rejects(
        managerArgs({ defaultScaleTo: 5000 }),
        /defaultScaleTo is 5000; use a whole number from 0 to 100/,
      ));
    it("an unknown default Pooling", () =>
      rejects(managerArgs({ defaultPooling: "yes" as never }), /defaultPooling is "yes"; use "Y" or "N"/));
    it("a memory size Lambda refuses", () =>
      rejects(managerArgs({ memorySize: 64 }), /memorySize is 64; Lambda accepts 128 to 10240 MB/));
    it("a timeout beyond Lambda's limit", () =>
      rejects(managerArgs({ timeout: 1200 }), /timeout is 1200; use 30 to 900 seconds/));
    it("a log retention CloudWatch refuses", () =>
      rejects(
        managerArgs({ logRetentionDays: 10 }),
        /logRetentionDays is 10, which CloudWatch Logs does not accept; use one of 1, 3, 5/,
      ));
    it("a worker port out of range", () =>
      rejects(
        managerArgs({ worker: { ...managerArgs().worker, port: 0 } }),
        /worker\.port is 0; use the worker's container port/,
      ));
  });
});
