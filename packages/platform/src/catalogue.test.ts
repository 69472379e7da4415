import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { policyViolations } from "./test/policies";
import { loadStackSettings, runPulumi, runPulumiExpectingError, runStackProgram } from "@acs/testkit";
import { bootstrap } from "./bootstrap/bootstrap";
import { CatalogueEntry, checkCatalogue, readCatalogue, repositoryRoot } from "./catalogue";
import { ConfigError } from "./config/errors";
import { platform } from "./platform";

const root = repositoryRoot(__dirname)!;
const stacks = path.join(root, "stacks");
const qaDir = path.resolve(__dirname, "../test/fixtures/qa");

const dev: CatalogueEntry = {
  file: "stacks/dev/Pulumi.dev.yaml",
  stack: "dev",
  env: "dev",
  role: "primary",
  region: "us-east-1",
  peerRegion: "us-west-2",
  cidr: "10.10.0.0/16",
  zone: "acs.app.com",
  failoverName: "dev.acs.app.com",
  lbName: "lb.dev.app.com",
};
const drdev: CatalogueEntry = {
  file: "stacks/drdev/Pulumi.drdev.yaml",
  stack: "drdev",
  env: "drdev",
  role: "secondary",
  region: "us-west-2",
  peerRegion: "us-east-1",
  cidr: "10.20.0.0/16",
  primaryStack: "dev",
  lbName: "lb.drdev.app.com",
  activityTableOwner: "dev",
};
const rejected = (entries: CatalogueEntry[]) => {
  try {
    checkCatalogue(entries);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err}`);
    assert.equal(err.message.includes("\n"), false, "one line");
    return err.message;
  }
  throw new Error("expected the catalogue to be rejected");
};

/** A stack's real config, as the language host passes it. */
const configOf = (stack: string) => loadStackSettings(path.join(stacks, stack), stack).config;

describe("environment catalogue", () => {
  it("reads the repository's environments from stacks/*/Pulumi.*.yaml (the bootstrap is not one, nor another team's examples/*)", () => {
    // examples/team-service has a Pulumi.dev.yaml of its own: a program on dev, not an environment.
    assert.ok(fs.existsSync(path.join(root, "examples", "team-service", "Pulumi.dev.yaml")));
    const entries = readCatalogue(root);
    assert.deepEqual(
      entries.map((e) => [e.file, e.env, e.role, e.region, e.cidr]),
      [
        ["stacks/dev/Pulumi.dev.yaml", "dev", "primary", "us-east-1", "10.10.0.0/16"],
        ["stacks/drdev/Pulumi.drdev.yaml", "drdev", "secondary", "us-west-2", "10.20.0.0/16"],
      ],
    );
    assert.equal(entries[1]!.primaryStack, "dev");
    checkCatalogue(entries);
  });

  it("reads only the shared sections of another environment (its secure values and other keys are its own run's)", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "acs-catalogue-"));
    try {
      fs.mkdirSync(path.join(tmp, "stacks", "qa"), { recursive: true });
      fs.writeFileSync(
        path.join(tmp, "stacks", "qa", "Pulumi.qa.yaml"),
        [
          "config:",
          "  aws:region: eu-west-1",
          "  acs:role: primary",
          "  acs:peerRegion: eu-central-1",
          "  acs:alertEmails:",
          "    secure: v1:AAAABBBB",
          "  acs:network: { cidr: 10.30.0.0/16, azCount: 2, natStrategy: Single }",
          "  acs:workerPool: { image: example/worker:1 }",
        ].join("\n"),
      );
      assert.deepEqual(
        readCatalogue(tmp).map((e) => [e.file, e.env, e.region, e.cidr]),
        [["stacks/qa/Pulumi.qa.yaml", "qa", "eu-west-1", "10.30.0.0/16"]],
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("names the file of another environment whose shared keys are malformed", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "acs-catalogue-"));
    try {
      fs.mkdirSync(path.join(tmp, "stacks", "qa"), { recursive: true });
      fs.writeFileSync(
        path.join(tmp, "stacks", "qa", "Pulumi.qa.yaml"),
        "config:\n  aws:region: eu-west-1\n  acs:role: primary\n  acs:peerRegion: eu-central-1\n  acs:network: { cidr: 10.30.0.0/33, azCount: 2, natStrategy: Single }\n",
      );
      assert.throws(
        () => readCatalogue(tmp),
        (err: Error) =>
          err instanceof ConfigError &&
          /^stacks\/qa\/Pulumi\.qa\.yaml: acs:network\.cidr is "10\.30\.0\.0\/33", which is not an IPv4 CIDR/.test(
            err.message,
          ),
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("rejects overlapping VPC CIDRs, naming both files", () => {
    assert.equal(
      rejected([dev, { ...drdev, cidr: "10.10.128.0/17" }]),
      "stacks/drdev/Pulumi.drdev.yaml: acs:network.cidr is 10.10.128.0/17, which overlaps stacks/dev/Pulumi.dev.yaml's 10.10.0.0/16; give every environment a disjoint range (e.g. the next free 10.x.0.0/16)",
    );
  });

  it("rejects a second secondary of the same primary (one SECONDARY record per failover name)", () => {
    const copy = { ...drdev, file: "stacks/drdev2/Pulumi.drdev2.yaml", stack: "drdev2", env: "drdev2" };
    assert.match(
      rejected([dev, drdev, { ...copy, cidr: "10.21.0.0/16", lbName: "lb.drdev2.app.com" }]),
      /^stacks\/drdev2\/Pulumi\.drdev2\.yaml: acs:dns\.primaryStack names "dev", as in stacks\/drdev\/Pulumi\.drdev\.yaml; one secondary per primary/,
    );
  });

  it("finds a secondary's primary by its activity table owner when primaryStack is left to its default", () => {
    const { primaryStack: _omit, ...implicit } = drdev;
    const copy = { ...implicit, file: "stacks/drdev2/Pulumi.drdev2.yaml", stack: "drdev2", env: "drdev2" };
    checkCatalogue([dev, implicit]);
    assert.match(
      rejected([dev, implicit, { ...copy, cidr: "10.21.0.0/16", lbName: "lb.drdev2.app.com" }]),
      /^stacks\/drdev2\/Pulumi\.drdev2\.yaml: acs:dns\.primaryStack names "dev", as in stacks\/drdev\/Pulumi\.drdev\.yaml/,
    );
  });

  it("rejects two environments with one name, one load-balancer name or one delegated zone", () => {
    assert.match(
      rejected([dev, { ...drdev, env: "dev" }]),
      /^stacks\/drdev\/Pulumi\.drdev\.yaml: the environment name is "dev" \(acs:environment/,
    );
    assert.match(
      rejected([dev, { ...drdev, lbName: "lb.dev.app.com" }]),
      /acs:dns\.lbName is "lb\.dev\.app\.com"/,
    );
    const qa = {
      ...dev,
      file: "qa.yaml",
      stack: "qa",
      env: "qa",
      cidr: "10.30.0.0/16",
      lbName: "lb.qa.app.com",
    };
    assert.match(
      rejected([dev, { ...qa, failoverName: "qa.acs.app.com" }]),
      /qa\.yaml: acs:dns\.zone is "acs\.app\.com", as in stacks\/dev/,
    );
  });

  it("rejects a secondary outside its primary's peer region, or naming a primary the repository lacks", () => {
    assert.match(
      rejected([dev, { ...drdev, region: "us-west-1" }]),
      /^stacks\/drdev\/Pulumi\.drdev\.yaml: aws:region is us-west-1, but its primary's acs:peerRegion is us-west-2/,
    );
    assert.match(
      rejected([dev, { ...drdev, peerRegion: "us-east-2" }]),
      /acs:peerRegion is us-east-2, but its primary runs in us-east-1/,
    );
    assert.match(
      rejected([dev, { ...drdev, primaryStack: "prod" }]),
      /acs:dns\.primaryStack names "prod", which is not a primary environment of this repository \(dev\)/,
    );
    assert.match(
      rejected([dev, { ...drdev, activityTableOwner: "prod" }]),
      /acs:workerPool\.activityTableOwner is "prod", but its primary is "dev"/,
    );
  });

  it("WHEN dev is set to drdev's CIDR THEN planning dev fails before anything is created, naming both files", async () => {
    const config = { ...configOf("dev") };
    config["acs:network"] = JSON.stringify({ ...JSON.parse(config["acs:network"]!), cidr: "10.20.0.0/16" });
    const err = await runPulumiExpectingError(() => platform(), {
      stack: "dev",
      region: "us-east-1",
      config,
    });
    assert.ok(err.cause instanceof ConfigError, String(err.cause));
    assert.equal(
      err.message,
      "stacks/dev/Pulumi.dev.yaml: acs:network.cidr is 10.20.0.0/16, which overlaps stacks/drdev/Pulumi.drdev.yaml's 10.20.0.0/16; give every environment a disjoint range (e.g. the next free 10.x.0.0/16)",
    );
    assert.equal(err.recording.custom.length, 0);
  });

  it("WHEN drdev is copied to a new stack (the old 'Adding an environment') THEN its plan fails on the failover pair", async () => {
    const config = { ...configOf("drdev") };
    config["acs:network"] = JSON.stringify({ ...JSON.parse(config["acs:network"]!), cidr: "10.21.0.0/16" });
    const err = await runPulumiExpectingError(() => platform(), {
      stack: "drdev2",
      region: "us-west-2",
      config,
    });
    assert.match(
      err.message,
      /^Pulumi\.drdev2\.yaml: acs:dns\.primaryStack names "dev", as in stacks\/drdev\/Pulumi\.drdev\.yaml; one secondary per primary/,
    );
    assert.equal(err.recording.custom.length, 0);
  });

  describe("a third environment from configuration only (qa in eu-west-1)", () => {
    it("uses the stacks' entry point unchanged", () => {
      assert.equal(
        fs.readFileSync(path.join(qaDir, "index.ts"), "utf8"),
        fs.readFileSync(path.join(stacks, "dev", "index.ts"), "utf8"),
      );
    });

    it("plans next to dev and drdev with 0 mandatory policy violations, in eu-west-1", async function () {
      this.timeout(120_000);
      const { recording: rec } = await runStackProgram(qaDir, "qa");
      assert.equal(rec.outputs.region, "eu-west-1");
      assert.equal(rec.outputs.vpcCidr, "10.30.0.0/16");
      assert.equal(rec.outputs.failoverName, "qa.acs-qa.app.com");
      assert.ok(rec.ofType("aws:ecs/service:Service").length > 0);
      assert.deepEqual(rec.ofType("aws:ecr/repository:Repository"), []);
      // qa is ephemeral: its policy-config.json makes deletion protection advisory, and it has none.
      const violations = policyViolations(rec, qaDir);
      assert.deepEqual(
        violations.map((v) => `${v.enforcement} ${v.rule}`).sort(),
        [
          "advisory dynamodb-6-deletion-protection",
          "advisory dynamodb-6-deletion-protection",
          "advisory dynamodb-6-deletion-protection",
          "advisory elb-6-deletion-protection",
        ].sort(),
      );
    });

    it("gets its replicas and CI roles from the next bootstrap up", async function () {
      this.timeout(120_000);
      // A checkout with the three environments' configs.
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "acs-catalogue-"));
      try {
        fs.writeFileSync(path.join(tmp, "pnpm-workspace.yaml"), "packages: []\n");
        for (const [dir, file] of [
          [path.join(stacks, "dev"), "Pulumi.dev.yaml"],
          [path.join(stacks, "drdev"), "Pulumi.drdev.yaml"],
          [qaDir, "Pulumi.qa.yaml"],
        ] as const) {
          const name = file.split(".")[1]!;
          fs.mkdirSync(path.join(tmp, "stacks", name), { recursive: true });
          fs.copyFileSync(path.join(dir, file), path.join(tmp, "stacks", name, file));
        }
        const rec = await runPulumi(() => bootstrap({ root: tmp }), {
          stack: "bootstrap",
          config: configOf("bootstrap"),
        });
        assert.deepEqual(rec.outputs.replicaRegions, ["eu-west-1", "us-west-2"]);
        const rule = rec.one("aws:ecr/replicationConfiguration:ReplicationConfiguration").inputs
          .replicationConfiguration.rules[0];
        assert.deepEqual(
          rule.destinations.map((d: { region: string }) => d.region),
          ["eu-west-1", "us-west-2"],
        );
        assert.ok(rec.one("aws:iam/role:Role", "bootstrap-qa-deploy"));
        assert.match(
          String(
            rec.outputs.imageRepositoryUrls &&
              (rec.outputs.imageRepositoryUrls as any)["eu-west-1"]["acs/app"],
          ),
          /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/acs\/app$/,
        );
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  });
});
