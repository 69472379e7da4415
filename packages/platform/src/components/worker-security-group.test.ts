import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runPulumi } from "@acs/testkit";
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
    const ingress = rec.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    assert.deepEqual(
      ingress.map((r) => [
        r.inputs.referencedSecurityGroupId,
        r.inputs.cidrIpv4,
        r.inputs.fromPort,
        r.inputs.toPort,
      ]),
      [[APP_SG, undefined, 8080, 8080]],
    );
    const sgId = rec.one("aws:ec2/securityGroup:SecurityGroup", "dev-workers-sg").id;
    const egress = rec
      .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
      .filter((r) => r.inputs.securityGroupId === sgId);
    assert.deepEqual(
      egress.map((r) => [r.inputs.cidrIpv4, r.inputs.fromPort, r.inputs.toPort]),
      [["0.0.0.0/0", 443, 443]],
    );
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
