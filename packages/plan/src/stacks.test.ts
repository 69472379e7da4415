import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runStackProgram } from "@acs/testkit";
import { architectureOf, toArchitectureMermaid } from "./architecture";
import { checkPolicies } from "./policies";
import { toPreviewJson, validatePreviewDigest } from "./preview-json";

// The real dev stack (its packages are built first: see "@acs/plan#test" in turbo.json).
const root = path.resolve(__dirname, "../../..");
const devDir = path.join(root, "stacks", "dev");

describe("the dev stack's plan", function () {
  this.timeout(180_000);
  let plan: ReturnType<typeof toPreviewJson>;
  let violations: ReturnType<typeof checkPolicies>;

  before(async () => {
    const { settings, recording } = await runStackProgram(devDir, "dev");
    plan = toPreviewJson(recording, settings, { durationNs: 1, relativeTo: root });
    violations = checkPolicies(devDir, recording);
  });

  it("is PreviewDigest-shaped and has no policy violation", () => {
    assert.deepEqual(validatePreviewDigest(plan), []);
    assert.deepEqual(violations, []);
  });

  it("pictures the architecture in at most 30 nodes, along the traffic path DNS → failover → ALB → service", () => {
    const arch = architectureOf(plan);
    assert.ok(arch.nodes.length <= 30, `${arch.nodes.length} nodes`);
    const role = (id: string) => arch.nodes.find((n) => n.id === id)!.role;
    const traffic = arch.edges
      .filter((e) => e.kind === "traffic")
      .map((e) => `${role(e.from)}→${role(e.to)}`);
    assert.deepEqual(traffic.sort(), ["alb→service", "failover→alb", "zone→failover"]);
  });

  it("is the picture the READMEs show", () => {
    const picture = toArchitectureMermaid(architectureOf(plan)).trimEnd();
    for (const readme of [path.join(root, "README.md"), path.resolve(__dirname, "../README.md")])
      assert.ok(
        fs.readFileSync(readme, "utf8").includes("```mermaid\n" + picture + "\n```"),
        `${path.relative(root, readme)} does not show dev's current picture: run \`pnpm plan dev\` and copy .plan/dev.mmd into it`,
      );
  });
});
