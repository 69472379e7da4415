import * as assert from "node:assert/strict";
import { parsePolicy } from "./statement";

describe("parsePolicy", () => {
  it("turns every list element into an array, from a JSON string or an object", () => {
    const doc = {
      Version: "2012-10-17",
      Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
    };
    for (const input of [doc, JSON.stringify(doc)])
      assert.deepEqual(parsePolicy(input), [
        {
          Sid: undefined,
          Effect: "Allow",
          Action: ["s3:GetObject"],
          Resource: ["*"],
          Principal: undefined,
          Condition: undefined,
        },
      ]);
  });

  it("keeps an empty NotAction/NotResource apart from an absent one (the wildcard rule reads the difference)", () => {
    const [s] = parsePolicy({ Statement: [{ Effect: "Allow", NotAction: [], Resource: "*" }] });
    assert.deepEqual(s!.NotAction, []);
    assert.equal("NotResource" in s!, false);
  });
});
