import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import {
  overlyBroadStatements,
  parsePolicy,
  Recording,
  runPulumi,
  securityGroupRules,
  statementsGranting,
} from "@acs/testkit";
import { Network } from "./network";
import { base, planNetwork, T, tier } from "./test/harness";

const open = (cidr: unknown) => cidr === "0.0.0.0/0" || cidr === "::/0";

describe("Network security", () => {
  let rec: Recording;
  before(async () => {
    ({ rec } = await planNetwork({
      ...base,
      interfaceEndpoints: ["ssm", "ssmmessages", "ec2messages"],
      bastion: { enabled: true },
    }));
  });

  it("opens nothing to the internet except the load balancer's 80 and 443", () => {
    const lb = rec.one(T.sg, "net-lb-sg");
    const world = rec.ofType(T.ingress).filter((r) => open(r.inputs.cidrIpv4) || open(r.inputs.cidrIpv6));
    assert.deepEqual(
      world.map((r) => [r.inputs.securityGroupId, r.inputs.fromPort, r.inputs.toPort]).sort(),
      [
        [lb.id, 443, 443],
        [lb.id, 80, 80],
      ],
    );
    for (const sg of rec.ofType(T.sg))
      assert.equal(sg.inputs.ingress, undefined, `${sg.urn} has inline rules`);
  });

  it("admits the app SG only from the load balancer SG on the app port", async () => {
    const { rec: r } = await planNetwork({ ...base, appPort: 3000 });
    const lb = r.one(T.sg, "net-lb-sg");
    const app = r.one(T.sg, "net-app-sg");
    assert.deepEqual(securityGroupRules(r, app.id, "ingress"), [`tcp 3000 from ${lb.id}`]);
    assert.deepEqual(
      securityGroupRules(r, lb.id, "egress"),
      [`tcp 3000 to ${app.id}`],
      "the LB may only talk to the app SG",
    );
    assert.deepEqual(securityGroupRules(r, app.id, "egress"), ["tcp 443 to 0.0.0.0/0"]);
  });

  it("admits the load balancer on 80 and 443 from each allowed CIDR only", async () => {
    const { rec: r } = await planNetwork({
      ...base,
      loadBalancerIngressCidrs: ["203.0.113.0/24", "198.51.100.0/24"],
    });
    const lb = r.one(T.sg, "net-lb-sg");
    assert.deepEqual(securityGroupRules(r, lb.id, "ingress"), [
      "tcp 443 from 198.51.100.0/24",
      "tcp 443 from 203.0.113.0/24",
      "tcp 80 from 198.51.100.0/24",
      "tcp 80 from 203.0.113.0/24",
    ]);
  });

  it("manages the default SG with no rules", () => {
    const d = rec.one(T.defaultSg);
    assert.equal(d.inputs.vpcId, rec.one(T.vpc).id);
    assert.equal(d.inputs.ingress, undefined, d.urn);
    assert.equal(d.inputs.egress, undefined, d.urn);
  });

  describe("flow logs", () => {
    it("GIVEN defaults THEN all traffic goes to a log group kept 90 days, through a role trusted only by the flow-logs service of this account", () => {
      const group = rec.one(T.logGroup, "net-flow-logs");
      assert.equal(group.inputs.retentionInDays, 90);
      const fl = rec.one(T.flowLog);
      assert.equal(fl.inputs.vpcId, rec.one(T.vpc).id);
      assert.equal(fl.inputs.trafficType, "ALL");
      assert.equal(fl.inputs.logDestinationType, "cloud-watch-logs");
      assert.equal(fl.inputs.logDestination, group.outputs.arn);
      const role = rec.one(T.role, "net-flow-logs");
      assert.equal(fl.inputs.iamRoleArn, role.outputs.arn);
      const [trust] = parsePolicy(role.inputs.assumeRolePolicy);
      assert.deepEqual(trust!.Principal, { Service: "vpc-flow-logs.amazonaws.com" });
      assert.equal(trust!.Condition?.StringEquals?.["aws:SourceAccount"], "123456789012");
      assert.equal(
        trust!.Condition?.ArnLike?.["aws:SourceArn"],
        "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*",
      );
    });

    it("scopes the flow-logs role's policy to its log group", () => {
      const group = rec.one(T.logGroup, "net-flow-logs");
      const policy = rec.one(T.rolePolicy, "net-flow-logs").inputs.policy;
      assert.deepEqual(overlyBroadStatements(policy), []);
      const statements = parsePolicy(policy);
      assert.equal(statements.length, 1);
      assert.deepEqual(statements[0]!.Resource, [group.outputs.arn, `${group.outputs.arn}:*`]);
      assert.deepEqual(statementsGranting(policy, "logs:CreateLogGroup"), []);
      assert.equal(statementsGranting(policy, "logs:PutLogEvents").length, 1);
    });

    it("GIVEN destination cloudwatch THEN the flow log waits for its role's policy (deliveries fail until it exists)", () => {
      const fl = rec.one(T.flowLog);
      assert.ok(
        fl.options.dependsOn.includes(rec.one(T.rolePolicy, "net-flow-logs").urn),
        `${fl.urn} does not depend on the flow-logs role policy: ${JSON.stringify(fl.options.dependsOn)}`,
      );
    });

    it("GIVEN flowLogs.enabled false THEN no flow log, log group or role exists", async () => {
      const { rec: r } = await planNetwork({ ...base, flowLogs: { enabled: false } });
      assert.equal(r.ofType(T.flowLog).length + r.ofType(T.logGroup).length + r.ofType(T.role).length, 0);
    });

    it("GIVEN destination s3 THEN a private, encrypted, expiring bucket that only log delivery of this account may write", async () => {
      const { rec: r } = await planNetwork({ ...base, flowLogs: { destination: "s3", retentionDays: 30 } });
      const bucket = r.one(T.bucket);
      assert.equal(r.one(T.flowLog).inputs.logDestination, bucket.outputs.arn);
      assert.equal(r.one(T.flowLog).inputs.logDestinationType, "s3");
      const pab = r.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
      assert.deepEqual(
        [pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets],
        [true, true, true, true],
      );
      const sse = r.one(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      ).inputs;
      assert.equal(sse.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
      assert.equal(
        r.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules[0].expiration
          .days,
        30,
      );
      const policy = r.one(T.bucketPolicy).inputs.policy;
      assert.deepEqual(overlyBroadStatements(policy), []);
      for (const s of parsePolicy(policy).filter((x) => x.Effect === "Allow")) {
        assert.deepEqual(s.Principal, { Service: "delivery.logs.amazonaws.com" });
        assert.equal(s.Condition?.StringEquals?.["aws:SourceAccount"], "123456789012");
      }
      assert.ok(
        parsePolicy(policy).some(
          (s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false",
        ),
        "TLS is not enforced",
      );
      assert.equal(r.ofType(T.role).length, 0);
    });

    it("GIVEN destination s3 THEN the flow log waits for the bucket policy (log delivery checks it on create)", async () => {
      const { rec: r } = await planNetwork({ ...base, flowLogs: { destination: "s3" } });
      const fl = r.one(T.flowLog);
      assert.ok(
        fl.options.dependsOn.includes(r.one(T.bucketPolicy).urn),
        `${fl.urn} does not depend on the bucket policy: ${JSON.stringify(fl.options.dependsOn)}`,
      );
    });
  });

  describe("bastion", () => {
    it("GIVEN defaults THEN there is no bastion", async () => {
      const { rec: r } = await planNetwork(base);
      assert.equal(r.ofType(T.instance).length, 0);
      assert.equal(r.ofType("aws:iam/instanceProfile:InstanceProfile").length, 0);
    });

    it("runs in the first private subnet without a public IP, IMDSv2 only, with an encrypted root volume and the latest AL2023 AMI", () => {
      const i = rec.one(T.instance);
      assert.equal(i.inputs.subnetId, tier(rec, "private")[0]!.id);
      assert.equal(i.inputs.associatePublicIpAddress, false);
      assert.equal(i.inputs.metadataOptions.httpTokens, "required");
      assert.equal(i.inputs.rootBlockDevice.encrypted, true);
      assert.match(i.inputs.ami, /^ami-[0-9a-f]{17}$/);
      assert.equal(i.inputs.instanceType, "t3.micro");
    });

    it("launches the AMI from the public AL2023 x86_64 SSM parameter", async () => {
      // The recording holds no invokes: read the same parameter from the same fake and compare.
      const parameter = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
      const r = await runPulumi(() => {
        const provider = new aws.Provider("aws", { region: "us-east-1" });
        new Network(
          "net",
          { ...base, interfaceEndpoints: ["ssm", "ssmmessages", "ec2messages"], bastion: { enabled: true } },
          { provider },
        );
        return { expected: aws.ssm.getParameterOutput({ name: parameter }, { provider }).value };
      });
      const i = r.one(T.instance);
      assert.match(String(r.outputs.expected), /^ami-[0-9a-f]{17}$/);
      assert.equal(i.inputs.ami, r.outputs.expected, i.urn);
    });

    it("has a role with AmazonSSMManagedInstanceCore only, assumable by EC2", () => {
      const role = rec.one(T.role, "net-bastion");
      assert.deepEqual(parsePolicy(role.inputs.assumeRolePolicy)[0]!.Principal, {
        Service: "ec2.amazonaws.com",
      });
      const attachments = rec.ofType(T.attachment).filter((a) => a.inputs.role === role.outputs.name);
      assert.deepEqual(
        attachments.map((a) => a.inputs.policyArn),
        ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
      );
      assert.equal(rec.ofType(T.rolePolicy).filter((p) => p.inputs.role === role.outputs.name).length, 0);
      const profile = rec.one("aws:iam/instanceProfile:InstanceProfile");
      assert.equal(rec.one(T.instance).inputs.iamInstanceProfile, profile.outputs.name);
    });

    it("has no inbound rule without an SSH allowlist", () => {
      const sg = rec.one(T.sg, "net-bastion-sg");
      assert.deepEqual(rec.one(T.instance).inputs.vpcSecurityGroupIds, [sg.id]);
      assert.deepEqual(securityGroupRules(rec, sg.id, "ingress"), []);
    });

    it("GIVEN an SSH allowlist THEN port 22 is open to exactly those CIDRs", async () => {
      const { rec: r } = await planNetwork({
        ...base,
        bastion: { enabled: true, sshAllowCidrs: ["203.0.113.0/24"] },
      });
      const sg = r.one(T.sg, "net-bastion-sg");
      assert.deepEqual(securityGroupRules(r, sg.id, "ingress"), ["tcp 22 from 203.0.113.0/24"]);
    });
  });

  it("grants no IAM wildcard anywhere", () => {
    for (const r of rec.ofType(T.role))
      assert.deepEqual(overlyBroadStatements(r.inputs.assumeRolePolicy), [], r.urn);
    for (const r of rec.ofType(T.rolePolicy))
      assert.deepEqual(overlyBroadStatements(r.inputs.policy), [], r.urn);
  });
});
