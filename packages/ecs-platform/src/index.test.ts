import * as assert from "node:assert/strict";
import * as api from "./index";

describe("@acs/ecs-platform's API", () => {
  it("exports the components and their validators", () => {
    for (const name of ["Cluster", "LoadBalancer", "Service", "TaskDefinition", "Repository", "EfsVolume"])
      assert.equal(typeof (api as Record<string, unknown>)[name], "function", name);
    for (const name of ["validateServiceArgs", "validateTaskDefinitionArgs", "validateLoadBalancerArgs"])
      assert.equal(typeof (api as Record<string, unknown>)[name], "function", name);
  });

  it("does not export check primitives or builders", () => {
    const internal = ["fail", "who", "oneOf", "isKnown", "checkInt", "checkPort", "checkPath", "checkArn"];
    const builders = ["ipTargetGroup", "createEc2Capacity", "containerDefinition", "executionPolicy"];
    for (const name of [...internal, ...builders]) assert.ok(!(name in api), `${name} is exported`);
  });
});
