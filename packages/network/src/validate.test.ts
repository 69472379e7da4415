import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runPulumiExpectingError } from "@acs/testkit";
import { Network } from "./network";
import { validateAzCount, validateNetworkArgs } from "./validate";
import { NetworkArgs, resolveNetworkArgs } from "./args";
import { base, rejectNetwork } from "./test/harness";

/** The message `validateNetworkArgs` throws for `args` (over `base`), after the defaults step. */
function rejected(args: Partial<NetworkArgs> & Record<string, unknown>): string {
  try {
    validateNetworkArgs(resolveNetworkArgs({ ...base, ...args } as NetworkArgs));
  } catch (e) {
    const message = (e as Error).message;
    assert.match(message, /^network: /);
    return message;
  }
  assert.fail(`accepted ${JSON.stringify(args)}`);
}

/** Validates `args` the way the component does (defaults first). */
const validate = (args: NetworkArgs) => validateNetworkArgs(resolveNetworkArgs(args));

describe("Network: validation happens before any child is registered", () => {
  it("WHEN the args are invalid THEN the constructor throws the validator's message and registers nothing", async () => {
    const err = await runPulumiExpectingError(
      () =>
        new Network(
          "net",
          { ...base, cidr: "10.10.0/16" },
          {
            provider: new aws.Provider("aws", { region: "us-east-1" }),
          },
        ),
    );
    assert.equal(
      err.message,
      'network: `cidr` is "10.10.0/16", which is not an IPv4 CIDR; use a block such as 10.10.0.0/16',
    );
    assert.deepEqual(
      err.recording.custom.filter((r) => r.type !== "pulumi:providers:aws").map((r) => r.urn),
      [],
      "bad input registered resources",
    );
  });
});

