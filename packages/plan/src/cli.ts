#!/usr/bin/env node
/**
 * `pnpm plan <stack>`: what `pulumi up` would create for a stack, computed offline.
 * Runs stacks/<stack>'s real program with its real Pulumi.<stack>.yaml on the testkit's
 * fake AWS: no Pulumi CLI, no AWS credentials.
 */
// First, before @pulumi/pulumi loads: its serializer's typescript and arborist load on first use.
import "./defer-pulumi-serializer";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import {
  DEFAULT_ORGANIZATION,
  loadTestkitYaml,
  repositoryStacks,
  runStackProgram,
  unknownStackError,
} from "@acs/testkit";
import { architectureOf, toArchitectureMermaid } from "./architecture";
import {
  type CostEstimate,
  estimateCost,
  renderCost,
  renderCostChange,
  resolveCostAssumptions,
} from "./cost";
import { diffPlans, type PlanDiff, renderDiff } from "./diff";
import { toMarkdown } from "./markdown";
import { toMermaid } from "./mermaid";
import { loadStackPolicies } from "./policies";
import { previewStack } from "./preview/run";
import { readPreviewDigest, toPreviewJson } from "./preview-json";
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
    `  ${"<stack>".padEnd(width)}stack name: runs stacks/<stack> with Pulumi.<stack>.yaml (or examples/<stack>, a team's program, with its one stack file)`,
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

// Committed beside the launcher (plain JavaScript, so `scripts/plan.mjs` uses it before a build).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { closureHash } = require("../bin/workspace-hash.js") as {
  closureHash(root: string, dir: string, options?: { whole?: boolean }): { sources: string; built: string };
};

/**
 * Where a sibling stack's outputs are kept between plans, and the key they are valid for: a hash
 * of every file of the sibling's directory and of the workspace packages it depends on (sources
 * and built `dist/`, which include this CLI and the testkit), the root's lockfile and build
 * settings, the organization and the Node.js version. Anything else changes nothing the
 * sibling's program can see offline.
 */
function siblingCache(root: string, stack: string, dir: string, org: string) {
  const { sources, built } = closureHash(root, dir);
  const key = createHash("sha256")
    .update([sources, built, org, stack, process.version].join("\0"))
    .digest("hex");
  return { file: path.join(root, ".plan", "cache", `${stack}.outputs.json`), key };
}

function cachedOutputs(file: string, key: string): Record<string, unknown> | undefined {
  try {
    const cached = JSON.parse(fs.readFileSync(file, "utf8"));
    return cached?.key === key && cached.outputs && typeof cached.outputs === "object"
      ? cached.outputs
      : undefined;
  } catch {
    return undefined; // missing or unreadable: plan the sibling again
  }
}

const siblingOutputs = new Map<string, Record<string, unknown>>();

/**
 * Outputs of a sibling stack: from the cache while nothing they depend on changed (see
 * siblingCache), else planned in a child process (its program runs in its own Pulumi runtime:
 * the runtime's state is per process and has no supported reset) and cached.
 */
function planSiblingOutputs(root: string, qualifiedName: string, org: string): Record<string, unknown> {
  const known = siblingOutputs.get(qualifiedName);
  if (known) return known;
  const outputs = planSibling(root, qualifiedName, org);
  siblingOutputs.set(qualifiedName, outputs);
  return outputs;
}

