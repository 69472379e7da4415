import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { runStackProgram } from "@acs/testkit";
import { toMermaid } from "./mermaid";
import { checkPolicies } from "./policies";
import { toPreviewJson, validatePreviewDigest } from "./preview-json";
import { renderSummary, renderTree } from "./render";
import OPTIONS from "./options.json";

const fixture = path.resolve(__dirname, "test/fixtures/demo");
const cli = path.resolve(__dirname, "./cli.ts");
const realPreview = path.resolve(__dirname, "test/fixtures/real-preview.json");
const reader = path.resolve(__dirname, "test/fixtures/reader");

const copies: string[] = [];

function copyFixture(edit?: (yaml: string) => string): string {
  // Inside the package, so the program resolves @pulumi/* from the workspace's node_modules.
  const scratch = path.resolve(__dirname, "../.tmp");
  fs.mkdirSync(scratch, { recursive: true });
  const dir = fs.mkdtempSync(path.join(scratch, "plan-fixture-"));
  copies.push(dir);
  for (const f of fs.readdirSync(fixture)) fs.copyFileSync(path.join(fixture, f), path.join(dir, f));
  if (edit)
    fs.writeFileSync(
      path.join(dir, "Pulumi.demo.yaml"),
      edit(fs.readFileSync(path.join(dir, "Pulumi.demo.yaml"), "utf8")),
    );
  return dir;
}

