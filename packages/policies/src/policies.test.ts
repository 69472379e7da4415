import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyze, analyzeStack, ENGINE_UNKNOWN, engineSecret } from "./test/crossguard";
import { RESOURCE_CASES, STACK_CASES, StackResource } from "./test/cases";
import { checkResources, evaluate, failing, isStackRule, RULES, UNKNOWN } from "./rules";

const urn = (type: string, name: string) => `urn:pulumi:test::acs::${type}::${name}`;
const offline = (rule: string, resources: StackResource[]) =>
  checkResources(
    resources.map((r) => ({
      type: r.type,
      urn: urn(r.type, r.name),
      props: r.props,
      id: r.props.id as string | undefined,
    })),
    { rules: RULES.filter((x) => x.name === rule) },
  );
const mapValues = (o: Record<string, unknown>, f: (v: unknown) => unknown) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
const strip = (o: Record<string, unknown>) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>;

describe("the policy pack", () => {
  it("has at least 20 policies, each named after its FSBP control, with a title, a level and its behaviour on unknowns", () => {
    assert.ok(RULES.length >= 20, `only ${RULES.length} policies`);
    assert.equal(new Set(RULES.map((r) => r.name)).size, RULES.length, "policy names are unique");
    for (const r of RULES) {
      assert.match(r.name, /^[a-z0-9-]{1,100}$/, `${r.name}: CrossGuard names are kebab-case`);
      if (r.control)
        assert.ok(
          r.name.startsWith(r.control.toLowerCase().replace(".", "-") + "-"),
          `${r.name} names ${r.control}`,
        );
      assert.ok(r.title && r.description && r.onUnknown, `${r.name} documents itself`);
    }
  });

  it("lists every policy, with its control and level, in the README's table", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    for (const r of RULES)
      assert.ok(
        readme.includes(`| \`${r.name}\` | ${r.control ?? "—"} | ${r.enforcement}`),
        `README.md: add the row of ${r.name}`,
      );
  });

  it("has a compliant and a violating case for every policy", () => {
    const covered = [...Object.keys(RESOURCE_CASES), ...Object.keys(STACK_CASES)].sort();
    assert.deepEqual(covered, RULES.map((r) => r.name).sort());
  });
});

for (const [name, c] of Object.entries(RESOURCE_CASES)) {
  const rule = RULES.find((r) => r.name === name)!;
  const fail = strip(c.fail);
  describe(`${name} (${rule.control ?? "house rule"}, ${rule.enforcement})`, () => {
    it("accepts the compliant resource and rejects the violating one, offline", () => {
      assert.deepEqual(offline(name, [{ type: c.type, name: "ok", props: c.pass }]), []);
      const v = offline(name, [{ type: c.type, name: "bad", props: fail }]);
      assert.equal(v.length, 1, JSON.stringify(v));
      assert.equal(v[0]!.enforcement, rule.enforcement);
      assert.equal(v[0]!.urn, urn(c.type, "bad"));
    });

    it("fires through @pulumi/policy's analyzer at its level, and only on the violating resource", async () => {
      const ok = (await analyze(c.type, "ok", strip(c.pass))).filter((d) => d.policy === name);
      assert.deepEqual(ok, []);
      const bad = (await analyze(c.type, "bad", fail)).filter((d) => d.policy === name);
      assert.equal(bad.length, 1, JSON.stringify(bad));
      assert.equal(bad[0]!.level, rule.enforcement);
      assert.ok(bad[0]!.message.includes(rule.title), "the diagnostic carries the control's title");
    });

    it("checks secret inputs like any other (the SDK unwraps them)", async () => {
      const bad = (await analyze(c.type, "bad", mapValues(fail, engineSecret))).filter(
        (d) => d.policy === name,
      );
      assert.equal(bad.length, 1);
      assert.equal(bad[0]!.level, rule.enforcement);
    });

    const whenUnknown = c.whenUnknown ?? "deferred";
    it(`with every input unknown (a preview of new resources): ${whenUnknown}, never a false violation`, async () => {
      const d = (
        await analyze(
          c.type,
          "new",
          mapValues(fail, () => ENGINE_UNKNOWN),
        )
      ).filter((x) => x.policy === name);
      if (whenUnknown === "accepted") return assert.deepEqual(d, []);
      if (whenUnknown === "violation")
        return assert.deepEqual(
          d.map((x) => x.level),
          [rule.enforcement],
        );
      assert.equal(d.length, 1, JSON.stringify(d));
      assert.equal(d[0]!.level, "advisory");
      assert.match(d[0]!.message, /during preview: .*re-checked at up/);
    });
  });
}

for (const [name, c] of Object.entries(STACK_CASES)) {
  const rule = RULES.find((r) => r.name === name)!;
  describe(`${name} (${rule.control}, stack policy, ${rule.enforcement})`, () => {
    it("accepts the compliant stack and rejects the violating one, offline", () => {
      assert.deepEqual(offline(name, c.pass), []);
      const v = offline(name, c.fail);
      assert.equal(v.length, 1, JSON.stringify(v));
      assert.equal(v[0]!.urn, urn(c.fail[0]!.type, c.fail[0]!.name));
    });

    it("fires through @pulumi/policy's stack analyzer on the resource at fault", async () => {
      assert.deepEqual(
        (await analyzeStack(c.pass)).filter((d) => d.policy === name),
        [],
      );
      const bad = (await analyzeStack(c.fail)).filter((d) => d.policy === name);
      assert.equal(bad.length, 1, JSON.stringify(bad));
      assert.equal(bad[0]!.level, rule.enforcement);
      assert.equal(bad[0]!.urn, urn(c.fail[0]!.type, c.fail[0]!.name));
    });

    it("leaves the decision to `up` when the outputs it matches on are unknown (a preview)", async () => {
      const unknown = c.fail.map((r) => ({ ...r, props: mapValues(r.props, () => ENGINE_UNKNOWN) }));
      const d = (await analyzeStack(unknown)).filter((x) => x.policy === name);
      assert.ok(d.length > 0 && d.every((x) => x.level === "advisory"), JSON.stringify(d));
      assert.match(d[0]!.message, /during preview: .*re-checked at up/);
    });

    it("checks secret outputs like any other", async () => {
      const secret = c.fail.map((r) => ({ ...r, props: mapValues(r.props, engineSecret) }));
      const bad = (await analyzeStack(secret)).filter((d) => d.policy === name);
      assert.deepEqual(
        bad.map((d) => d.level),
        [rule.enforcement],
      );
    });
  });
}

