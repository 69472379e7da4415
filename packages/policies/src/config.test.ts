import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import {
  checkResources,
  ephemeralOverrides,
  levelOf,
  loadPolicyConfig,
  POLICY_CONFIG_FILE,
  RULES,
  validatePolicyConfig,
} from "./rules";

const STACKS = path.resolve(__dirname, "../../../stacks");
const rule = (name: string) => RULES.find((r) => r.name === name)!;
const unprotectedLb = {
  type: "aws:lb/loadBalancer:LoadBalancer",
  urn: "urn:pulumi:pr-42::acs::aws:lb/loadBalancer:LoadBalancer::web",
  props: {
    dropInvalidHeaderFields: true,
    enableDeletionProtection: false,
    accessLogs: { bucket: "b", enabled: true },
  },
};

describe("per-stack policy configuration (policy-config.json, CrossGuard's --policy-pack-config format)", () => {
  it("a policy's own entry beats `all`, which beats the policy's default", () => {
    const elb6 = rule("elb-6-deletion-protection");
    assert.equal(levelOf(elb6, {}), "mandatory");
    assert.equal(levelOf(elb6, { all: "advisory" }), "advisory");
    assert.equal(
      levelOf(elb6, { all: "advisory", "elb-6-deletion-protection": { enforcementLevel: "mandatory" } }),
      "mandatory",
    );
  });

  it("WHEN an ephemeral stack demotes ELB.6 THEN its unprotected load balancer is advisory, and disabled policies do not run", () => {
    const config = validatePolicyConfig(ephemeralOverrides(RULES), RULES, "test");
    const v = checkResources([unprotectedLb], { config });
    assert.deepEqual(
      v.map((x) => [x.rule, x.enforcement]),
      [["elb-6-deletion-protection", "advisory"]],
    );
    assert.deepEqual(
      checkResources([unprotectedLb], { config: { "elb-6-deletion-protection": "disabled" } }),
      [],
    );
  });

  it("passes a policy's settings to it, over its schema's defaults", () => {
    const logGroup = { type: "aws:cloudwatch/logGroup:LogGroup", urn: "u", props: { retentionInDays: 30 } };
    assert.deepEqual(checkResources([logGroup]), []);
    const v = checkResources([logGroup], {
      config: { "cloudwatch-16-log-retention": { minimumRetentionDays: 365 } },
    });
    assert.match(v[0]!.message, /retentionInDays 30 is below 365/);
  });

  describe("rejects a bad file before any check, naming the file, the key and the fix", () => {
    const cases: [string, unknown, RegExp][] = [
      [
        "an unknown policy",
        { "ecs-99-nope": "advisory" },
        /stacks\/x\/policy-config.json: "ecs-99-nope" is not a policy of this pack; use one of/,
      ],
      [
        "an unknown level",
        { "ecs-2-no-public-ip": "warn" },
        /ecs-2-no-public-ip is "warn"; use "mandatory", "advisory" or "disabled"$/,
      ],
      [
        "a setting the policy does not have",
        { "ecs-2-no-public-ip": { days: 3 } },
        /ecs-2-no-public-ip.days is not a setting of this policy; it has only enforcementLevel$/,
      ],
      ["not an object", ["ecs-2-no-public-ip"], /expected a JSON object of policy name → level/],
    ];
    for (const [what, config, message] of cases)
      it(what, () =>
        assert.throws(() => validatePolicyConfig(config, RULES, "stacks/x/policy-config.json"), message),
      );

    it("invalid JSON", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "acs-policies-"));
      fs.writeFileSync(path.join(dir, POLICY_CONFIG_FILE), "{ nope");
      assert.throws(
        () => loadPolicyConfig(dir, RULES),
        /policy-config.json: not valid JSON .*; fix the syntax/,
      );
    });
  });

  for (const stack of fs
    .readdirSync(STACKS)
    .filter((s) => fs.existsSync(path.join(STACKS, s, `Pulumi.${s}.yaml`)))) {
    it(`stacks/${stack}: its policy configuration is valid and its ephemeral policies match acs:ephemeral`, () => {
      const dir = path.join(STACKS, stack);
      const config = loadPolicyConfig(dir, RULES); // absent: every policy at its own level
      const settings = YAML.parse(fs.readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8"));
      const ephemeral = settings?.config?.["acs:ephemeral"] === true;
      for (const [name, relaxed] of Object.entries(ephemeralOverrides(RULES)))
        assert.equal(
          levelOf(rule(name), config),
          ephemeral ? relaxed : rule(name).enforcement,
          `stacks/${stack}/${POLICY_CONFIG_FILE}: ${name} must be ${ephemeral ? relaxed : rule(name).enforcement} when acs:ephemeral is ${ephemeral}`,
        );
    });
  }
});
