/**
 * GIVEN the provider of package `acs`, offline (no Pulumi CLI)
 * WHEN @pulumi/pulumi's ComponentProvider generates its schema from this package's source
 * THEN it lists Network and Service, each arg with its type, whether it is required, and the
 * description of the same arg of the real component (@acs/network, @acs/ecs-platform).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import type { NetworkArgs as AcsNetworkArgs } from "@acs/network";
import type { ServiceArgs as AcsServiceArgs } from "@acs/ecs-platform";
import type { PackageSpec, Property } from "@pulumi/pulumi/provider/experimental/schema";
import { describeInputs, REAL_ARGS } from "./descriptions";
import { FlowLogDestination, NatStrategy } from "./network";
import { SubnetTier } from "./service";
import { schema } from "./test/provider";
import type { Widened } from "./widened";

/** A property's type in one word: `string`, `number[]`, `map<string>`, `NetworkFlowLogs`, … */
function typeOf(p: Property): string {
  if ("$ref" in p) return p.$ref.replace("#/types/acs:index:", "");
  if (p.type === "array") return `${typeOf(p.items!)}[]`;
  if (p.type === "object") return `map<${typeOf(p.additionalProperties!)}>`;
  return p.type;
}

/**
 * Each arg as `type`, with `?` when optional and ` (input)` when it takes an Output (the others
 * are plain values in the generated SDKs).
 */
function shape(properties: Record<string, Property>, required: readonly string[] = []) {
  return Object.fromEntries(
    Object.entries(properties).map(([k, p]) => [
      k,
      `${typeOf(p)}${required.includes(k) ? "" : "?"}${p.plain ? "" : " (input)"}`,
    ]),
  );
}

/** The real args' documentation, read independently of the provider with the TS language service. */
function realDocs(): { comment: (at: string[]) => { text: string; fallback?: string } } {
  const declarations = (module: string) => {
    const manifest = require.resolve(`${module}/package.json`);
    return path.join(path.dirname(manifest), JSON.parse(fs.readFileSync(manifest, "utf8")).types);
  };
  const program = ts.createProgram(
    Object.values(REAL_ARGS).map((r) => declarations(r.module)),
    { strict: true, skipLibCheck: true, noEmit: true },
  );
  const checker = program.getTypeChecker();
  return {
    comment([component, ...keys]) {
      const real = REAL_ARGS[component!]!;
      const file = program.getSourceFile(declarations(real.module))!;
      const exported = checker
        .getExportsOfModule(checker.getSymbolAtLocation(file)!)
        .find((s) => s.name === real.name)!;
      const declared = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      let type = checker.getDeclaredTypeOfSymbol(declared);
      let symbol: ts.Symbol | undefined;
      for (const key of keys) {
        symbol = checker.getPropertyOfType(checker.getNonNullableType(type), key);
        assert.ok(symbol, `${real.name}.${keys.join(".")}: no such arg`);
        type = checker.getTypeOfSymbol(symbol);
      }
      const tag = symbol!.getJsDocTags(checker).find((t) => t.name === "default");
      return {
        text: ts.displayPartsToString(symbol!.getDocumentationComment(checker)).trim(),
        fallback: tag && ts.displayPartsToString(tag.text).trim(),
      };
    },
  };
}

