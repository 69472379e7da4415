import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { closureHash, workspaceClosure } = require("../bin/workspace-hash.js") as {
  closureHash(root: string, dir: string, options?: { whole?: boolean }): { sources: string; built: string };
  workspaceClosure(root: string, dir: string): string[];
};

describe("workspace hash (what `pnpm plan` rebuilds and which sibling outputs it reuses)", () => {
  const scratch = path.resolve(__dirname, "../.tmp");
  let root: string;
  const put = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  const manifest = (name: string, extra: object = {}) => JSON.stringify({ name, ...extra });

  beforeEach(() => {
    fs.mkdirSync(scratch, { recursive: true });
    root = fs.mkdtempSync(path.join(scratch, "workspace-"));
    put("pnpm-workspace.yaml", "packages:\n  - packages/*\n  - stacks/*\n");
    put("pnpm-lock.yaml", "lockfileVersion: '9.0'\n");
    put("packages/lib/package.json", manifest("@x/lib", { scripts: { build: "tsc" } }));
    put("packages/lib/src/a.ts", "export const a = 1;\n");
    put("packages/lib/dist/a.js", "exports.a = 1;\n");
    put("packages/other/package.json", manifest("@x/other", { scripts: { build: "tsc" } }));
    put("packages/other/src/b.ts", "export const b = 1;\n");
    put("stacks/s/package.json", manifest("@x/s", { devDependencies: { "@x/lib": "workspace:*" } }));
    put("stacks/s/Pulumi.s.yaml", "config: {}\n");
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("follows workspace dependencies, and only those", () => {
    assert.deepEqual(
      workspaceClosure(root, path.join(root, "stacks/s")).map((d) => path.relative(root, d)),
      [path.join("packages", "lib"), path.join("stacks", "s")],
    );
  });

  it("for the build: changes with a dependency's sources, build output or the lockfile, not with the stack's own files", () => {
    const stack = path.join(root, "stacks/s");
    const first = closureHash(root, stack, { whole: false });
    put("stacks/s/Pulumi.s.yaml", "config: {a: 1}\n");
    put("packages/other/src/b.ts", "export const b = 2;\n");
    put("packages/lib/node_modules/dep/index.js", "1\n");
    assert.deepEqual(closureHash(root, stack, { whole: false }), first);

    put("packages/lib/src/a.ts", "export const a = 2;\n");
    const edited = closureHash(root, stack, { whole: false });
    assert.notEqual(edited.sources, first.sources);
    assert.equal(edited.built, first.built);

    fs.rmSync(path.join(root, "packages/lib/dist/a.js"));
    const deleted = closureHash(root, stack, { whole: false });
    assert.equal(deleted.sources, edited.sources);
    assert.notEqual(deleted.built, edited.built);

    put("pnpm-lock.yaml", "lockfileVersion: '9.0'\n# another version\n");
    assert.notEqual(closureHash(root, stack, { whole: false }).sources, deleted.sources);
  });

  it("for a sibling's outputs: changes with the stack's own config too", () => {
    const stack = path.join(root, "stacks/s");
    const first = closureHash(root, stack);
    put("stacks/s/Pulumi.s.yaml", "config: {a: 1}\n");
    assert.notEqual(closureHash(root, stack).sources, first.sources);
  });
});
