import * as assert from "node:assert/strict";
import { primaryStackName } from "./dns";
import { configError, loadConfig, VALID_BASE as primary, VALID_SECONDARY as secondary } from "./test/harness";

const devDns = { parentZone: "app.com", zone: "acs.app.com" };
const drDns = { parentZone: "app.com", primaryStack: "dev" };

const load = (config: Record<string, unknown>, stack = "dev", region = "us-east-1") =>
  loadConfig(config, { stack, region });
const rejected = (config: Record<string, unknown>, stack = "dev", region = "us-east-1") =>
  configError(config, { stack, region });

describe("platform config: acs:dns", () => {
  it("GIVEN the primary's section THEN it derives lb.<env>.<parent> and <env>.<zone> and defaults the health check", async () => {
    const { dns } = await load({ ...primary, "acs:dns": devDns });
    assert.equal(dns.role, "primary");
    assert.equal(dns.lbName, "lb.dev.app.com");
    assert.equal(dns.role === "primary" && dns.failoverName, "dev.acs.app.com");
    assert.equal(dns.mode, "auto");
    assert.deepEqual(dns.healthCheck, {
      path: "/app/health",
      port: 443,
      interval: 30,
      failureThreshold: 3,
      measureLatency: false,
    });
  });

  it("GIVEN the secondary's section THEN it names the primary's stack and its own lb name", async () => {
    const { dns } = await load({ ...secondary, "acs:dns": drDns }, "drdev", "us-west-2");
    // Qualified with the run's organization (primaryStackName, below) and project.
    assert.match(dns.role === "secondary" ? dns.primaryStack : "", /^[\w.-]+\/acs\/dev$/);
    assert.equal(dns.lbName, "lb.drdev.app.com");
  });

  it("GIVEN primaryStack dev THEN the primary is <organization>/<project>/dev; a fully qualified name overrides it", () => {
    assert.equal(
      primaryStackName("dev", { organization: "example-org", project: "acs" }),
      "example-org/acs/dev",
    );
    assert.equal(
      primaryStackName("dev", { organization: "organization", project: "acs" }),
      "organization/acs/dev",
      'self-managed backends name their one organization "organization"',
    );
    assert.equal(
      primaryStackName("platform/acs/dev", { organization: "example-org", project: "acs" }),
      "platform/acs/dev",
    );
  });

  it("rejects a primaryStack of two segments (org/stack or project/stack is ambiguous)", async () => {
    assert.match(
      await rejected(
        { ...secondary, "acs:dns": { ...drDns, primaryStack: "acs/dev" } },
        "drdev",
        "us-west-2",
      ),
      /acs:dns\.primaryStack is "acs\/dev": use the primary's stack name \(e\.g\. dev\) or <org>\/<project>\/<stack>/,
    );
  });

  it("rejects a missing section, naming it", async () => {
    const { "acs:dns": _omit, ...rest } = primary;
    assert.match(
      await rejected(rest),
      /Pulumi\.dev\.yaml: acs:dns is missing: add the section with at least parentZone/,
    );
  });

  it("rejects an unknown override mode", async () => {
    assert.match(
      await rejected({ ...primary, "acs:dns": { ...devDns, mode: "dr" } }),
      /acs:dns\.mode is "dr": use "auto", "primary" or "secondary"/,
    );
  });

  it("rejects a health-check path not starting with /", async () => {
    assert.match(
      await rejected({ ...primary, "acs:dns": { ...devDns, healthCheck: { path: "app/health" } } }),
      /acs:dns\.healthCheck\.path is "app\/health": start the path with "\/"/,
    );
  });

  it("rejects a health-check interval other than 10 or 30", async () => {
    assert.match(
      await rejected({ ...primary, "acs:dns": { ...devDns, healthCheck: { interval: 20 } } }),
      /acs:dns\.healthCheck\.interval is 20: use 10 or 30/,
    );
  });

  it("rejects a failure threshold outside 1–10", async () => {
    assert.match(
      await rejected({ ...primary, "acs:dns": { ...devDns, healthCheck: { failureThreshold: 11 } } }),
      /acs:dns\.healthCheck\.failureThreshold is 11: use a whole number from 1 to 10/,
    );
  });

  it("rejects fewer than three checker regions", async () => {
    assert.match(
      await rejected({ ...primary, "acs:dns": { ...devDns, healthCheck: { regions: ["us-east-1"] } } }),
      /acs:dns\.healthCheck\.regions is \["us-east-1"\]: list at least 3 checker regions/,
    );
  });

  it("rejects a parent zone that is not a DNS name", async () => {
    assert.match(
      await rejected({ ...primary, "acs:dns": { ...devDns, parentZone: "App.com." } }),
      /acs:dns\.parentZone is "App\.com\.": use a lower-case DNS name/,
    );
  });

  it("rejects unknown keys in the section", async () => {
    assert.match(
      await rejected({ ...primary, "acs:dns": { ...devDns, ttl: 60 } }),
      /unknown config key acs:dns\.ttl/,
    );
  });

  it("rejects a primary without the zone to delegate", async () => {
    assert.match(
      await rejected({ ...primary, "acs:dns": { parentZone: "app.com" } }),
      /acs:dns\.zone is missing: the primary creates the delegated zone/,
    );
  });

  it("rejects a failover name outside the zone", async () => {
    assert.match(
      await rejected({ ...primary, "acs:dns": { ...devDns, failoverName: "dev.app.com" } }),
      /acs:dns\.failoverName is "dev\.app\.com", which is not a name below acs:dns\.zone "acs\.app\.com"/,
    );
  });

  it("rejects a load-balancer name outside the parent zone", async () => {
    assert.match(
      await rejected({ ...primary, "acs:dns": { ...devDns, lbName: "lb.dev.example.org" } }),
      /acs:dns\.lbName is "lb\.dev\.example\.org", which is outside acs:dns\.parentZone "app\.com"/,
    );
  });

  it("rejects a secondary without the primary's stack", async () => {
    assert.match(
      await rejected({ ...secondary, "acs:dns": { parentZone: "app.com" } }, "drdev", "us-west-2"),
      /Pulumi\.drdev\.yaml: acs:dns\.primaryStack is missing/,
    );
  });

  it("rejects the override on the secondary (the primary owns it)", async () => {
    assert.match(
      await rejected({ ...secondary, "acs:dns": { ...drDns, mode: "secondary" } }, "drdev", "us-west-2"),
      /acs:dns\.mode is "secondary" on a secondary: set the override in the primary's config/,
    );
  });

  it("rejects a zone on the secondary (it comes from the primary's stack)", async () => {
    assert.match(
      await rejected({ ...secondary, "acs:dns": { ...drDns, zone: "acs.app.com" } }, "drdev", "us-west-2"),
      /acs:dns\.zone is "acs\.app\.com" on a secondary: remove it/,
    );
  });

  it("rejects primaryStack on the primary (no reference cycle)", async () => {
    assert.match(
      await rejected({ ...primary, "acs:dns": { ...devDns, primaryStack: "organization/acs/drdev" } }),
      /acs:dns\.primaryStack is "organization\/acs\/drdev" on a primary: remove it/,
    );
  });
});
