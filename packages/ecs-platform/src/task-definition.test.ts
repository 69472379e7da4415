import * as assert from "node:assert/strict";
import {
  overlyBroadStatements,
  parsePolicy,
  promiseOf,
  Recording,
  runPulumi,
  runPulumiExpectingError,
  statementsGranting,
} from "@acs/testkit";
import { ecrRepositoryArn, secretResourceArn } from "./execution-policy";
import { TaskDefinition, TaskDefinitionArgs, validateTaskDefinitionArgs } from "./task-definition";

const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/app:1.4.2";
const SSM = "arn:aws:ssm:us-east-1:123456789012:parameter/acs/dev/db-password";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:acs/dev/api-key-AbCdEf";

const web: TaskDefinitionArgs = {
  cpu: 512,
  memory: 1024,
  containers: [
    {
      name: "app",
      image: IMAGE,
      portMappings: [{ containerPort: 8080 }],
      environment: { LOG_LEVEL: "info" },
      secrets: [
        { name: "DB_PASSWORD", valueFrom: SSM },
        { name: "API_KEY", valueFrom: `${SECRET}:key::` },
      ],
      healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"] },
    },
  ],
};

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const POLICY = "aws:iam/rolePolicy:RolePolicy";

function containersOf(rec: Recording): any[] {
  return JSON.parse(rec.one(TD).inputs.containerDefinitions);
}

