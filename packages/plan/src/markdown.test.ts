import * as assert from "node:assert/strict";
import { estimateCost } from "./cost";
import { diffPlans } from "./diff";
import { toMarkdown } from "./markdown";
import type { PreviewDigest } from "./preview-json";

const STACK = "urn:pulumi:dev::acs::pulumi:pulumi:Stack::acs-dev";
const hc = (interval: number): PreviewDigest => ({
  config: { "aws:region": "us-east-1" },
  changeSummary: { create: 2 },
  steps: [
    {
      op: "create",
      urn: STACK,
      newState: { urn: STACK, custom: false, type: "pulumi:pulumi:Stack" },
      detailedDiff: null,
    },
    {
      op: "create",
      urn: "urn:pulumi:dev::acs::aws:route53/healthCheck:HealthCheck::hc",
      newState: {
        urn: "urn:pulumi:dev::acs::aws:route53/healthCheck:HealthCheck::hc",
        custom: true,
        type: "aws:route53/healthCheck:HealthCheck",
        parent: STACK,
        inputs: { type: "HTTPS", requestInterval: interval },
      },
      detailedDiff: null,
    },
  ],
});

describe("markdown", () => {
  it("is a PR comment with counts by op and type, the diff, policy findings, cost change and the picture", () => {
    const [before, after] = [hc(30), hc(10)];
    const md = toMarkdown({
      stack: "dev",
      region: "us-east-1",
      plan: after,
      violations: [
        { rule: "log-retention", enforcement: "advisory", urn: `${STACK}::x`, message: "keep | 30 days" },
      ],
      cost: estimateCost(after),
      diff: { against: "main.json", changes: diffPlans(before, after), cost: estimateCost(before) },
      picture: 'flowchart LR\n  n0["hc"]\n',
    });
    assert.match(md, /^## Offline plan: `dev` \(us-east-1\)\n\n\*\*2 to create\*\*/);
    assert.match(md, /\| aws:route53:HealthCheck \| 1 \|/);
    assert.match(
      md,
      /### Changes against `main\.json`\n\n0 to create, 0 to update, 1 to replace, 0 to delete, 1 unchanged/,
    );
    assert.match(
      md,
      /```diff\n! \+- aws:route53:HealthCheck {2}hc\n! +~ requestInterval: 30 → 10 \(forces replacement\)\n```/,
    );
    assert.match(md, /\| advisory \| log-retention \| x \| keep \\\| 30 days \|/);
    assert.match(
      md,
      /\| stack \| \$2\.50 \| \+\$1\.00 \|\n\| \*\*total\*\* \| \*\*\$2\.50\*\* \| \*\*\+\$1\.00\*\* \|/,
    );
    assert.match(md, /### Architecture\n\n```mermaid\nflowchart LR\n {2}n0\["hc"\]\n```/);
  });
});
