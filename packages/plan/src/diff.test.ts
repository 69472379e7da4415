import * as assert from "node:assert/strict";
import * as path from "node:path";
import { diffPlans, renderDiff } from "./diff";
import { type PreviewDigest, readPreviewDigest, type ResourceV3 } from "./preview-json";

const realPreview = path.resolve(__dirname, "test/fixtures/real-preview.json");
const urn = (type: string, name: string) => `urn:pulumi:dev::acs::${type}::${name}`;
const state = (
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<ResourceV3> = {},
) => ({
  urn: urn(type, name),
  custom: true,
  type,
  inputs,
  ...extra,
});
const plan = (...states: ReturnType<typeof state>[]): PreviewDigest => ({
  steps: states.map((s) => ({ op: "create", urn: s.urn, newState: s, detailedDiff: null })),
});

describe("diff", () => {
  const HC = "aws:route53/healthCheck:HealthCheck";
  const FN = "aws:lambda/function:Function";
  const TD = "aws:ecs/taskDefinition:TaskDefinition";

  it("GIVEN a changed input that forces replacement THEN the resource is +- with old → new", () => {
    const d = diffPlans(
      plan(state(HC, "hc", { requestInterval: 30, failureThreshold: 3 })),
      plan(state(HC, "hc", { requestInterval: 10, failureThreshold: 3 })),
    );
    assert.deepEqual(d.resources, [
      {
        sign: "+-",
        urn: urn(HC, "hc"),
        type: HC,
        name: "hc",
        properties: [{ path: "requestInterval", old: 30, new: 10, replaces: true }],
      },
    ]);
    assert.match(
      renderDiff(d),
      /\+- {2}aws:route53:HealthCheck {2}hc {2}replace\n +~ requestInterval: 30 → 10 \(forces replacement\)/,
    );
  });

  it("GIVEN an in-place change inside a JSON document THEN ~ names the path inside it", () => {
    const defs = (image: string) => JSON.stringify([{ name: "app", image, cpu: 256 }]);
    const d = diffPlans(
      plan(state(FN, "fn", { memorySize: 256 }), state(TD, "td", { containerDefinitions: defs("app:1") })),
      plan(state(FN, "fn", { memorySize: 512 }), state(TD, "td", { containerDefinitions: defs("app:2") })),
    );
    assert.deepEqual(
      d.resources.map((r) => [
        r.sign,
        r.name,
        r.properties.map((p) => `${p.path}:${String(p.old)}→${String(p.new)}:${p.replaces}`),
      ]),
      [
        ["+-", "td", ["containerDefinitions[0].image:app:1→app:2:true"]],
        ["~", "fn", ["memorySize:256→512:false"]],
      ],
    );
  });

  it("never shows a secret's value, and lists creates and deletes in URN order", () => {
    const d = diffPlans(
      {
        config: { "acs:token": "[secret]", "acs:size": "1" },
        ...plan(state(FN, "b", { environment: { variables: { KEY: "[secret]" } } }), state(FN, "z", {})),
      },
      {
        config: { "acs:token": "[secret]", "acs:size": "2" },
        ...plan(state(FN, "b", { environment: { variables: { KEY: "plain-now" } } }), state(FN, "a", {})),
      },
    );
    assert.deepEqual(
      d.resources.map((r) => `${r.sign} ${r.name}`),
      ["+ a", "~ b", "- z"],
    );
    assert.deepEqual(d.resources[1]!.properties[0], {
      path: "environment.variables.KEY",
      old: "[secret]",
      new: "[secret]",
      replaces: false,
    });
    assert.doesNotMatch(renderDiff(d), /plain-now/);
    assert.deepEqual(d.config, [{ path: "acs:size", old: "1", new: "2", replaces: false }]);
  });

  it("GIVEN a resource under a new parent THEN it is replaced unless it declares the old URN as an alias", () => {
    const before = plan(state(FN, "fn", { memorySize: 256 }));
    const moved = {
      ...state(FN, "fn", { memorySize: 256 }),
      urn: "urn:pulumi:dev::acs::acs:x:Pool$aws:lambda/function:Function::fn",
    };
    const replaced = diffPlans(before, plan(moved));
    assert.deepEqual(
      replaced.resources.map((r) => [
        r.sign,
        r.urn,
        r.properties.map((p) => `${p.path} ${String(p.replaces)}`),
      ]),
      [["+-", moved.urn, ["(urn) true"]]],
    );
    const aliased = diffPlans(before, plan({ ...moved, aliases: [urn(FN, "fn")] }));
    assert.deepEqual(
      aliased.resources.map((r) => [r.sign, r.properties.map((p) => `${p.path} ${String(p.replaces)}`)]),
      [["~", ["(urn) false"]]],
    );
  });

  it("reads a real `pulumi preview --json`: a replacement's steps are one resource, deleted ones are gone", () => {
    const real = readPreviewDigest(realPreview);
    const after: PreviewDigest = {
      steps: (real.steps ?? [])
        .filter((s) => s.op !== "delete-replaced" && s.op !== "delete")
        .map((s) => ({ ...s, newState: s.newState ?? s.oldState })),
    };
    const d = diffPlans(real, after);
    assert.deepEqual(d.resources, []);
    assert.equal(d.unchanged, 4);
  });

  it("rejects a file that is not preview JSON, naming it", () => {
    assert.throws(
      () => readPreviewDigest(path.join(__dirname, "options.json")),
      /options\.json is not `pulumi preview --json` output: document: neither "steps" nor "changeSummary"/,
    );
    assert.throws(() => readPreviewDigest("nope.json"), /nope\.json: cannot read a plan \(no such file\)/);
  });
});
