import * as assert from "node:assert/strict";
import { promiseOf, Recording } from "@acs/testkit";
import { contains, overlaps, parseCidr } from "./cidr";
import { base, byId, planNetwork, routesOf, routeTableOf, T, tier } from "./test/harness";

const defaultRoutes = (rec: Recording, rt: ReturnType<typeof byId>) =>
  routesOf(rec, rt).filter(
    (r) => r.inputs.destinationCidrBlock === "0.0.0.0/0" || r.inputs.destinationIpv6CidrBlock === "::/0",
  );

describe("Network topology", () => {
  let single: Recording;
  before(async () => {
    ({ rec: single } = await planNetwork(base));
  });

  it("creates the VPC from the CIDR with DNS support and hostnames on", () => {
    const vpc = single.one(T.vpc, "net-vpc");
    assert.equal(vpc.inputs.cidrBlock, "10.10.0.0/16");
    assert.equal(vpc.inputs.enableDnsSupport, true, vpc.urn);
    assert.equal(vpc.inputs.enableDnsHostnames, true, vpc.urn);
  });

  it("creates one subnet per tier per AZ over the region's first azCount AZs", () => {
    for (const t of ["public", "private", "isolated"] as const) {
      assert.deepEqual(
        tier(single, t).map((s) => s.inputs.availabilityZone),
        ["us-east-1a", "us-east-1b", "us-east-1c"],
        t,
      );
    }
  });

  it("keeps every subnet inside the VPC CIDR with no overlap, and assigns no public IPs on launch", () => {
    const vpc = parseCidr("10.10.0.0/16")!;
    const subnets = single.ofType(T.subnet);
    assert.equal(subnets.length, 9);
    const cidrs = subnets.map((s) => ({ urn: s.urn, c: parseCidr(s.inputs.cidrBlock)! }));
    for (const { urn, c } of cidrs) assert.ok(contains(vpc, c), `${urn} is outside the VPC`);
    cidrs.forEach((a, i) =>
      cidrs.slice(i + 1).forEach((b) => assert.ok(!overlaps(a.c, b.c), `${a.urn} overlaps ${b.urn}`)),
    );
    for (const s of subnets) assert.equal(s.inputs.mapPublicIpOnLaunch, false, s.urn);
  });

  it("routes every public subnet only through the internet gateway", () => {
    const igw = single.one(T.igw);
    assert.equal(igw.inputs.vpcId, single.one(T.vpc).id);
    for (const s of tier(single, "public")) {
      const routes = routesOf(single, routeTableOf(single, s));
      assert.equal(routes.length, 1, `${s.urn} has ${routes.length} routes`);
      assert.equal(routes[0]!.inputs.destinationCidrBlock, "0.0.0.0/0");
      assert.equal(routes[0]!.inputs.gatewayId, igw.id, `${s.urn} does not route to the IGW`);
      assert.equal(routes[0]!.inputs.natGatewayId, undefined);
    }
  });

  it("gives isolated subnets no default route under any NAT strategy", async () => {
    for (const natStrategy of ["None", "Single", "OnePerAz"] as const) {
      const { rec } = await planNetwork({ ...base, natStrategy });
      for (const s of tier(rec, "isolated"))
        assert.deepEqual(
          routesOf(rec, routeTableOf(rec, s)).map((r) => r.urn),
          [],
          `${natStrategy}: ${s.urn} has routes`,
        );
    }
  });

  it("GIVEN OnePerAz THEN every private subnet routes to a NAT in its own AZ, each with its own EIP", async () => {
    const { rec, net } = await planNetwork({ ...base, natStrategy: "OnePerAz" });
    const nats = new Set<string>();
    for (const s of tier(rec, "private")) {
      const rt = routeTableOf(rec, s);
      const routes = defaultRoutes(rec, rt);
      assert.equal(routes.length, 1, `${rt.urn} has ${routes.length} default routes`);
      const nat = byId(rec, routes[0]!.inputs.natGatewayId);
      const natSubnet = byId(rec, nat.inputs.subnetId);
      assert.equal(natSubnet.inputs.tags.Tier, "public", `${nat.urn} is not in a public subnet`);
      assert.equal(
        natSubnet.inputs.availabilityZone,
        s.inputs.availabilityZone,
        `${s.urn} routes to a NAT in another AZ`,
      );
      assert.match(String(byId(rec, nat.inputs.allocationId).type), /eip/);
      nats.add(nat.id!);
    }
    assert.equal(nats.size, 3);
    assert.equal(rec.ofType(T.eip).length, 3);
    assert.equal((await Promise.all(net.natPublicIps.map(promiseOf))).length, 3);
  });

  it("GIVEN Single THEN all private subnets share one NAT in the first AZ's public subnet", () => {
    const nats = tier(single, "private").map((s) =>
      defaultRoutes(single, routeTableOf(single, s)).map((r) => r.inputs.natGatewayId),
    );
    assert.deepEqual(
      nats.map((n) => n.length),
      [1, 1, 1],
    );
    assert.equal(new Set(nats.flat()).size, 1);
    const nat = single.one(T.nat);
    assert.equal(byId(single, nat.inputs.subnetId).name, "net-public-0");
    assert.equal(single.ofType(T.eip).length, 1);
    // one route table per AZ all the same
    assert.equal(new Set(tier(single, "private").map((s) => routeTableOf(single, s).id)).size, 3);
  });

  it("GIVEN None THEN there is no NAT, no EIP and no default route on the private tables", async () => {
    const { rec, net } = await planNetwork({ ...base, natStrategy: "None" });
    assert.equal(rec.ofType(T.nat).length, 0);
    assert.equal(rec.ofType(T.eip).length, 0);
    assert.deepEqual(net.natPublicIps, []);
    for (const s of tier(rec, "private"))
      assert.deepEqual(
        routesOf(rec, routeTableOf(rec, s)).map((r) => r.urn),
        [],
        s.urn,
      );
  });

  it("attaches the S3 and DynamoDB gateway endpoints to the private and isolated route tables only", async () => {
    const { rec } = await planNetwork({ ...base, azCount: 2 }, "us-west-2");
    const expected = [...tier(rec, "private"), ...tier(rec, "isolated")]
      .map((s) => routeTableOf(rec, s).id)
      .sort();
    const publicRt = routeTableOf(rec, tier(rec, "public")[0]!).id;
    for (const [svc, ep] of [
      ["s3", rec.one(T.endpoint, "net-s3")],
      ["dynamodb", rec.one(T.endpoint, "net-dynamodb")],
    ] as const) {
      assert.equal(ep.inputs.serviceName, `com.amazonaws.us-west-2.${svc}`);
      assert.equal(ep.inputs.vpcEndpointType, "Gateway");
      assert.deepEqual([...ep.inputs.routeTableIds].sort(), expected, ep.urn);
      assert.ok(!ep.inputs.routeTableIds.includes(publicRt), `${ep.urn} is on the public table`);
    }
  });

  it("puts interface endpoints in the private subnets behind an SG open on 443 to the VPC CIDR only", async () => {
    const { rec, net } = await planNetwork({ ...base, interfaceEndpoints: ["ecr.api", "ecr.dkr", "logs"] });
    const privateIds = tier(rec, "private")
      .map((s) => s.id)
      .sort();
    const sg = rec.one(T.sg, "net-endpoints-sg");
    for (const svc of ["ecr.api", "ecr.dkr", "logs"]) {
      const ep = rec.one(T.endpoint, `net-${svc.replace(".", "-")}`);
      assert.equal(ep.inputs.serviceName, `com.amazonaws.us-east-1.${svc}`);
      assert.equal(ep.inputs.vpcEndpointType, "Interface");
      assert.equal(ep.inputs.privateDnsEnabled, true);
      assert.deepEqual([...ep.inputs.subnetIds].sort(), privateIds, ep.urn);
      assert.deepEqual(ep.inputs.securityGroupIds, [sg.id]);
    }
    const rules = rec.ofType(T.ingress).filter((r) => r.inputs.securityGroupId === sg.id);
    assert.deepEqual(
      rules.map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]),
      [[443, 443, "10.10.0.0/16"]],
    );
    assert.equal(rec.ofType(T.egress).filter((r) => r.inputs.securityGroupId === sg.id).length, 0);
    assert.equal(await promiseOf(net.endpointSecurityGroupId!), sg.id);
    assert.deepEqual(Object.keys(net.interfaceEndpointIds).sort(), ["ecr.api", "ecr.dkr", "logs"]);
  });

  it("creates no interface endpoint and no endpoint SG by default", () => {
    assert.deepEqual(
      single
        .ofType(T.endpoint)
        .map((e) => e.name)
        .sort(),
      ["net-dynamodb", "net-s3"],
    );
    assert.equal(single.ofType(T.sg).filter((s) => s.name === "net-endpoints-sg").length, 0);
  });

  it("is stable: the same inputs give the same resource names and CIDRs", async () => {
    const { rec } = await planNetwork(base);
    const view = (r: Recording) =>
      r
        .ofType(T.subnet)
        .map((s) => `${s.name}=${s.inputs.cidrBlock}`)
        .sort();
    assert.deepEqual(view(rec), view(single));
    assert.deepEqual(rec.custom.map((r) => r.urn).sort(), single.custom.map((r) => r.urn).sort());
  });

  it("WHEN an AZ is added THEN every existing subnet keeps its name, AZ and CIDR", async () => {
    const { rec: two } = await planNetwork({ ...base, azCount: 2 });
    for (const s of two.ofType(T.subnet)) {
      const after = single.one(T.subnet, s.name);
      assert.equal(after.inputs.cidrBlock, s.inputs.cidrBlock, `${s.urn} renumbered`);
      assert.equal(after.inputs.availabilityZone, s.inputs.availabilityZone, `${s.urn} moved AZ`);
    }
  });

  it("GIVEN an account opted in to Local and Wavelength Zones THEN every subnet is in one of the region's Availability Zones", async () => {
    // The fake account has opted in to us-west-2-lax-1 and us-west-2-wl1 (testkit's default),
    // whose zones sort before us-west-2a in the provider's answer.
    const { rec } = await planNetwork(
      { cidr: "10.20.0.0/16", azCount: 3, natStrategy: "OnePerAz" },
      "us-west-2",
    );
    for (const s of rec.ofType(T.subnet))
      assert.match(
        String(s.inputs.availabilityZone),
        /^us-west-2[a-d]$/,
        `${s.urn} is in a Local/Wavelength Zone`,
      );
  });

  it("uses the inherited provider's region: us-west-2 with 2 AZs", async () => {
    const { rec, net } = await planNetwork(
      { cidr: "10.20.0.0/16", azCount: 2, natStrategy: "Single" },
      "us-west-2",
    );
    assert.deepEqual(await Promise.all(net.availabilityZones.map(promiseOf)), ["us-west-2a", "us-west-2b"]);
    assert.equal(rec.ofType(T.subnet).length, 6);
  });

  it("tags every taggable child with Name (and Tier on subnets and route tables) plus the caller's tags", async () => {
    const { rec } = await planNetwork({ ...base, tags: { CostCenter: "platform" } });
    for (const r of rec.custom.filter((x) => x.type.startsWith("aws:") && x.inputs.tags !== undefined)) {
      assert.ok(r.inputs.tags.Name, `${r.urn} has no Name tag`);
      assert.equal(r.inputs.tags.CostCenter, "platform", r.urn);
    }
    assert.equal(rec.one(T.subnet, "net-isolated-2").inputs.tags.Name, "net-isolated-us-east-1c");
    assert.equal(rec.one(T.rt, "net-private-1-rt").inputs.tags.Tier, "private");
  });

  it("parents every child to the component, which passes its explicit provider down", () => {
    const component = single.one("acs:network:Network", "net");
    for (const r of single.custom) {
      if (r.type.startsWith("pulumi:providers:")) continue;
      assert.equal(r.parent, component.urn, `${r.urn} is not a child of the Network`);
      assert.ok(
        r.options.provider?.includes("pulumi:providers:aws::aws"),
        `${r.urn} has no explicit provider`,
      );
    }
  });

  it("registers the outputs other components consume", () => {
    const outputs = single.one("acs:network:Network", "net").outputs;
    for (const key of [
      "vpcId",
      "vpcCidr",
      "availabilityZones",
      "publicSubnetIds",
      "privateSubnetIds",
      "isolatedSubnetIds",
      "publicRouteTableId",
      "privateRouteTableIds",
      "isolatedRouteTableIds",
      "natPublicIps",
      "loadBalancerSecurityGroupId",
      "appSecurityGroupId",
      "gatewayEndpointIds",
    ]) {
      assert.ok(outputs[key] !== undefined, `output ${key} missing`);
    }
    assert.equal(outputs.vpcId, single.one(T.vpc).id);
    assert.deepEqual(
      outputs.privateSubnetIds,
      tier(single, "private").map((s) => s.id),
    );
    assert.equal(outputs.natPublicIps.length, 1);
    assert.match(outputs.natPublicIps[0], /^\d+\.\d+\.\d+\.\d+$/);
  });
});
