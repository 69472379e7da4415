// `pnpm bench` (this package): how long the offline plan takes, as a user sees it, beside the
// floor every plan pays (loading @pulumi/pulumi and @pulumi/aws in a fresh Node process), with
// each target of the plan's speed (PASS or MISS). Each figure is the median of BENCH_RUNS
// (default 3) fresh processes; the rows take turns (one run of each per round), so a machine
// busy with something else slows them alike and the ratios stay comparable. Speed is measured
// here, never asserted in tests.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, "..");
const root = path.resolve(pkg, "../..");
const cli = path.join(pkg, "bin", "acs-plan.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GENERATED = Number(process.env.BENCH_RESOURCES ?? 2000);
// Inside the package (git-ignored), so the generated program resolves @pulumi/* from it.
fs.mkdirSync(path.join(pkg, ".tmp"), { recursive: true });
const scratch = fs.mkdtempSync(path.join(pkg, ".tmp", "bench-"));

/** Runs every row's command once per round, BENCH_RUNS rounds; the median wall time of each. */
function medians(rows) {
  const times = rows.map(() => []);
  for (let i = 0; i < RUNS; i++)
    rows.forEach(([, fn], r) => {
      const t0 = process.hrtime.bigint();
      fn();
      times[r].push(Number(process.hrtime.bigint() - t0) / 1e9);
    });
  return Object.fromEntries(
    rows.map(([name], r) => [name, times[r].sort((a, b) => a - b)[Math.floor(RUNS / 2)]]),
  );
}

function run(cmd, args, cwd = root, env = process.env) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
}

const plan =
  (stack, dir, extra = [], env = process.env) =>
  () =>
    run(
      process.execPath,
      [
        cli,
        stack,
        ...(dir ? ["--dir", dir] : []),
        ...extra,
        "--json",
        path.join(scratch, `${stack}.json`),
        "--mermaid",
        path.join(scratch, `${stack}.mmd`),
      ],
      root,
      env,
    );

/** A stack of `n` SNS topics (plain JavaScript, so no TypeScript loader is involved). */
function generatedStack(n) {
  const dir = path.join(scratch, `gen-${n}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: gen\nruntime: nodejs\nmain: index.js\n");
  fs.writeFileSync(path.join(dir, `Pulumi.gen.yaml`), "config:\n  aws:region: us-east-1\n");
  fs.writeFileSync(
    path.join(dir, "index.js"),
    `const aws = require("@pulumi/aws");\nfor (let i = 0; i < ${n}; i++) new aws.sns.Topic("t" + i, {});\n`,
  );
  return dir;
}

const verdict = (ok) => (ok ? "PASS" : "MISS");

try {
  const gen0 = generatedStack(0);
  const genMany = generatedStack(GENERATED);
  const wrapperArgs = ["plan", "dev", "--json", path.join(scratch, "w.json")];
  // Builds whatever is stale first (and records that nothing changed), so the rows below time
  // `pnpm plan` with nothing to build; plans dev once so that drdev finds dev's outputs cached.
  run("pnpm", wrapperArgs);
  plan("drdev")();
  const devCache = path.join(root, ".plan", "cache", "dev.outputs.json");
  const t = medians([
    ["floor", () => run(process.execPath, ["-e", 'require("@pulumi/pulumi"); require("@pulumi/aws");'], pkg)],
    ["dev", plan("dev")],
    ["drdev", plan("drdev")],
    [
      "drdevCold",
      () => {
        fs.rmSync(devCache, { force: true });
        plan("drdev")();
      },
    ],
    ["none", plan("gen", gen0)],
    ["many", plan("gen", genMany)],
    ["script", () => run(process.execPath, ["scripts/plan.mjs", ...wrapperArgs.slice(1)])],
    ["wrapper", () => run("pnpm", wrapperArgs)],
  ]);
  // The preview mode (`--preview`): the program spawned as the language host spawns it, with
  // ts-node type-checking it; the same run with PULUMI_NODEJS_TRANSPILE_ONLY=true (ts-node only
  // strips types) says how much of it is the type check.
  const p = medians([
    ["preview", plan("dev", undefined, ["--preview"])],
    [
      "transpileOnly",
      plan("dev", undefined, ["--preview"], { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
    ],
  ]);
  const perResource = ((t.many - t.none) / GENERATED) * 1000;
  const rows = [
    ["require @pulumi/pulumi + @pulumi/aws (the floor)", t.floor, ""],
    [
      "acs-plan dev (one process)",
      t.dev,
      `${(t.dev / t.floor).toFixed(2)}× floor (target ≤ 1.5×) ${verdict(t.dev / t.floor <= 1.5)}`,
    ],
    [
      "acs-plan drdev (dev's outputs cached)",
      t.drdev,
      `${(t.drdev / t.dev).toFixed(2)}× dev (target ≤ 1.2×) ${verdict(t.drdev / t.dev <= 1.2)}`,
    ],
    [
      "acs-plan drdev, dev planned first (cache cleared)",
      t.drdevCold,
      `${(t.drdevCold / t.dev).toFixed(2)}× dev`,
    ],
    ["generated program, 0 resources", t.none, ""],
    [
      `generated program, ${GENERATED} resources`,
      t.many,
      `${perResource.toFixed(2)} ms per added resource (target ≤ 1 ms) ${verdict(perResource <= 1)}`,
    ],
    [
      "pnpm plan dev (nothing to build, end to end)",
      t.wrapper,
      `target ≤ 1 s ${verdict(t.wrapper <= 1)}; ${(t.wrapper - t.dev).toFixed(2)} s over acs-plan dev`,
    ],
    [
      "node scripts/plan.mjs dev (same, without pnpm)",
      t.script,
      `${(t.script - t.dev).toFixed(2)} s over acs-plan dev; pnpm's own start-up ${(t.wrapper - t.script).toFixed(2)} s`,
    ],
    [
      "acs-plan dev --preview (ts-node type-checks)",
      p.preview,
      `${(p.preview / t.dev).toFixed(2)}× the fast plan`,
    ],
    [
      "acs-plan dev --preview, transpile only",
      p.transpileOnly,
      `type check ${(p.preview - p.transpileOnly).toFixed(2)} s; the rest is the program over gRPC`,
    ],
  ];
  console.log(`plan speed (median of ${RUNS} fresh processes per row, rows in turns)`);
  for (const [what, seconds, note] of rows)
    console.log(`  ${what.padEnd(50)} ${seconds.toFixed(2).padStart(6)} s  ${note}`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
