import * as assert from "node:assert/strict";
import * as api from "./index";

describe("@acs/dns-failover's API", () => {
  it("exports the components and their validators", () => {
    for (const name of ["DelegatedZone", "Certificate", "Failover", "HealthCheckAlarm", "LoadBalancerAlias"])
      assert.equal(typeof (api as Record<string, unknown>)[name], "function", name);
    for (const name of ["validateFailoverArgs", "validateCertificateArgs", "validateHealthCheckSpec"])
      assert.equal(typeof (api as Record<string, unknown>)[name], "function", name);
  });

  it("does not export name helpers or builders", () => {
    for (const name of [
      "normalizeName",
      "isHostname",
      "checkRecordName",
      "createHealthCheck",
      "healthCheckArgs",
    ])
      assert.ok(!(name in api), `${name} is exported`);
  });
});
