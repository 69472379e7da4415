import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { FakeAwsOptions } from "../fake-aws";
import { Recording } from "../recording";
import { runPulumi } from "../run";
import { loadStackSettings, StackSettings } from "../stack-config";

/** What the fake account holds for one stack's offline plan: `<stack dir>/testkit.yaml`. */
export function loadFixtures(dir: string): FakeAwsOptions {
  const doc = readTestkitYaml(dir);
  return {
    accountId: doc.accountId,
    zones: doc.zones,
    parameters: doc.parameters,
    stackReferences: doc.stackReferences,
  };
}

function readTestkitYaml(dir: string): Record<string, any> {
  const file = path.join(dir, "testkit.yaml");
  return fs.existsSync(file) ? (YAML.parse(fs.readFileSync(file, "utf8")) ?? {}) : {};
}

/** A policy finding, in the shape of `@acs/policies/rules`' `Violation`. */
export interface PolicyViolation {
  readonly rule: string;
  readonly enforcement: "mandatory" | "advisory";
  readonly urn: string;
  readonly message: string;
}

/** The policy rules a stack names, with its policy configuration already read and checked. */
export interface StackPolicies {
  check(recording: Recording): PolicyViolation[];
}

/**
 * Loads the policy rules the stack names in testkit.yaml (`policyRules: <module>`, resolved from
 * the stack's directory; the module exports `checkResources`, and `loadPolicyConfig` when the
 * stack has a policy configuration). Reads the configuration now, so a bad one stops the plan
 * before the program runs. Returns undefined when the stack names no rules.
 */
export function loadStackPolicies(dir: string): StackPolicies | undefined {
  const module = readTestkitYaml(dir).policyRules;
  if (!module) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rules = require(require.resolve(String(module), { paths: [path.resolve(dir)] }));
  const options =
    typeof rules.loadPolicyConfig === "function"
      ? { config: rules.loadPolicyConfig(path.resolve(dir), rules.RULES) }
      : {};
  return {
    check: (recording) =>
      rules.checkResources(
        recording.custom.map((r) => ({
          type: r.type,
          urn: r.urn,
          props: r.inputs,
          outputs: r.outputs,
          id: r.id,
          protect: r.options.protect,
        })),
        options,
      ),
  };
}

/**
 * Runs the stack's policy rules (see `loadStackPolicies`) over the plan, as
 * `pulumi preview --policy-pack … --policy-pack-config …` would. Returns undefined when the stack
 * names none.
 */
export function checkPolicies(dir: string, recording: Recording): PolicyViolation[] | undefined {
  return loadStackPolicies(dir)?.check(recording);
}

let tsxRegistered = false;

function requireProgram(main: string, dir: string): unknown {
  if (!tsxRegistered && /\.[cm]?ts$/.test(main)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("tsx/cjs/api").register();
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
 * fake AWS. `extra` adds to (and overrides) what the stack's testkit.yaml declares.
 */
export async function runStackProgram(
  dir: string,
  stack: string,
  extra: FakeAwsOptions = {},
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
    config: settings.config,
    secretKeys: settings.secretKeys,
    fake,
  });
  return { settings, recording };
}
