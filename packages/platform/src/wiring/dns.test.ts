import * as assert from "node:assert/strict";
import { Recording, runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { createEnvironment } from "../environment";
import { VALID_BASE, VALID_SECONDARY } from "../config/test/harness";
import { wireDnsCertificate, wireDnsFailover } from "./dns";

const PARENT = "Z04412342XAMPLEPARENT";
const fake = { zones: { "app.com": { zoneId: PARENT } } };
const hc = { path: "/app/health", interval: 30, failureThreshold: 3, searchString: '"status":"ok"' };
const devConfig = {
  ...VALID_BASE,
  "acs:dns": { parentZone: "app.com", zone: "acs.app.com", healthCheck: hc },
};
const drConfig = {
  ...VALID_SECONDARY,
  "acs:dns": {
    parentZone: "app.com",
    primaryStack: "dev",
    secondaryHealthCheck: true,
    healthCheck: hc,
  },
};
const devAlb = {
  albDnsName: "acs-dev-alb-1234567890.us-east-1.elb.amazonaws.com",
  albZoneId: "Z35SXDOTRQ7X7K",
};
const drAlb = {
  albDnsName: "acs-drdev-alb-1234567890.us-west-2.elb.amazonaws.com",
  albZoneId: "Z1H1FL5HABSF5",
};

/** Both halves of the wiring with a stand-in ALB, as platform() runs them. */
const program = (alb: typeof devAlb) => async () => {
  const env = createEnvironment();
  const dns = await wireDnsCertificate(env);
  const failover = wireDnsFailover(env, dns, alb);
  return { ...dns.outputs, ...failover.outputs };
};

async function dev(mode?: string): Promise<Recording> {
  const config = mode ? { ...devConfig, "acs:dns": { ...devConfig["acs:dns"], mode } } : devConfig;
  return runPulumi(program(devAlb), { stack: "dev", region: "us-east-1", config, fake });
}

/** drdev in the organization `org`, whose backend holds dev with `devOutputs`. */
async function drdev(devOutputs: Record<string, unknown>, org = "acme-corp"): Promise<Recording> {
  return runPulumi(program(drAlb), {
    stack: "drdev",
    region: "us-west-2",
    organization: org,
    config: drConfig,
    fake: { ...fake, stackReferences: { [`${org}/acs/dev`]: devOutputs } },
  });
}

describe("DNS wiring (dev primary, drdev secondary)", () => {
  let devRec: Recording;
  let drRec: Recording;
  before(async function () {
    this.timeout(60_000);
    devRec = await dev();
    drRec = await drdev(devRec.outputs);
  });

  it("dev delegates acs.app.com from app.com and exports what drdev reads", () => {
    const zone = devRec.one("aws:route53/zone:Zone");
    const ns = devRec.ofType("aws:route53/record:Record").find((r) => r.inputs.type === "NS")!;
    assert.equal(ns.inputs.zoneId, PARENT);
    assert.deepEqual(ns.inputs.records, zone.outputs.nameServers);
    assert.equal(devRec.outputs.acsZoneId, zone.outputs.zoneId);
    assert.equal(devRec.outputs.acsZoneName, "acs.app.com");
    assert.equal(devRec.outputs.failoverName, "dev.acs.app.com");
  });

  it("drdev creates no zone and never references drdev from dev (no cycle)", () => {
    assert.equal(drRec.ofType("aws:route53/zone:Zone").length, 0);
    assert.equal(devRec.ofType("pulumi:pulumi:StackReference").length, 0);
    assert.equal(drRec.one("pulumi:pulumi:StackReference").inputs.name, "acme-corp/acs/dev");
  });

  it("each environment has a certificate in its own region for its lb name and the failover name", () => {
    const east = devRec.one("aws:acm/certificate:Certificate");
    const west = drRec.one("aws:acm/certificate:Certificate");
    assert.match(String(east.outputs.arn), /^arn:aws:acm:us-east-1:/);
    assert.match(String(west.outputs.arn), /^arn:aws:acm:us-west-2:/);
    assert.deepEqual(
      [east.inputs.domainName, ...east.inputs.subjectAlternativeNames],
      ["lb.dev.app.com", "dev.acs.app.com"],
    );
    assert.deepEqual(
      [west.inputs.domainName, ...west.inputs.subjectAlternativeNames],
      ["lb.drdev.app.com", "dev.acs.app.com"],
    );
  });

  it("validation records land in the right zone in both stacks, the shared one with allowOverwrite", () => {
    const acsZoneId = devRec.outputs.acsZoneId;
    for (const rec of [devRec, drRec]) {
      const validations = rec
        .ofType("aws:route53/record:Record")
        .filter((r) => r.type === "aws:route53/record:Record" && String(r.inputs.name).startsWith("_"));
      assert.equal(validations.length, 2);
      for (const v of validations) {
        const expected = String(v.inputs.name).endsWith(".acs.app.com.") ? acsZoneId : PARENT;
        assert.equal(v.inputs.zoneId, expected, `${v.urn} is in the wrong zone`);
        assert.equal(v.inputs.allowOverwrite, true);
      }
    }
  });

  it("each ALB gets lb.<env>.app.com in app.com", () => {
    const lb = (rec: Recording, name: string) =>
      rec.ofType("aws:route53/record:Record").find((r) => r.inputs.name === name)!;
    assert.equal(lb(devRec, "lb.dev.app.com").inputs.zoneId, PARENT);
    assert.equal(lb(devRec, "lb.dev.app.com").inputs.aliases[0].name, devAlb.albDnsName);
    assert.equal(lb(drRec, "lb.drdev.app.com").inputs.aliases[0].name, drAlb.albDnsName);
  });

  it("dev.acs.app.com is PRIMARY → dev's ALB (health-checked) and SECONDARY → drdev's ALB, both in dev's zone", () => {
    const failover = (rec: Recording) =>
      rec.ofType("aws:route53/record:Record").filter((r) => r.inputs.failoverRoutingPolicies);
    const [primary] = failover(devRec);
    const [secondary] = failover(drRec);
    assert.equal(failover(devRec).length, 1);
    assert.equal(failover(drRec).length, 1);
    assert.equal(primary!.inputs.failoverRoutingPolicies[0].type, "PRIMARY");
    assert.equal(secondary!.inputs.failoverRoutingPolicies[0].type, "SECONDARY");
    for (const r of [primary!, secondary!]) {
      assert.equal(r.inputs.name, "dev.acs.app.com");
      assert.equal(r.inputs.zoneId, devRec.outputs.acsZoneId, `${r.urn} must be in acs.app.com`);
    }
    assert.notEqual(primary!.inputs.setIdentifier, secondary!.inputs.setIdentifier);
    assert.equal(primary!.inputs.aliases[0].name, devAlb.albDnsName);
    assert.equal(secondary!.inputs.aliases[0].name, drAlb.albDnsName);
    const devCheck = devRec.one("aws:route53/healthCheck:HealthCheck");
    assert.equal(primary!.inputs.healthCheckId, devCheck.id);
    assert.equal(devCheck.inputs.fqdn, "lb.dev.app.com");
    assert.equal(devCheck.inputs.type, "HTTPS_STR_MATCH");
    assert.equal(secondary!.inputs.healthCheckId, drRec.one("aws:route53/healthCheck:HealthCheck").id);
  });

  it("health-check alarms are in us-east-1 and notify a topic in us-east-1, in both stacks", () => {
    for (const rec of [devRec, drRec]) {
      const alarm = rec.one("aws:cloudwatch/metricAlarm:MetricAlarm");
      assert.match(String(alarm.outputs.arn), /^arn:aws:cloudwatch:us-east-1:/, alarm.urn);
      assert.equal(alarm.inputs.metricName, "HealthCheckStatus");
      assert.equal(alarm.inputs.dimensions.HealthCheckId, rec.one("aws:route53/healthCheck:HealthCheck").id);
      for (const action of alarm.inputs.alarmActions)
        assert.match(String(action), /^arn:aws:sns:us-east-1:/, `${alarm.urn} notifies ${action}`);
    }
  });

  it("drdev's us-east-1 health-check topic has the environment's subscriptions, in us-east-1", () => {
    const alarm = drRec.one("aws:cloudwatch/metricAlarm:MetricAlarm");
    const [topicArn] = alarm.inputs.alarmActions;
    const subs = drRec
      .ofType("aws:sns/topicSubscription:TopicSubscription")
      .filter((s) => s.inputs.topic === topicArn);
    assert.deepEqual(
      subs.map((s) => [s.inputs.protocol, s.inputs.endpoint]),
      [["email", "oncall@example.com"]],
      `${topicArn} has no subscriber`,
    );
    for (const s of subs) assert.match(String(s.outputs.arn), /^arn:aws:sns:us-east-1:/, s.urn);
  });

  it("every AWS resource of the DNS wiring has an explicit provider", () => {
    for (const rec of [devRec, drRec]) {
      assert.deepEqual(
        rec.custom.filter((r) => r.type.startsWith("aws:") && !r.options.provider).map((r) => r.urn),
        [],
      );
    }
  });

  for (const [mode, disabled, inverted] of [
    ["secondary", true, true],
    ["primary", true, false],
    ["auto", false, false],
  ] as const) {
    it(`acs:dns.mode ${mode} sets the primary's check disabled=${disabled}, inverted=${inverted}`, async () => {
      const hc = (await dev(mode)).one("aws:route53/healthCheck:HealthCheck").inputs;
      assert.equal(hc.disabled, disabled);
      assert.equal(hc.invertHealthcheck, inverted);
    });
  }

  it("drdev fails clearly when dev's outputs lack the zone (dev not deployed first)", async () => {
    const err = await runPulumiExpectingError(program(drAlb), {
      stack: "drdev",
      region: "us-west-2",
      config: drConfig,
      organization: "acme-corp",
      fake: { ...fake, stackReferences: { "acme-corp/acs/dev": { environment: "dev" } } },
    });
    assert.match(
      err.message,
      /acs:dns\.primaryStack names the stack "acme-corp\/acs\/dev", whose outputs have no acsZoneName; deploy the primary first/,
    );
  });

  it("drdev reads <organization of the run>/<project>/dev: the org comes from the backend, not a placeholder", async () => {
    const rec = await drdev(devRec.outputs, "example-org");
    assert.equal(rec.one("pulumi:pulumi:StackReference").inputs.name, "example-org/acs/dev");
  });

  it("GIVEN a fully qualified primaryStack THEN drdev reads exactly that stack, and one the backend lacks fails the run", async () => {
    const other = { ...drConfig, "acs:dns": { ...drConfig["acs:dns"], primaryStack: "platform/acs/dev" } };
    const run = (stacks: Record<string, Record<string, unknown>>) =>
      runPulumiExpectingError(program(drAlb), {
        stack: "drdev",
        region: "us-west-2",
        organization: "example-org",
        config: other,
        fake: { ...fake, stackReferences: stacks },
      });
    const err = await run({ dev: devRec.outputs });
    assert.match(err.message, /StackReference "platform\/acs\/dev" names a stack that does not exist/);
    const rec = await runPulumi(program(drAlb), {
      stack: "drdev",
      region: "us-west-2",
      organization: "example-org",
      config: other,
      fake: { ...fake, stackReferences: { "platform/acs/dev": devRec.outputs } },
    });
    assert.equal(rec.one("pulumi:pulumi:StackReference").inputs.name, "platform/acs/dev");
  });
});
