#!/usr/bin/env node
// `pnpm plan <stack> [options]`: builds what stacks/<stack> depends on (through turbo, cached),
// then runs the offline plan (@acs/plan's CLI) with every argument. The CLI's option table
// (packages/plan/src/options.json) tells which arguments take a value, so the stack is found
// without listing the options here; see `pnpm plan --help`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const table = JSON.parse(readFileSync(join(root, "packages", "plan", "src", "options.json"), "utf8"));
const options = Object.fromEntries(
  Object.entries(table).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]),
);
const { positionals } = parseArgs({ args, options, allowPositionals: true, strict: false });
const stack = positionals[0];
const filter =
  stack && existsSync(join(root, "stacks", stack, "package.json"))
    ? `--filter=./stacks/${stack}...`
    : "--filter=@acs/plan...";

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
const cli = join(root, "packages", "plan", "bin", "acs-plan.js");
const run = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: "inherit" });
process.exit(run.status ?? 1);
