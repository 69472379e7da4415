#!/usr/bin/env node
// `pnpm plan <stack> [options]`: builds what stacks/<stack> depends on (through turbo, cached),
// then runs the offline plan (@acs/testkit's CLI). All options go to the CLI; see --help.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const stack = args.find(
  (a, i) => !a.startsWith("-") && !["--json", "--mermaid", "--dir", "--outputs"].includes(args[i - 1]),
);
const filter =
  stack && existsSync(join(root, "stacks", stack, "package.json"))
    ? `--filter=./stacks/${stack}...`
    : "--filter=@acs/testkit";

const build = spawnSync("pnpm", ["exec", "turbo", "run", "build", filter, "--output-logs=errors-only"], {
  cwd: root,
  encoding: "utf8",
});
if (build.status !== 0) {
  mkdirSync(join(root, ".turbo"), { recursive: true });
  writeFileSync(join(root, ".turbo", "plan-build.log"), build.stdout + build.stderr);
  process.stderr.write(build.stdout + build.stderr);
  console.error(`error: the build failed (log in .turbo/plan-build.log); fix it and run the plan again`);
  process.exit(1);
}
const cli = join(root, "packages", "testkit", "dist", "cli", "plan.js");
const run = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: "inherit" });
process.exit(run.status ?? 1);
