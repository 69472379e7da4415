import * as assert from "node:assert/strict";
import { isBelowZone, isHostname, isWithinZone, nameSlug, normalizeName, zoneFor } from "./names";

describe("DNS name helpers", () => {
  it("normalizes case and the trailing root dot", () => {
    assert.equal(normalizeName("Dev.ACS.app.com."), "dev.acs.app.com");
  });

  it("accepts host names and rejects malformed ones", () => {
    for (const ok of ["app.com", "dev.acs.app.com", "*.acs.app.com", "_abc.dev.app.com"])
      assert.ok(isHostname(ok), ok);
    for (const bad of [
      "",
      "com",
      "dev..app.com",
      "-dev.app.com",
      "dev.*.app.com",
      "dev app.com",
      `${"a".repeat(64)}.com`,
    ]) {
      assert.equal(isHostname(bad), false, bad);
    }
  });

  it("tells names within a zone from names that only end with the same letters", () => {
    assert.ok(isWithinZone("dev.acs.app.com", "acs.app.com"));
    assert.ok(isWithinZone("acs.app.com", "acs.app.com"));
    assert.equal(isWithinZone("dev.notacs.app.com", "acs.app.com"), false);
    assert.equal(isWithinZone("dev.app.com", "acs.app.com"), false);
    assert.equal(isBelowZone("acs.app.com", "acs.app.com"), false);
    assert.ok(isBelowZone("acs.app.com", "app.com"));
  });

  it("puts each name in the most specific zone that holds it", () => {
    const zones = ["app.com", "acs.app.com"];
    assert.equal(zoneFor("dev.acs.app.com", zones), "acs.app.com");
    assert.equal(zoneFor("lb.dev.app.com", zones), "app.com");
    assert.equal(zoneFor("*.acs.app.com", zones), "acs.app.com");
    assert.equal(zoneFor("example.org", zones), undefined);
  });

  it("turns names into child-name fragments", () => {
    assert.equal(nameSlug("dev.acs.app.com."), "dev-acs-app-com");
    assert.equal(nameSlug("*.acs.app.com"), "wildcard-acs-app-com");
  });
});
