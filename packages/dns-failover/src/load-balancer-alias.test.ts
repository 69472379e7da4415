import * as assert from "node:assert/strict";
import { runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { LoadBalancerAlias, LoadBalancerAliasArgs } from "./load-balancer-alias";

const args: LoadBalancerAliasArgs = {
  zoneId: "ZPARENT",
  zoneName: "app.com",
  name: "lb.dev.app.com",
  dnsName: "dev-alb-1234567890.us-east-1.elb.amazonaws.com",
  lbZoneId: "Z35SXDOTRQ7X7K",
};

async function rejects(over: Partial<LoadBalancerAliasArgs>, pattern: RegExp): Promise<void> {
  const err = await runPulumiExpectingError(
    () => new LoadBalancerAlias("dev-lb", { ...args, ...over } as LoadBalancerAliasArgs),
  );
  assert.match(err.message, pattern);
  assert.equal(err.recording.custom.length, 0, "nothing is registered before validation passes");
}

describe("LoadBalancerAlias", () => {
  it("aliases lb.<env>.<parent> to the ALB in the parent zone, evaluating target health", async () => {
    const rec = await runPulumi(() => new LoadBalancerAlias("dev-lb", args));
    const r = rec.one("aws:route53/record:Record");
    assert.equal(r.inputs.zoneId, "ZPARENT");
    assert.equal(r.inputs.name, "lb.dev.app.com");
    assert.equal(r.inputs.type, "A");
    assert.deepEqual(r.inputs.aliases, [
      { name: args.dnsName, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true },
    ]);
    assert.equal(r.inputs.ttl, undefined, "alias records take no TTL");
  });

  it("adds the AAAA alias only for a dual-stack ALB", async () => {
    assert.equal(
      (await runPulumi(() => new LoadBalancerAlias("dev-lb", args))).ofType("aws:route53/record:Record")
        .length,
      1,
    );
    const rec = await runPulumi(() => new LoadBalancerAlias("dev-lb", { ...args, ipv6: true }));
    assert.deepEqual(
      rec
        .ofType("aws:route53/record:Record")
        .map((r) => r.inputs.type)
        .sort(),
      ["A", "AAAA"],
    );
  });

  it("rejects a name outside the zone", async () => {
    await rejects(
      { name: "lb.dev.example.org" },
      /`name` is "lb\.dev\.example\.org", which is outside the zone `zoneName` "app\.com"/,
    );
  });

  it("rejects an alias target without a zone id", async () => {
    await rejects(
      { lbZoneId: undefined },
      /`lbZoneId` is undefined; an alias target needs the load balancer's canonical hosted zone id/,
    );
  });
});
