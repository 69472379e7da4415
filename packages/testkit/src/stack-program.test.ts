import * as assert from "node:assert/strict";
import * as path from "node:path";
import { runStackProgram } from "./stack-program";

const fixture = path.resolve(__dirname, "test/fixtures/stack");

describe("runStackProgram", function () {
  this.timeout(60_000);

  // First in the file: the TypeScript loader is registered once per process, on the first
  // TypeScript program it runs.
  it("loads a TypeScript program without turning on source maps for the whole process", async () => {
    const before = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(false);
    try {
      await runStackProgram(fixture, "demo");
      assert.equal(process.sourceMapsEnabled, false);
    } finally {
      process.setSourceMapsEnabled(before);
    }
  });

  it("runs a stack's real program with its real config, project defaults and testkit.yaml fixtures", async () => {
    const { settings, recording } = await runStackProgram(fixture, "demo");
    assert.equal(settings.config["fixture:retention"], "14");
    assert.equal(recording.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 14);
    assert.match(String(recording.outputs.logsArn), /^arn:aws:logs:us-west-2:123456789012:log-group:/);
    assert.equal(recording.outputs.zoneId, "Z000EXAMPLE000000001");
  });

  it("never decrypts secure config: the program sees a redacted value, marked secret", async () => {
    const { settings, recording } = await runStackProgram(fixture, "demo");
    assert.deepEqual(settings.secretKeys, ["fixture:apiKey"]);
    assert.equal(recording.outputs.apiKey, "[secret]");
  });

  it("lets the caller override what testkit.yaml declares", async () => {
    const { recording } = await runStackProgram(fixture, "demo", {
      zones: { "example.com": { zoneId: "Z000OVERRIDE00000001" } },
    });
    assert.equal(recording.outputs.zoneId, "Z000OVERRIDE00000001");
  });
});
