import * as assert from "node:assert/strict";
import {
  cidrsOverlap,
  contains,
  defaultPrefixLengths,
  formatCidr,
  overlaps,
  parseCidr,
  SUBNET_TIERS,
  subnetLayout,
} from "./cidr";

const all = (layout: Record<string, string[]>) => Object.values(layout).flat();

describe("subnet layout (CIDR carving)", () => {
  it("GIVEN a /16 with default prefixes THEN private /19s, public and isolated /21s at fixed offsets", () => {
    assert.deepEqual(subnetLayout("10.10.0.0/16", defaultPrefixLengths(16), 3), {
      private: ["10.10.0.0/19", "10.10.32.0/19", "10.10.64.0/19"],
      public: ["10.10.128.0/21", "10.10.136.0/21", "10.10.144.0/21"],
      isolated: ["10.10.160.0/21", "10.10.168.0/21", "10.10.176.0/21"],
    });
  });

  it("GIVEN a /20 with default prefixes THEN private /23s, public and isolated /25s", () => {
    assert.deepEqual(subnetLayout("10.20.0.0/20", defaultPrefixLengths(20), 3), {
      private: ["10.20.0.0/23", "10.20.2.0/23", "10.20.4.0/23"],
      public: ["10.20.8.0/25", "10.20.8.128/25", "10.20.9.0/25"],
      isolated: ["10.20.10.0/25", "10.20.10.128/25", "10.20.11.0/25"],
    });
  });

  it("keeps every subnet inside the VPC and disjoint from every other, for every VPC size /16–/24 and 2 or 3 AZs", () => {
    for (let p = 16; p <= 24; p++) {
      const vpcText = `10.30.0.0/${p}`;
      const vpc = parseCidr(vpcText)!;
      for (const azCount of [2, 3]) {
        const cidrs = all(subnetLayout(vpcText, defaultPrefixLengths(p), azCount)).map((c) => parseCidr(c)!);
        assert.equal(cidrs.length, azCount * 3);
        for (const c of cidrs) assert.ok(contains(vpc, c), `${formatCidr(c)} is outside ${vpcText}`);
        cidrs.forEach((a, i) =>
          cidrs
            .slice(i + 1)
            .forEach((b) =>
              assert.ok(!overlaps(a, b), `${formatCidr(a)} overlaps ${formatCidr(b)} in ${vpcText}`),
            ),
        );
        for (const c of cidrs)
          assert.ok(c.prefix <= 28, `${formatCidr(c)} is smaller than AWS's /28 minimum`);
      }
    }
  });

  it("WHEN an AZ is added THEN the existing subnets keep their CIDRs", () => {
    for (const vpc of ["10.10.0.0/16", "10.20.0.0/20", "192.168.0.0/24"]) {
      const p = parseCidr(vpc)!.prefix;
      const two = subnetLayout(vpc, defaultPrefixLengths(p), 2);
      const three = subnetLayout(vpc, defaultPrefixLengths(p), 3);
      for (const t of SUBNET_TIERS) assert.deepEqual(three[t].slice(0, 2), two[t], `${vpc} ${t} renumbered`);
    }
  });

  it("WHEN one tier's prefix changes THEN the tiers before it keep their CIDRs", () => {
    const before = subnetLayout("10.10.0.0/16", { private: 19, public: 21, isolated: 21 }, 3);
    const after = subnetLayout("10.10.0.0/16", { private: 19, public: 21, isolated: 22 }, 3);
    assert.deepEqual(after.private, before.private);
    assert.deepEqual(after.public, before.public);
  });

  it("aligns a tier block to its own size when an earlier tier is smaller", () => {
    const layout = subnetLayout("10.0.0.0/16", { private: 22, public: 20, isolated: 24 }, 2);
    // private block 4 × /22 = 10.0.0.0/20; public block 4 × /20 = a /18, aligned to 10.0.64.0.
    assert.deepEqual(layout.public, ["10.0.64.0/20", "10.0.80.0/20"]);
    assert.deepEqual(layout.isolated, ["10.0.128.0/24", "10.0.129.0/24"]);
  });

  it("is deterministic: the same inputs give the same CIDRs", () => {
    assert.deepEqual(
      subnetLayout("10.10.0.0/16", defaultPrefixLengths(16), 3),
      subnetLayout("10.10.0.0/16", defaultPrefixLengths(16), 3),
    );
  });

  it("parses only well-formed IPv4 CIDRs", () => {
    for (const bad of [
      "10.10.0/16",
      "10.10.0.0",
      "10.10.0.0/33",
      "256.0.0.0/16",
      " 10.0.0.0/16",
      "10.0.0.0/16 ",
      "10.0.0.01/16",
      "ten/16",
    ]) {
      assert.equal(parseCidr(bad), undefined, `${bad} parsed`);
    }
    assert.deepEqual(parseCidr("255.255.255.255/32"), { base: 0xffffffff, prefix: 32 });
    assert.equal(formatCidr(parseCidr("172.16.4.0/22")!), "172.16.4.0/22");
  });
});

describe("cidrsOverlap (environments' VPCs must be disjoint)", () => {
  it("is true for nested or equal ranges and false for adjacent ones", () => {
    assert.equal(cidrsOverlap("10.10.0.0/16", "10.10.128.0/17"), true);
    assert.equal(cidrsOverlap("10.10.0.0/16", "10.10.0.0/16"), true);
    assert.equal(cidrsOverlap("10.10.0.0/16", "10.11.0.0/16"), false);
  });

  it("reads a range with host bits as its block, and is false when either side is not a CIDR", () => {
    assert.equal(cidrsOverlap("10.10.5.0/16", "10.10.200.0/24"), true);
    assert.equal(cidrsOverlap("10.10.0/16", "10.10.0.0/16"), false);
  });
});