describe("IAM documents during a preview (their ARNs unknown)", () => {
  const rolePolicy = "aws:iam/rolePolicy:RolePolicy";

  it("WHEN a PolicyDocument object grants * on * next to an unknown ARN THEN the preview already fails", async () => {
    const d = await analyze(rolePolicy, "p", {
      role: ENGINE_UNKNOWN,
      policy: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "dynamodb:GetItem", Resource: ENGINE_UNKNOWN },
          { Effect: "Allow", Action: "*", Resource: "*" },
        ],
      },
    });
    const admin = d.filter((x) => x.policy === "iam-1-no-full-admin");
    // The scoped statement's unknown ARN does not matter to IAM.1: its action is not "*".
    assert.deepEqual(
      admin.map((x) => x.level),
      ["mandatory"],
    );
    assert.match(admin[0]!.message, /statement 1 allows "\*" on "\*"/);
  });

  it("WHEN NotAction is allowed on an unknown resource THEN the preview already fails", async () => {
    const d = await analyze(rolePolicy, "p", {
      policy: { Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: ENGINE_UNKNOWN }] },
    });
    assert.ok(d.some((x) => x.policy === "iam-1-no-full-admin" && x.level === "mandatory"));
  });

  it("WHEN a service wildcard's resource is unknown THEN it is left to `up`, where the resource is known", async () => {
    const preview = {
      policy: { Statement: [{ Effect: "Allow", Action: "s3:*", Resource: ENGINE_UNKNOWN }] },
    };
    const d = (await analyze(rolePolicy, "p", preview)).filter(
      (x) => x.policy === "iam-21-no-service-wildcards",
    );
    assert.deepEqual(
      d.map((x) => x.level),
      ["advisory"],
    );
    const up = { policy: { Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] } };
    const atUp = (await analyze(rolePolicy, "p", up)).filter(
      (x) => x.policy === "iam-21-no-service-wildcards",
    );
    assert.deepEqual(
      atUp.map((x) => x.level),
      ["mandatory"],
    );
  });

  it("checks a role's inline policies too", async () => {
    const d = await analyze("aws:iam/role:Role", "r", {
      assumeRolePolicy: "{}",
      inlinePolicies: [
        {
          name: "x",
          policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
        },
      ],
    });
    assert.ok(d.some((x) => x.policy === "iam-1-no-full-admin" && x.level === "mandatory"));
  });

  it("the pure rule reports what it could not decide", () => {
    const rule = RULES.find((r) => r.name === "iam-21-no-service-wildcards")!;
    assert.ok(!isStackRule(rule));
    const verdict = evaluate(rule, [{ type: rolePolicy, urn: "u", props: { policy: UNKNOWN } }]);
    assert.deepEqual(verdict, { violations: [], unknown: [{ urn: "u", path: "policy" }] });
  });
});

describe("the wildcard rules (@acs/iam-policy, shared with the components and the tests)", () => {
  const rolePolicy = "aws:iam/rolePolicy:RolePolicy";
  const policy = (...Statement: unknown[]) => ({ role: "r", policy: JSON.stringify({ Statement }) });

  it("rejects an Allow with an empty NotAction list (present is what counts)", () => {
    const v = offline("iam-1-no-full-admin", [
      {
        type: rolePolicy,
        name: "p",
        props: policy({ Effect: "Allow", NotAction: [], Resource: "arn:aws:s3:::b" }),
      },
    ]);
    assert.equal(v.length, 1, JSON.stringify(v));
  });

  it("accepts a TLS-only bucket policy whose Deny names S3:* in upper case (IAM action names ignore case)", () => {
    const bucket = { type: "aws:s3/bucket:Bucket", name: "logs", props: { bucket: "b", id: "b" } };
    const deny = {
      Effect: "Deny",
      Principal: "*",
      Action: "S3:*",
      Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
    const bp = {
      type: "aws:s3/bucketPolicy:BucketPolicy",
      name: "bp",
      props: { bucket: "b", policy: JSON.stringify({ Statement: [deny] }) },
    };
    assert.deepEqual(offline("s3-5-ssl-requests-only", [bucket, bp]), []);
  });
});

describe("enforcement levels and --strict", () => {
  it("an advisory violation fails only under strict", () => {
    const v = offline("ecs-5-read-only-root-filesystem", [
      {
        type: RESOURCE_CASES["ecs-5-read-only-root-filesystem"]!.type,
        name: "td",
        props: strip(RESOURCE_CASES["ecs-5-read-only-root-filesystem"]!.fail),
      },
    ]);
    assert.equal(v[0]!.enforcement, "advisory");
    assert.deepEqual(failing(v), []);
    assert.equal(failing(v, true).length, 1);
  });
});
