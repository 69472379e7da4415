/**
 * `pnpm plan <stack> --preview`: runs the stack the way `pulumi preview` does. The program is
 * started as the Node.js language host starts it (sdk/nodejs/cmd/pulumi-language-nodejs/main.go,
 * `constructArguments` and `execRuntime`): `node <@pulumi/pulumi>/cmd/run --monitor … --engine …
 * --organization … --project … --root-directory … --stack … --pwd … --dry-run --parallel … <main>`
 * in the stack's directory, with `PULUMI_CONFIG` (keys as `<namespace>:config:<key>`),
 * `PULUMI_CONFIG_SECRET_KEYS` and `PULUMI_NODEJS_TYPESCRIPT`, so ts-node type-checks the program
 * against the stack's tsconfig.json, as a real preview does. The engine it talks to is
 * {@link PreviewEngine}: unknown computed values, the organization's stack names, assets read
 * from disk.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { FakeAws, loadFixtures, loadStackSettings, Recording, type StackSettings } from "@acs/testkit";
import { PreviewEngine, type Diagnostic } from "./engine";

/**
 * The parallelism a real `pulumi preview` passes to the program when `--parallel` is not given
 * (the CLI's default; the program only uses it to bound its own concurrent RPCs).
 */
export const DEFAULT_PARALLEL = 16;

export interface PreviewOptions {
  /** The backend organization the stack lives in (what `pulumi.getOrganization()` returns). */
  readonly organization: string;
  /**
   * Outputs of another stack, by `<org>/<project>/<stack>`, or undefined when the backend has no
   * such stack. A real backend answers with the deployed stack's outputs (all known).
   */
  readonly stackOutputs: (qualifiedName: string) => Record<string, unknown> | undefined;
  /** The stacks the backend holds, for the error on any other name. */
  readonly knownStacks?: readonly string[];
  /** Where the program's stdout and stderr go. @default the parent's */
  readonly output?: (chunk: string) => void;
}

export interface PreviewRun {
  readonly settings: StackSettings;
  readonly recording: Recording;
  readonly diagnostics: readonly Diagnostic[];
  /** Wall time of the program run, milliseconds. */
  readonly programMs: number;
}

/** A preview that failed: what the engine or the program said, and what was registered first. */
export class PreviewError extends Error {
  constructor(
    message: string,
    readonly recording: Recording,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(message);
    this.name = "PreviewError";
  }
}

/** The language host's runtime options from Pulumi.yaml (`runtime.options`). */
function runtimeOptions(dir: string): { typescript: boolean; tsconfig?: string; nodeargs?: string } {
  const doc = YAML.parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) ?? {};
  const opts = typeof doc.runtime === "object" ? (doc.runtime.options ?? {}) : {};
  return {
    typescript: opts.typescript !== false,
    ...(opts.tsconfig ? { tsconfig: String(opts.tsconfig) } : {}),
    ...(opts.nodeargs ? { nodeargs: String(opts.nodeargs) } : {}),
  };
}

/** `PULUMI_CONFIG` as the language host writes it: `<namespace>:config:<key>` → value. */
export function pulumiConfigEnv(config: Record<string, string>): string {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const i = key.indexOf(":");
    out[i < 0 ? key : `${key.slice(0, i)}:config:${key.slice(i + 1)}`] = value;
  }
  return JSON.stringify(out);
}

export async function previewStack(dir: string, stack: string, opts: PreviewOptions): Promise<PreviewRun> {
  const absDir = path.resolve(dir);
  const settings = loadStackSettings(absDir, stack);
  const fake = new FakeAws(loadFixtures(absDir));
  const engine = new PreviewEngine({
    organization: opts.organization,
    project: settings.project,
    stack: settings.stack,
    programDir: absDir,
    fake,
    stackOutputs: opts.stackOutputs,
    ...(opts.knownStacks ? { knownStacks: opts.knownStacks } : {}),
  });
  // The fake answers region-less invokes with the stack's region, read from Pulumi's config.
  const pulumi = await import("@pulumi/pulumi");
  pulumi.runtime.setAllConfig(settings.config, settings.secretKeys);
  const address = await engine.start();
  const started = Date.now();
  let exit: { code: number | null; output: string };
  try {
    // The language host finds `./node_modules/@pulumi/pulumi/cmd/run` from the program's directory.
    const runPath = path.dirname(require.resolve("@pulumi/pulumi/cmd/run/index.js", { paths: [absDir] }));
    const rt = runtimeOptions(absDir);
    const args = [
      ...(rt.nodeargs ? rt.nodeargs.split(/\s+/).filter(Boolean) : []),
      runPath,
      "--monitor",
      address,
      "--engine",
      address,
      "--organization",
      opts.organization,
      "--project",
      settings.project,
      "--root-directory",
      absDir,
      "--stack",
      settings.stack,
      "--pwd",
      absDir,
      "--dry-run",
      "--parallel",
      String(DEFAULT_PARALLEL),
      path.relative(absDir, settings.main) || ".",
    ];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PULUMI_CONFIG: pulumiConfigEnv(settings.config),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(settings.secretKeys),
      ...(rt.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
      ...(rt.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: rt.tsconfig } : {}),
    };
    // Not the plan's own loaders: the program must load the way the language host loads it.
    delete env.NODE_OPTIONS;
    exit = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: absDir, env, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      const take = (b: Buffer) => {
        const s = b.toString("utf8");
        output += s;
        opts.output?.(s);
      };
      child.stdout.on("data", take);
      child.stderr.on("data", take);
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, output }));
    });
  } finally {
    engine.stop();
  }
  const programMs = Date.now() - started;
  const recording = new Recording(engine.resources, engine.stackOutputs ?? {}, {
    project: settings.project,
    stack: settings.stack,
  });
  const errors = [
    ...engine.errors,
    ...engine.diagnostics.filter((d) => d.severity === "error").map((d) => d.message.trim()),
  ];
  if (exit.code !== 0 || errors.length > 0) {
    const first = summarize(
      errors[0] ?? lastLines(exit.output) ?? `the program exited with status ${exit.code}`,
    );
    throw new PreviewError(first, recording, engine.diagnostics);
  }
  if (!engine.rootUrn || engine.stackOutputs === undefined) {
    throw new PreviewError(
      "the program exited before its stack outputs resolved (an output or promise never settled); a real preview would show no outputs and the update would not complete",
      recording,
      engine.diagnostics,
    );
  }
  return { settings, recording, diagnostics: engine.diagnostics, programMs };
}

/**
 * The line that says what is wrong: for a compile error, ts-node's diagnostics (`index.ts(3,7):
 * error TS2322: …`) rather than the SDK's "Running program … failed" preamble.
 */
export function summarize(message: string): string {
  const compile = message.split("\n").filter((l) => /\(\d+,\d+\): error TS\d+/.test(l));
  if (compile.length > 0) return `the program does not type-check: ${compile.join("; ")}`;
  // The Node.js language host puts the program's own error on the line after its heading
  // ("Running program '<main>' failed with an unhandled exception:"): that line is the message.
  const thrown = /failed with an unhandled exception:\n(?:\w*Error: )?(.+)/.exec(message);
  if (thrown) return thrown[1]!;
  return message;
}

function lastLines(output: string): string | undefined {
  const lines = output.trim().split("\n").filter(Boolean);
  return lines.length ? lines.slice(-5).join("\n") : undefined;
}
