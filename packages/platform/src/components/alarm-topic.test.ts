import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { parsePolicy, runPulumi } from "@acs/testkit";
import { AlarmTopic } from "./alarm-topic";

const TOPIC = "aws:sns/topic:Topic";
const KEY = "aws:kms/key:Key";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

function plan() {
  return runPulumi(() => {
    const provider = new aws.Provider("aws-us-east-1", { region: "us-east-1" });
    new AlarmTopic(
      "dev-alerts",
      { emails: ["oncall@example.com"], httpsEndpoints: ["https://events.example.com/sns"] },
      { provider },
    );
  });
}

describe("AlarmTopic", () => {
  it("encrypts the topic with its own key, which lets CloudWatch only encrypt and decrypt for this account", async () => {
    const rec = await plan();
    const topic = rec.one(TOPIC, "dev-alerts");
    const key = rec.one(KEY, "dev-alerts-key");
    assert.equal(topic.inputs.name, "acs-dev-alerts");
    assert.equal(topic.inputs.kmsMasterKeyId, key.outputs.arn);
    assert.equal(key.inputs.enableKeyRotation, true);
    const cloudwatch = parsePolicy(key.inputs.policy).filter(
      (s) => (s.Principal as { Service?: string } | undefined)?.Service === "cloudwatch.amazonaws.com",
    );
    assert.deepEqual(
      cloudwatch.map((s) => s.Action),
      [["kms:GenerateDataKey*", "kms:Decrypt"]],
    );
    assert.ok(cloudwatch[0]!.Condition?.StringEquals?.["aws:SourceAccount"], "scoped to this account");
  });

  it("subscribes every e-mail address and HTTPS endpoint", async () => {
    const rec = await plan();
    assert.deepEqual(
      rec
        .ofType(SUBSCRIPTION)
        .map((s) => [s.inputs.protocol, s.inputs.endpoint])
        .sort(),
      [
        ["email", "oncall@example.com"],
        ["https", "https://events.example.com/sns"],
      ],
    );
  });

  it("WHEN its children move under the component THEN each keeps an alias to its old place at the stack's root (no replacement)", async () => {
    const rec = await plan();
    const children = [...rec.ofType(KEY), ...rec.ofType(TOPIC), ...rec.ofType(SUBSCRIPTION)];
    assert.equal(children.length, 4);
    for (const r of children) {
      assert.match(r.urn, /::acs:platform:AlarmTopic\$aws:/, r.urn);
      assert.equal(r.options.aliases.length, 1, `${r.urn} has no alias`);
      // The alias resolves to the URN it had at the stack root, where the resource was before.
      assert.equal(r.options.aliases[0], `urn:pulumi:test::acs::${r.type}::${r.name}`, r.urn);
    }
  });
});
