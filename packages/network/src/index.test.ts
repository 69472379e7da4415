import * as assert from "node:assert/strict";
import * as api from "./index";

describe("@acs/network's API", () => {
  it("exports the component, its validators and documented constants, and nothing else", () => {
    // A new export is a decision: add it here and to the README (or keep it internal).
    assert.deepEqual(Object.keys(api).sort(), [
      "AVAILABILITY_ZONES_QUERY",
      "BASTION_AMI_PARAMETER",
      "INTERFACE_ENDPOINT_SERVICES",
      "LOG_RETENTION_DAYS",
      "NAT_STRATEGIES",
      "Network",
      "cidrsOverlap",
      "logRetentionProblem",
      "resolveNetworkArgs",
      "validateAzCount",
      "validateNetworkArgs",
    ]);
  });
});
