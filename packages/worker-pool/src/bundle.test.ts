import * as assert from "node:assert/strict";
import * as path from "node:path";
import { managerCode } from "./bundle";

describe("manager bundle", () => {
  it("says how to build when the bundle is missing", () => {
    assert.throws(
      () => managerCode(path.join(__dirname, "missing.js")),
      /does not exist; build the runtime first \(pnpm --filter @acs\/worker-pool-runtime build\) or pass `code`/,
    );
  });
});
