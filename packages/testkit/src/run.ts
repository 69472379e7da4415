import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";

// Internal to @pulumi/pulumi but stable for years: waits until the runtime's RPC queue drains.
const waitForRPCs: () => Promise<void> = (settings as any).waitForRPCs;
import { FakeAws, FakeAwsOptions } from "./fake-aws";
import { resetRevisions } from "./fake/resources";
import { RecordedResource, RecordingMonitor } from "./recorder";
import { Recording } from "./recording";
import { DEFAULT_ORGANIZATION, validateOrganization } from "./stack-reference";

export interface RunOptions {
  /** Pulumi project name. @default "acs" */
  readonly project?: string;
  /** Pulumi stack name. @default "test" */
  readonly stack?: string;
  /**
   * The organization the run belongs to (`pulumi.getOrganization()`); StackReference names are
   * resolved in it. @default DEFAULT_ORGANIZATION ("acs-platform")
   */
  readonly organization?: string;
  /** Shorthand for the `aws:region` config. @default "us-east-1" unless config sets it */
  readonly region?: string;
  /** Config as `namespace:key` → value; non-strings are stored as JSON, like structured config. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Config keys whose values are secret. */
  readonly secretKeys?: readonly string[];
  /** What the fake account holds. */
  readonly fake?: FakeAwsOptions;
}

/** An error from a program run under the fake, with what had been registered before it. */
export class ProgramError extends Error {
  constructor(
    override readonly cause: Error,
    readonly recording: Recording,
  ) {
    super(cause.message);
    this.name = "ProgramError";
  }
}

/** Resolves an Output's value (all values are known under the fake). */
export function promiseOf<T>(output: pulumi.Input<T> | pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}

async function settle(monitor: RecordingMonitor): Promise<void> {
  // Drain Pulumi's RPC queue until no registration is in flight and nothing new arrives.
  for (let quiet = 0; quiet < 3;) {
    const before = monitor.recorded.length + monitor.errors.length;
    await waitForRPCs();
    await new Promise((r) => setImmediate(r));
    quiet =
      monitor.inFlight === 0 && before === monitor.recorded.length + monitor.errors.length ? quiet + 1 : 0;
  }
}

/**
 * Runs `program` as a whole Pulumi stack on the fake AWS and returns every registration.
 * The program's return value (plain values or Outputs) becomes the stack outputs.
 * Rejects with a {@link ProgramError} when the program or a registration fails.
 */
export async function runPulumi(program: () => unknown, options: RunOptions = {}): Promise<Recording> {
  const project = options.project ?? "acs";
  const stack = options.stack ?? "test";
  const organization = options.organization ?? DEFAULT_ORGANIZATION;
  validateOrganization(organization);
  const config: Record<string, string> = { "aws:region": options.region ?? "us-east-1" };
  for (const [k, v] of Object.entries(options.config ?? {})) {
    if (v !== undefined)
      config[k.includes(":") ? k : `${project}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  if (options.region) config["aws:region"] = options.region;
  pulumi.runtime.setAllConfig(config, [...(options.secretKeys ?? [])]);
  resetRevisions();

  const fake = new FakeAws(options.fake);
  await pulumi.runtime.setMocks(fake, project, stack, false, organization);
  const monitor = new RecordingMonitor(fake);
  settings.setMockOptions(monitor, project, stack, false, organization);

  // An error thrown inside an apply callback fails `pulumi up`; under mocks it surfaces only
  // as an unhandled rejection. Collect those for the duration of the run (and keep a test
  // runner's own handler from reporting them twice).
  const rejections: Error[] = [];
  const saved = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  const onRejection = (reason: unknown) =>
    rejections.push(reason instanceof Error ? reason : new Error(String(reason)));
  process.on("unhandledRejection", onRejection);

  let outputs: Record<string, unknown> = {};
  let failure: Error | undefined;
  try {
    outputs =
      (await pulumi.runtime.runInPulumiStack(async () => {
        const result = await program();
        // Only plain objects are stack outputs (a program may return the resource it made).
        return result && typeof result === "object" && !pulumi.Resource.isInstance(result)
          ? (result as any)
          : undefined;
      })) ?? {};
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
  }
  try {
    await settle(monitor);
    await new Promise((r) => setTimeout(r, 0));
  } finally {
    process.off("unhandledRejection", onRejection);
    for (const l of saved) process.on("unhandledRejection", l as (...args: any[]) => void);
  }
  const recording = new Recording(monitor.recorded as RecordedResource[], outputs, { project, stack });
  // A failed provider call surfaces in the program as an error without a message: prefer the fake's.
  failure = monitor.errors[0] ?? failure ?? rejections[0];
  if (failure) throw new ProgramError(failure, recording);
  return recording;
}

/**
 * Runs `program` expecting it to fail; returns the error and what was registered first,
 * so a test can check that bad input is rejected before any resource exists.
 */
export async function runPulumiExpectingError(
  program: () => unknown,
  options: RunOptions = {},
): Promise<ProgramError> {
  try {
    await runPulumi(program, options);
  } catch (err) {
    if (err instanceof ProgramError) return err;
    throw err;
  }
  throw new Error("expected the program to fail, but it completed");
}
