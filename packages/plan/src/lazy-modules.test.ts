import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const here = __dirname;

/** Runs `body` in a fresh Node process (its own module cache), from this package, and parses its JSON. */
function fresh(body: string, defer: boolean): Record<string, unknown> {
  const script = `
    const lazy = require(${JSON.stringify(path.join(here, "lazy-modules.ts"))});
    const deferred = ${defer} ? lazy.deferPulumiSerializer(${JSON.stringify(here)}) : [];
    const loaded = (re) => Object.keys(require.cache).some((k) => re.test(k) && !deferred.includes(k));
    const pulumi = require("@pulumi/pulumi");
    (async () => {
      const out = { deferred: deferred.length };
      ${body}
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const text = execFileSync(process.execPath, ["--require", "tsx/cjs", "-e", script], {
    cwd: path.resolve(here, ".."),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"], // stderr is in the error if the script fails
  });
  return JSON.parse(text) as Record<string, unknown>;
}

const TYPESCRIPT = String(/[\\/]node_modules[\\/]typescript[\\/]/);
const ARBORIST = String(/[\\/]@npmcli[\\/]arborist[\\/]lib[\\/]arborist[\\/]/);

// One fresh process each way (loading @pulumi/pulumi twice is what this costs).
const BODY = `
  out.before = { typescript: loaded(${TYPESCRIPT}), arborist: loaded(${ARBORIST}) };
  const captured = 41;
  out.text = (await pulumi.runtime.serializeFunction(() => captured + 1)).text;
  out.afterSerialize = { typescript: loaded(${TYPESCRIPT}), arborist: loaded(${ARBORIST}) };
  const paths = await pulumi.runtime.computeCodePaths({ extraIncludePackages: ["yaml"] });
  out.paths = [...paths.keys()].filter((p) => p.includes("yaml")).sort();
  out.afterCodePaths = { typescript: loaded(${TYPESCRIPT}), arborist: loaded(${ARBORIST}) };
  out.again = lazy.deferPulumiSerializer(${JSON.stringify(here)}).length;`;

describe("deferring @pulumi/pulumi's serializer dependencies (the plan's process)", function () {
  this.timeout(180_000);
  let lazy: Record<string, unknown>;
  let eager: Record<string, unknown>;
  before(() => {
    lazy = fresh(BODY, true);
    eager = fresh(BODY, false);
  });

  it("loads neither typescript nor arborist when @pulumi/pulumi is required and nothing is serialized", () => {
    assert.equal(lazy.deferred, 2);
    assert.deepEqual(lazy.before, { typescript: false, arborist: false });
    // Without deferring, requiring @pulumi/pulumi loads both: what this saves.
    assert.deepEqual(eager.before, { typescript: true, arborist: true });
  });

  it("serializes a function exactly as without deferring (typescript loads on first use)", () => {
    assert.deepEqual(lazy.afterSerialize, { typescript: true, arborist: false });
    assert.match(String(lazy.text), /captured \+ 1/);
    assert.equal(lazy.text, eager.text);
  });

  it("computes a package's code paths exactly as without deferring (arborist loads on first use)", () => {
    assert.deepEqual(lazy.afterCodePaths, { typescript: true, arborist: true });
    assert.ok((lazy.paths as string[]).length > 0, "the yaml package is included");
    assert.deepEqual(lazy.paths, eager.paths);
  });

  it("defers nothing a second time", () => {
    assert.equal(lazy.again, 0);
  });
});
