import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { FakeAwsOptions } from "./fake-aws";
import { Recording } from "./recording";
import { runPulumi } from "./run";
import { loadStackSettings, StackSettings } from "./stack-config";

/** What the fake account holds for one stack's offline plan: `<stack dir>/testkit.yaml`. */
export function loadFixtures(dir: string): FakeAwsOptions {
  const doc = loadTestkitYaml(dir);
  return {
    accountId: doc.accountId,
    zones: doc.zones,
    parameters: doc.parameters,
    stackReferences: doc.stackReferences,
  };
}

/** The stack's `testkit.yaml` (what the fake account holds, and the plan's settings), or `{}`. */
export function loadTestkitYaml(dir: string): Record<string, any> {
  const file = path.join(dir, "testkit.yaml");
  return fs.existsSync(file) ? (YAML.parse(fs.readFileSync(file, "utf8")) ?? {}) : {};
}

let tsxRegistered = false;

function requireProgram(main: string, dir: string): unknown {
  if (!tsxRegistered && /\.[cm]?ts$/.test(main)) {
    // tsx's register() turns Node's source maps on for the whole process
    // (`process.setSourceMapsEnabled(true)` in tsx 4's cjs/api), and @pulumi/pulumi formats a full
    // stack trace for every resource it registers (`Resource.callsites` in resource.ts, for the
    // engine's source positions, with `Error.stackTraceLimit` raised to Infinity): with maps on,
    // every frame of every trace is mapped. Keep the process's own setting (on under `--verbose`,
    // `--enable-source-maps` or a test runner that loads tsx first; off otherwise).
    // https://nodejs.org/docs/latest-v20.x/api/process.html#processsetsourcemapsenabledval
    const sourceMaps = process.sourceMapsEnabled;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("tsx/cjs/api").register();
    process.setSourceMapsEnabled(sourceMaps);
    tsxRegistered = true;
  }
  // A program may be run more than once in a process (tests, plans of several stacks).
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(dir + path.sep) && !key.includes(`${path.sep}node_modules${path.sep}`))
      delete require.cache[key];
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(main);
}

/** Turns a program module's exports into stack outputs, as the Pulumi Node.js host does. */
async function exportsToOutputs(mod: any): Promise<Record<string, unknown>> {
  let value = mod && mod.__esModule && "default" in mod ? mod.default : mod;
  if (typeof value === "function") value = await value();
  value = await value;
  if (!value || typeof value !== "object") return {};
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "__esModule" && k !== "default"));
}

export interface StackRun {
  readonly settings: StackSettings;
  readonly recording: Recording;
}

/**
 * Runs the real program of the stack in `dir` with its real `Pulumi.<stack>.yaml` on the
 * fake AWS. `extra` adds to (and overrides) what the stack's testkit.yaml declares;
 * `organization` is the backend's (default: the testkit's DEFAULT_ORGANIZATION).
 */
export async function runStackProgram(
  dir: string,
  stack: string,
  extra: FakeAwsOptions = {},
  organization?: string,
): Promise<StackRun> {
  const absDir = path.resolve(dir);
  const settings = loadStackSettings(absDir, stack);
  const fixtures = loadFixtures(absDir);
  const fake: FakeAwsOptions = {
    ...fixtures,
    ...extra,
    zones: { ...(fixtures.zones ?? {}), ...(extra.zones ?? {}) },
    parameters: { ...(fixtures.parameters ?? {}), ...(extra.parameters ?? {}) },
    stackReferences: extra.stackReferences ?? fixtures.stackReferences,
  };
  const recording = await runPulumi(async () => exportsToOutputs(requireProgram(settings.main, absDir)), {
    project: settings.project,
    stack: settings.stack,
    organization,
    config: settings.config,
    secretKeys: settings.secretKeys,
    fake,
  });
  return { settings, recording };
}
