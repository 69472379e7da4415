import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { promiseOf, runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { Certificate, CertificateArgs } from "./certificate";

const zones = { "app.com": "ZPARENT", "acs.app.com": "ZACS" };
const devArgs: CertificateArgs = {
  domainName: "lb.dev.app.com",
  subjectAlternativeNames: ["dev.acs.app.com"],
  validationZones: zones,
};

function build(region: string, args: Partial<CertificateArgs> = {}) {
  let arn: Promise<string> | undefined;
  return runPulumi(() => {
    const provider = new aws.Provider(`aws-${region}`, { region });
    const cert = new Certificate("env", { ...devArgs, ...args }, { provider });
    arn = promiseOf(cert.certificateArn);
  }).then(async (rec) => ({ rec, arn: await arn! }));
}

async function rejects(args: Partial<CertificateArgs>, pattern: RegExp): Promise<void> {
  const err = await runPulumiExpectingError(() => new Certificate("env", { ...devArgs, ...args }));
  assert.match(err.message, pattern);
  assert.equal(err.recording.custom.length, 0, "nothing is registered before validation passes");
}

describe("Certificate", () => {
  it("requests a DNS-validated certificate for every name in the provider's region", async () => {
    const { rec, arn } = await build("us-west-2");
    const cert = rec.one("aws:acm/certificate:Certificate");
    assert.equal(cert.inputs.domainName, "lb.dev.app.com");
    assert.deepEqual(cert.inputs.subjectAlternativeNames, ["dev.acs.app.com"]);
    assert.equal(cert.inputs.validationMethod, "DNS");
    assert.match(
      arn,
      /^arn:aws:acm:us-west-2:123456789012:certificate\//,
      "the certificate lives where the ALB is",
    );
  });

  it("GIVEN names under acs.app.com and app.com THEN each validation record lands in the zone that holds its name", async () => {
    const { rec } = await build("us-east-1");
    const records = rec.ofType("aws:route53/record:Record");
    assert.equal(records.length, 2);
    const byName = Object.fromEntries(records.map((r) => [String(r.inputs.name), r]));
    const acs = Object.entries(byName).find(([n]) => n.endsWith(".dev.acs.app.com."))![1];
    const lb = Object.entries(byName).find(([n]) => n.endsWith(".lb.dev.app.com."))![1];
    assert.equal(acs.inputs.zoneId, "ZACS", `${acs.urn} validates dev.acs.app.com in acs.app.com`);
    assert.equal(lb.inputs.zoneId, "ZPARENT", `${lb.urn} validates lb.dev.app.com in app.com`);
    for (const r of records) {
      assert.equal(r.inputs.type, "CNAME");
      assert.match(String(r.inputs.records[0]), /\.acm-validations\.aws\.$/, `${r.urn} points at ACM`);
    }
  });

  it("waits for issuance: the validation covers every record and the ARN comes from it", async () => {
    const { rec, arn } = await build("us-east-1");
    const validation = rec.one("aws:acm/certificateValidation:CertificateValidation");
    const fqdns = rec
      .ofType("aws:route53/record:Record")
      .map((r) => r.outputs.fqdn)
      .sort();
    assert.deepEqual([...(validation.inputs.validationRecordFqdns as string[])].sort(), fqdns);
    assert.equal(validation.inputs.certificateArn, rec.one("aws:acm/certificate:Certificate").outputs.arn);
    assert.equal(arn, validation.outputs.certificateArn);
  });

  it("GIVEN the same name in two regions THEN both certificates use the same validation record, which each may overwrite", async () => {
    const east = (await build("us-east-1")).rec;
    const west = (await build("us-west-2", { domainName: "lb.drdev.app.com" })).rec;
    const shared = (rec: typeof east) =>
      rec
        .ofType("aws:route53/record:Record")
        .find((r) => String(r.inputs.name).endsWith(".dev.acs.app.com."))!;
    assert.equal(shared(east).inputs.name, shared(west).inputs.name);
    assert.deepEqual(shared(east).inputs.records, shared(west).inputs.records);
    assert.equal(shared(east).inputs.allowOverwrite, true);
    assert.equal(shared(west).inputs.allowOverwrite, true);
    assert.notEqual(
      east.one("aws:acm/certificate:Certificate").outputs.arn,
      west.one("aws:acm/certificate:Certificate").outputs.arn,
    );
  });

  it("keeps the shared validation record when the certificate is destroyed, and only that one", async () => {
    const { rec } = await build("us-west-2", { sharedValidationNames: ["dev.acs.app.com"] });
    const records = rec.ofType("aws:route53/record:Record");
    const shared = records.find((r) => String(r.inputs.name).endsWith(".dev.acs.app.com."))!;
    const own = records.find((r) => String(r.inputs.name).endsWith(".lb.dev.app.com."))!;
    assert.equal(
      shared.options.retainOnDelete,
      true,
      `${shared.urn} is used by the other stack's certificate`,
    );
    assert.equal(own.options.retainOnDelete, false, `${own.urn} belongs to this certificate alone`);
  });

  it("makes one validation record for a wildcard and its base name", async () => {
    const { rec } = await build("us-east-1", {
      domainName: "acs.app.com",
      subjectAlternativeNames: ["*.acs.app.com"],
    });
    assert.equal(rec.ofType("aws:route53/record:Record").length, 1);
  });

  it("rejects a name that no validation zone holds", async () => {
    await rejects(
      { subjectAlternativeNames: ["dev.example.org"] },
      /the name "dev\.example\.org" is in none of `validationZones` \(app\.com, acs\.app\.com\); add the hosted zone/,
    );
  });

  it("rejects a malformed name", async () => {
    await rejects({ domainName: "lb..app.com" }, /the name "lb\.\.app\.com" is not a DNS name/);
  });

  it("rejects more names than ACM allows by default", async () => {
    const many = Array.from({ length: 10 }, (_, i) => `n${i}.app.com`);
    await rejects({ subjectAlternativeNames: many }, /11 names given; ACM allows 10/);
  });
});
