#!/usr/bin/env node
/**
 * `pnpm plan <stack>`: what `pulumi up` would create for a stack, computed offline.
 * Runs stacks/<stack>'s real program with its real Pulumi.<stack>.yaml on the testkit's
 * fake AWS: no Pulumi CLI, no AWS credentials.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { loadStackPolicies, runStackProgram } from "../plan/program";
import { toMermaid } from "../plan/mermaid";
import { toPreviewJson } from "../plan/preview-json";
import { renderOutputs, renderSummary, renderTree } from "../plan/render";

const USAGE = `usage: pnpm plan <stack> [--json <file>] [--mermaid <file>] [--dir <stack dir>] [--strict] [--verbose]

  <stack>          stack name: runs stacks/<stack> with Pulumi.<stack>.yaml
  --json <file>    also write the plan as \`pulumi preview --json\` (default .plan/<stack>.json)
  --mermaid <file> also write the plan as a Mermaid diagram (default .plan/<stack>.mmd)
  --dir <dir>      the stack's project directory (default stacks/<stack>)
  --outputs <file> write only the stack outputs as JSON (used for StackReferences)
  --strict         advisory policy violations fail the plan too
  --verbose        print stack traces on errors`;

function repoRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, content);
}

const MAX_REFERENCE_DEPTH = 2;

/** Outputs of a sibling stack, planned in a child process (its program runs in its own runtime). */
function planSiblingOutputs(root: string, name: string): Record<string, unknown> | undefined {
  const stack = name.split("/").pop() ?? name;
  const dir = path.join(root, "stacks", stack);
  const depth = Number(process.env.ACS_PLAN_DEPTH ?? "0");
  if (!fs.existsSync(path.join(dir, `Pulumi.${stack}.yaml`)) || depth >= MAX_REFERENCE_DEPTH)
    return undefined;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "acs-plan-")), "outputs.json");
  execFileSync(process.execPath, [__filename, stack, "--dir", dir, "--outputs", out], {
    env: { ...process.env, ACS_PLAN_DEPTH: String(depth + 1) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return JSON.parse(fs.readFileSync(out, "utf8"));
}

async function main(): Promise<number> {
  const started = process.hrtime.bigint();
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: "string" },
      mermaid: { type: "string" },
      dir: { type: "string" },
      outputs: { type: "string" },
      verbose: { type: "boolean", default: false },
      strict: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const stack = positionals[0]!;
  const root = repoRoot(process.env.INIT_CWD ?? process.cwd());
  const dir = values.dir ? path.resolve(values.dir) : path.join(root, "stacks", stack);
  if (!fs.existsSync(dir)) {
    const known = fs.existsSync(path.join(root, "stacks"))
      ? fs.readdirSync(path.join(root, "stacks")).join(", ")
      : "none";
    throw new Error(`no stack "${stack}": ${dir} does not exist (stacks: ${known})`);
  }

  // Before the program runs: a bad policy configuration stops the plan first.
  const policies = values.outputs ? undefined : loadStackPolicies(dir);
  const { settings, recording } = await runStackProgram(dir, stack, {
    stackReferences: (name) => planSiblingOutputs(root, name),
  });
  if (values.outputs) {
    write(values.outputs, JSON.stringify(recording.outputs, null, 2));
    return 0;
  }
  const jsonFile = values.json ?? path.join(root, ".plan", `${stack}.json`);
  const mermaidFile = values.mermaid ?? path.join(root, ".plan", `${stack}.mmd`);
  write(jsonFile, JSON.stringify(toPreviewJson(recording, settings), null, 2) + "\n");
  write(mermaidFile, toMermaid(recording));

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const region = settings.config["aws:region"] ?? "(no region)";
  console.log(
    `Previewing update (${stack}) offline: ${settings.project} in ${region} on the testkit fake AWS (no Pulumi CLI, no credentials)\n`,
  );
  console.log(renderTree(recording));
  const outputs = renderOutputs(recording.outputs);
  if (outputs) console.log(`\n${outputs}`);
  console.log(`\n${renderSummary(recording)}\n`);
  const violations = policies?.check(recording);
  let mandatory = 0;
  let failing = 0;
  if (violations) {
    mandatory = violations.filter((v) => v.enforcement === "mandatory").length;
    failing = values.strict ? violations.length : mandatory;
    console.log(`Policies: ${mandatory} mandatory and ${violations.length - mandatory} advisory violations`);
    for (const v of violations)
      console.log(`    [${v.enforcement}] ${v.rule}: ${v.urn.split("::").pop()}: ${v.message}`);
    console.log("");
  }
  console.log(`Duration: ${seconds.toFixed(1)}s`);
  console.log(
    `Plan written to ${path.relative(process.cwd(), jsonFile)} (pulumi preview --json shape) and ${path.relative(process.cwd(), mermaidFile)} (Mermaid)`,
  );
  if (failing > 0) {
    console.error(
      mandatory > 0
        ? `error: ${mandatory} mandatory policy violation${mandatory > 1 ? "s" : ""}: \`pulumi preview\` with the policy pack would fail`
        : `error: ${failing} advisory policy violation${failing > 1 ? "s" : ""} (--strict)`,
    );
    return 1;
  }
  return 0;
}

// Pulumi's runtime also rejects the stack's internal promises with the program's error;
// main() reports it once, so those duplicates must not crash the process first.
process.on("unhandledRejection", () => undefined);

main().then(
  (code) => process.exit(code),
  (err: any) => {
    const cause = err?.cause instanceof Error ? err.cause : err;
    const verbose = process.argv.includes("--verbose");
    const message = String(cause?.message ?? cause).split("\n")[0];
    console.error(`error: ${message}`);
    if (verbose && cause?.stack) console.error(cause.stack);
    process.exit(1);
  },
);
