import * as assert from "node:assert/strict";
import { runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { ConfigError } from "./errors";
import { loadPlatformConfig } from "./load";
import { checkNetworkRegion, wireNetwork } from "../wiring/network";
import { createEnvironment } from "../environment";
import { loadConfig, sectionHarness, VALID_BASE as valid, VALID_SECONDARY } from "./test/harness";

const network = { cidr: "10.10.0.0/16", azCount: 3, natStrategy: "Single" };

const load = (config: Record<string, unknown>, region = "us-east-1") => loadConfig(config, { region });
const { rejected } = sectionHarness("network", network);

describe("platform config: acs:network", () => {
  it("reads the dev section", async () => {
    const cfg = await load({
      ...valid,
      "acs:network": {
        ...network,
        interfaceEndpoints: ["ssm"],
        flowLogs: { retentionDays: 30 },
        bastion: { enabled: true },
      },
    });
    assert.deepEqual(cfg.network, {
      ...network,
      interfaceEndpoints: ["ssm"],
      flowLogs: { retentionDays: 30 },
      bastion: { enabled: true },
    });
  });

  it("WHEN a value breaks a network rule THEN the component's validator judges it and the message names the config key (malformed CIDR)", async () => {
    assert.match(
      await rejected({ cidr: "10.10.0/16" }),
      /acs:network\.cidr is "10\.10\.0\/16", which is not an IPv4 CIDR; use a block such as 10\.10\.0\.0\/16/,
    );
  });

  it("rejects a CIDR with host bits set", async () => {
    assert.match(
      await rejected({ cidr: "10.10.4.0/16" }),
      /acs:network\.cidr is "10\.10\.4\.0\/16", which has host bits set; use 10\.10\.0\.0\/16/,
    );
  });

  it("rejects a VPC prefix outside /16–/24", async () => {
    assert.match(
      await rejected({ cidr: "10.0.0.0/12" }),
      /acs:network\.cidr is "10\.0\.0\.0\/12", a \/12; AWS allows VPCs from \/16 to \/24/,
    );
  });

  it("rejects an azCount other than 2 or 3", async () => {
    assert.match(await rejected({ azCount: 4 }), /acs:network\.azCount is 4: use 2 or 3/);
  });

  it("rejects an unknown NAT strategy", async () => {
    assert.match(
      await rejected({ natStrategy: "Double" }),
      /acs:network\.natStrategy is "Double": use "None", "Single" or "OnePerAz"/,
    );
  });

  it("rejects an unknown interface endpoint service, naming the element", async () => {
    assert.match(
      await rejected({ interfaceEndpoints: ["ssm", "s3"] }),
      /acs:network\.interfaceEndpoints\.1 is "s3": use one of ecr\.api, ecr\.dkr/,
    );
  });

  it("rejects an SSH allowlist containing 0.0.0.0/0", async () => {
    assert.match(
      await rejected({ bastion: { enabled: true, sshAllowCidrs: ["0.0.0.0/0"] } }),
      /acs:network\.bastion\.sshAllowCidrs\[0\] is "0\.0\.0\.0\/0", which opens SSH to the whole internet/,
    );
  });

  it("rejects a retention CloudWatch Logs does not accept", async () => {
    assert.match(
      await rejected({ flowLogs: { retentionDays: 45 } }),
      /acs:network\.flowLogs\.retentionDays is 45, which CloudWatch Logs does not accept; use one of 1, 3, 5/,
    );
  });

  it("rejects unknown keys in the section", async () => {
    assert.match(await rejected({ nat: "Single" }), /unknown config key acs:network\.nat/);
  });

  it("rejects a missing cidr", async () => {
    const { cidr: _omit, ...rest } = network;
    const err = await runPulumiExpectingError(() => loadPlatformConfig(), {
      stack: "dev",
      config: { ...valid, "acs:network": rest },
    });
    assert.match(err.message, /acs:network\.cidr is missing/);
  });

  it("WHEN the section is absent THEN loading the config stops before anything exists, naming the key", async () => {
    const { "acs:network": _omit, ...rest } = valid;
    const err = await runPulumiExpectingError(() => wireNetwork(createEnvironment()), {
      stack: "dev",
      config: rest,
    });
    assert.ok(err.cause instanceof ConfigError);
    assert.match(
      err.message,
      /^Pulumi\.dev\.yaml: acs:network is missing: add the section with cidr, azCount and natStrategy/,
    );
    assert.equal(err.recording.custom.length, 0);
  });

  it("rejects an azCount above the region's AZs as a config error, before the network exists", async () => {
    const err = await runPulumiExpectingError(
      async () => {
        const env = createEnvironment();
        await checkNetworkRegion(env);
        wireNetwork(env);
      },
      {
        stack: "dev",
        region: "us-west-1",
        config: {
          ...valid,
          "acs:peerRegion": "us-east-1",
          "acs:network": network,
          "acs:ecs": { image: "123456789012.dkr.ecr.us-west-1.amazonaws.com/acs/app:1.0.0" },
          "acs:workerPool": { image: "123456789012.dkr.ecr.us-west-1.amazonaws.com/acs/worker:1.0.0" },
        },
      },
    );
    assert.ok(err.cause instanceof ConfigError, `expected a ConfigError, got ${err.cause}`);
    assert.equal(err.message, "Pulumi.dev.yaml: acs:network.azCount is 3 but us-west-1 has 2 AZs; use 2");
    assert.equal(err.recording.ofType("acs:network:Network").length, 0);
    assert.equal(err.recording.ofType("aws:ec2/vpc:Vpc").length, 0);
  });

  it("accepts an azCount the region has", async () => {
    await runPulumi(async () => checkNetworkRegion(createEnvironment()), {
      stack: "drdev",
      region: "us-west-2",
      config: {
        ...VALID_SECONDARY,
        "acs:network": { ...network, azCount: 3 },
      },
    });
  });
});
