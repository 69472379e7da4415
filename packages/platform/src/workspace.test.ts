import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "../../..");
const dirs = ["packages", "stacks"].flatMap((d) =>
  fs
    .readdirSync(path.join(root, d))
    .map((name) => path.join(root, d, name))
    .filter((dir) => fs.existsSync(path.join(dir, "package.json"))),
);

describe("workspace", () => {
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
