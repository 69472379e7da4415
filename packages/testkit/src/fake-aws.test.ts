import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { promiseOf, runPulumi, runPulumiExpectingError } from "./run";
import { DEFAULT_ORGANIZATION } from "./stack-reference";

describe("FakeAws", () => {
  it("answers getAvailabilityZones with the region's real AZ names and zone ids", async () => {
    let east: aws.GetAvailabilityZonesResult | undefined;
    let west: aws.GetAvailabilityZonesResult | undefined;
    await runPulumi(
      async () => {
        const azsOnly = { filters: [{ name: "zone-type", values: ["availability-zone"] }] };
        east = await aws.getAvailabilityZones(azsOnly);
        const oregon = new aws.Provider("oregon", { region: "us-west-2" });
        west = await aws.getAvailabilityZones(azsOnly, { provider: oregon });
      },
      { region: "us-east-1" },
    );
    assert.deepEqual(east?.names.slice(0, 3), ["us-east-1a", "us-east-1b", "us-east-1c"]);
    assert.equal(east?.zoneIds[0], "use1-az1");
    assert.deepEqual(west?.names, ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"]);
  });

  it("lists the Local and Wavelength Zones an account opted in to, sorted by name, unless the caller filters on opt-in-status", async () => {
    let all: aws.GetAvailabilityZonesResult | undefined;
    let azs: aws.GetAvailabilityZonesResult | undefined;
    let fresh: aws.GetAvailabilityZonesResult | undefined;
    const onlyAzs = {
      state: "available",
      filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    };
    await runPulumi(
      async () => {
        all = await aws.getAvailabilityZones({ state: "available" });
        azs = await aws.getAvailabilityZones(onlyAzs);
      },
      { region: "us-west-2" },
    );
    await runPulumi(async () => void (fresh = await aws.getAvailabilityZones({ state: "available" })), {
      region: "us-west-2",
      fake: { optedInZoneGroups: [] },
    });
    assert.deepEqual(all?.names, [
      "us-west-2-lax-1a",
      "us-west-2-lax-1b",
      "us-west-2-wl1-sea-wlz-1",
      "us-west-2a",
      "us-west-2b",
      "us-west-2c",
      "us-west-2d",
    ]);
    assert.deepEqual(azs?.names, ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"]);
    assert.deepEqual(azs?.zoneIds, ["usw2-az2", "usw2-az1", "usw2-az3", "usw2-az4"]);
    assert.deepEqual(fresh?.names, azs?.names, "a fresh account has opted in to no zone group");
  });

  it("answers zone-type filters and refuses a filter it does not know", async () => {
    let local: aws.GetAvailabilityZonesResult | undefined;
    await runPulumi(async () => {
      local = await aws.getAvailabilityZones({ filters: [{ name: "zone-type", values: ["local-zone"] }] });
    });
    assert.deepEqual(local?.names, ["us-east-1-bos-1a", "us-east-1-mia-1a"]);
    const err = await runPulumiExpectingError(() =>
      aws.getAvailabilityZones({ filters: [{ name: "network-border-group", values: ["us-east-1"] }] }),
    );
    assert.match(err.message, /getAvailabilityZones filter "network-border-group" has no fake/);
  });

  it("builds ARNs with the partition, the resource's region and the account", async () => {
    const rec = await runPulumi(
      () => {
        new aws.sns.Topic("alerts", { name: "alerts" });
        const oregon = new aws.Provider("oregon", { region: "us-west-2" });
        new aws.sns.Topic("dr-alerts", { name: "dr-alerts" }, { provider: oregon });
      },
      { region: "us-east-1" },
    );
    assert.equal(
      rec.one("aws:sns/topic:Topic", "alerts").outputs.arn,
      "arn:aws:sns:us-east-1:123456789012:alerts",
    );
    assert.equal(
      rec.one("aws:sns/topic:Topic", "dr-alerts").outputs.arn,
      "arn:aws:sns:us-west-2:123456789012:dr-alerts",
    );
  });

  it("auto-names resources like the AWS provider (logical name plus 7 hex characters)", async () => {
    const rec = await runPulumi(() => {
      new aws.cloudwatch.LogGroup("app-logs", {});
    });
    assert.match(String(rec.one("aws:cloudwatch/logGroup:LogGroup").outputs.name), /^app-logs-[0-9a-f]{7}$/);
  });

  it("gives load balancers a regional DNS name and the region's canonical hosted zone id", async () => {
    const rec = await runPulumi(
      () => {
        new aws.lb.LoadBalancer("web", {
          name: "web",
          loadBalancerType: "application",
          subnets: ["subnet-1", "subnet-2"],
        });
        new aws.lb.LoadBalancer("nlb", {
          name: "nlb",
          loadBalancerType: "network",
          internal: true,
          subnets: ["subnet-1"],
        });
      },
      { region: "us-west-2" },
    );
    const alb = rec.one("aws:lb/loadBalancer:LoadBalancer", "web").outputs;
    assert.match(String(alb.dnsName), /^web-\d{10}\.us-west-2\.elb\.amazonaws\.com$/);
    assert.equal(alb.zoneId, "Z1H1FL5HABSF5");
    assert.equal(rec.one("aws:lb/loadBalancer:LoadBalancer", "nlb").outputs.zoneId, "Z18D5FSROUN65G");
  });

  it("numbers task-definition revisions per family", async () => {
    const rec = await runPulumi(() => {
      const def = { family: "worker", containerDefinitions: "[]" };
      new aws.ecs.TaskDefinition("a", def);
      new aws.ecs.TaskDefinition("b", def);
    });
    const arns = rec
      .ofType("aws:ecs/taskDefinition:TaskDefinition")
      .map((r) => r.outputs.arn)
      .sort();
    assert.deepEqual(arns, [
      "arn:aws:ecs:us-east-1:123456789012:task-definition/worker:1",
      "arn:aws:ecs:us-east-1:123456789012:task-definition/worker:2",
    ]);
  });

  it("gives hosted zones four name servers and finds declared parent zones with getZone", async () => {
    let parent: aws.route53.GetZoneResult | undefined;
    const rec = await runPulumi(
      async () => {
        new aws.route53.Zone("sub", { name: "acs.app.com" });
        parent = await aws.route53.getZone({ name: "app.com" });
      },
      { fake: { zones: { "app.com": { zoneId: "Z0PARENT000000000001" } } } },
    );
    const ns = rec.one("aws:route53/zone:Zone").outputs.nameServers as string[];
    assert.equal(ns.length, 4);
    assert.ok(
      ns.every((n) => /^ns-\d+\.awsdns-\d{2}\.(com|net|org|co\.uk)$/.test(n)),
      ns.join(","),
    );
    assert.equal(parent?.zoneId, "Z0PARENT000000000001");
  });

  it("fails a getZone for a zone the account does not hold, naming the zone", async () => {
    const err = await runPulumiExpectingError(async () => {
      await aws.route53.getZone({ name: "missing.com" });
    });
    assert.match(err.message, /no hosted zone missing\.com/);
  });

  it("renders getPolicyDocument to the JSON AWS stores", async () => {
    let json = "";
    await runPulumi(async () => {
      const doc = await aws.iam.getPolicyDocument({
        statements: [
          {
            actions: ["iam:PassRole"],
            resources: ["arn:aws:iam::123456789012:role/worker"],
            conditions: [
              { test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] },
            ],
          },
        ],
      });
      json = doc.json;
    });
    assert.deepEqual(JSON.parse(json).Statement[0], {
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: "arn:aws:iam::123456789012:role/worker",
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    });
  });

  it("merges the stack's default tags into tagsAll", async () => {
    const rec = await runPulumi(() => new aws.sns.Topic("t", { tags: { Name: "t" } }), {
      config: { "aws:defaultTags": { tags: { Environment: "dev" } } },
    });
    assert.deepEqual(rec.one("aws:sns/topic:Topic").outputs.tagsAll, { Environment: "dev", Name: "t" });
  });

  it("answers the ECS-optimized AMI parameter and fails unknown parameters", async () => {
    let ami = "";
    await runPulumi(async () => {
      ami = (
        await aws.ssm.getParameter({
          name: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
        })
      ).value;
    });
    assert.match(ami, /^ami-[0-9a-f]{17}$/);
    const err = await runPulumiExpectingError(async () => aws.ssm.getParameter({ name: "/nope" }));
    assert.match(err.message, /SSM parameter \/nope does not exist/);
  });

  it("fails for a region it has no data for, naming the region", async () => {
    const err = await runPulumiExpectingError(() => new aws.sns.Topic("t", {}), { region: "us-east-9" });
    assert.match(err.message, /no fake data for region "us-east-9"/);
  });

  it("answers StackReferences from the given outputs, completing names with the run's organization and project", async () => {
    const rec = await runPulumi(
      () => {
        const full = new pulumi.StackReference("acme/acs/drdev");
        const short = new pulumi.StackReference("drdev-short", { name: "drdev" });
        return { lb: full.getOutput("albDnsName"), short: short.getOutput("albDnsName") };
      },
      { organization: "acme", fake: { stackReferences: { drdev: { albDnsName: "lb.example" } } } },
    );
    assert.equal(rec.outputs.lb, "lb.example");
    assert.equal(rec.outputs.short, "lb.example");
    assert.equal(rec.one("pulumi:pulumi:StackReference", "drdev-short").inputs.name, "drdev");
  });

  it("fails a StackReference to another organization's stack, as the backend does (no silent success)", async () => {
    const err = await runPulumiExpectingError(() => new pulumi.StackReference("organization/acs/dev"), {
      organization: "acme",
      fake: { stackReferences: { dev: { environment: "dev" } } },
    });
    assert.match(
      err.message,
      /StackReference "organization\/acs\/dev" names a stack that does not exist in this backend; its stacks are acme\/acs\/dev/,
    );
  });

  it("rejects an organization name a backend cannot have, before running anything", async () => {
    for (const org of ["", "acme/acs"]) {
      await assert.rejects(
        runPulumi(() => new aws.sns.Topic("t", {}), { organization: org }),
        new RegExp(
          `organization is ${JSON.stringify(org).replace("/", "\\/")}: use the Pulumi organization's name`,
        ),
      );
    }
  });

  it("refuses a StackReference name with empty or extra segments", async () => {
    const err = await runPulumiExpectingError(() => new pulumi.StackReference("acme//dev"), {
      fake: { stackReferences: { dev: {} } },
    });
    assert.match(
      err.message,
      /StackReference "acme\/\/dev" is not a stack name; use <stack>, <org>\/<stack> or <org>\/<project>\/<stack>/,
    );
  });

  it("gives the program the run's organization (pulumi.getOrganization())", async () => {
    const rec = await runPulumi(() => ({ org: pulumi.getOrganization() }), { organization: "acme" });
    assert.equal(rec.outputs.org, "acme");
    const byDefault = await runPulumi(() => ({ org: pulumi.getOrganization() }));
    assert.equal(byDefault.outputs.org, DEFAULT_ORGANIZATION);
  });
});

describe("Recorder", () => {
  class Box extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
      super("acs:test:Box", name, {}, opts);
      this.topic = new aws.sns.Topic(
        `${name}-topic`,
        {},
        { parent: this, protect: true, retainOnDelete: true },
      );
      const q = new aws.sqs.Queue(
        `${name}-queue`,
        {},
        { parent: this, dependsOn: [this.topic], ignoreChanges: ["tags"] },
      );
      this.registerOutputs({ queueUrl: q.url });
    }
  }

  it("records parents, options and component outputs", async () => {
    const rec = await runPulumi(() => {
      const box = new Box("box");
      return { topicArn: box.topic.arn };
    });
    const box = rec.one("acs:test:Box");
    const topic = rec.one("aws:sns/topic:Topic");
    const queue = rec.one("aws:sqs/queue:Queue");
    assert.equal(topic.parent, box.urn);
    assert.equal(topic.urn, "urn:pulumi:test::acs::acs:test:Box$aws:sns/topic:Topic::box-topic");
    assert.equal(topic.options.protect, true);
    assert.equal(topic.options.retainOnDelete, true);
    assert.deepEqual(queue.options.dependsOn, [topic.urn]);
    assert.deepEqual(queue.options.ignoreChanges, ["tags"]);
    assert.match(
      String(box.outputs.queueUrl),
      /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/box-queue-/,
    );
    assert.equal(rec.outputs.topicArn, topic.outputs.arn);
    assert.equal(rec.one("pulumi:pulumi:Stack").urn, "urn:pulumi:test::acs::pulumi:pulumi:Stack::acs-test");
    // As the engine names them: a top-level resource's type carries no root-stack prefix.
    assert.equal(box.urn, "urn:pulumi:test::acs::acs:test:Box::box");
    assert.equal(box.parent, rec.one("pulumi:pulumi:Stack").urn);
  });

  it("applies stack transformations registered inside the run, and records the options they set", async () => {
    const rec = await runPulumi(() => {
      pulumi.runtime.registerStackTransformation((args) =>
        args.type === "aws:sns/topic:Topic"
          ? { props: args.props, opts: pulumi.mergeOptions(args.opts, { protect: true }) }
          : undefined,
      );
      new aws.sns.Topic("guarded", {});
      new aws.sqs.Queue("free", {});
    });
    assert.equal(rec.one("aws:sns/topic:Topic").options.protect, true);
    assert.equal(rec.one("aws:sqs/queue:Queue").options.protect, false);
  });

  it("keeps what was registered before a program error", async () => {
    const err = await runPulumiExpectingError(() => {
      new aws.sns.Topic("first", {});
      throw new Error("bad input: `azCount` is 9");
    });
    assert.match(err.message, /azCount/);
    assert.deepEqual(
      err.recording.custom.map((r) => r.name),
      ["first"],
    );
  });

  it("answers awsx.ecr.Image (a remote component) with an image URI by digest in the repository", async () => {
    let uri: unknown;
    const rec = await runPulumi(async () => {
      // What awsx.ecr.Image registers: a remote component of type awsx:ecr:Image.
      const image = new pulumi.ComponentResource(
        "awsx:ecr:Image",
        "app-image",
        {
          repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/app",
          context: "./app",
          imageUri: undefined,
        },
        {},
        true,
      );
      uri = await promiseOf((image as any).imageUri);
    });
    assert.equal(rec.resources.filter((r) => r.type === "awsx:ecr:Image").length, 1);
    assert.match(
      String(uri),
      /^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/acs\/app@sha256:[0-9a-f]{64}$/,
    );
  });

  it("fails the run when an apply callback throws, as pulumi up would", async () => {
    const err = await runPulumiExpectingError(() => {
      const t = new aws.sns.Topic("x", { name: "named" });
      t.name.apply((n) => {
        if (n === "named") throw new Error(`azCount is 3 but the region has 2 AZs (${n})`);
        return n;
      });
    });
    assert.match(err.message, /azCount is 3 but the region has 2 AZs/);
  });

  it("runs apply callbacks and resolves promiseOf", async () => {
    let upper = "";
    await runPulumi(async () => {
      const t = new aws.sns.Topic("x", { name: "named" });
      upper = await promiseOf(t.name.apply((n) => n.toUpperCase()));
    });
    assert.equal(upper, "NAMED");
  });
});
