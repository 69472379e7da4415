import * as assert from "node:assert/strict";
import { parsePolicy } from "./statement";
import {
  actionMatches,
  coversEveryActionOf,
  isOverlyBroadAllow,
  isServiceWildcard,
  resourceMatches,
} from "./wildcards";

const allow = (s: Record<string, unknown>) => ({ Effect: "Allow", ...s });

describe("isOverlyBroadAllow", () => {
  it('flags "*" and "<service>:*" on "*", as a string or in a list', () => {
    assert.equal(isOverlyBroadAllow(allow({ Action: "*", Resource: "*" })), true);
    assert.equal(
      isOverlyBroadAllow(allow({ Action: ["s3:GetObject", "iam:*"], Resource: ["arn:x", "*"] })),
      true,
    );
  });

  it("accepts wildcards scoped to named resources, and named actions on every resource", () => {
    assert.equal(isOverlyBroadAllow(allow({ Action: "s3:*", Resource: "arn:aws:s3:::b/*" })), false);
    assert.equal(isOverlyBroadAllow(allow({ Action: ["ecr:GetAuthorizationToken"], Resource: "*" })), false);
    assert.equal(isOverlyBroadAllow(allow({ Action: "s3:Get*", Resource: "*" })), false);
  });

  it("flags any NotAction/NotResource allow, even with an empty list (present is what counts)", () => {
    assert.equal(isOverlyBroadAllow(allow({ NotAction: "iam:*", Resource: "arn:x" })), true);
    assert.equal(isOverlyBroadAllow(allow({ Action: "s3:GetObject", NotResource: "arn:x" })), true);
    // The test helper used to pass an empty NotAction; the pack and the component refused it.
    assert.equal(isOverlyBroadAllow(allow({ NotAction: [], Resource: "arn:x" })), true);
    assert.equal(
      isOverlyBroadAllow(parsePolicy({ Statement: [allow({ NotAction: [], Resource: "arn:x" })] })[0]!),
      true,
    );
  });

  it("never flags a Deny, nor a statement without Effect (IAM rejects it: it grants nothing)", () => {
    assert.equal(isOverlyBroadAllow({ Effect: "Deny", Action: "*", Resource: "*" }), false);
    // The component's validator used to read a missing Effect as Allow; the pack and the tests did not.
    assert.equal(isOverlyBroadAllow({ Action: "*", Resource: "*" }), false);
  });

  it("ignores entries that are not strings (unknown values, Outputs)", () => {
    assert.equal(isOverlyBroadAllow(allow({ Action: [Symbol("unknown")], Resource: "*" })), false);
  });
});

describe("the action and resource patterns", () => {
  it('knows "<service>:*" from "*"', () => {
    assert.equal(isServiceWildcard("s3:*"), true);
    assert.equal(isServiceWildcard("*"), false);
    assert.equal(isServiceWildcard("s3:Get*"), false);
  });

  it("covers every action of a service with * or <service>:* in any case (IAM action names ignore case)", () => {
    assert.equal(coversEveryActionOf("s3", "*"), true);
    assert.equal(coversEveryActionOf("s3", "s3:*"), true);
    assert.equal(coversEveryActionOf("s3", "S3:*"), true);
    assert.equal(coversEveryActionOf("s3", "s3:Put*"), false);
    assert.equal(coversEveryActionOf("s3", "s3express:*"), false);
  });

  it("matches actions case-insensitively and resources case-sensitively, with * and ?", () => {
    assert.equal(actionMatches("dynamodb:Get*", "DynamoDB:GetItem"), true);
    assert.equal(actionMatches("dynamodb:?etItem", "dynamodb:GetItem"), true);
    assert.equal(actionMatches("dynamodb:Get*", "dynamodb:PutItem"), false);
    assert.equal(
      resourceMatches("arn:aws:ecr:*:1:repository/acs/*", "arn:aws:ecr:us-east-1:1:repository/acs/app"),
      true,
    );
    assert.equal(
      resourceMatches("arn:aws:ecr:*:1:repository/acs/*", "arn:aws:ecr:us-east-1:1:repository/ACS/app"),
      false,
    );
    assert.equal(resourceMatches("arn:aws:s3:::a.b", "arn:aws:s3:::aXb"), false);
  });
});