function planSibling(root: string, qualifiedName: string, org: string): Record<string, unknown> {
  const stacks = repositoryStacks(root, org);
  const sibling = stacks.find((s) => s.qualifiedName === qualifiedName);
  if (!sibling)
    throw unknownStackError(
      qualifiedName,
      qualifiedName,
      stacks.map((s) => s.qualifiedName),
    );
  const depth = Number(process.env.ACS_PLAN_DEPTH ?? "0");
  if (depth >= MAX_REFERENCE_DEPTH)
    throw new Error(
      `testkit: StackReference "${qualifiedName}": references nest deeper than ${MAX_REFERENCE_DEPTH}`,
    );
  const cache = siblingCache(root, sibling.stack, sibling.dir, org);
  const cached = cachedOutputs(cache.file, cache.key);
  if (cached) {
    console.log(`${sibling.stack}'s outputs from cache (${cache.key.slice(0, 12)}), for a StackReference`);
    return cached;
  }
  console.log(`Planning ${sibling.stack} first, for a StackReference…`);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "acs-plan-")), "outputs.json");
  execFileSync(
    process.execPath,
    // The same Node options (a TypeScript loader when this CLI runs from its sources).
    [...process.execArgv, __filename, sibling.stack, "--dir", sibling.dir, "--org", org, "--outputs", out],
    { env: { ...process.env, ACS_PLAN_DEPTH: String(depth + 1) }, stdio: ["ignore", "ignore", "inherit"] },
  );
  const outputs = JSON.parse(fs.readFileSync(out, "utf8"));
  // Written whole, then renamed: a plan running beside this one never reads half a file.
  write(`${cache.file}.${process.pid}`, JSON.stringify({ key: cache.key, outputs }));
  fs.renameSync(`${cache.file}.${process.pid}`, cache.file);
  return outputs;
}

/** A mistake in how the command was called: printed with the usage, exit status 2. */
class UsageError extends Error {}

function knownStacks(root: string): string[] {
  const dir = path.join(root, "stacks");
  const stacks = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, `Pulumi.${d}.yaml`)))
    : [];
  return [...stacks, ...knownExamples(root).filter((e) => !stacks.includes(e))];
}

/** Other teams' programs (`examples/<name>` with a Pulumi.yaml): planned by their directory's name. */
function knownExamples(root: string): string[] {
  const dir = path.join(root, "examples");
  return fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "Pulumi.yaml")))
    : [];
}

/**
 * What `pnpm plan <name>` runs: `stacks/<name>` as stack <name>, else `examples/<name>` as the
 * one stack it has a `Pulumi.<stack>.yaml` for (a team's stack is named after the environment it
 * deploys into, e.g. `dev`). Examples are programs built on an environment, never environments:
 * the repository's environment checks read `stacks/` only.
 */
function planTarget(root: string, name: string): { dir: string; stack: string } {
  const example = path.join(root, "examples", name);
  if (fs.existsSync(path.join(root, "stacks", name)) || !fs.existsSync(path.join(example, "Pulumi.yaml")))
    return { dir: path.join(root, "stacks", name), stack: name };
  const stacks = fs.readdirSync(example).flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []);
  if (stacks.length !== 1)
    throw new UsageError(
      `examples/${name} has ${stacks.length} stack files (Pulumi.<stack>.yaml: ${stacks.join(", ") || "none"}); keep one, or plan it with --dir examples/${name} <stack>`,
    );
  return { dir: example, stack: stacks[0]! };
}

function parseCommandLine(root: string, cwd: string) {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: Object.fromEntries(
        Object.entries(OPTION_SPECS).map(([name, o]) => [
          name,
          { type: o.type, ...(o.short ? { short: o.short } : {}) },
        ]),
      ),
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split("\n")[0]!);
  }
  const { values, positionals } = parsed;
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const flag = (name: string) => values[name] === true;
  if (flag("help")) return { help: true as const };
  const stacks = knownStacks(root).join(", ") || "none";
  if (positionals.length === 0)
    throw new UsageError(`which stack? name one, e.g. \`pnpm plan dev\` (stacks: ${stacks})`);
  if (positionals.length > 1) {
    const inStack = path.relative(path.join(root, "stacks"), cwd).split(path.sep)[0];
    const hint =
      inStack && !inStack.startsWith("..") && knownStacks(root).includes(inStack)
        ? `; inside stacks/${inStack}, \`pnpm plan\` already plans ${inStack} (run it without a stack name, or \`pnpm plan <stack>\` at the repository root)`
        : "";
    throw new UsageError(`one stack at a time, got ${positionals.length}: ${positionals.join(" ")}${hint}`);
  }
  return { help: false as const, stack: positionals[0]!, text, flag };
}