async function runCli(
  args: string[],
  cwd = path.resolve(__dirname, ".."),
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--require", "tsx/cjs", cli, ...args],
      { cwd, env },
    );
    return { code: 0, stdout, stderr };
  } catch (err: any) {
    return { code: err.code ?? 1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

/** Plans the fixture copy `dir` as stack demo, its JSON and picture written inside it, with `extra` options. */
const planDemo = (dir: string, ...extra: string[]) =>
  runCli([
    "demo",
    "--dir",
    dir,
    "--json",
    path.join(dir, "p.json"),
    "--mermaid",
    path.join(dir, "p.mmd"),
    ...extra,
  ]);

describe("plan", function () {
  // Each CLI case starts a Node process that loads the AWS SDK for Pulumi: slow on a busy machine.
  this.timeout(120_000);
  after(() => {
    for (const dir of copies.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes PreviewDigest: create steps whose parent URNs form one tree, outputs on the stack's newState", async () => {
    const { settings, recording } = await runStackProgram(fixture, "demo");
    const json = toPreviewJson(recording, settings, { durationNs: 1_500_000_000 });
    assert.deepEqual(validatePreviewDigest(json), []);
    const steps = json.steps!;
    const urns = new Set(steps.map((s) => s.urn));
    const stack = steps.filter((s) => s.newState!.type === "pulumi:pulumi:Stack");
    assert.equal(stack.length, 1);
    for (const step of steps) {
      assert.equal(step.op, "create");
      assert.equal(step.detailedDiff, null);
      assert.equal(step.newState!.urn, step.urn);
      if (step !== stack[0])
        assert.ok(
          step.newState!.parent && urns.has(step.newState!.parent),
          `${step.urn} has no parent in the plan`,
        );
    }
    const logs = steps.find((s) => s.newState!.type === "aws:cloudwatch/logGroup:LogGroup")!.newState!;
    assert.equal(logs.protect, true);
    assert.equal(logs.custom, true);
    assert.equal(logs.inputs!.retentionInDays, 14);
    assert.match(logs.parent!, /demo:index:Bundle::demo$/);
    assert.deepEqual(json.changeSummary, { create: steps.length });
    assert.equal(json.duration, 1_500_000_000);
    assert.equal(json.config!["demo:apiKey"], "[secret]");
    assert.ok(!("outputs" in json), "the real format has no top-level outputs");
    assert.equal(stack[0]!.newState!.outputs!.topicArn, "arn:aws:sns:us-west-2:123456789012:orders");
    assert.equal(stack[0]!.newState!.outputs!.apiKey, "[secret]");
  });

  it("prints a tree nested under parents and a summary", async () => {
    const { recording } = await runStackProgram(fixture, "demo");
    const lines = renderTree(recording).split("\n");
    assert.match(lines[1]!, /^ \+ {3}pulumi:pulumi:Stack +demo-demo +create$/);
    assert.ok(
      lines.some((l) => /├─ aws:sns:Topic +demo-topic +create$/.test(l)),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) => /└─ aws:cloudwatch:LogGroup +demo-logs +create \(protected\)$/.test(l)),
      lines.join("\n"),
    );
    assert.match(renderSummary(recording), /\+ 4 to create/);
    assert.match(toMermaid(recording), /subgraph r\d+\["demo:index:Bundle<br\/>demo"\]/);
  });

  it("runs the policy rules the stack names over the plan", async () => {
    const { recording } = await runStackProgram(fixture, "demo");
    const violations = checkPolicies(fixture, recording);
    assert.deepEqual(
      violations?.map((v) => v.urn.split("::").pop()),
      ["demo-logs"],
    );
  });

  it("CLI: prints the plan and writes the JSON where asked", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-out-")), "plan.json");
    const { code, stdout } = await runCli([
      "demo",
      "--dir",
      fixture,
      "--json",
      out,
      "--mermaid",
      out.replace(".json", ".mmd"),
    ]);
    assert.equal(code, 0);
    assert.match(stdout, /Previewing update \(demo\)/);
    assert.match(stdout, /\+ 4 to create/);
    assert.match(stdout, /Duration: \d+\.\ds/);
    assert.match(stdout, /Estimated monthly cost \(us-west-2/);
    assert.match(
      stdout,
      /Policies: 0 mandatory and 1 advisory violations\n +\[advisory\] log-retention-30-days: demo-logs: keep logs 30 days/,
    );
    const json = JSON.parse(fs.readFileSync(out, "utf8"));
    assert.equal(json.steps.length, 4);
  });

  it("CLI: a bad config value exits non-zero with one line naming the key, without a stack trace", async () => {
    const dir = copyFixture((y) => y.replace("topicName: orders", "topicName: Orders!"));
    const { code, stderr } = await planDemo(dir);
    assert.equal(code, 1);
    assert.equal(stderr.trim(), 'error: demo:topicName is "Orders!": use lower-case letters only');
  });

  it("CLI: a crash in the program is one line saying how to see its trace; --verbose shows it at the program's line", async () => {
    const dir = copyFixture();
    const program = path.join(dir, "index.ts");
    const source = fs.readFileSync(program, "utf8").split("\n");
    const at = source.findIndex((l) => l.includes("new pulumi.Config()")) + 1;
    source.splice(at, 0, "  (undefined as any).crash();");
    fs.writeFileSync(program, source.join("\n"));
    const crash = await planDemo(dir);
    assert.equal(crash.code, 1);
    assert.equal(
      crash.stderr.trim(),
      "error: Cannot read properties of undefined (reading 'crash') (TypeError: run with --verbose for its stack trace)",
    );
    const verbose = await planDemo(dir, "--verbose");
    assert.equal(verbose.code, 1);
    assert.match(verbose.stderr, /^error: Cannot read properties of undefined \(reading 'crash'\)\n/);
    assert.match(verbose.stderr, new RegExp(`index\\.ts:${at + 1}:\\d+`));
  });

  it("CLI: a referenced stack's outputs are reused while its files are unchanged, planned again when they change or the cache is corrupt", async () => {
    // A repository of two stacks: "user" reads "source"'s greeting through a StackReference.
    const scratch = path.resolve(__dirname, "../.tmp");
    fs.mkdirSync(scratch, { recursive: true });
    const repo = fs.mkdtempSync(path.join(scratch, "plan-repo-"));
    copies.push(repo);
    const files: Record<string, string> = {
      "pnpm-workspace.yaml": "packages:\n  - stacks/*\n",
      "stacks/source/Pulumi.yaml": "name: fx\nruntime: nodejs\nmain: index.js\n",
      "stacks/source/Pulumi.source.yaml": "config:\n  fx:greeting: hello\n",
      "stacks/source/index.js":
        'const pulumi = require("@pulumi/pulumi");\nmodule.exports = { greeting: new pulumi.Config().require("greeting") };\n',
      "stacks/user/Pulumi.yaml": "name: fx\nruntime: nodejs\nmain: index.js\n",
      "stacks/user/Pulumi.user.yaml": "config:\n  aws:region: us-east-1\n",
      "stacks/user/index.js":
        'const pulumi = require("@pulumi/pulumi");\nconst source = new pulumi.StackReference(`${pulumi.getOrganization()}/fx/source`);\nmodule.exports = { seen: source.getOutput("greeting") };\n',
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      fs.writeFileSync(path.join(repo, file), text);
    }
    const plan = async () => {
      const out = path.join(repo, "user-outputs.json");
      const { code, stdout, stderr } = await runCli(["user", "--outputs", out], repo);
      assert.equal(code, 0, stderr);
      return { stdout, seen: JSON.parse(fs.readFileSync(out, "utf8")).seen };
    };
    const planned = /^Planning source first, for a StackReference/m;
    const fromCache = /^source's outputs from cache \([0-9a-f]{12}\), for a StackReference/m;

    const first = await plan();
    assert.match(first.stdout, planned);
    assert.equal(first.seen, "hello");
    const again = await plan();
    assert.match(again.stdout, fromCache);
    assert.doesNotMatch(again.stdout, planned);
    assert.equal(again.seen, "hello");

    fs.writeFileSync(path.join(repo, "stacks/source/Pulumi.source.yaml"), "config:\n  fx:greeting: bye\n");
    const changed = await plan();
    assert.match(changed.stdout, planned);
    assert.equal(changed.seen, "bye");

    fs.writeFileSync(path.join(repo, ".plan/cache/source.outputs.json"), '{"key": "');
    const corrupt = await plan();
    assert.match(corrupt.stdout, planned);
    assert.equal(corrupt.seen, "bye");
    assert.match((await plan()).stdout, fromCache);
  });

  it("CLI: a mandatory policy violation fails the plan, as the policy pack fails a preview", async () => {
    const dir = copyFixture();
    const rules = path.join(dir, "policy-rules.js");
    fs.writeFileSync(rules, fs.readFileSync(rules, "utf8").replace('"advisory"', '"mandatory"'));
    const { code, stdout, stderr } = await planDemo(dir);
    assert.equal(code, 1);
    assert.match(stdout, /\[mandatory\] log-retention-30-days: demo-logs/);
    assert.match(stderr, /1 mandatory policy violation/);
  });

  it("CLI: --strict fails the plan on an advisory policy violation too", async () => {
    const dir = copyFixture();
    assert.equal((await planDemo(dir)).code, 0);
    const { code, stdout, stderr } = await planDemo(dir, "--strict");
    assert.equal(code, 1);
    assert.match(stdout, /\[advisory\] log-retention-30-days: demo-logs/);
    assert.match(stderr, /1 advisory policy violation \(--strict\)/);
  });

  it("CLI: a StackReference to a stack the backend does not have is one error line listing the stacks it has", async () => {
    // The repository's stacks are <org>/acs/<stack>; "organization" is not the run's org.
    const { code, stderr } = await runCli(["reader", "--dir", reader, "--org", "acme"]);
    assert.equal(code, 1);
    assert.equal(stderr.trim().split("\n").length, 1, stderr);
    assert.match(
      stderr,
      /^error: testkit: StackReference "organization\/acs\/dev" names a stack that does not exist in this backend; its stacks are (acme\/acs\/\w+, )*acme\/acs\/dev, acme\/acs\/drdev/,
    );
  });

  it("CLI: a bad policy configuration stops the plan before the program runs", async () => {
    const dir = copyFixture();
    const rules = path.join(dir, "policy-rules.js");
    fs.appendFileSync(
      rules,
      '\nexports.loadPolicyConfig = () => { throw new Error("demo/policy-config.json: \\"nope\\" is not a policy of this pack"); };\n',
    );
    const json = path.join(dir, "p.json");
    const { code, stderr } = await planDemo(dir);
    assert.equal(code, 1);
    assert.equal(stderr.trim(), 'error: demo/policy-config.json: "nope" is not a policy of this pack');
    assert.equal(fs.existsSync(json), false, "no plan is written");
  });

  it("CLI: a missing stack config names the stack", async () => {
    const { code, stderr } = await runCli(["nope", "--dir", fixture]);
    assert.equal(code, 1);
    assert.match(stderr, /no Pulumi\.nope\.yaml/);
  });

  it("CLI: no stack is a usage error that says so and lists every option", async () => {
    const { code, stderr } = await runCli([]);
    assert.equal(code, 2);
    assert.match(stderr, /^error: which stack\? name one, e\.g\. `pnpm plan dev`/);
    for (const option of Object.keys(OPTIONS)) assert.match(stderr, new RegExp(`--${option}\\b`), option);
  });

  it("CLI: examples/<name> (another team's program) is planned by its name, with its one stack, on the referenced environment's planned outputs", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "acs-plan-example-"));
    copies.push(out);
    const root = path.resolve(__dirname, "../../..");
    const { code, stdout, stderr } = await runCli(
      ["team-service", "--json", path.join(out, "p.json"), "--mermaid", path.join(out, "p.mmd")],
      root,
      // The CLI plans the referenced stack in a child process of its own file: from source, tsx too.
      { ...process.env, NODE_OPTIONS: `--require ${require.resolve("tsx/cjs")}` },
    );
    assert.equal(code, 0, stderr);
    // dev's outputs: planned now, or reused from .plan/cache when nothing they depend on changed.
    assert.match(
      stdout,
      /Planning dev first, for a StackReference|dev's outputs from cache \([0-9a-f]+\), for a StackReference/,
    );
    assert.match(stdout, /Previewing update \(team-service\) offline: team-service in us-east-1/);
    const plan = JSON.parse(fs.readFileSync(path.join(out, "p.json"), "utf8"));
    const urns: string[] = plan.steps.map((s: { urn: string }) => s.urn);
    assert.ok(
      urns.every((u) => u.startsWith("urn:pulumi:dev::team-service::")),
      urns.join("\n"),
    );
    assert.ok(urns.some((u) => u.endsWith("aws:lb/listenerRule:ListenerRule::orders-rule")));
    assert.ok(
      !urns.some((u) => /aws:(ec2\/vpc|lb\/loadBalancer|ecs\/cluster)/.test(u)),
      "no platform resource",
    );
  });

  it("CLI: an extra argument and an unknown option are usage errors naming them", async () => {
    const extra = await runCli(["demo", "demo"]);
    assert.equal(extra.code, 2);
    assert.match(extra.stderr, /^error: one stack at a time, got 2: demo demo/);
    const unknown = await runCli(["demo", "--jsn", "x.json"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^error: Unknown option '--jsn'/);
  });

  it("CLI: --diff against a real saved `pulumi preview --json`, relative paths from where it ran", async () => {
    const dir = copyFixture();
    const { code, stdout } = await runCli(
      [
        "demo",
        "--dir",
        ".",
        "--json",
        "out/plan.json",
        "--mermaid",
        "out/p.mmd",
        "--diff",
        realPreview,
        "--markdown",
        "out/pr.md",
      ],
      dir,
    );
    assert.equal(code, 0, stdout);
    assert.match(stdout, /Plan written to out\/plan\.json \(pulumi preview --json\), out\/p\.mmd/);
    assert.match(stdout, /out\/pr\.md \(Markdown for a pull request\)/);
    assert.ok(fs.existsSync(path.join(dir, "out", "plan.json")));
    assert.match(stdout, /Diff: 4 to create, 0 to update, 0 to replace, 4 to delete, 0 unchanged/);
    assert.match(fs.readFileSync(path.join(dir, "out", "pr.md"), "utf8"), /```mermaid\nflowchart LR/);
  });

  it("CLI: WHEN one config value changes THEN --diff against the earlier plan shows exactly that change", async () => {
    const dir = copyFixture();
    const before = await runCli(["demo", "--dir", ".", "--json", "before.json", "--mermaid", "p.mmd"], dir);
    assert.equal(before.code, 0, before.stderr);
    const config = path.join(dir, "Pulumi.demo.yaml");
    fs.writeFileSync(
      config,
      fs.readFileSync(config, "utf8").replace("topicName: orders", "topicName: invoices"),
    );
    const { code, stdout } = await runCli(
      ["demo", "--dir", ".", "--json", "after.json", "--mermaid", "p.mmd", "--diff", "before.json"],
      dir,
    );
    assert.equal(code, 0);
    const diff = stdout.slice(stdout.indexOf("Changes against before.json:"), stdout.indexOf("Cost change"));
    assert.equal(
      diff.trim(),
      [
        "Changes against before.json:",
        "",
        "Config:",
        '    ~ demo:topicName: "orders" → "invoices"',
        "",
        "Resources:",
        " +-  aws:sns:Topic  demo-topic  replace",
        '        ~ name: "orders" → "invoices" (forces replacement)',
        "",
        "Diff: 0 to create, 0 to update, 1 to replace, 0 to delete, 3 unchanged",
      ].join("\n"),
    );
  });
});
