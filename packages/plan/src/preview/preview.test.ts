import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { runStackProgram, type Recording } from "@acs/testkit";
import { renderOutputs } from "../render";
import { PreviewError, previewStack, pulumiConfigEnv } from "./run";
import { SIG, UNKNOWN } from "./values";

const fixture = path.resolve(__dirname, "../test/fixtures/demo");
const ORG = "acme";

/** A copy of the demo stack (inside the package, so it resolves @pulumi/* from node_modules), its program replaced. */
function stackWith(program?: string): string {
  const scratch = path.resolve(__dirname, "../../.tmp");
  fs.mkdirSync(scratch, { recursive: true });
  const dir = fs.mkdtempSync(path.join(scratch, "preview-"));
  for (const f of fs.readdirSync(fixture)) fs.copyFileSync(path.join(fixture, f), path.join(dir, f));
  if (program !== undefined) fs.writeFileSync(path.join(dir, "index.ts"), program);
  return dir;
}

const PRELUDE = `import * as aws from "@pulumi/aws";\nimport * as pulumi from "@pulumi/pulumi";\n`;

async function previewError(
  dir: string,
  stackOutputs: (stack: string) => Record<string, unknown> | undefined = () => undefined,
): Promise<PreviewError> {
  try {
    await previewStack(dir, "demo", { organization: ORG, stackOutputs, output: () => undefined });
  } catch (err) {
    assert.ok(err instanceof PreviewError, String(err));
    return err;
  }
  assert.fail("the preview succeeded");
}

/** What both modes must agree on, per resource. */
function shape(rec: Recording) {
  return rec.resources
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      parent: r.parent,
      custom: r.custom,
      protect: r.options.protect,
      provider: r.options.provider?.split("::").slice(0, -1).join("::"),
      dependencies: [...r.options.dependencies].sort(),
    }))
    .sort((a, b) => a.urn.localeCompare(b.urn));
}

/**
 * Inputs of `inputs` that the preview knows, with their paths. Assets and archives are left out:
 * the fast plan records them in the mocks' encoding, and the preview checks their files instead.
 */
function knownLeaves(v: unknown, at = ""): [string, unknown][] {
  if (v === UNKNOWN || (v && typeof v === "object" && SIG in v)) return [];
  if (Array.isArray(v)) return v.flatMap((x, i) => knownLeaves(x, `${at}[${i}]`));
  if (v && typeof v === "object")
    return Object.entries(v).flatMap(([k, x]) => knownLeaves(x, at ? `${at}.${k}` : k));
  return [[at, v]];
}

/** Every known input of the preview equals the fast plan's value at the same path. */
export function assertSameKnownInputs(fast: Recording, preview: Recording): void {
  for (const p of preview.resources) {
    const f = fast.byUrn(p.urn);
    assert.ok(f, `${p.urn} is in the preview only`);
    const fastLeaves = new Map(knownLeaves(f.inputs));
    for (const [key, value] of knownLeaves(p.inputs)) {
      assert.deepEqual(fastLeaves.get(key), value, `${p.urn}: input ${key}`);
    }
  }
}

