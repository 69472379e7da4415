import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { DelegatedZone, DelegatedZoneArgs } from "./delegated-zone";

const PARENT_ID = "Z04412342XAMPLEPARENT";
const fake = { zones: { "app.com": { zoneId: PARENT_ID } } };

function build(args: Partial<DelegatedZoneArgs> = {}) {
  return runPulumi(
    () => {
      const provider = new aws.Provider("east", { region: "us-east-1" });
      new DelegatedZone("acs", { name: "acs.app.com", parentZoneName: "app.com", ...args }, { provider });
    },
    { fake },
  );
}

async function rejects(args: Partial<DelegatedZoneArgs>, pattern: RegExp): Promise<void> {
  const err = await runPulumiExpectingError(
    () => {
      new DelegatedZone("acs", {
        name: "acs.app.com",
        parentZoneName: "app.com",
        ...args,
      } as DelegatedZoneArgs);
    },
    { fake },
  );
  assert.match(err.message, pattern);
  assert.equal(err.recording.custom.length, 0, "nothing is registered before validation passes");
}

describe("DelegatedZone", () => {
  it("GIVEN a parent zone by name WHEN delegating THEN the parent's NS record holds exactly the new zone's name servers", async () => {
    const rec = await build();
    const zone = rec.one("aws:route53/zone:Zone");
    const ns = rec.one("aws:route53/record:Record", "acs-ns");
    assert.equal(zone.inputs.name, "acs.app.com");
    assert.equal(ns.inputs.zoneId, PARENT_ID, `${ns.urn} must be written into app.com`);
    assert.equal(ns.inputs.type, "NS");
    assert.equal(ns.inputs.name, "acs.app.com");
    assert.equal(ns.inputs.ttl, 172800);
    assert.deepEqual(
      ns.inputs.records,
      zone.outputs.nameServers,
      `${ns.urn} must list the zone's four name servers`,
    );
    assert.equal((ns.inputs.records as string[]).length, 4);
  });

  it("protects the hosted zone by default and only when asked otherwise", async () => {
    assert.equal((await build()).one("aws:route53/zone:Zone").options.protect, true);
    assert.equal((await build({ protect: false })).one("aws:route53/zone:Zone").options.protect, false);
  });

  it("accepts the parent zone by id without looking it up", async () => {
    const rec = await runPulumi(
      () => new DelegatedZone("acs", { name: "acs.app.com", parentZoneId: "ZPARENTBYID" }),
    );
    assert.equal(rec.one("aws:route53/record:Record").inputs.zoneId, "ZPARENTBYID");
  });

  it("creates its children under itself with the component's provider", async () => {
    const rec = await build();
    const component = rec.one("acs:dns-failover:DelegatedZone");
    for (const child of rec.childrenOf(component)) {
      assert.ok(child.options.provider?.includes("east"), `${child.urn} uses the component's provider`);
    }
  });

  it("rejects a zone that is not below its parent", async () => {
    await rejects(
      { name: "acs.example.org" },
      /`name` is "acs.example.org", which is not a subdomain of `parentZoneName` "app.com"; use a name ending in \.app\.com/,
    );
  });

  it("rejects the parent zone itself as the delegated name", async () => {
    await rejects({ name: "app.com" }, /`name` is "app.com", which is not a subdomain/);
  });

  it("rejects both or neither parent zone reference", async () => {
    await rejects(
      { parentZoneId: "Z1" },
      /both `parentZoneName` and `parentZoneId` are set; give exactly one/,
    );
    await rejects({ parentZoneName: undefined }, /neither `parentZoneName` nor `parentZoneId` is set/);
  });

  it("rejects an NS TTL outside Route 53's useful range", async () => {
    await rejects({ nsTtl: 30 }, /`nsTtl` is 30; use a whole number of seconds from 60 to 172800/);
  });

  it("rejects a name that is not a DNS name", async () => {
    await rejects({ name: "acs app.com" }, /`name` is "acs app.com", which is not a DNS name/);
  });
});
