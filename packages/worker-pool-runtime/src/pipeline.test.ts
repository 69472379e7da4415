import assert from "node:assert/strict";
import { DescribeTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { createHarness, imagePushedEvent, WORKER_FAMILY, type Harness } from "../local/harness";
import { ATTR } from "./schema";
import { imageUri, onImagePushed, type EcrImageActionEvent } from "./pipeline";

let n = 0;
const DIGEST = `sha256:${"ab".repeat(32)}`;
const DIGEST2 = `sha256:${"cd".repeat(32)}`;

const push = (tag: string, digest = DIGEST, overrides?: Parameters<typeof imagePushedEvent>[2]) =>
  imagePushedEvent(tag, digest, overrides);

describe("pipeline", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ env: `pip${++n}` });
  });
  afterEach(async () => {
    await h.close();
  });

  async function planRow(version: string) {
    const res = await h.deps.ddb.send(
      new GetCommand({ TableName: h.deps.config.planTable, Key: { [ATTR.WorkerVersion]: version } }),
    );
    return res.Item;
  }

  it("registers a revision pinned by digest from the family's latest revision and creates the plan row", async () => {
    const res = await onImagePushed(h.deps, push("1.4.0"));
    assert.equal(res.outcome, "created");
    assert.equal(res.registered, true);
    const image = imageUri("123456789012", "us-east-1", "acs/worker", DIGEST);
    assert.equal(image, `123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/worker@${DIGEST}`);
    const def = (await h.deps.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: WORKER_FAMILY })))
      .taskDefinition;
    assert.equal(def?.revision, 2);
    assert.equal(def?.containerDefinitions?.[0]?.image, image);
    assert.equal(def?.cpu, "256", "other fields are copied from the latest revision");
    assert.equal(def?.networkMode, "awsvpc");
    const row = await planRow("1.4.0");
    assert.deepEqual(
      {
        TaskDef: row?.TaskDef,
        TaskArn: row?.TaskArn,
        Image: row?.Image,
        Pooling: row?.Pooling,
        ScaleTo: row?.ScaleTo,
      },
      {
        TaskDef: `${WORKER_FAMILY}:2`,
        TaskArn: def?.taskDefinitionArn,
        Image: image,
        Pooling: "N",
        ScaleTo: 0,
      },
    );
  });

  it("updates TaskDef and TaskArn of an existing row without touching Pooling or ScaleTo", async () => {
    await h.deps.ddb.send(
      new PutCommand({
        TableName: h.deps.config.planTable,
        Item: { WorkerVersion: "2.0", Pooling: "Y", ScaleTo: 6, TaskDef: "old:1", TaskArn: "arn:old" },
      }),
    );
    const res = await onImagePushed(h.deps, push("2.0", DIGEST2));
    assert.equal(res.outcome, "updated");
    const row = await planRow("2.0");
    assert.equal(row?.Pooling, "Y");
    assert.equal(row?.ScaleTo, 6);
    assert.equal(row?.TaskArn, res.taskDefArn);
    assert.equal(row?.TaskDef, `${WORKER_FAMILY}:2`);
  });

  it("is idempotent: the same event twice registers one revision and changes the row once", async () => {
    const first = await onImagePushed(h.deps, push("1.0"));
    const before = await planRow("1.0");
    h.resetCounts();
    const second = await onImagePushed(h.deps, push("1.0"));
    assert.equal(second.outcome, "unchanged");
    assert.equal(second.registered, false);
    assert.equal(second.taskDefArn, first.taskDefArn);
    assert.deepEqual(await planRow("1.0"), before);
    assert.equal(h.ecsCalls.RegisterTaskDefinition ?? 0, 0);
    assert.equal((h.ddbCalls.UpdateItem ?? 0) + (h.ddbCalls.PutItem ?? 0), 0, "no write");
  });

  it("reuses the latest revision when it already runs the pushed image (replay after a lost plan write)", async () => {
    await onImagePushed(h.deps, push("1.0"));
    await h.deps.ddb.send(
      new PutCommand({
        TableName: h.deps.config.planTable,
        Item: { WorkerVersion: "1.0", Pooling: "Y", ScaleTo: 3 },
      }),
    );
    const res = await onImagePushed(h.deps, push("1.0"));
    assert.equal(res.registered, false);
    assert.equal(res.outcome, "updated");
    assert.equal((await planRow("1.0"))?.TaskDef, `${WORKER_FAMILY}:2`);
    assert.equal((await planRow("1.0"))?.ScaleTo, 3);
  });

  it("registers a revision for an image replicated into this region, pinned to the replica", async () => {
    const replicated: EcrImageActionEvent = {
      "detail-type": "ECR Replication Action",
      source: "aws.ecr",
      account: "123456789012",
      region: "us-west-2",
      detail: {
        result: "SUCCESS",
        "repository-name": "acs/worker",
        "image-digest": DIGEST,
        "source-account": "123456789012",
        "action-type": "REPLICATE",
        "source-region": "us-east-1",
        "image-tag": "1.5.0",
      },
    };
    const res = await onImagePushed(h.deps, replicated);
    assert.equal(res.outcome, "created");
    const image = `123456789012.dkr.ecr.us-west-2.amazonaws.com/acs/worker@${DIGEST}`;
    assert.equal(res.image, image);
    const row = await planRow("1.5.0");
    assert.equal(row?.Image, image);
    assert.equal(row?.TaskArn, res.taskDefArn);
    const failed = { ...replicated, detail: { ...replicated.detail, result: "FAILED" } };
    assert.equal((await onImagePushed(h.deps, failed)).outcome, "ignored");
  });

  it("ignores failed pushes, deletes and untagged images", async () => {
    for (const ev of [
      push("1.0", DIGEST, { result: "FAILURE" }),
      push("1.0", DIGEST, { "action-type": "DELETE" }),
      push("", DIGEST),
      push("1.0", "sha256:short"),
    ]) {
      const res = await onImagePushed(h.deps, ev);
      assert.equal(res.outcome, "ignored", JSON.stringify(ev.detail));
    }
    assert.equal(h.ecsCalls.RegisterTaskDefinition ?? 0, 0);
    assert.equal(await planRow("1.0"), undefined);
  });
});
