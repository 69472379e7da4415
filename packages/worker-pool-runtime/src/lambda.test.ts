import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HANDLERS } from "./lambda";

describe("manager bundle", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "worker-pool-runtime-bundle-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("builds one CommonJS file that exports the handlers the functions name", async () => {
    const { buildLambda } = (await import(path.resolve(__dirname, "../scripts/build-lambda.mjs"))) as {
      buildLambda: (out: string) => Promise<string>;
    };
    const out = await buildLambda(path.join(dir, "index.js"));
    const mod = (await import(out)) as Record<string, unknown>;
    for (const handler of Object.values(HANDLERS)) {
      const [file, exported] = handler.split(".");
      assert.equal(file, "index");
      assert.equal(typeof mod[exported!], "function", `the bundle does not export ${exported}`);
    }
    assert.doesNotMatch(
      fs.readFileSync(out, "utf8"),
      /require\("@aws-sdk\/(client-|lib-|core)/,
      "the SDK is bundled, not taken from the Lambda runtime",
    );
  });
});
