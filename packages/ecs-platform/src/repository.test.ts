import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as assert from "node:assert/strict";
import { promiseOf, runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { Repository, RepositoryArgs, validateRepositoryArgs } from "./repository";

const REPO = "aws:ecr/repository:Repository";

/** The message `validateRepositoryArgs` throws for `args`, called as the constructor calls it. */
function rejected(args: RepositoryArgs): string {
  try {
    validateRepositoryArgs("app", args);
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail(`accepted ${JSON.stringify(args)}`);
}

describe("Repository: validation happens before any child is registered", () => {
  it("WHEN the args are invalid THEN the constructor throws the validator's message and registers nothing", async () => {
    const args: RepositoryArgs = { keepTaggedImages: 0 };
    const err = await runPulumiExpectingError(() => new Repository("app", args));
    assert.equal(
      err.message,
      'ecs-platform Repository "app": `keepTaggedImages` is 0; keep at least 1 and at most 10000 tagged images',
    );
    assert.equal(err.message, rejected(args));
    assert.deepEqual(
      err.recording.custom.map((r) => r.urn),
      [],
      "bad input registered resources",
    );
  });
});

describe("Repository", () => {
  it("scans on push, makes tags immutable and encrypts (AES256 by default)", async () => {
    const rec = await runPulumi(() => new Repository("app", { name: "acs/app" }));
    const repo = rec.one(REPO);
    assert.equal(repo.inputs.name, "acs/app", repo.urn);
    assert.equal(repo.inputs.imageTagMutability, "IMMUTABLE");
    assert.deepEqual(repo.inputs.imageScanningConfiguration, { scanOnPush: true });
    assert.deepEqual(repo.inputs.encryptionConfigurations, [{ encryptionType: "AES256" }]);
    assert.equal(repo.inputs.forceDelete, false);
    assert.equal(repo.parent, rec.one("acs:ecs-platform:Repository").urn);
  });

  it("encrypts with a customer KMS key when given", async () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    const rec = await runPulumi(() => new Repository("app", { kmsKeyArn: key }));
    assert.deepEqual(rec.one(REPO).inputs.encryptionConfigurations, [{ encryptionType: "KMS", kmsKey: key }]);
  });

  it("expires untagged images after D days and keeps the last N tagged ones (7 and 30 by default)", async () => {
    const rec = await runPulumi(() => {
      new Repository("a", {});
      new Repository("b", { keepTaggedImages: 5, untaggedExpiryDays: 1 });
    });
    const rules = (n: string) =>
      JSON.parse(rec.one("aws:ecr/lifecyclePolicy:LifecyclePolicy", n).inputs.policy).rules;
    const [untagged, tagged] = rules("a-lifecycle");
    assert.deepEqual(untagged.selection, {
      tagStatus: "untagged",
      countType: "sinceImagePushed",
      countUnit: "days",
      countNumber: 7,
    });
    assert.deepEqual(tagged.selection, {
      tagStatus: "tagged",
      tagPatternList: ["*"],
      countType: "imageCountMoreThan",
      countNumber: 30,
    });
    assert.equal(rules("b-lifecycle")[0].selection.countNumber, 1);
    assert.equal(rules("b-lifecycle")[1].selection.countNumber, 5);
  });

  it("exposes the repository URL and ARN", async () => {
    let url: string | undefined;
    let arn: string | undefined;
    await runPulumi(async () => {
      const r = new Repository("app", { name: "acs/app" });
      url = await promiseOf(r.repositoryUrl);
      arn = await promiseOf(r.arn);
    });
    assert.equal(url, "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/app");
    assert.equal(arn, "arn:aws:ecr:us-east-1:123456789012:repository/acs/app");
  });

  it("builds and pushes an image with awsx.ecr.Image only when build is set", async () => {
    const none = await runPulumi(() => new Repository("app", {}));
    assert.equal(none.resources.filter((r) => r.type === "awsx:ecr:Image").length, 0);
    let uri: string | undefined;
    const rec = await runPulumi(async () => {
      const r = new Repository("app", {
        name: "acs/app",
        build: { context: "./app", dockerfile: "./app/Dockerfile" },
      });
      uri = await promiseOf(r.imageUri!);
    });
    const image = rec.resources.find((r) => r.type === "awsx:ecr:Image");
    assert.ok(image, "an awsx:ecr:Image is registered");
    assert.equal(image.inputs.context, "./app");
    assert.equal(image.inputs.platform, "linux/amd64");
    assert.match(
      String(uri),
      /^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/acs\/app@sha256:[0-9a-f]{64}$/,
    );
  });

  it("does not load @pulumi/awsx when the package is required (only an image build needs it)", () => {
    // A fresh process: this test file's own imports must not count.
    const script =
      'require("./src/index.ts");' +
      'const loaded = Object.keys(require.cache).filter((k) => k.includes("/@pulumi/awsx/"));' +
      "process.stdout.write(JSON.stringify(loaded.slice(0, 3)));";
    const out = execFileSync(process.execPath, ["--require", "tsx/cjs", "-e", script], {
      cwd: path.resolve(__dirname, ".."),
      encoding: "utf8",
    });
    assert.deepEqual(JSON.parse(out), [], "requiring @acs/ecs-platform loaded @pulumi/awsx");
  });

  describe("rejects bad input before creating anything", () => {
    it("a repository name with upper-case letters", () => {
      assert.match(
        rejected({ name: "Acs/App" }),
        /Repository "app": `name` is "Acs\/App"; use 2–256 lower-case letters/,
      );
    });
    it("keeping fewer than one tagged image", () => {
      assert.match(
        rejected({ keepTaggedImages: 0 }),
        /`keepTaggedImages` is 0; keep at least 1 and at most 10000 tagged images/,
      );
    });
    it("a non-positive untagged expiry", () => {
      assert.match(
        rejected({ untaggedExpiryDays: -1 }),
        /`untaggedExpiryDays` is -1; use a whole number of days from 1 to 3650/,
      );
    });
  });
});
