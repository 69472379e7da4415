#!/usr/bin/env node
// `pnpm plan <stack> [options]`: builds what stacks/<stack> depends on (through turbo, cached),
// then runs the offline plan (@acs/plan's CLI) with every argument. The CLI's option table
// (packages/plan/src/options.json) tells which arguments take a value, so the stack is found
// without listing the options here; see `pnpm plan --help`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
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
// stacks/<stack>, else examples/<stack> (another team's program, planned on its environment).
const folder = ["stacks", "examples"].find((d) => stack && existsSync(join(root, d, stack, "package.json")));
const filter = folder ? `--filter=./${folder}/${stack}...` : "--filter=@acs/plan...";

const started = process.hrtime.bigint();
const seconds = () => (Number(process.hrtime.bigint() - started) / 1e9).toFixed(1);
// Progress at once, before turbo starts.
console.error(
  `plan: building what ${folder ? `${folder}/${stack}` : "the plan tool"} needs (turbo, cached)…`,
);
// turbo prints each task's output as a group when the task ends (a cache hit as one line),
// and tsc is silent while it works: between two of turbo's lines, a status line at most
// every 5 s says how far the build is.
const status = await new Promise((resolve) => {
  // turbo's own launcher, without a second `pnpm exec` start-up (~0.4 s).
  const turbo = createRequire(join(root, "package.json")).resolve("turbo/bin/turbo");
  const child = spawn(
    process.execPath,
    [turbo, "run", "build", filter, "--output-logs=new-only", "--log-order=grouped", "--ui=stream"],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  const done = new Set();
  let quietSince = Date.now();
  const forward = (chunk) => {
    process.stderr.write(chunk);
    quietSince = Date.now();
    const text = String(chunk);
    for (const m of text.matchAll(/^(\S+):build: cache (hit|miss)/gm)) done.add(m[1]);
  };
  child.stdout.on("data", forward);
  child.stderr.on("data", forward);
  const timer = setInterval(() => {
    if (Date.now() - quietSince < 5000) return;
    quietSince = Date.now();
    console.error(`plan: still building (${done.size} packages done so far), ${seconds()}s…`);
  }, 1000);
  child.on("close", (code) => {
    clearInterval(timer);
    resolve(code);
  });
});
if (status !== 0) {
  console.error(`error: the build failed (turbo's output above); fix it and run the plan again`);
  process.exit(1);
}
const built = seconds();
// The CLI resolves and prints paths relative to where the user ran `pnpm plan`.
const cwd = process.env.INIT_CWD ?? process.cwd();
const cli = join(root, "packages", "plan", "bin", "acs-plan.js");
const run = spawnSync(process.execPath, [cli, ...args], { cwd, stdio: "inherit" });
console.log(`Total: ${seconds()}s (build ${built}s, then the plan)`);
process.exit(run.status ?? 1);