describe("the schema of package acs", function () {
  // The analysis compiles this package and the real args with TypeScript: slow on a busy machine.
  this.timeout(5 * 60_000);
  let spec: PackageSpec;
  before(async () => {
    spec = await schema();
  });

  it("is package `acs` (the Python SDK is pulumi_acs) with the components Network and Service", () => {
    assert.equal(spec.name, "acs");
    assert.equal(spec.namespace, undefined, "a namespace would rename the Python module to <namespace>_acs");
    assert.deepEqual(Object.keys(spec.resources).sort(), ["acs:index:Network", "acs:index:Service"]);
    for (const r of Object.values(spec.resources)) assert.equal(r.isComponent, true);
  });

  it("types every Network arg, required only `cidr`, and takes only the KMS key as an Output", () => {
    const r = spec.resources["acs:index:Network"]!;
    assert.deepEqual(shape(r.inputProperties!, r.requiredInputs), {
      cidr: "string",
      azCount: "number?",
      natStrategy: "NatStrategy?",
      subnetPrefixLengths: "NetworkSubnetPrefixLengths?",
      interfaceEndpoints: "string[]?",
      flowLogs: "NetworkFlowLogs?",
      loadBalancerIngressCidrs: "string[]?",
      appPort: "number?",
      bastion: "NetworkBastion?",
      tags: "map<string>?",
    });
    const t = (name: string) => spec.types[`acs:index:${name}`]!;
    assert.deepEqual(
      shape(t("NetworkSubnetPrefixLengths").properties!, t("NetworkSubnetPrefixLengths").required),
      {
        private: "number?",
        public: "number?",
        isolated: "number?",
      },
    );
    assert.deepEqual(shape(t("NetworkFlowLogs").properties!, t("NetworkFlowLogs").required), {
      enabled: "boolean?",
      destination: "FlowLogDestination?",
      retentionDays: "number?",
      kmsKeyArn: "string? (input)",
    });
    assert.deepEqual(shape(t("NetworkBastion").properties!, t("NetworkBastion").required), {
      enabled: "boolean?",
      instanceType: "string?",
      sshAllowCidrs: "string[]?",
    });
  });

  it("types every Service arg: what another team brings by ARN or id, required as the real validator requires it", () => {
    const r = spec.resources["acs:index:Service"]!;
    assert.deepEqual(shape(r.inputProperties!, r.requiredInputs), {
      clusterArn: "string (input)",
      taskDefinitionArn: "string (input)",
      taskRoleName: "string? (input)",
      name: "string?",
      subnetIds: "string[] (input)",
      securityGroupIds: "string[] (input)",
      subnetTier: "SubnetTier?",
      assignPublicIp: "boolean?",
      allowPublic: "boolean?",
      containerName: "string?",
      containerPort: "number?",
      alb: "ServiceAlbAttachment?",
      desiredCount: "number?",
      minHealthyPercent: "number?",
      maxPercent: "number?",
      healthCheckGracePeriodSeconds: "number?",
      enableExecuteCommand: "boolean?",
      launchType: "string?",
      tags: "map<string>?",
    });
    const alb = spec.types["acs:index:ServiceAlbAttachment"]!;
    assert.deepEqual(shape(alb.properties!, alb.required), {
      listenerArn: "string (input)",
      vpcId: "string? (input)",
      targetGroupArn: "string? (input)",
      priority: "number",
      pathPatterns: "string[]?",
      hostHeaders: "string[]?",
      healthCheck: "ServiceTargetHealthCheck?",
      targetGroupName: "string?",
      deregistrationDelaySeconds: "number?",
    });
    const hc = spec.types["acs:index:ServiceTargetHealthCheck"]!;
    assert.deepEqual(Object.keys(hc.properties!), [
      "path",
      "intervalSeconds",
      "healthyThreshold",
      "unhealthyThreshold",
      "timeoutSeconds",
      "matcher",
    ]);
  });

  it("describes every arg, nested ones too, with the real component's JSDoc and its @default", () => {
    const docs = realDocs();
    let checked = 0;
    const visit = (properties: Record<string, Property>, at: string[]) => {
      for (const [key, p] of Object.entries(properties)) {
        const where = [...at, key];
        const real = docs.comment(where);
        const d = p.description ?? "";
        assert.notEqual(d, "", `${where.join(".")}: no description`);
        assert.ok(d.startsWith(real.text), `${where.join(".")}: "${d}" does not start with "${real.text}"`);
        if (real.fallback)
          assert.ok(d.endsWith(`Default: ${real.fallback.replace(/^- /, "")}`), `${where.join(".")}: "${d}"`);
        checked++;
        const ref = "$ref" in p ? p.$ref.replace("#/types/", "") : undefined;
        const nested = ref ? spec.types[ref]!.properties : undefined;
        if (nested) visit(nested, where);
      }
    };
    for (const [token, r] of Object.entries(spec.resources))
      visit(r.inputProperties!, [token.split(":")[2]!]);
    assert.equal(checked, 10 + 3 + 4 + 3 + 19 + 9 + 6, "every arg of both components was checked");
  });

  it("reads well: e.g. `cidr` and `natStrategy` as @acs/network documents them", () => {
    const net = spec.resources["acs:index:Network"]!.inputProperties!;
    assert.equal(
      net.cidr!.description,
      "The VPC's IPv4 CIDR, a /16 to /24 (e.g. `10.10.0.0/16`). Must not overlap a peer environment's.",
    );
    assert.match(
      net.natStrategy!.description!,
      /^NAT for the private subnets: `None`[\s\S]*\n\nDefault: "OnePerAz"$/,
    );
    const svc = spec.resources["acs:index:Service"]!.inputProperties!;
    assert.equal(svc.name!.description, "Service name.\n\nDefault: an auto-name");
  });

  it("makes the modes enums whose values are exactly the real unions", () => {
    const values = (name: string) => spec.types[`acs:index:${name}`]!.enum!.map((e) => e.value);
    assert.deepEqual(values("NatStrategy"), ["None", "Single", "OnePerAz"]);
    assert.deepEqual(values("FlowLogDestination"), ["cloudwatch", "s3"]);
    assert.deepEqual(values("SubnetTier"), ["private", "public"]);
    // Compile time: each enum's union is the real arg's union, no value more or less.
    type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
    const exact: [
      Same<NatStrategy, NonNullable<AcsNetworkArgs["natStrategy"]>>,
      Same<FlowLogDestination, NonNullable<NonNullable<AcsNetworkArgs["flowLogs"]>["destination"]>>,
      Same<SubnetTier, NonNullable<AcsServiceArgs["subnetTier"]>>,
    ] = [true, true, true];
    assert.deepEqual(exact, [true, true, true]);
    assert.deepEqual(Object.values(NatStrategy), values("NatStrategy"));
    assert.deepEqual(Object.values(FlowLogDestination), values("FlowLogDestination"));
    assert.deepEqual(Object.values(SubnetTier), values("SubnetTier"));
  });

  it("documents every output of the components", () => {
    for (const [token, r] of Object.entries(spec.resources))
      for (const [key, p] of Object.entries(r.properties!))
        assert.ok(p.description, `${token} output ${key} has no description`);
    assert.deepEqual(spec.resources["acs:index:Service"]!.required, ["serviceArn", "serviceName"]);
  });

  describe("cannot drift from the real components", () => {
    const minimal = (inputs: Record<string, Property>): PackageSpec => ({
      name: "acs",
      resources: { "acs:index:Network": { type: "object", isComponent: true, inputProperties: inputs } },
      types: {},
    });

    it("fails when an arg is not one of the real component's", () => {
      assert.throws(() => describeInputs(minimal({ cidr: { type: "string" }, ipv6: { type: "boolean" } })), {
        message: "Network args.ipv6 is not an arg of the real component; rename or remove it",
      });
    });

    it("fails when the real arg has no JSDoc", () => {
      const undocumented = { Network: { module: "@acs/network", name: "ResolvedNetworkArgs" } };
      assert.throws(() => describeInputs(minimal({ cidr: { type: "string" } }), undocumented), {
        message: "Network args.cidr has no JSDoc on the real component; document it there",
      });
    });

    it("does not compile an arg whose type differs from the real one (checked by tsc)", () => {
      // @ts-expect-error: @acs/network's appPort is a number
      const wrong: Widened<Pick<AcsNetworkArgs, "appPort">> = { appPort: "8080" };
      const widened: Widened<Pick<AcsNetworkArgs, "natStrategy" | "azCount">> = {
        natStrategy: "Two",
        azCount: 4,
      };
      assert.ok(wrong && widened, "literal unions widen; the real validator checks their values");
    });
  });
});
