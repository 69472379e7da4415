import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { promiseOf, runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { PLATFORM_CONTRACT_VERSION, PLATFORM_OUTPUT_KEYS, type PlatformOutputs } from "./outputs";
import { checkAppSubnets, checkContractVersion, platformOutputs, readPlatformOutputs } from "./reader";

/** An environment's outputs as the backend would hold them (a secondary: no primary-only keys). */
export function sampleOutputs(
  overrides: Partial<Record<keyof PlatformOutputs, unknown>> = {},
): Record<string, unknown> {
  const values: Record<string, unknown> = Object.fromEntries(
    Object.entries(PLATFORM_OUTPUT_KEYS)
      .filter(([, when]) => when === "always")
      .map(([key]) => [key, `${key}-value`]),
  );
  return {
    ...values,
    contractVersion: PLATFORM_CONTRACT_VERSION,
    environment: "dev",
    role: "primary",
    region: "us-east-1",
    vpcId: "vpc-1",
    appPort: 8080,
    privateSubnetIds: ["subnet-priv-a", "subnet-priv-b"],
    publicSubnetIds: ["subnet-pub-a", "subnet-pub-b"],
    isolatedSubnetIds: ["subnet-iso-a", "subnet-iso-b"],
    ...overrides,
  };
}

const SOURCE = "StackReference acme/acs/dev";

describe("readPlatformOutputs", () => {
  it("resolves the referenced stack's outputs as plain values before anything is registered", async () => {
    let read: PlatformOutputs | undefined;
    const rec = await runPulumi(
      async () => {
        read = await readPlatformOutputs(new pulumi.StackReference("acme/acs/dev"), SOURCE);
      },
      { organization: "acme", fake: { stackReferences: { "acme/acs/dev": sampleOutputs() } } },
    );
    assert.deepEqual(read!.privateSubnetIds, ["subnet-priv-a", "subnet-priv-b"]);
    assert.equal(read!.appPort, 8080);
    assert.equal(read!.acsNameServers, undefined);
    assert.deepEqual(rec.custom, [], "nothing but the StackReference was registered");
  });

  it("refuses another major version of the contract, naming the reference and the fix", async () => {
    const err = await runPulumiExpectingError(
      () => readPlatformOutputs(new pulumi.StackReference("acme/acs/dev"), SOURCE),
      {
        organization: "acme",
        fake: { stackReferences: { "acme/acs/dev": sampleOutputs({ contractVersion: "2.0.0" }) } },
      },
    );
    assert.match(
      err.message,
      /^StackReference acme\/acs\/dev: the stack exports contract 2\.0\.0, this program reads contract 1\.\d+\.\d+ \(major 1\); install the @acs\/platform-contract release for contract 2\.x/,
    );
  });

  it("refuses a stack without contractVersion and one that lacks a key", async () => {
    const { contractVersion: _, ...old } = sampleOutputs();
    let err = await runPulumiExpectingError(
      () => readPlatformOutputs(new pulumi.StackReference("acme/acs/dev"), SOURCE),
      { organization: "acme", fake: { stackReferences: { "acme/acs/dev": old } } },
    );
    assert.match(err.message, /the stack exports no contractVersion/);
    const { workerPoolClientPolicyArn: __, ...partial } = sampleOutputs();
    err = await runPulumiExpectingError(
      () => readPlatformOutputs(new pulumi.StackReference("acme/acs/dev"), SOURCE),
      { organization: "acme", fake: { stackReferences: { "acme/acs/dev": partial } } },
    );
    assert.match(err.message, /the stack lacks workerPoolClientPolicyArn of contract 1\./);
  });

  it("checkContractVersion accepts the same major", () => {
    checkContractVersion("1.7.3", SOURCE);
  });
});

describe("platformOutputs", () => {
  it("gives each key as a typed Output of the referenced stack, optional keys as undefined when absent", async () => {
    await runPulumi(
      async () => {
        const p = platformOutputs(new pulumi.StackReference("acme/acs/dev"));
        assert.ok(Object.keys(p).includes("albHttpsListenerArn"));
        assert.deepEqual(await promiseOf(p.privateSubnetIds), ["subnet-priv-a", "subnet-priv-b"]);
        assert.equal(await promiseOf(p.albHttpsListenerArn), "albHttpsListenerArn-value");
        assert.equal(await promiseOf(p.acsNameServers), undefined);
      },
      { organization: "acme", fake: { stackReferences: { "acme/acs/dev": sampleOutputs() } } },
    );
  });
});

describe("checkAppSubnets", () => {
  const platform = sampleOutputs() as unknown as PlatformOutputs;
  it("accepts the private (app) tier", () => checkAppSubnets(platform, ["subnet-priv-b"], "x"));
  for (const [id, tier] of <[string, string][]>[
    ["subnet-pub-a", "a public subnet"],
    ["subnet-iso-b", "an isolated \\(data\\) subnet"],
    ["subnet-elsewhere", "not a subnet"],
  ])
    it(`refuses ${id}: ${tier.replace(/\\/g, "")}`, () => {
      assert.throws(
        () => checkAppSubnets(platform, ["subnet-priv-a", id!], "Pulumi.dev.yaml: team-service:subnetIds"),
        new RegExp(
          `^Error: Pulumi\\.dev\\.yaml: team-service:subnetIds: subnet ${id} is ${tier} of environment dev \\(vpc-1\\); tasks run in its private \\(app\\) tier: use privateSubnetIds \\(subnet-priv-a, subnet-priv-b\\)$`,
        ),
      );
    });
});
