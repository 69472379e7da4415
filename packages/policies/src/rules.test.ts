import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runPulumi } from "@acs/testkit";
import { checkResources, RULES, Violation } from "./rules";

/** Registers `make`'s resources on the fake AWS and runs every rule over them. */
async function violations(make: () => void): Promise<Violation[]> {
  const rec = await runPulumi(make);
  return checkResources(
    rec.custom.map((r) => ({ type: r.type, urn: r.urn, props: r.inputs, protect: r.options.protect })),
  );
}

const rulesHit = (v: Violation[]) => [...new Set(v.map((x) => x.rule))].sort();

describe("organisation rules", () => {
  it("allow the load balancer's 443 from the internet but nothing else", async () => {
    const v = await violations(() => {
      new aws.vpc.SecurityGroupIngressRule("https", {
        securityGroupId: "sg-1",
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
      });
      new aws.vpc.SecurityGroupIngressRule("ssh", {
        securityGroupId: "sg-1",
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
      });
      new aws.vpc.SecurityGroupIngressRule("vpc", {
        securityGroupId: "sg-1",
        cidrIpv4: "10.0.0.0/16",
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
      });
      new aws.ec2.SecurityGroup("inline", {
        ingress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }],
      });
    });
    assert.deepEqual(v.map((x) => x.urn.split("::").pop()).sort(), ["inline", "ssh"]);
    assert.match(v[0]!.message, /allow only 80 or 443/);
  });

  it("reject wildcard IAM grants on every resource, accept scoped ones", async () => {
    const doc = (Action: unknown, Resource: unknown) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] });
    const v = await violations(() => {
      new aws.iam.Policy("admin", { policy: doc("*", "*") });
      new aws.iam.Policy("s3-all", { policy: doc(["s3:*"], "*") });
      new aws.iam.Policy("scoped", { policy: doc(["s3:GetObject"], "arn:aws:s3:::bucket/*") });
      new aws.iam.Policy("service-on-one", {
        policy: doc("dynamodb:*", "arn:aws:dynamodb:us-east-1:123456789012:table/t"),
      });
    });
    assert.deepEqual(v.map((x) => x.urn.split("::").pop()).sort(), ["admin", "s3-all"]);
  });

  it("reject a public IP on an ECS service", async () => {
    const v = await violations(() => {
      new aws.ecs.Service("public", {
        networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true },
      });
      new aws.ecs.Service("private", {
        networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: false },
      });
    });
    assert.deepEqual(rulesHit(v), ["ecs-tasks-have-no-public-ip"]);
    assert.equal(v.length, 1);
  });

  it("require point-in-time recovery on DynamoDB tables", async () => {
    const v = await violations(() => {
      new aws.dynamodb.Table("bare", {
        hashKey: "id",
        attributes: [{ name: "id", type: "S" }],
        billingMode: "PAY_PER_REQUEST",
      });
      new aws.dynamodb.Table("safe", {
        hashKey: "id",
        attributes: [{ name: "id", type: "S" }],
        billingMode: "PAY_PER_REQUEST",
        pointInTimeRecovery: { enabled: true },
      });
    });
    assert.deepEqual(
      v.map((x) => x.urn.split("::").pop()),
      ["bare"],
    );
  });

  it("require TLS 1.2+ on HTTPS listeners and redirect-only HTTP listeners; invalid headers dropped", async () => {
    const v = await violations(() => {
      new aws.lb.Listener("old-tls", {
        loadBalancerArn: "arn:lb",
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-2016-08",
        defaultActions: [
          { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } },
        ],
      });
      new aws.lb.Listener("good-tls", {
        loadBalancerArn: "arn:lb",
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        defaultActions: [
          { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } },
        ],
      });
      new aws.lb.Listener("http-serves", {
        loadBalancerArn: "arn:lb",
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
      });
      new aws.lb.Listener("http-redirects", {
        loadBalancerArn: "arn:lb",
        port: 80,
        protocol: "HTTP",
        defaultActions: [
          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ],
      });
      new aws.lb.LoadBalancer("lax", { loadBalancerType: "application", subnets: ["subnet-1"] });
    });
    assert.deepEqual(v.map((x) => `${x.rule}:${x.urn.split("::").pop()}`).sort(), [
      "https-listeners-use-tls12-or-later:http-serves",
      "https-listeners-use-tls12-or-later:old-tls",
      "load-balancers-drop-invalid-headers:lax",
    ]);
  });

  it("reject HTTPS and TLS listeners whose policy allows TLS 1.0/1.1, accept minimum TLS 1.2 or 1.3", async () => {
    const v = await violations(() => {
      const policies: Record<string, string> = {
        "tls13-1-0": "ELBSecurityPolicy-TLS13-1-0-2021-06",
        "tls13-1-1": "ELBSecurityPolicy-TLS13-1-1-2021-06",
        "tls-1-1": "ELBSecurityPolicy-TLS-1-1-2017-01",
        "fs-1-1": "ELBSecurityPolicy-FS-1-1-2019-08",
        "fs-2018": "ELBSecurityPolicy-FS-2018-06",
        "tls13-1-2": "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        "tls13-1-3": "ELBSecurityPolicy-TLS13-1-3-2021-06",
        "tls-1-2": "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
        "fs-1-2": "ELBSecurityPolicy-FS-1-2-Res-2020-10",
      };
      for (const [name, sslPolicy] of Object.entries(policies)) {
        new aws.lb.Listener(name, {
          loadBalancerArn: "arn:lb",
          port: 443,
          protocol: "HTTPS",
          sslPolicy,
          defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
        });
      }
      // NLB TLS listeners terminate TLS too.
      new aws.lb.Listener("nlb-old-tls", {
        loadBalancerArn: "arn:nlb",
        port: 443,
        protocol: "TLS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-0-2021-06",
        defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
      });
    });
    assert.deepEqual(v.map((x) => `${x.rule}:${x.urn.split("::").pop()}`).sort(), [
      "https-listeners-use-tls12-or-later:fs-1-1",
      "https-listeners-use-tls12-or-later:fs-2018",
      "https-listeners-use-tls12-or-later:nlb-old-tls",
      "https-listeners-use-tls12-or-later:tls-1-1",
      "https-listeners-use-tls12-or-later:tls13-1-0",
      "https-listeners-use-tls12-or-later:tls13-1-1",
    ]);
  });

  it("require IMDSv2 and encrypted volumes on instances", async () => {
    const v = await violations(() => {
      new aws.ec2.Instance("old", { ami: "ami-1", instanceType: "t3.micro" });
      new aws.ec2.Instance("hardened", {
        ami: "ami-1",
        instanceType: "t3.micro",
        metadataOptions: { httpTokens: "required" },
        rootBlockDevice: { encrypted: true },
      });
    });
    assert.equal(v.length, 2);
    assert.ok(v.every((x) => x.urn.endsWith("::old")));
  });

  it("require a role on ECR creation templates that apply tags or a KMS key", async () => {
    const v = await violations(() => {
      const base = { appliedFors: ["REPLICATION"], imageTagMutability: "IMMUTABLE" };
      new aws.ecr.RepositoryCreationTemplate("tagged", {
        ...base,
        prefix: "a",
        resourceTags: { Owner: "x" },
      });
      new aws.ecr.RepositoryCreationTemplate("kms", {
        ...base,
        prefix: "b",
        encryptionConfigurations: [
          { encryptionType: "KMS", kmsKey: "arn:aws:kms:us-west-2:123456789012:key/1" },
        ],
      });
      new aws.ecr.RepositoryCreationTemplate("with-role", {
        ...base,
        prefix: "c",
        resourceTags: { Owner: "x" },
        customRoleArn: "arn:aws:iam::123456789012:role/ecr-templates",
      });
      new aws.ecr.RepositoryCreationTemplate("plain", { ...base, prefix: "d" });
    });
    assert.deepEqual(v.map((x) => `${x.rule}:${x.enforcement}:${x.urn.split("::").pop()}`).sort(), [
      "ecr-creation-templates-have-a-role:mandatory:kms",
      "ecr-creation-templates-have-a-role:mandatory:tagged",
    ]);
  });

  it("mark ECR and log-retention findings as advisory", async () => {
    const v = await violations(() => {
      new aws.ecr.Repository("loose", {});
      new aws.cloudwatch.LogGroup("forever", {});
    });
    assert.deepEqual(rulesHit(v), ["ecr-scans-and-immutable-tags", "log-groups-have-retention"]);
    assert.ok(v.every((x) => x.enforcement === "advisory"));
  });

  it("name every rule uniquely in kebab-case", () => {
    const names = RULES.map((r) => r.name);
    assert.equal(new Set(names).size, names.length);
    assert.ok(
      names.every((n) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(n)),
      names.join(", "),
    );
  });
});
