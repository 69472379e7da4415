/** The ECS stand-in behaves like ECS where the runtime's correctness depends on it. */
import assert from "node:assert/strict";
import {
  DescribeTasksCommand,
  ListTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type RunTaskCommandInput,
} from "@aws-sdk/client-ecs";
import { createHarness, type Harness } from "../local/harness";
import { CLIENT_TOKEN_TTL_MS } from "../local/ecs-standin";

let n = 0;

describe("ECS stand-in", () => {
  let h: Harness;
  let input: RunTaskCommandInput;
  beforeEach(async () => {
    h = await createHarness({ env: `standin${++n}` });
    input = {
      cluster: h.deps.config.clusterArn,
      taskDefinition: h.taskDefArn,
      count: 2,
      startedBy: "me",
      tags: [{ key: "WorkerVersion", value: "v1" }],
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0aaa"] } },
    };
  });
  afterEach(async () => {
    await h.close();
  });
  const run = (over: Partial<RunTaskCommandInput> = {}) =>
    h.deps.ecs.send(new RunTaskCommand({ ...input, ...over }));
  const list = (nextToken?: string) =>
    h.deps.ecs.send(
      new ListTasksCommand({ cluster: input.cluster, startedBy: "me", maxResults: 100, nextToken }),
    );

  it("honours RunTask's clientToken for 8 hours, then starts new tasks", async () => {
    const a = await run({ clientToken: "t1" });
    const b = await run({ clientToken: "t1" });
    assert.deepEqual(
      b.tasks?.map((t) => t.taskArn),
      a.tasks?.map((t) => t.taskArn),
    );
    h.clock!.advance(CLIENT_TOKEN_TTL_MS);
    const c = await run({ clientToken: "t1" });
    assert.notDeepEqual(
      c.tasks?.map((t) => t.taskArn),
      a.tasks?.map((t) => t.taskArn),
    );
    assert.equal(h.ecs.tasks.size, 4);
  });

  it("rejects count outside 1–10 and unknown task definitions", async () => {
    await assert.rejects(run({ count: 0 }), { name: "InvalidParameterException" });
    await assert.rejects(run({ count: 11 }), { name: "InvalidParameterException" });
    await assert.rejects(run({ taskDefinition: "nope:1" }), { name: "ClientException" });
    assert.equal(h.ecs.tasks.size, 0);
  });

  it("pages ListTasks by 100, caps DescribeTasks at 100 ARNs, and returns tags only with include TAGS", async () => {
    for (let i = 0; i < 15; i++) await run({ count: 10 });
    const first = await list();
    assert.equal(first.taskArns?.length, 100);
    assert.ok(first.nextToken);
    const second = await list(first.nextToken);
    assert.equal(second.taskArns?.length, 50);
    assert.equal(second.nextToken, undefined);
    const arns = [...(first.taskArns ?? []), ...(second.taskArns ?? [])];
    await assert.rejects(
      h.deps.ecs.send(new DescribeTasksCommand({ cluster: input.cluster, tasks: arns.slice(0, 101) })),
      { name: "InvalidParameterException" },
    );
    const plain = await h.deps.ecs.send(
      new DescribeTasksCommand({ cluster: input.cluster, tasks: arns.slice(0, 1) }),
    );
    assert.equal(plain.tasks?.[0]?.tags, undefined);
    const tagged = await h.deps.ecs.send(
      new DescribeTasksCommand({ cluster: input.cluster, tasks: arns.slice(0, 1), include: ["TAGS"] }),
    );
    assert.deepEqual(tagged.tasks?.[0]?.tags, [{ key: "WorkerVersion", value: "v1" }]);
  });

  it("lags ListTasks and DescribeTasks independently for new tasks", async () => {
    h.ecs.faults.listLagMs = 100;
    h.ecs.faults.describeLagMs = 300;
    const arn = (await run({ count: 1 })).tasks?.[0]?.taskArn as string;
    const describe = () =>
      h.deps.ecs.send(new DescribeTasksCommand({ cluster: input.cluster, tasks: [arn] }));
    assert.deepEqual((await list()).taskArns, []);
    assert.deepEqual((await describe()).failures?.[0]?.reason, "MISSING");
    h.clock!.advance(100);
    assert.deepEqual((await list()).taskArns, [arn]);
    assert.equal((await describe()).tasks?.length, 0, "DescribeTasks still lags");
    h.clock!.advance(200);
    assert.equal((await describe()).tasks?.[0]?.taskArn, arn);
  });

  it("keeps lastStatus RUNNING for a while after StopTask, with desiredStatus STOPPED at once", async () => {
    h.ecs.faults.stopLagMs = 30_000;
    const arn = (await run({ count: 1 })).tasks?.[0]?.taskArn as string;
    h.ecs.runPending();
    await h.deps.ecs.send(new StopTaskCommand({ cluster: input.cluster, task: arn }));
    const describe = async () =>
      (await h.deps.ecs.send(new DescribeTasksCommand({ cluster: input.cluster, tasks: [arn] }))).tasks?.[0];
    assert.deepEqual(
      [(await describe())?.desiredStatus, (await describe())?.lastStatus],
      ["STOPPED", "RUNNING"],
    );
    h.clock!.advance(30_000);
    assert.equal((await describe())?.lastStatus, "STOPPED");
  });

  it("loses the answer of a call it carried out", async () => {
    h.ecs.loseAnswers("RunTask");
    await assert.rejects(
      run({ count: 1, clientToken: "x" }),
      (e: { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.$metadata?.httpStatusCode, 500);
        return true;
      },
    );
    assert.equal(h.ecs.tasks.size, 1, "the task was started anyway");
    const again = await run({ count: 1, clientToken: "x" });
    assert.equal(again.tasks?.length, 1);
    assert.equal(h.ecs.tasks.size, 1, "the retry with the same token started nothing new");
  });
});