describe("Network: bad input is rejected before any resource, naming the arg, the value and the fix", () => {
  it("rejects a malformed CIDR", () => {
    assert.equal(
      rejected({ cidr: "10.10.0/16" }),
      'network: `cidr` is "10.10.0/16", which is not an IPv4 CIDR; use a block such as 10.10.0.0/16',
    );
  });

  it("rejects a CIDR with host bits set, suggesting the network address", () => {
    assert.match(
      rejected({ cidr: "10.10.1.0/16" }),
      /`cidr` is "10.10.1.0\/16", which has host bits set; use 10\.10\.0\.0\/16/,
    );
  });

  it("rejects a VPC prefix larger than /16", () => {
    assert.match(
      rejected({ cidr: "10.0.0.0/8" }),
      /`cidr` is "10.0.0.0\/8", a \/8; AWS allows VPCs from \/16 to \/24, so use a prefix in that range \(e\.g\. 10\.0\.0\.0\/16\)/,
    );
  });

  it("rejects a VPC prefix smaller than /24", () => {
    assert.match(
      rejected({ cidr: "10.0.0.0/26" }),
      /`cidr` is "10.0.0.0\/26", a \/26; AWS allows VPCs from \/16 to \/24/,
    );
  });

  it("rejects subnet prefixes that do not fit the VPC for 3 tiers of AZ slots", () => {
    const msg = rejected({
      cidr: "10.20.0.0/20",
      subnetPrefixLengths: { private: 21, public: 23, isolated: 23 },
    });
    assert.match(
      msg,
      /`subnetPrefixLengths` \(private \/21, public \/23, isolated \/23\) need 12288 addresses .* but `cidr` 10\.20\.0\.0\/20 has 4096; use longer prefixes \(the defaults for a \/20 are private \/23, public \/25, isolated \/25\) or a larger VPC/,
    );
  });

  it("rejects a subnet prefix not longer than the VPC's or beyond /28", () => {
    assert.match(
      rejected({ subnetPrefixLengths: { public: 16 } }),
      /`subnetPrefixLengths.public` is 16; use a whole number from 17 to 28/,
    );
    assert.match(
      rejected({ subnetPrefixLengths: { isolated: 29 } }),
      /`subnetPrefixLengths.isolated` is 29; use a whole number from 17 to 28/,
    );
  });

  it("rejects azCount below 2", () => {
    assert.equal(rejected({ azCount: 1 as 2 }), "network: `azCount` is 1; use 2 or 3");
  });

  it("rejects azCount above 3", () => {
    assert.equal(rejected({ azCount: 4 as 3 }), "network: `azCount` is 4; use 2 or 3");
  });

  it("rejects azCount above the region's AZs once they are known, before any resource", async () => {
    const { message, recording } = await rejectNetwork({ ...base, azCount: 3 }, "us-west-1");
    assert.equal(message, "network: `azCount` is 3 but us-west-1 has 2 AZs; use 2");
    assert.deepEqual(
      recording.custom.map((r) => r.urn),
      [],
      "resources were registered before the AZ check",
    );
  });

  it("rejects an unknown NAT strategy", () => {
    assert.equal(
      rejected({ natStrategy: "PerSubnet" as "Single" }),
      'network: `natStrategy` is "PerSubnet"; use "None", "Single" or "OnePerAz"',
    );
  });

  it("rejects an unknown interface endpoint service", () => {
    assert.match(
      rejected({ interfaceEndpoints: ["ssm", "ecr" as "ssm"] }),
      /`interfaceEndpoints\[1\]` is "ecr", not a supported service; use one of ecr\.api, ecr\.dkr, logs, ssm, ssmmessages, ec2messages, secretsmanager, sts/,
    );
  });

  it("rejects a service listed twice", () => {
    assert.match(
      rejected({ interfaceEndpoints: ["sts", "sts"] }),
      /`interfaceEndpoints\[1\]` is "sts", listed twice/,
    );
  });

  it("rejects an SSH allowlist containing 0.0.0.0/0", () => {
    const msg = rejected({
      bastion: { enabled: true, sshAllowCidrs: ["203.0.113.0/24", "0.0.0.0/0"] },
    });
    assert.match(
      msg,
      /`bastion\.sshAllowCidrs\[1\]` is "0\.0\.0\.0\/0", which opens SSH to the whole internet; list your office or VPN CIDRs/,
    );
  });

  it("rejects an SSH allowlist without an enabled bastion", () => {
    assert.match(
      rejected({ bastion: { sshAllowCidrs: ["203.0.113.0/24"] } }),
      /`bastion\.sshAllowCidrs` is set but `bastion\.enabled` is not true/,
    );
  });

  it("rejects a bastion that could not reach Session Manager (no NAT, no SSM endpoints)", () => {
    assert.match(
      rejected({ natStrategy: "None", bastion: { enabled: true }, interfaceEndpoints: ["ssm"] }),
      /add ssmmessages, ec2messages to `interfaceEndpoints` or use a NAT strategy/,
    );
  });

  it("rejects a flow-log retention CloudWatch Logs does not accept", () => {
    assert.match(
      rejected({ flowLogs: { retentionDays: 10 } }),
      /`flowLogs\.retentionDays` is 10, which CloudWatch Logs does not accept; use one of 1, 3, 5, 7, 14, 30/,
    );
  });

  it("rejects an unknown flow-log destination", () => {
    assert.match(
      rejected({ flowLogs: { destination: "kinesis" as "s3" } }),
      /`flowLogs\.destination` is "kinesis"; use "cloudwatch" or "s3"/,
    );
  });

  it("rejects a malformed load balancer ingress CIDR", () => {
    assert.match(
      rejected({ loadBalancerIngressCidrs: ["0.0.0.0/0", "office"] }),
      /`loadBalancerIngressCidrs\[1\]` is "office", which is not an IPv4 CIDR/,
    );
  });

  it("rejects an app port outside 1–65535", () => {
    assert.match(rejected({ appPort: 70000 }), /`appPort` is 70000; use a TCP port from 1 to 65535/);
  });

  it("accepts the dev and drdev shapes (the validators are pure)", () => {
    validate({ cidr: "10.10.0.0/16", azCount: 3, natStrategy: "Single" });
    validate({
      cidr: "10.20.0.0/16",
      azCount: 2,
      natStrategy: "Single",
      bastion: { enabled: true },
      interfaceEndpoints: ["ssm"],
    });
    validate({
      cidr: "10.0.0.0/24",
      natStrategy: "None",
      bastion: { enabled: true },
      interfaceEndpoints: ["ssm", "ssmmessages", "ec2messages"],
    });
    validateAzCount(3, ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"], "us-west-2");
    assert.throws(() => validateAzCount(3, ["a", "b"], "us-west-1"), /use 2$/);
  });
});
