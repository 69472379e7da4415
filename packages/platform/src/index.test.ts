import * as assert from "node:assert/strict";
import * as api from "./index";

describe("@acs/platform's API", () => {
  it("exports the stacks' entry points, the outputs contract, the components and the config loaders, and nothing else", () => {
    // A new export is a decision: add it here and to the README (or keep it internal).
    assert.deepEqual(Object.keys(api).sort(), [
      "AlarmTopic",
      "ConfigError",
      "PLATFORM_OUTPUT_KEYS",
      "WorkerSecurityGroup",
      "bootstrap",
      "loadBootstrapConfig",
      "loadPlatformConfig",
      "platform",
    ]);
  });
});