/** The message `validateTaskDefinitionArgs` throws for `args` (over `web`), called as the constructor calls it. */
function rejected(args: Partial<TaskDefinitionArgs> & Record<string, unknown>): string {
  try {
    validateTaskDefinitionArgs("app", { ...web, ...args } as TaskDefinitionArgs);
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail(`accepted ${JSON.stringify(args)}`);
}

describe("TaskDefinition: validation happens before any child is registered", () => {
  it("WHEN the args are invalid THEN the constructor throws the validator's message and registers nothing", async () => {
    const bad = { cpu: 300, memory: 1024 };
    const err = await runPulumiExpectingError(() => new TaskDefinition("app", { ...web, ...bad }));
    assert.match(
      err.message,
      /^ecs-platform TaskDefinition "app": `cpu` is 300, which Fargate does not offer; use one of 256, 512, 1024, 2048, 4096, 8192 or 16384/,
    );
    assert.equal(err.message, rejected(bad));
    assert.deepEqual(
      err.recording.custom.map((r) => r.urn),
      [],
      "bad input registered resources",
    );
  });
});

describe("TaskDefinition", () => {
  it("registers an awsvpc Fargate task definition with the given size, family and runtime platform", async () => {
    const rec = await runPulumi(() => new TaskDefinition("app", { ...web, family: "acs-app-dev" }));
    const td = rec.one(TD);
    assert.equal(td.inputs.family, "acs-app-dev", td.urn);
    assert.equal(td.inputs.cpu, "512");
    assert.equal(td.inputs.memory, "1024");
    assert.equal(td.inputs.networkMode, "awsvpc");
    assert.deepEqual(td.inputs.requiresCompatibilities, ["FARGATE"]);
    assert.deepEqual(td.inputs.runtimePlatform, {
      cpuArchitecture: "X86_64",
      operatingSystemFamily: "LINUX",
    });
    assert.equal(td.outputs.arn, "arn:aws:ecs:us-east-1:123456789012:task-definition/acs-app-dev:1");
    assert.equal(rec.one("acs:ecs-platform:TaskDefinition").type, "acs:ecs-platform:TaskDefinition");
  });

  it("exposes family, roles and log group for worker tasks started with RunTask", async () => {
    let family: string | undefined;
    let taskRoleArn: string | undefined;
    const rec = await runPulumi(async () => {
      const td = new TaskDefinition("worker", {
        cpu: 256,
        memory: 512,
        containers: [{ name: "worker", image: IMAGE }],
      });
      family = await promiseOf(td.family);
      taskRoleArn = await promiseOf(td.taskRoleArn);
    });
    assert.equal(family, "worker");
    assert.match(String(taskRoleArn), /^arn:aws:iam::123456789012:role\/worker-task/);
    assert.equal(
      rec.ofType("aws:ecs/service:Service").length,
      0,
      "a worker task definition creates no service",
    );
  });

  it("writes container definitions: ports, sorted plain env, secrets by reference, health check, read-only root, awslogs", async () => {
    const rec = await runPulumi(() => new TaskDefinition("app", web));
    const [app] = containersOf(rec);
    assert.equal(app.image, IMAGE);
    assert.equal(app.essential, true);
    assert.equal(app.readonlyRootFilesystem, true, "read-only root filesystem by default");
    assert.deepEqual(app.portMappings, [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }]);
    assert.deepEqual(app.environment, [{ name: "LOG_LEVEL", value: "info" }]);
    assert.deepEqual(app.secrets, [
      { name: "DB_PASSWORD", valueFrom: SSM },
      { name: "API_KEY", valueFrom: `${SECRET}:key::` },
    ]);
    assert.deepEqual(app.healthCheck, {
      command: ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
      interval: 30,
      timeout: 5,
      retries: 3,
      startPeriod: 0,
    });
    assert.deepEqual(app.logConfiguration, {
      logDriver: "awslogs",
      options: { "awslogs-group": "/ecs/app", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" },
    });
  });

  it("allows a writable root filesystem and a command when asked", async () => {
    const rec = await runPulumi(
      () =>
        new TaskDefinition("app", {
          ...web,
          containers: [
            { name: "app", image: IMAGE, readonlyRootFilesystem: false, command: ["node", "server.js"] },
          ],
        }),
    );
    const [app] = containersOf(rec);
    assert.equal(app.readonlyRootFilesystem, false);
    assert.deepEqual(app.command, ["node", "server.js"]);
  });

  it("gives the log group the retention from args (30 days by default)", async () => {
    const rec = await runPulumi(() => {
      new TaskDefinition("a", web);
      new TaskDefinition("b", { ...web, logRetentionDays: 7 });
    });
    assert.equal(rec.one("aws:cloudwatch/logGroup:LogGroup", "a-logs").inputs.retentionInDays, 30);
    assert.equal(rec.one("aws:cloudwatch/logGroup:LogGroup", "b-logs").inputs.retentionInDays, 7);
    assert.equal(rec.one("aws:cloudwatch/logGroup:LogGroup", "b-logs").inputs.name, "/ecs/b");
  });

  it("scopes the execution role to the image's repository, its log group and exactly the named secrets", async () => {
    const rec = await runPulumi(() => new TaskDefinition("app", web));
    const doc = rec.one(POLICY, "app-execution").inputs.policy;
    assert.deepEqual(overlyBroadStatements(doc), []);
    assert.deepEqual(statementsGranting(doc, "ecr:BatchGetImage")[0]?.Resource, [
      "arn:aws:ecr:us-east-1:123456789012:repository/acs/app",
    ]);
    assert.deepEqual(statementsGranting(doc, "ecr:GetAuthorizationToken")[0]?.Resource, ["*"]);
    assert.deepEqual(statementsGranting(doc, "logs:PutLogEvents")[0]?.Resource, [
      "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app:log-stream:*",
    ]);
    assert.deepEqual(statementsGranting(doc, "ssm:GetParameters")[0]?.Resource, [SSM]);
    assert.deepEqual(
      statementsGranting(doc, "secretsmanager:GetSecretValue")[0]?.Resource,
      [SECRET],
      "the secret ARN without the JSON key",
    );
    assert.deepEqual(statementsGranting(doc, "kms:Decrypt"), [], "no KMS grant unless keys are named");
    for (const s of parsePolicy(doc)) {
      for (const r of s.Resource)
        assert.ok(
          r !== "*" || s.Action.every((a) => a === "ecr:GetAuthorizationToken"),
          `${s.Sid} grants ${s.Action} on *`,
        );
    }
  });

  it("grants kms:Decrypt only on the named secrets keys", async () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    const rec = await runPulumi(() => new TaskDefinition("app", { ...web, secretsKmsKeyArns: [key] }));
    assert.deepEqual(
      statementsGranting(rec.one(POLICY, "app-execution").inputs.policy, "kms:Decrypt")[0]?.Resource,
      [key],
    );
  });

  it("grants no ECR pull when no image comes from ECR", async () => {
    const rec = await runPulumi(
      () =>
        new TaskDefinition("app", {
          cpu: 256,
          memory: 512,
          containers: [{ name: "app", image: "public.ecr.aws/nginx/nginx:1.27" }],
        }),
    );
    const doc = rec.one(POLICY, "app-execution").inputs.policy;
    assert.deepEqual(statementsGranting(doc, "ecr:BatchGetImage"), []);
    assert.deepEqual(statementsGranting(doc, "ssm:GetParameters"), []);
  });

  it("lets only ECS tasks of this account assume the roles", async () => {
    const rec = await runPulumi(() => new TaskDefinition("app", web));
    for (const role of rec.ofType("aws:iam/role:Role")) {
      const [s] = parsePolicy(role.inputs.assumeRolePolicy);
      assert.deepEqual(s?.Principal, { Service: "ecs-tasks.amazonaws.com" }, role.urn);
      assert.deepEqual(s?.Condition?.StringEquals, { "aws:SourceAccount": "123456789012" }, role.urn);
    }
  });

  it("gives the task role nothing by default, and exactly the given statements otherwise", async () => {
    const none = await runPulumi(() => new TaskDefinition("app", web));
    assert.equal(none.ofType(POLICY).filter((r) => r.name === "app-task").length, 0);
    const table = "arn:aws:dynamodb:us-east-1:123456789012:table/app-data";
    const rec = await runPulumi(
      () =>
        new TaskDefinition("app", {
          ...web,
          taskRolePolicyStatements: [{ Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: [table] }],
        }),
    );
    const doc = rec.one(POLICY, "app-task").inputs.policy;
    assert.deepEqual(
      parsePolicy(doc).map((s) => [s.Action, s.Resource]),
      [[["dynamodb:GetItem"], [table]]],
    );
  });

  it("adds the X-Ray daemon sidecar on UDP 2000 and points the app at it when xray is on", async () => {
    const rec = await runPulumi(() => new TaskDefinition("app", { ...web, xray: true }));
    const [app, daemon] = containersOf(rec);
    assert.equal(daemon.name, "xray-daemon");
    assert.deepEqual(daemon.portMappings, [{ containerPort: 2000, hostPort: 2000, protocol: "udp" }]);
    assert.equal(daemon.essential, false);
    assert.ok(
      app.environment.some((e: any) => e.name === "AWS_XRAY_DAEMON_ADDRESS" && e.value === "127.0.0.1:2000"),
    );
    assert.equal(
      statementsGranting(rec.one(POLICY, "app-task").inputs.policy, "xray:PutTraceSegments").length,
      1,
    );
  });

  it("has no sidecar when xray is off", async () => {
    const rec = await runPulumi(() => new TaskDefinition("app", web));
    assert.deepEqual(
      containersOf(rec).map((c) => c.name),
      ["app"],
    );
  });

  it("waits for the role policies before registering (tasks start with their grants)", async () => {
    const rec = await runPulumi(() => new TaskDefinition("app", web));
    const deps = rec.one(TD).options.dependsOn ?? [];
    assert.ok(deps.includes(rec.one(POLICY, "app-execution").urn), "depends on the execution policy");
  });

  it("parses ECR images and secret references", () => {
    assert.equal(
      ecrRepositoryArn("123456789012.dkr.ecr.eu-west-1.amazonaws.com/a/b@sha256:abc"),
      "arn:aws:ecr:eu-west-1:123456789012:repository/a/b",
    );
    assert.equal(ecrRepositoryArn("nginx:latest"), undefined);
    assert.deepEqual(secretResourceArn(`${SECRET}:password:AWSCURRENT:`), {
      service: "secretsmanager",
      arn: SECRET,
    });
    assert.deepEqual(secretResourceArn(SSM), { service: "ssm", arn: SSM });
  });

  it("accepts container health-check timings at the ends of ECS's ranges", async () => {
    const hc = (h: object) => ({ command: ["CMD", "true"], ...h });
    for (const h of [
      { interval: 5, timeout: 2, retries: 1, startPeriod: 0 },
      { interval: 300, timeout: 60, retries: 10, startPeriod: 300 },
    ]) {
      const rec = await runPulumi(
        () =>
          new TaskDefinition("app", {
            ...web,
            containers: [{ name: "app", image: IMAGE, healthCheck: hc(h) }],
          }),
      );
      assert.deepEqual(containersOf(rec)[0].healthCheck, hc(h));
    }
  });

  describe("rejects bad input before creating anything", () => {
    it("cpu/memory that Fargate does not offer, listing the memory values for that cpu", () => {
      assert.match(
        rejected({ cpu: 256, memory: 4096 }),
        /TaskDefinition "app": `cpu` 256 with `memory` 4096 is not a Fargate combination; for cpu 256 use memory 512, 1024 or 2048/,
      );
      assert.match(
        rejected({ cpu: 8192, memory: 17408 }),
        /for cpu 8192 use memory 16384, 20480, 24576, .* or 61440/,
      );
    });

    it("a cpu value Fargate does not offer", () => {
      assert.match(
        rejected({ cpu: 300, memory: 1024 }),
        /`cpu` is 300, which Fargate does not offer; use one of 256, 512, 1024, 2048, 4096, 8192 or 16384/,
      );
    });

    it("a port outside 1–65535", () => {
      const msg = rejected({
        containers: [{ name: "app", image: IMAGE, portMappings: [{ containerPort: 70000 }] }],
      });
      assert.match(
        msg,
        /`containers\[0\]\.portMappings\[0\]\.containerPort` is 70000, which is not a port; use an integer from 1 to 65535/,
      );
      assert.match(
        rejected({ containers: [{ name: "app", image: IMAGE, portMappings: [{ containerPort: 0 }] }] }),
        /containerPort` is 0/,
      );
    });

    for (const key of ["DB_PASSWORD", "CLIENT_SECRET", "GITHUB_TOKEN", "STRIPE_API_KEY"]) {
      it(`a secret-looking plain environment value (${key})`, () => {
        const msg = rejected({
          containers: [{ name: "app", image: IMAGE, environment: { [key]: "hunter2" } }],
        });
        assert.match(
          msg,
          new RegExp(
            `\`containers\\[0\\]\\.environment\\.${key}\` looks like a secret passed as a plain value; pass it by reference`,
          ),
        );
        assert.match(msg, /valueFrom: <SSM parameter or Secrets Manager ARN>/);
      });
    }

    it("a secret reference that is not an SSM parameter or Secrets Manager ARN", () => {
      const msg = rejected({
        containers: [{ name: "app", image: IMAGE, secrets: [{ name: "DB_PASSWORD", valueFrom: "hunter2" }] }],
      });
      assert.match(
        msg,
        /`containers\[0\]\.secrets\[0\]\.valueFrom` is "hunter2"; use the ARN of an SSM parameter/,
      );
    });

    it("a log retention CloudWatch does not offer", () => {
      assert.match(
        rejected({ logRetentionDays: 10 }),
        /`logRetentionDays` is 10, not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30/,
      );
    });

    it("no containers, or no essential container", () => {
      assert.match(
        rejected({ containers: [] }),
        /`containers` has 0 entries; a task definition holds 1 to 10 containers/,
      );
      assert.match(
        rejected({ containers: [{ name: "app", image: IMAGE, essential: false }] }),
        /no essential container/,
      );
    });

    it("two containers with the same name", () => {
      const c = { name: "app", image: IMAGE };
      assert.match(
        rejected({ containers: [c, c] }),
        /`containers\[1\]\.name` is "app", already used by another container/,
      );
    });

    it("a container health check that is not CMD or CMD-SHELL, or out-of-range timings", () => {
      assert.match(
        rejected({
          containers: [{ name: "app", image: IMAGE, healthCheck: { command: ["curl", "x"] } }],
        }),
        /healthCheck\.command` is \["curl","x"\]; start it with "CMD" or "CMD-SHELL"/,
      );
      assert.match(
        rejected({
          containers: [{ name: "app", image: IMAGE, healthCheck: { command: ["CMD", "true"], interval: 1 } }],
        }),
        /healthCheck\.interval` is 1; use an integer from 5 to 300/,
      );
    });

    for (const [field, bad, range] of [
      ["interval", 4, "5 to 300"],
      ["interval", 301, "5 to 300"],
      ["timeout", 1, "2 to 60"],
      ["timeout", 61, "2 to 60"],
      ["retries", 0, "1 to 10"],
      ["retries", 11, "1 to 10"],
      ["startPeriod", -1, "0 to 300"],
      ["startPeriod", 301, "0 to 300"],
    ] as const) {
      it(`a container health-check ${field} of ${bad} (ECS accepts ${range})`, () => {
        assert.match(
          rejected({
            containers: [
              { name: "app", image: IMAGE, healthCheck: { command: ["CMD", "true"], [field]: bad } },
            ],
          }),
          new RegExp(`\\.healthCheck\\.${field}\` is ${bad}; use an integer from ${range}`),
        );
      });
    }

    it("a task-role statement granting every action on every resource", () => {
      assert.match(
        rejected({ taskRolePolicyStatements: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
        /`taskRolePolicyStatements\[0\]` grants every action on every resource/,
      );
    });

    it("a task-role statement granting a service wildcard on every resource, but not one scoped to a resource, nor a Deny (the pack's IAM.21 rule)", () => {
      const validate = (s: TaskDefinitionArgs["taskRolePolicyStatements"]) => () =>
        validateTaskDefinitionArgs("app", { ...web, taskRolePolicyStatements: s });
      assert.throws(
        validate([
          {
            Effect: "Allow",
            Action: ["dynamodb:GetItem"],
            Resource: ["arn:aws:dynamodb:us-east-1:1:table/t"],
          },
          { Effect: "Allow", Action: ["dynamodb:*"], Resource: "*" },
        ]),
        /`taskRolePolicyStatements\[1\]` grants every action on every resource/,
      );
      assert.doesNotThrow(
        validate([
          { Effect: "Allow", Action: "dynamodb:*", Resource: "arn:aws:dynamodb:us-east-1:1:table/t" },
        ]),
      );
      assert.doesNotThrow(validate([{ Effect: "Deny", Action: "*", Resource: "*" }]));
    });

    it("a task-role statement without Effect (IAM would reject the policy at `up`)", () => {
      assert.throws(
        () =>
          validateTaskDefinitionArgs("app", {
            ...web,
            taskRolePolicyStatements: [{ Action: "*", Resource: "*" } as any],
          }),
        /`taskRolePolicyStatements\[0\]\.Effect` is undefined; use "Allow" or "Deny"/,
      );
    });

    it("an unknown launch compatibility or CPU architecture", () => {
      assert.match(
        rejected({ requiresCompatibilities: ["LAMBDA" as any] }),
        /`requiresCompatibilities` contains "LAMBDA"; use "FARGATE" and\/or "EC2"/,
      );
      assert.match(
        rejected({ runtimePlatform: { cpuArchitecture: "ARM" as any } }),
        /`runtimePlatform\.cpuArchitecture` is "ARM"; use "X86_64" or "ARM64"/,
      );
    });
  });
});

