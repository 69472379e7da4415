import * as assert from "node:assert/strict";
import { Recording, runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { Failover, FailoverArgs } from "./failover";
import { HealthCheckSpec } from "./health-check";
import { FailoverMode, resolveFailover } from "./resolve-failover";

const HC = "aws:route53/healthCheck:HealthCheck";
const REC = "aws:route53/record:Record";
const check: HealthCheckSpec = {
  fqdn: "lb.dev.app.com",
  path: "/app/health",
  interval: 30,
  failureThreshold: 3,
  searchString: '"status":"ok"',
};
const devAlb = { dnsName: "dev-alb-1234567890.us-east-1.elb.amazonaws.com", zoneId: "Z35SXDOTRQ7X7K" };
const drAlb = { dnsName: "drdev-alb-1234567890.us-west-2.elb.amazonaws.com", zoneId: "Z1H1FL5HABSF5" };
const pair: FailoverArgs = {
  zoneId: "ZACS",
  zoneName: "acs.app.com",
  name: "dev.acs.app.com",
  primary: { alias: devAlb, healthCheck: check },
  secondary: { alias: drAlb },
};

const build = (args: Partial<FailoverArgs> = {}): Promise<Recording> =>
  runPulumi(() => new Failover("dev", { ...pair, ...args }));

async function rejects(args: Partial<FailoverArgs>, pattern: RegExp): Promise<void> {
  const err = await runPulumiExpectingError(() => new Failover("dev", { ...pair, ...args } as FailoverArgs));
  assert.match(err.message, pattern);
  assert.equal(err.recording.custom.length, 0, "nothing is registered before validation passes");
}

describe("Failover", () => {
  it("GIVEN both sides THEN creates a PRIMARY and a SECONDARY record for one name with distinct set identifiers, the primary carrying its health check", async () => {
    const rec = await build();
    const primary = rec.one(REC, "dev-primary");
    const secondary = rec.one(REC, "dev-secondary");
    const hc = rec.one(HC, "dev-primary-hc");
    for (const r of [primary, secondary]) {
      assert.equal(r.inputs.name, "dev.acs.app.com", r.urn);
      assert.equal(r.inputs.zoneId, "ZACS", r.urn);
      assert.equal(r.inputs.type, "A", r.urn);
    }
    assert.deepEqual(primary.inputs.failoverRoutingPolicies, [{ type: "PRIMARY" }]);
    assert.deepEqual(secondary.inputs.failoverRoutingPolicies, [{ type: "SECONDARY" }]);
    assert.notEqual(primary.inputs.setIdentifier, secondary.inputs.setIdentifier);
    assert.equal(
      primary.inputs.healthCheckId,
      hc.id,
      `${primary.urn} is gated by the primary's health check`,
    );
    assert.equal(secondary.inputs.healthCheckId, undefined, "no check on the secondary unless asked");
    assert.deepEqual(primary.inputs.aliases, [
      { name: devAlb.dnsName, zoneId: devAlb.zoneId, evaluateTargetHealth: true },
    ]);
    assert.deepEqual(secondary.inputs.aliases, [
      { name: drAlb.dnsName, zoneId: drAlb.zoneId, evaluateTargetHealth: true },
    ]);
  });

  it("health-checks the primary over HTTPS with the path, interval, threshold and body match", async () => {
    const hc = (await build()).one(HC, "dev-primary-hc").inputs;
    assert.equal(hc.type, "HTTPS_STR_MATCH");
    assert.equal(hc.fqdn, "lb.dev.app.com");
    assert.equal(hc.port, 443);
    assert.equal(hc.resourcePath, "/app/health");
    assert.equal(hc.requestInterval, 30);
    assert.equal(hc.failureThreshold, 3);
    assert.equal(hc.searchString, '"status":"ok"');
    assert.equal(hc.enableSni, true);
    assert.equal(hc.disabled, false);
    assert.equal(hc.invertHealthcheck, false);
  });

  it("uses plain HTTPS (any 2xx/3xx) without a body match, and passes regions and latency through", async () => {
    const hc = (
      await build({
        primary: {
          alias: devAlb,
          healthCheck: {
            fqdn: "lb.dev.app.com",
            regions: ["us-east-1", "us-west-2", "eu-west-1"],
            measureLatency: true,
          },
        },
      })
    ).one(HC).inputs;
    assert.equal(hc.type, "HTTPS");
    assert.equal(hc.searchString, undefined);
    assert.deepEqual(hc.regions, ["us-east-1", "us-west-2", "eu-west-1"]);
    assert.equal(hc.measureLatency, true);
  });

  it("checks the secondary too when given its health check", async () => {
    const rec = await build({
      secondary: { alias: drAlb, healthCheck: { ...check, fqdn: "lb.drdev.app.com" } },
    });
    const hc = rec.one(HC, "dev-secondary-hc");
    assert.equal(hc.inputs.fqdn, "lb.drdev.app.com");
    assert.equal(rec.one(REC, "dev-secondary").inputs.healthCheckId, hc.id);
  });

  it("points CNAME records at external names with a TTL of at most 60", async () => {
    const rec = await build({
      primary: { cname: "lb.dev.app.com", healthCheck: check },
      secondary: { cname: "lb.drdev.app.com" },
    });
    const primary = rec.one(REC, "dev-primary").inputs;
    assert.equal(primary.type, "CNAME");
    assert.deepEqual(primary.records, ["lb.dev.app.com"]);
    assert.equal(primary.ttl, 60);
    assert.deepEqual(rec.one(REC, "dev-secondary").inputs.records, ["lb.drdev.app.com"]);
  });

  it("GIVEN only the secondary side (the other stack owns the primary) THEN creates just the SECONDARY record", async () => {
    const rec = await build({ primary: undefined });
    assert.deepEqual(
      rec.ofType(REC).map((r) => r.inputs.failoverRoutingPolicies[0].type),
      ["SECONDARY"],
    );
    assert.equal(rec.ofType(HC).length, 0);
  });

  it("GIVEN only the primary side THEN creates the PRIMARY record and its check, no SECONDARY", async () => {
    const rec = await build({ secondary: undefined });
    assert.deepEqual(
      rec.ofType(REC).map((r) => r.inputs.failoverRoutingPolicies[0].type),
      ["PRIMARY"],
    );
    assert.equal(rec.ofType(HC).length, 1);
  });

  describe("operator override", () => {
    /** Route 53's view of the primary under the recorded health check and record. */
    async function primaryUnder(mode: FailoverMode) {
      const rec = await build({ mode });
      const hc = rec.one(HC, "dev-primary-hc").inputs;
      const alias = rec.one(REC, "dev-primary").inputs.aliases[0];
      return { hc, alias };
    }
    /** Disabled checks count healthy; inversion flips it (AWS docs). Target health applies only when evaluated. */
    const counts = (hc: any, alias: any, endpointHealthy: boolean, targetHealthy: boolean) => {
      const check = hc.disabled ? true : endpointHealthy;
      return (hc.invertHealthcheck ? !check : check) && (alias.evaluateTargetHealth ? targetHealthy : true);
    };

    it("auto: follows the health check", async () => {
      const { hc, alias } = await primaryUnder("auto");
      assert.equal(counts(hc, alias, true, true), true);
      assert.equal(counts(hc, alias, false, true), false);
      for (const healthy of [true, false])
        assert.equal(
          counts(hc, alias, healthy, true) ? "primary" : "secondary",
          resolveFailover(healthy, true, "auto"),
        );
    });

    it("secondary: disables and inverts the primary's check, so the primary counts unhealthy and the secondary answers", async () => {
      const { hc, alias } = await primaryUnder("secondary");
      assert.equal(hc.disabled, true);
      assert.equal(hc.invertHealthcheck, true);
      for (const healthy of [true, false]) {
        assert.equal(counts(hc, alias, healthy, true), false);
        assert.equal(resolveFailover(healthy, true, "secondary"), "secondary");
      }
    });

    it("primary: disables the check without inverting and stops evaluating target health, so the primary always counts healthy", async () => {
      const { hc, alias } = await primaryUnder("primary");
      assert.equal(hc.disabled, true);
      assert.equal(hc.invertHealthcheck, false);
      assert.equal(alias.evaluateTargetHealth, false);
      for (const healthy of [true, false]) {
        assert.equal(counts(hc, alias, healthy, false), true);
        assert.equal(resolveFailover(healthy, true, "primary"), "primary");
      }
    });
  });

  describe("bad input", () => {
    it("rejects a record name outside the zone", async () => {
      await rejects(
        { name: "dev.app.com" },
        /Failover: `name` is "dev\.app\.com", which is outside the zone `zoneName` "acs\.app\.com"; use a name ending in \.acs\.app\.com/,
      );
    });

    it("rejects failover without a health check on the primary", async () => {
      await rejects(
        { primary: { alias: devAlb } },
        /`primary\.healthCheck` is missing; failover without a health check on the primary never fails over/,
      );
    });

    it("rejects a CNAME at the zone apex", async () => {
      await rejects(
        {
          name: "acs.app.com",
          primary: { cname: "lb.dev.app.com", healthCheck: check },
          secondary: { cname: "lb.drdev.app.com" },
        },
        /`primary\.cname` at the zone apex "acs\.app\.com" is not allowed.*use `alias`/,
      );
    });

    it("rejects a failover TTL above 60", async () => {
      await rejects({ ttl: 300 }, /`ttl` is 300; use 1 to 60 seconds/);
    });

    it("rejects an unknown mode", async () => {
      await rejects(
        { mode: "drill" as FailoverMode },
        /Failover: `mode` is "drill"; use "auto", "primary" or "secondary"/,
      );
    });

    it("rejects a health-check path not starting with /", async () => {
      await rejects(
        { primary: { alias: devAlb, healthCheck: { ...check, path: "app/health" } } },
        /`primary\.healthCheck\.path` is "app\/health"; start it with "\/"/,
      );
    });

    it("rejects an interval other than 10 or 30", async () => {
      await rejects(
        { primary: { alias: devAlb, healthCheck: { ...check, interval: 15 as 10 } } },
        /`primary\.healthCheck\.interval` is 15; use 10 or 30/,
      );
    });

    it("rejects an alias target without a zone id", async () => {
      await rejects(
        { secondary: { alias: { dnsName: drAlb.dnsName } as any } },
        /`secondary\.alias\.zoneId` is undefined; an alias target needs its canonical hosted zone id/,
      );
    });

    it("rejects a pair that mixes CNAME and alias", async () => {
      await rejects({ secondary: { cname: "lb.drdev.app.com" } }, /different kinds \(one cname, one alias\)/);
    });

    it("rejects a side with both cname and alias", async () => {
      await rejects(
        { secondary: { cname: "lb.drdev.app.com", alias: drAlb } },
        /`secondary` has both `cname` and `alias`; give exactly one/,
      );
    });

    it("rejects an override where the primary is not created", async () => {
      await rejects(
        { primary: undefined, mode: "secondary" },
        /`mode` is "secondary" but `primary` is not set/,
      );
    });

    it("rejects an empty pair", async () => {
      await rejects({ primary: undefined, secondary: undefined }, /neither `primary` nor `secondary` is set/);
    });

    it("rejects fewer than three checker regions", async () => {
      await rejects(
        { primary: { alias: devAlb, healthCheck: { ...check, regions: ["us-east-1", "us-west-2"] } } },
        /`primary\.healthCheck\.regions` lists 2 region\(s\); list at least 3/,
      );
    });

    it("rejects duplicate set identifiers", async () => {
      await rejects(
        {
          primary: { alias: devAlb, healthCheck: check, setIdentifier: "x" },
          secondary: { alias: drAlb, setIdentifier: "x" },
        },
        /both sides have setIdentifier "x"/,
      );
    });
  });

  describe("with what the caller already has", () => {
    const EXISTING = "abcdef01-2345-6789-abcd-ef0123456789";
    it("GIVEN an existing zone id and health check ids THEN the records use them and no health check is created", async () => {
      const rec = await build({
        zoneId: "Z0EXISTINGZONE",
        primary: { alias: devAlb, healthCheckId: EXISTING },
        secondary: { alias: drAlb, healthCheckId: "11111111-2222-3333-4444-555555555555" },
      });
      assert.deepEqual(rec.ofType(HC), []);
      assert.equal(rec.one(REC, "dev-primary").inputs.healthCheckId, EXISTING);
      assert.equal(
        rec.one(REC, "dev-secondary").inputs.healthCheckId,
        "11111111-2222-3333-4444-555555555555",
      );
      for (const r of rec.ofType(REC)) assert.equal(r.inputs.zoneId, "Z0EXISTINGZONE", r.urn);
    });
    it("rejects both a health check spec and an id on one side", async () => {
      await rejects(
        { primary: { alias: devAlb, healthCheck: check, healthCheckId: EXISTING } },
        /Failover: `primary\.healthCheck` and `primary\.healthCheckId` are both set; give the spec of a health check to create, or the id of an existing one/,
      );
    });
    it("rejects an empty health check id", async () => {
      await rejects(
        { secondary: { alias: drAlb, healthCheckId: " " } },
        /`secondary\.healthCheckId` is empty/,
      );
    });
    it("rejects an operator override on a brought primary health check", async () => {
      await rejects(
        { mode: "secondary", primary: { alias: devAlb, healthCheckId: EXISTING } },
        /`mode` is "secondary" with `primary\.healthCheckId`; the override acts on a health check this component creates/,
      );
    });
  });
});
