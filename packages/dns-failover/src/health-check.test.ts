import * as assert from "node:assert/strict";
import { healthCheckArgs, healthCheckOverride, validateHealthCheckSpec } from "./health-check";
import { FailoverMode } from "./resolve-failover";

describe("health check spec", () => {
  it("defaults to HTTPS on 443, /app/health, every 30 s, 3 failures, SNI on", () => {
    const a = healthCheckArgs({ fqdn: "lb.dev.app.com" });
    assert.deepEqual(
      {
        type: a.type,
        port: a.port,
        path: a.resourcePath,
        interval: a.requestInterval,
        threshold: a.failureThreshold,
        sni: a.enableSni,
      },
      { type: "HTTPS", port: 443, path: "/app/health", interval: 30, threshold: 3, sni: true },
    );
  });

  it("maps each override to the documented disabled/inverted pair", () => {
    assert.deepEqual(healthCheckOverride("auto"), { disabled: false, invertHealthcheck: false });
    assert.deepEqual(healthCheckOverride("primary"), { disabled: true, invertHealthcheck: false });
    assert.deepEqual(healthCheckOverride("secondary"), { disabled: true, invertHealthcheck: true });
    assert.throws(() => healthCheckOverride("off" as FailoverMode), /`mode` is "off"/);
  });

  it("rejects a failure threshold outside 1–10, a bad port, an over-long body match and unknown checker regions", () => {
    const spec = { fqdn: "lb.dev.app.com" };
    assert.throws(
      () => validateHealthCheckSpec({ ...spec, failureThreshold: 0 }, "hc"),
      /`hc\.failureThreshold` is 0; use a whole number from 1 to 10/,
    );
    assert.throws(() => validateHealthCheckSpec({ ...spec, port: 70000 }, "hc"), /`hc\.port` is 70000/);
    assert.throws(
      () => validateHealthCheckSpec({ ...spec, searchString: "x".repeat(256) }, "hc"),
      /`hc\.searchString` has 256 characters; use 1 to 255/,
    );
    assert.throws(
      () => validateHealthCheckSpec({ ...spec, regions: ["us-east-1", "us-east-2", "eu-west-1"] }, "hc"),
      /`hc\.regions` contains "us-east-2"; use Route 53 checker regions/,
    );
    assert.throws(
      () => validateHealthCheckSpec({ fqdn: "not a host" }, "hc"),
      /`hc\.fqdn` is "not a host", which is not a DNS name/,
    );
  });
});
