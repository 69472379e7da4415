import * as assert from "node:assert/strict";
import { configError, loadConfig, VALID_BASE as valid } from "./test/harness";

const load = (config: Record<string, unknown>, region = "us-east-1") => loadConfig(config, { region });
const rejected = (config: Record<string, unknown>, region = "us-east-1") => configError(config, { region });

describe("platform config", () => {
  it("reads a valid environment with defaults", async () => {
    const cfg = await load(valid);
    assert.equal(cfg.env, "dev");
    assert.equal(cfg.region, "us-east-1");
    assert.equal(cfg.ephemeral, false);
    assert.equal(cfg.protectData, true);
    assert.deepEqual(cfg.alertEmails, ["oncall@example.com"]);
    assert.deepEqual(cfg.alertHttpsEndpoints, []);
  });

  it("rejects a non-ephemeral environment whose alarms would reach nobody, naming both keys", async () => {
    const { "acs:alertEmails": _omit, ...none } = valid;
    assert.match(
      await rejected(none),
      /^Pulumi\.dev\.yaml: acs:alertEmails and acs:alertHttpsEndpoints are both empty, so every alarm would notify a topic nobody subscribes to; add an address/,
    );
    assert.match(
      await rejected({ ...none, "acs:alertEmails": [] }),
      /acs:alertEmails and acs:alertHttpsEndpoints are both empty/,
    );
  });

  it("GIVEN an HTTPS endpoint only (pager, chat integration) THEN the environment is valid", async () => {
    const { "acs:alertEmails": _omit, ...none } = valid;
    const cfg = await load({
      ...none,
      "acs:alertHttpsEndpoints": ["https://events.pagerduty.com/integration/abc/enqueue"],
    });
    assert.deepEqual(cfg.alertEmails, []);
    assert.equal(cfg.alertHttpsEndpoints.length, 1);
  });

  it("GIVEN an ephemeral environment THEN no alarm endpoint is required", async () => {
    const { "acs:alertEmails": _omit, ...none } = valid;
    assert.equal((await load({ ...none, "acs:ephemeral": true })).alertEmails.length, 0);
  });

  it("rejects an alarm endpoint that is not https://", async () => {
    assert.match(
      await rejected({ ...valid, "acs:alertHttpsEndpoints": ["http://hooks.example.com/alarms"] }),
      /acs:alertHttpsEndpoints\.0 is "http:\/\/hooks\.example\.com\/alarms": use an https:\/\/ URL/,
    );
  });

  it("turns deletion protection off only for ephemeral environments", async () => {
    assert.equal((await load({ ...valid, "acs:ephemeral": true })).protectData, false);
  });

  it("rejects a region that is not an AWS region, naming aws:region and the file", async () => {
    const msg = await rejected(valid, "us-east-9");
    assert.match(
      msg,
      /^Pulumi\.dev\.yaml: aws:region is "us-east-9", which is not an AWS region; set it to one of us-east-1/,
    );
  });

  it("rejects an unknown role with the allowed values", async () => {
    assert.match(
      await rejected({ ...valid, "acs:role": "primry" }),
      /acs:role is "primry": use "primary" or "secondary"/,
    );
  });

  it("rejects unknown keys, naming them", async () => {
    assert.match(
      await rejected({ ...valid, "acs:natStrategy": "Single" }),
      /unknown config key acs:natStrategy/,
    );
  });

  it("rejects a missing owner", async () => {
    const { "acs:owner": _omit, ...rest } = valid;
    assert.match(await rejected(rest), /acs:owner is missing/);
  });

  it("rejects a peer region equal to the environment's region", async () => {
    assert.match(
      await rejected({ ...valid, "acs:peerRegion": "us-east-1" }),
      /acs:peerRegion is "us-east-1", the same as aws:region/,
    );
  });

  it("rejects a malformed alert e-mail, naming the list element", async () => {
    assert.match(
      await rejected({ ...valid, "acs:alertEmails": ["ops@example.com", "not-an-email"] }),
      /acs:alertEmails\.1 is "not-an-email": not an e-mail address/,
    );
  });

  it("rejects an image from another region's registry, naming the replica to use", async () => {
    const msg = await rejected(
      { ...valid, "acs:ecs": { image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/acs/app:1.0.0" } },
      "us-east-1",
    );
    assert.match(
      msg,
      /acs:ecs\.image is "123456789012\.dkr\.ecr\.us-west-2\.amazonaws\.com\/acs\/app:1\.0\.0", in us-west-2's registry: this environment would depend on us-west-2; use the replica in us-east-1: 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/acs\/app:1\.0\.0/,
    );
  });

  it("accepts images from other registries (public or third-party) as they are", async () => {
    const cfg = await load({ ...valid, "acs:ecs": { image: "public.ecr.aws/nginx/nginx:1.27" } });
    assert.equal(cfg.ecs?.image, "public.ecr.aws/nginx/nginx:1.27");
  });

  it("rejects a non-boolean ephemeral flag", async () => {
    assert.match(
      await rejected({ ...valid, "acs:ephemeral": "sometimes" }),
      /acs:ephemeral is "sometimes": use true or false/,
    );
  });
});
