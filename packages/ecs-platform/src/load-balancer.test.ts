import * as assert from "node:assert/strict";
import {
  overlyBroadStatements,
  parsePolicy,
  Recording,
  runPulumi,
  runPulumiExpectingError,
} from "@acs/testkit";
import { LoadBalancer, LoadBalancerArgs, TLS_POLICY, validateLoadBalancerArgs } from "./load-balancer";
import { CERT, lbArgs } from "./test/fixtures";

const LISTENER = "aws:lb/listener:Listener";
const listener = (rec: Recording, port: number) => rec.ofType(LISTENER).find((l) => l.inputs.port === port)!;

/** The message `validateLoadBalancerArgs` throws for `args` (over `lbArgs`), called as the constructor calls it. */
function rejected(args: Partial<LoadBalancerArgs>, name = "web"): string {
  try {
    validateLoadBalancerArgs(name, { ...lbArgs, ...args } as LoadBalancerArgs);
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail(`accepted ${JSON.stringify(args)}`);
}

describe("LoadBalancer: validation happens before any child is registered", () => {
  it("WHEN the args are invalid THEN the constructor throws the validator's message and registers nothing", async () => {
    const args = { ...lbArgs, subnetIds: ["subnet-a"] };
    const err = await runPulumiExpectingError(() => new LoadBalancer("web", args));
    assert.match(
      err.message,
      /^ecs-platform LoadBalancer "web": `subnetIds` has 1 subnet\(s\); an ALB needs subnets in at least 2 AZs/,
    );
    assert.equal(err.message, rejected(args));
    assert.deepEqual(
      err.recording.custom.map((r) => r.urn),
      [],
      "bad input registered resources",
    );
  });
});

describe("LoadBalancer", () => {
  it("puts an internet-facing ALB in the given public subnets with the network's LB security group", async () => {
    const rec = await runPulumi(() => new LoadBalancer("web", lbArgs));
    const alb = rec.one("aws:lb/loadBalancer:LoadBalancer");
    assert.equal(alb.inputs.loadBalancerType, "application", alb.urn);
    assert.equal(alb.inputs.internal, false);
    assert.deepEqual(alb.inputs.subnets, ["subnet-pub-a", "subnet-pub-b"]);
    assert.deepEqual(alb.inputs.securityGroups, ["sg-lb"]);
    assert.equal(alb.inputs.dropInvalidHeaderFields, true);
    assert.equal(alb.inputs.enableDeletionProtection, true, "deletion protection by default");
  });

  it("turns deletion protection off when asked (ephemeral environments)", async () => {
    const rec = await runPulumi(() => new LoadBalancer("web", { ...lbArgs, deletionProtection: false }));
    assert.equal(rec.one("aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection, false);
  });

  it("serves HTTPS with the certificate and the TLS 1.3/1.2 policy, answering 404 by default", async () => {
    const rec = await runPulumi(() => new LoadBalancer("web", lbArgs));
    const https = listener(rec, 443);
    assert.equal(https.inputs.protocol, "HTTPS", https.urn);
    assert.equal(https.inputs.certificateArn, CERT);
    assert.equal(https.inputs.sslPolicy, TLS_POLICY);
    assert.equal(TLS_POLICY, "ELBSecurityPolicy-TLS13-1-2-2021-06");
    assert.deepEqual(https.inputs.defaultActions, [
      {
        type: "fixed-response",
        fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not Found" },
      },
    ]);
  });

  it("redirects port 80 to 443 with a 301", async () => {
    const rec = await runPulumi(() => new LoadBalancer("web", lbArgs));
    const http = listener(rec, 80);
    assert.equal(http.inputs.protocol, "HTTP");
    assert.deepEqual(http.inputs.defaultActions, [
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
    ]);
  });

  it("writes access logs to a private, SSE-S3 encrypted bucket with a lifecycle, that only ELB log delivery may write", async () => {
    const rec = await runPulumi(() => new LoadBalancer("web", lbArgs));
    const bucket = rec.one("aws:s3/bucket:Bucket");
    const alb = rec.one("aws:lb/loadBalancer:LoadBalancer");
    assert.deepEqual(alb.inputs.accessLogs, { bucket: bucket.outputs.bucket, prefix: "alb", enabled: true });
    const block = rec.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
    assert.deepEqual(
      [block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets],
      [true, true, true, true],
    );
    const sse = rec.one(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    ).inputs;
    assert.equal(sse.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
    assert.equal(
      rec.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules[0].expiration
        .days,
      90,
    );
    const policy = rec.one("aws:s3/bucketPolicy:BucketPolicy");
    assert.ok(alb.options.dependsOn?.includes(policy.urn), "the ALB waits for the bucket policy");
    const doc = policy.inputs.policy;
    assert.deepEqual(overlyBroadStatements(doc), []);
    const writes = parsePolicy(doc).filter((s) => s.Effect === "Allow");
    const objects = `arn:aws:s3:::${bucket.outputs.bucket}/alb/AWSLogs/123456789012/*`;
    assert.deepEqual(
      writes.map((s) => [s.Principal, s.Action, s.Resource]),
      [
        [{ Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, ["s3:PutObject"], [objects]],
        [{ AWS: "arn:aws:iam::127311923021:root" }, ["s3:PutObject"], [objects]],
      ],
    );
    assert.ok(
      parsePolicy(doc).some(
        (s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false",
      ),
      "denies plain HTTP",
    );
  });

  it("uses the region's own ELB account (us-west-2)", async () => {
    const rec = await runPulumi(
      () => new LoadBalancer("web", { ...lbArgs, certificateArn: CERT.replace("us-east-1", "us-west-2") }),
      { region: "us-west-2" },
    );
    const doc = rec.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy;
    assert.ok(
      parsePolicy(doc).some(
        (s) => JSON.stringify(s.Principal) === JSON.stringify({ AWS: "arn:aws:iam::797873946194:root" }),
      ),
    );
  });

  it("creates no bucket when access logs are off", async () => {
    const rec = await runPulumi(() => new LoadBalancer("web", { ...lbArgs, accessLogs: { enabled: false } }));
    assert.equal(rec.ofType("aws:s3/bucket:Bucket").length, 0);
    assert.equal(rec.one("aws:lb/loadBalancer:LoadBalancer").inputs.accessLogs, undefined);
  });

  it("adds an internal cross-zone NLB when asked, and none otherwise", async () => {
    const none = await runPulumi(() => new LoadBalancer("web", lbArgs));
    assert.equal(none.ofType("aws:lb/loadBalancer:LoadBalancer").length, 1);
    const rec = await runPulumi(
      () =>
        new LoadBalancer("web", {
          ...lbArgs,
          nlb: { name: "acs-dev-nlb", subnetIds: ["subnet-priv-a", "subnet-priv-b"] },
        }),
    );
    const nlb = rec.one("aws:lb/loadBalancer:LoadBalancer", "web-nlb");
    assert.equal(nlb.inputs.loadBalancerType, "network");
    assert.equal(nlb.inputs.internal, true);
    assert.equal(nlb.inputs.enableCrossZoneLoadBalancing, true);
    assert.deepEqual(nlb.inputs.subnets, ["subnet-priv-a", "subnet-priv-b"]);
  });

  it("gives the NLB the load balancer's security groups by default, so the app security group admits its traffic and health checks", async () => {
    const nlb = { name: "acs-dev-nlb", subnetIds: ["subnet-priv-a", "subnet-priv-b"] };
    const rec = await runPulumi(() => new LoadBalancer("web", { ...lbArgs, nlb }));
    const lb = rec.one("aws:lb/loadBalancer:LoadBalancer", "web-nlb");
    assert.deepEqual(lb.inputs.securityGroups, ["sg-lb"], lb.urn);
    const own = await runPulumi(
      () => new LoadBalancer("web", { ...lbArgs, nlb: { ...nlb, securityGroupIds: ["sg-nlb"] } }),
    );
    assert.deepEqual(own.one("aws:lb/loadBalancer:LoadBalancer", "web-nlb").inputs.securityGroups, [
      "sg-nlb",
    ]);
  });

  it("accepts TLS policies whose minimum is TLS 1.2 or 1.3", async () => {
    for (const sslPolicy of [
      "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
      "ELBSecurityPolicy-TLS13-1-3-2021-06",
      "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
      "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    ]) {
      const rec = await runPulumi(() => new LoadBalancer("web", { ...lbArgs, sslPolicy }));
      assert.equal(listener(rec, 443).inputs.sslPolicy, sslPolicy);
    }
  });

  describe("rejects bad input before creating anything", () => {
    it("an HTTPS listener without a certificate", () => {
      assert.match(
        rejected({ certificateArn: undefined }),
        /LoadBalancer "web": `certificateArn` is missing: the HTTPS listener needs an ACM certificate/,
      );
    });
    it("a load balancer name over 32 characters", () => {
      const long = "acs-development-application-lb-01";
      assert.match(
        rejected({ name: long }),
        new RegExp(
          `\`name\` is "${long}" \\(33 characters\\), over AWS's 32-character limit .*; use a shorter name`,
        ),
      );
    });
    it("an auto-generated name that would exceed 32 characters", () => {
      assert.match(
        rejected({ name: undefined }, "a-very-long-component-name-x"),
        /`name` is not set, so it would be auto-named "a-very-long-component-name-x-alb-xxxxxxx" \(40 characters\)/,
      );
    });
    it("a TLS policy that is not TLS 1.3/1.2", () => {
      assert.match(
        rejected({ sslPolicy: "ELBSecurityPolicy-2016-08" }),
        /`sslPolicy` is "ELBSecurityPolicy-2016-08".*use "ELBSecurityPolicy-TLS13-1-2-2021-06"/,
      );
    });
    for (const sslPolicy of [
      "ELBSecurityPolicy-TLS13-1-0-2021-06",
      "ELBSecurityPolicy-TLS13-1-1-2021-06",
      "ELBSecurityPolicy-TLS-1-1-2017-01",
      "ELBSecurityPolicy-FS-1-1-2019-08",
      "ELBSecurityPolicy-FS-2018-06",
    ]) {
      it(`a TLS policy that allows TLS below 1.2 (${sslPolicy})`, () => {
        assert.match(
          rejected({ sslPolicy }),
          new RegExp(`\`sslPolicy\` is "${sslPolicy}", which allows TLS below 1\\.2; use "${TLS_POLICY}"`),
        );
      });
    }
    it("fewer than two subnets", () => {
      assert.match(
        rejected({ subnetIds: ["subnet-a"] }),
        /`subnetIds` has 1 subnet\(s\); an ALB needs subnets in at least 2 AZs/,
      );
    });
  });
});
