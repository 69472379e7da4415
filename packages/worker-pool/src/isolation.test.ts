import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

/**
 * Requires the built package in a fresh Node process and reports every module request for
 * `@aws-sdk/*` or `@aws-lambda-powertools/*` with the file that made it.
 */
function sdkLoads(): { request: string; parent: string }[] {
  const entry = path.resolve(__dirname, "../dist/index.js");
  const probe = `
    const Module = require("node:module");
    const load = Module._load;
    const seen = [];
    Module._load = function (request, parent, ...rest) {
      if (/^@aws-(sdk|lambda-powertools)\\//.test(request)) seen.push({ request, parent: parent ? parent.filename : "" });
      return load.call(this, request, parent, ...rest);
    };
    require(${JSON.stringify(entry)});
    process.stdout.write(JSON.stringify(seen));
  `;
  return JSON.parse(execFileSync(process.execPath, ["-e", probe], { encoding: "utf8" })) as {
    request: string;
    parent: string;
  }[];
}

describe("package boundary", function () {
  this.timeout(60_000);

  it("GIVEN a Pulumi program WHEN it requires @acs/worker-pool THEN neither the component nor the runtime loads the AWS SDK or Powertools", () => {
    // Nothing at all: @acs/ecs-platform loads @pulumi/awsx (which loads the ECS client) only
    // when a Repository builds an image, so a plain program loads no SDK module.
    assert.deepEqual(sdkLoads(), [], "these AWS SDK or Powertools modules are loaded");
  });
});
