#!/usr/bin/env node
// `pnpm plan <stack> [options]`: builds what stacks/<stack> depends on (through turbo, cached),
// then runs the offline plan (@acs/plan's CLI) with every argument, in this process. The CLI's
// option table (packages/plan/src/options.json) tells which arguments take a value, so the stack
// is found without listing the options here; see `pnpm plan --help`.
// When no file of the packages to build (nor the lockfile or build settings) changed since the
// last successful build, turbo is not started at all: a content hash of them is kept in
// .plan/cache (packages/plan/bin/workspace-hash.js).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
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
const target = folder ? `${folder}/${stack}` : "the plan tool";
const require = createRequire(join(root, "package.json"));
const { closureHash } = require("./packages/plan/bin/workspace-hash.js");
const closureDir = folder ? join(root, folder, stack) : join(root, "packages", "plan");
// Only what a build reads and writes: a stack's own files (config, program) are not built.
const hashNow = () => closureHash(root, closureDir, { whole: false });
const stampFile = join(
  root,
  ".plan",
  "cache",
  `build.${relative(root, closureDir).replace(/[\\/]/g, "-")}.json`,
);
const readStamp = () => {
  try {
    return JSON.parse(readFileSync(stampFile, "utf8"));
  } catch {
    return undefined; // never built through here, or unreadable: build
  }
};
const before = hashNow();
const stamp = readStamp();
const fresh = stamp?.sources === before.sources && stamp?.built === before.built;
// Progress at once, before turbo starts.
console.error(
  fresh
    ? `plan: what ${target} needs is built (no file changed since the last build)`
    : `plan: building what ${target} needs (turbo, cached)…`,
);
// turbo prints each task's output as a group when the task ends (a cache hit as one line),
// and tsc is silent while it works: between two of turbo's lines, a status line at most
// every 5 s says how far the build is.
const status = fresh
  ? 0
  : await new Promise((resolve) => {
      // turbo's own launcher, without a second `pnpm exec` start-up (~0.4 s).
      const turbo = require.resolve("turbo/bin/turbo");
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
if (!fresh) {
  // Stamped only when no input changed while turbo ran (an edit during the build builds again).
  const after = hashNow();
  if (after.sources === before.sources) {
    mkdirSync(dirname(stampFile), { recursive: true });
    writeFileSync(`${stampFile}.${process.pid}`, JSON.stringify(after));
    renameSync(`${stampFile}.${process.pid}`, stampFile);
  }
}
const built = seconds();
// The CLI resolves and prints paths relative to where the user ran `pnpm plan`.
process.chdir(process.env.INIT_CWD ?? process.cwd());
// The CLI runs in this process (no second Node start-up); it ends the process with its exit
// status, after which the total is printed.
process.on("exit", () => writeSync(1, `Total: ${seconds()}s (build ${built}s, then the plan)\n`));
require(join(root, "packages", "plan", "bin", "acs-plan.js"));
