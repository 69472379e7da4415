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
import { runStackProgram } from "@acs/testkit";
import { toMermaid } from "./mermaid";
import { checkPolicies } from "./policies";
import { toPreviewJson } from "./preview-json";
import { renderOutputs, renderSummary, renderTree } from "./render";
import OPTIONS from "./options.json";

/** One command-line option (the table is JSON so that `scripts/plan.mjs` reads it without a build). */
interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** The value's name in the usage, for string options. */
  readonly value?: string;
  readonly help: string;
}

const OPTION_SPECS = OPTIONS as Record<string, OptionSpec>;

const USAGE = (() => {
  const flags = Object.entries(OPTION_SPECS).map(([name, o]) => ({
    flag: `${o.short ? `-${o.short}, ` : ""}--${name}${o.value ? ` <${o.value}>` : ""}`,
    help: o.help,
  }));
  const width = Math.max(...flags.map((f) => f.flag.length)) + 2;
  return [
    "usage: pnpm plan <stack> [options]",
    "",
    `  ${"<stack>".padEnd(width)}stack name: runs stacks/<stack> with Pulumi.<stack>.yaml`,
    ...flags.map((f) => `  ${f.flag.padEnd(width)}${f.help}`),
  ].join("\n");
})();

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
    options: Object.fromEntries(
      Object.entries(OPTION_SPECS).map(([name, o]) => [
        name,
        { type: o.type, ...(o.short ? { short: o.short } : {}) },
      ]),
    ),
  });
  const text = (name: string) => (typeof values[name] === "string" ? values[name] : undefined);
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const stack = positionals[0]!;
  const root = repoRoot(process.env.INIT_CWD ?? process.cwd());
  const dir = text("dir") ? path.resolve(text("dir")!) : path.join(root, "stacks", stack);
  if (!fs.existsSync(dir)) {
    const known = fs.existsSync(path.join(root, "stacks"))
      ? fs.readdirSync(path.join(root, "stacks")).join(", ")
      : "none";
    throw new Error(`no stack "${stack}": ${dir} does not exist (stacks: ${known})`);
  }

  const { settings, recording } = await runStackProgram(dir, stack, {
    stackReferences: (name) => planSiblingOutputs(root, name),
  });
  const outputsFile = text("outputs");
  if (outputsFile) {
    write(outputsFile, JSON.stringify(recording.outputs, null, 2));
    return 0;
  }
  const jsonFile = text("json") ?? path.join(root, ".plan", `${stack}.json`);
  const mermaidFile = text("mermaid") ?? path.join(root, ".plan", `${stack}.mmd`);
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
  const violations = checkPolicies(dir, recording);
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
