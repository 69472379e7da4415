/**
 * How long the offline engine takes to plan each real stack (the program on the fake AWS,
 * without process start-up or the build): cold (first run in the process, modules loading)
 * and warm (median of the following runs). Run with `pnpm bench`.
 */
import * as os from "node:os";
import * as path from "node:path";
import { runStackProgram, StackRun } from "@acs/testkit";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const stacksDir = path.resolve(__dirname, "../../../stacks");

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  let dev: StackRun | undefined;
  const rows: string[] = [];
  for (const stack of ["dev", "drdev"]) {
    const plan = async () => {
      const run = await runStackProgram(path.join(stacksDir, stack), stack, {
        stackReferences: (name) => (name.endsWith("/dev") ? dev?.recording.outputs : undefined),
      });
      if (stack === "dev") dev = run;
      return run;
    };
    const cold = await time(plan);
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) warm.push(await time(plan));
    warm.sort((a, b) => a - b);
    const median = warm[Math.floor(warm.length / 2)]!;
    const resources = (stack === "dev" ? dev! : await plan()).recording.resources.length;
    rows.push(
      `${stack.padEnd(6)} ${String(resources).padStart(9)} ${cold.toFixed(0).padStart(8)} ${median.toFixed(0).padStart(10)} ${warm[0]!.toFixed(0).padStart(7)} ${((resources / median) * 1000).toFixed(0).padStart(12)}`,
    );
  }
  console.log(
    `offline plan of the real stacks (${RUNS} warm runs each, ${process.version}, ${os.cpus().length} CPUs)`,
  );
  console.log("stack  resources  cold ms  median ms  min ms  resources/s");
  for (const r of rows) console.log(r);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
