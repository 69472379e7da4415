import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "../../..");
const dirs = ["packages", "stacks", "examples"].flatMap((d) =>
  fs
    .readdirSync(path.join(root, d))
    .map((name) => path.join(root, d, name))
    .filter((dir) => fs.existsSync(path.join(dir, "package.json"))),
);

/** The lowest Node major a `>=N` (or `>=N.x.y`) engines range admits. */
const minMajor = (range: string): number => Number(/>=\s*v?(\d+)/.exec(range)?.[1] ?? NaN);

describe("workspace", () => {
  it("pins CI and deploys (.nvmrc) to a Node major every @pulumi package supports, which the README names", () => {
    const major = Number(
      fs.readFileSync(path.join(root, ".nvmrc"), "utf8").trim().replace(/^v/, "").split(".")[0],
    );
    for (const pkg of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/awsx"]) {
      const engines = JSON.parse(
        fs.readFileSync(
          require.resolve(`${pkg}/package.json`, { paths: [path.join(root, "packages/ecs-platform")] }),
          "utf8",
        ),
      ).engines?.node;
      if (engines)
        assert.ok(major >= minMajor(engines), `.nvmrc is ${major}, but ${pkg} declares node ${engines}`);
    }
    assert.match(fs.readFileSync(path.join(root, "README.md"), "utf8"), new RegExp(`Node\\.js ${major}\\b`));
  });

  for (const pkg of ["@pulumi/pulumi", "@pulumi/aws"]) {
    it(`resolves one copy of ${pkg} from every package and stack (two copies break resource identity)`, () => {
      const copies = new Set<string>();
      for (const dir of dirs) {
        try {
          copies.add(fs.realpathSync(path.dirname(require.resolve(`${pkg}/package.json`, { paths: [dir] }))));
        } catch {
          // a package that does not depend on it
        }
      }
      assert.equal(copies.size, 1, [...copies].join("\n"));
    });
  }
});