describe("TaskDefinition with roles the caller already has", () => {
  const EXEC = "arn:aws:iam::123456789012:role/team/team-api-execution";
  const TASK = "arn:aws:iam::123456789012:role/team-api-task";
  const minimal: TaskDefinitionArgs = {
    cpu: 256,
    memory: 512,
    containers: [{ name: "api", image: IMAGE, portMappings: [{ containerPort: 8080 }] }],
  };

  it("GIVEN existing execution and task role ARNs THEN the revision uses them and no role or role policy is created", async () => {
    const rec = await runPulumi(
      () => new TaskDefinition("api", { ...minimal, executionRoleArn: EXEC, taskRoleArn: TASK }),
    );
    const td = rec.one(TD);
    assert.equal(td.inputs.executionRoleArn, EXEC, td.urn);
    assert.equal(td.inputs.taskRoleArn, TASK, td.urn);
    assert.deepEqual(rec.ofType("aws:iam/role:Role"), []);
    assert.deepEqual(rec.ofType(POLICY), []);
    assert.equal(
      rec.ofType("aws:cloudwatch/logGroup:LogGroup").length,
      1,
      "the log group is still this task's",
    );
  });

  it("GIVEN only a task role ARN THEN the least-privilege execution role is still created", async () => {
    const rec = await runPulumi(() => new TaskDefinition("api", { ...minimal, taskRoleArn: TASK }));
    assert.deepEqual(
      rec.ofType("aws:iam/role:Role").map((r) => r.name),
      ["api-execution"],
    );
    assert.equal(rec.one(TD).inputs.taskRoleArn, TASK);
  });

  describe("rejects grants to a role it does not create, before creating anything", () => {
    /** The message `validateTaskDefinitionArgs` throws for `args` (over `minimal`). */
    function rejected(args: Partial<TaskDefinitionArgs>): string {
      try {
        validateTaskDefinitionArgs("api", { ...minimal, ...args });
      } catch (e) {
        return (e as Error).message;
      }
      assert.fail(`accepted ${JSON.stringify(args)}`);
    }
    it("a role ARN of the wrong kind", () => {
      assert.match(
        rejected({ taskRoleArn: "team-api-task" }),
        /`taskRoleArn` is "team-api-task", not an ARN of that kind; use arn:aws:iam::<account>:role\/<name>/,
      );
    });
    it("task-role grants with `taskRoleArn`", () => {
      assert.match(
        rejected({
          taskRoleArn: TASK,
          xray: true,
          taskRolePolicyStatements: [
            { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
          ],
        }),
        /`taskRolePolicyStatements` and `xray` grant to the task role created here, but `taskRoleArn` is set/,
      );
    });
    it("execution-role grants with `executionRoleArn`", () => {
      assert.match(
        rejected({
          executionRoleArn: EXEC,
          repositoryArns: ["arn:aws:ecr:us-east-1:123456789012:repository/x"],
        }),
        /`repositoryArns` is set with `executionRoleArn`; it grants to the execution role created here/,
      );
    });
  });
});