describe("preview mode (the program run as `pulumi preview` runs it)", function () {
  this.timeout(180_000);

  after(() => fs.rmSync(path.resolve(__dirname, "../../.tmp"), { recursive: true, force: true }));

  it("writes PULUMI_CONFIG with <namespace>:config:<key> keys, as the language host does", () => {
    assert.deepEqual(JSON.parse(pulumiConfigEnv({ "aws:region": "us-west-2", "demo:topicName": "orders" })), {
      "aws:config:region": "us-west-2",
      "demo:config:topicName": "orders",
    });
  });

  it("registers what the fast plan registers, with computed values unknown and known inputs equal", async () => {
    const dir = stackWith();
    const preview = await previewStack(dir, "demo", { organization: ORG, stackOutputs: () => undefined });
    const fast = await runStackProgram(dir, "demo");
    assert.deepEqual(shape(preview.recording), shape(fast.recording));
    assertSameKnownInputs(fast.recording, preview.recording);
    // A new topic has no ARN before `up`: the output the program exports is unknown, shown as a preview shows it.
    assert.equal(preview.recording.outputs.topicArn, UNKNOWN);
    assert.match(renderOutputs(preview.recording.outputs), /topicArn: output<string>/);
    // Invokes run during a preview, on known arguments: the zone lookup is answered.
    assert.equal(preview.recording.outputs.zoneId, "Z000EXAMPLE000000001");
    const topic = preview.recording.one("aws:sns/topic:Topic");
    assert.equal(topic.id, undefined, "a resource to create has no id in a preview");
    assert.equal(topic.inputs.name, "orders");
  });

  it("fails on a type error in the program with the compiler's message (ts-node type-checks, as the CLI does)", async () => {
    const err = await previewError(
      stackWith(`${PRELUDE}const retention: number = "fourteen";\nexport const r = retention;\n`),
    );
    assert.match(err.message, /TS2322|Type 'string' is not assignable to type 'number'/);
  });

  it("fails with the program's own message, in one line, when the program throws (bad input checked by the program)", async () => {
    const err = await previewError(
      stackWith(
        `${PRELUDE}throw new Error("Pulumi.dev.yaml: demo:subnetIds: subnet subnet-1 is a public subnet; use privateSubnetIds");\n`,
      ),
    );
    assert.equal(
      err.message,
      "Pulumi.dev.yaml: demo:subnetIds: subnet subnet-1 is a public subnet; use privateSubnetIds",
    );
  });

  it("fails when an asset's file does not exist (the engine hashes assets during a preview)", async () => {
    const err = await previewError(
      stackWith(
        `${PRELUDE}new aws.lambda.Function("fn", { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs22.x", handler: "index.handler", code: new pulumi.asset.FileArchive("./dist/missing") });\n`,
      ),
    );
    assert.match(err.message, /code: \.\/dist\/missing does not exist/);
  });

  it("fails a StackReference to an organization the run is not in, in one line", async () => {
    const err = await previewError(
      stackWith(
        `${PRELUDE}const ref = new pulumi.StackReference("organization/demo/dev");\nexport const zone = ref.getOutput("zoneId");\n`,
      ),
      (q) => (q === "acme/demo/dev" ? { zoneId: "Z1" } : undefined),
    );
    assert.match(
      err.message,
      /^testkit: StackReference "organization\/demo\/dev" names a stack that does not exist in this backend/,
    );
    assert.ok(!err.message.includes("\n"));
  });

  it("resolves a StackReference of the run's organization and project from that stack's outputs", async () => {
    const dir = stackWith(
      `${PRELUDE}const ref = new pulumi.StackReference(\`\${pulumi.getOrganization()}/\${pulumi.getProject()}/dev\`);\nexport const zone = ref.getOutput("zoneId");\n`,
    );
    const run = await previewStack(dir, "demo", {
      organization: ORG,
      stackOutputs: (q) => (q === "acme/demo/dev" ? { zoneId: "Z1" } : undefined),
    });
    assert.equal(run.recording.outputs.zone, "Z1");
  });

  it("fails when a stack output never resolves", async () => {
    const err = await previewError(
      stackWith(`${PRELUDE}export = async () => ({ never: new Promise<string>(() => undefined) });\n`),
    );
    assert.match(err.message, /exited before its stack outputs resolved/);
  });

  it("fails on a duplicate URN, as the engine does", async () => {
    const err = await previewError(
      stackWith(`${PRELUDE}new aws.sns.Topic("t", {});\nnew aws.sns.Topic("t", {});\n`),
    );
    assert.match(err.message, /Duplicate resource URN 'urn:pulumi:demo::demo::aws:sns\/topic:Topic::t'/);
  });
});

describe("the stacks in both modes (fast plan and preview mode)", function () {
  this.timeout(600_000);
  const root = path.resolve(__dirname, "../../../..");
  const org = "acme";
  const fast: Record<string, Recording> = {};
  const preview: Record<string, Recording> = {};

  before(async () => {
    const dev = path.join(root, "stacks", "dev");
    const drdev = path.join(root, "stacks", "drdev");
    fast.dev = (await runStackProgram(dev, "dev", {}, org)).recording;
    const devOutputs = (q: string) => (q === `${org}/acs/dev` ? fast.dev!.outputs : undefined);
    fast.drdev = (await runStackProgram(drdev, "drdev", { stackReferences: devOutputs }, org)).recording;
    preview.dev = (
      await previewStack(dev, "dev", { organization: org, stackOutputs: () => undefined })
    ).recording;
    preview.drdev = (
      await previewStack(drdev, "drdev", { organization: org, stackOutputs: devOutputs })
    ).recording;
  });

  for (const stack of ["dev", "drdev"]) {
    it(`${stack}: the same resources (URN, type, parent, provider, protect, dependencies) and the same known inputs`, () => {
      assert.deepEqual(shape(preview[stack]!), shape(fast[stack]!));
      assertSameKnownInputs(fast[stack]!, preview[stack]!);
    });
  }
});
