// `pnpm bench` (this package): how long the offline plan takes, as a user sees it, beside the
// floor every plan pays (loading @pulumi/pulumi and @pulumi/aws in a fresh Node process).
// Each figure is the median of BENCH_RUNS (default 3) fresh processes. Speed is measured
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

function median(fn) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
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

try {
  const floor = median(() =>
    run(process.execPath, ["-e", 'require("@pulumi/pulumi"); require("@pulumi/aws");'], pkg),
  );
  const dev = median(plan("dev"));
  const drdev = median(plan("drdev"));
  // The preview mode (`--preview`): the program spawned as the language host spawns it, with
  // ts-node type-checking it; the same run with PULUMI_NODEJS_TRANSPILE_ONLY=true (ts-node only
  // strips types) says how much of it is the type check.
  const preview = median(plan("dev", undefined, ["--preview"]));
  const transpileOnly = median(
    plan("dev", undefined, ["--preview"], { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
  );
  const none = median(plan("gen", generatedStack(0)));
  const many = median(plan("gen", generatedStack(GENERATED)));
  run("pnpm", ["plan", "dev", "--json", path.join(scratch, "w.json")]); // builds whatever is stale first
  const wrapper = median(() => run("pnpm", ["plan", "dev", "--json", path.join(scratch, "w.json")]));
  const rows = [
    ["require @pulumi/pulumi + @pulumi/aws (floor)", floor, ""],
    ["acs-plan dev (one process)", dev, `${(dev / floor).toFixed(2)}× floor`],
    ["acs-plan drdev (plans dev for its StackReference)", drdev, `${(drdev / dev).toFixed(2)}× dev`],
    ["acs-plan dev --preview (ts-node type-checks)", preview, `${(preview / dev).toFixed(2)}× the fast plan`],
    [
      "acs-plan dev --preview, transpile only",
      transpileOnly,
      `type check ${(preview - transpileOnly).toFixed(2)} s; the rest is the program over gRPC`,
    ],
    [`generated program, 0 resources`, none, ""],
    [
      `generated program, ${GENERATED} resources`,
      many,
      `${(((many - none) / GENERATED) * 1000).toFixed(2)} ms per resource`,
    ],
    ["pnpm plan dev (wrapper, nothing to build)", wrapper, `${(wrapper - dev).toFixed(2)} s over acs-plan`],
  ];
  console.log(`plan speed (median of ${RUNS} fresh processes)`);
  for (const [what, s, note] of rows)
    console.log(`  ${what.padEnd(52)} ${s.toFixed(2).padStart(6)} s  ${note}`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