async function main(): Promise<number> {
  const started = process.hrtime.bigint();
  const cwd = process.cwd();
  const root = repoRoot(cwd);
  const shown = (file: string) => path.relative(cwd, file) || ".";
  const cmd = parseCommandLine(root, cwd);
  if (cmd.help) {
    console.log(USAGE);
    return 0;
  }
  const { stack, text, flag } = cmd;
  // `stack` names the plan (its files, its headings); `target.stack` is the Pulumi stack it runs.
  const target = text("dir") ? { dir: path.resolve(cwd, text("dir")!), stack } : planTarget(root, stack);
  const dir = target.dir;
  if (!fs.existsSync(dir))
    throw new UsageError(
      `no stack "${stack}": ${shown(dir)} does not exist (stacks: ${knownStacks(root).join(", ") || "none"})`,
    );
  // Everything that can be wrong with the inputs fails before the program runs.
  const oldFile = text("diff") ? path.resolve(cwd, text("diff")!) : undefined;
  const oldPlan = oldFile ? readPreviewDigest(shown(oldFile)) : undefined;
  const assumptions = resolveCostAssumptions(
    loadTestkitYaml(dir).cost ?? {},
    `${shown(path.join(dir, "testkit.yaml"))}: cost`,
  );

  const outputsFile = text("outputs");
  // Before the program runs: a bad policy configuration stops the plan first.
  const policies = outputsFile ? undefined : loadStackPolicies(dir);
  // Pulumi's runtime formats a stack trace for every promise it wraps (runtime/debuggable.js,
  // kept only for its promise-leak messages) and the plan records no source positions: without
  // stack frames the program runs about twice as fast. `--verbose` keeps them for errors, mapped
  // to the TypeScript sources (the stack's program is loaded with source maps off otherwise: see
  // runStackProgram).
  if (flag("verbose")) process.setSourceMapsEnabled(true);
  else {
    Error.stackTraceLimit = 0;
    // @pulumi/pulumi still raises the limit to Infinity around one `new Error().stack` per
    // resource (`Resource.callsites` in resource.ts: the engine's source positions, which an
    // offline plan never records) and encodes every frame. With this formatter those frames are
    // never formatted; any other error has no frame at limit 0 and reads as before
    // (`Error.prototype.toString`, which Node's own formatter prints for an empty trace).
    // https://v8.dev/docs/stack-trace-api#customizing-stack-traces
    Error.prepareStackTrace = (err: Error) => String(err);
  }
  // Never silent: the program takes seconds (more when it plans a referenced stack first).
  const org = text("org") ?? (process.env.PULUMI_ORG || DEFAULT_ORGANIZATION);
  if (!outputsFile)
    console.log(
      flag("preview")
        ? `Previewing ${stack} as \`pulumi preview\` runs it (organization ${org}): ts-node type-checks ${shown(dir)} first…`
        : `Planning ${stack}: running ${shown(dir)} on the fake AWS…`,
    );
  const { settings, recording } = flag("preview")
    ? await previewStack(dir, target.stack, {
        organization: org,
        knownStacks: repositoryStacks(root, org).map((s) => s.qualifiedName),
        // A real backend answers with the referenced stack's deployed outputs: its fast plan's.
        stackOutputs: (name) =>
          repositoryStacks(root, org).some((s) => s.qualifiedName === name)
            ? planSiblingOutputs(root, name, org)
            : undefined,
        output: (chunk) => process.stdout.write(chunk),
      })
    : await runStackProgram(
        dir,
        target.stack,
        { stackReferences: (name) => planSiblingOutputs(root, name, org) },
        org,
      );
  if (outputsFile) {
    write(path.resolve(cwd, outputsFile), JSON.stringify(recording.outputs, null, 2));
    return 0;
  }
  const violations = policies?.check(recording);
  const ns = Number(process.hrtime.bigint() - started);
  const plan = toPreviewJson(recording, settings, {
    durationNs: ns,
    relativeTo: root,
    diagnostics: (violations ?? []).map((v) => ({
      urn: v.urn,
      message: `[${v.enforcement}] ${v.rule}: ${v.message}`,
      severity: v.enforcement === "mandatory" ? "error" : "warning",
    })),
  });
  const region = settings.config["aws:region"] ?? "(no region)";
  const cost = estimateCost(plan, assumptions);
  const picture = toArchitectureMermaid(architectureOf(plan));

  const jsonFile = text("json")
    ? path.resolve(cwd, text("json")!)
    : path.join(root, ".plan", `${stack}.json`);
  const mermaidFile = text("mermaid")
    ? path.resolve(cwd, text("mermaid")!)
    : path.join(root, ".plan", `${stack}.mmd`);
  write(jsonFile, JSON.stringify(plan, null, 2) + "\n");
  write(mermaidFile, flag("resource-graph") ? toMermaid(recording) : picture);

  console.log(
    `Previewing update (${stack}) offline: ${settings.project} in ${region} on the testkit fake AWS (no Pulumi CLI, no credentials)${flag("preview") ? "; preview mode: values computed at `up` are shown as output<string>" : ""}\n`,
  );
  console.log(renderTree(recording));
  const outputs = renderOutputs(recording.outputs);
  if (outputs) console.log(`\n${outputs}`);
  console.log(`\n${renderSummary(recording)}\n`);
  let mandatory = 0;
  let failing = 0;
  if (violations) {
    mandatory = violations.filter((v) => v.enforcement === "mandatory").length;
    failing = flag("strict") ? violations.length : mandatory;
    console.log(`Policies: ${mandatory} mandatory and ${violations.length - mandatory} advisory violations`);
    for (const v of violations)
      console.log(`    [${v.enforcement}] ${v.rule}: ${v.urn.split("::").pop()}: ${v.message}`);
    console.log("");
  }
  console.log(`${renderCost(cost)}\n`);
  let diff: { against: string; changes: PlanDiff; cost: CostEstimate } | undefined;
  if (oldPlan && oldFile) {
    diff = {
      against: shown(oldFile),
      changes: diffPlans(oldPlan, plan),
      cost: estimateCost(oldPlan, assumptions),
    };
    console.log(`Changes against ${diff.against}:\n`);
    console.log(renderDiff(diff.changes));
    console.log(`\n${renderCostChange(diff.cost, cost)}\n`);
  }
  const written = [
    `${shown(jsonFile)} (pulumi preview --json)`,
    `${shown(mermaidFile)} (Mermaid: ${flag("resource-graph") ? "every resource" : "architecture"})`,
  ];
  const markdownFile = text("markdown") ? path.resolve(cwd, text("markdown")!) : undefined;
  if (markdownFile) {
    write(markdownFile, toMarkdown({ stack, region, plan, violations, cost, diff, picture }));
    written.push(`${shown(markdownFile)} (Markdown for a pull request)`);
  }
  console.log(`Plan written to ${written.join(", ")}`);
  console.log(`Duration: ${(ns / 1e9).toFixed(1)}s`);
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
    if (err instanceof UsageError) {
      console.error(`error: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    const cause = err?.cause instanceof Error ? err.cause : err;
    const verbose = process.argv.includes("--verbose");
    const message = String(cause?.message ?? cause).split("\n")[0];
    // A TypeError, ReferenceError or RangeError is a crash, not a message written for the user:
    // say where its stack trace is.
    const crash =
      cause instanceof TypeError || cause instanceof ReferenceError || cause instanceof RangeError;
    console.error(
      `error: ${message}${crash && !verbose ? ` (${cause.name}: run with --verbose for its stack trace)` : ""}`,
    );
    if (verbose && cause?.stack) console.error(cause.stack);
    process.exit(1);
  },
);
