import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runPulumi, securityGroupRules } from "@acs/testkit";
import { WorkerSecurityGroup } from "./worker-security-group";

const APP_SG = "sg-0app0000000000000";

function plan() {
  return runPulumi(() => {
    const provider = new aws.Provider("aws-us-east-1", { region: "us-east-1" });
    new WorkerSecurityGroup(
      "dev-workers",
      { vpcId: "vpc-0aaa0000000000000", appSecurityGroupId: APP_SG, port: 8080 },
      { provider },
    );
  });
}

describe("WorkerSecurityGroup", () => {
  it("admits only the application's group on the worker port, and lets the workers out on HTTPS only", async () => {
    const rec = await plan();
    const sgId = rec.one("aws:ec2/securityGroup:SecurityGroup", "dev-workers-sg").id;
    assert.deepEqual(securityGroupRules(rec, sgId, "ingress"), [`tcp 8080 from ${APP_SG}`]);
    assert.deepEqual(securityGroupRules(rec, sgId, "egress"), ["tcp 443 to 0.0.0.0/0"]);
  });

  it("WHEN its children move under the component THEN each keeps an alias to its old place at the stack's root (no replacement)", async () => {
    const rec = await plan();
    const children = rec.custom.filter((r) => r.urn.includes("acs:platform:WorkerSecurityGroup$"));
    assert.equal(children.length, 4);
    for (const r of children) {
      assert.equal(r.options.aliases.length, 1, `${r.urn} has no alias`);
      // The alias resolves to the URN it had at the stack root, where the resource was before.
      assert.equal(r.options.aliases[0], `urn:pulumi:test::acs::${r.type}::${r.name}`, r.urn);
    }
  });
});
