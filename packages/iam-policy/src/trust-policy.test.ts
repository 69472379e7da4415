import * as assert from "node:assert/strict";
import { serviceTrustPolicy } from "./trust-policy";

describe("serviceTrustPolicy", () => {
  it("lets the service principal assume the role, with no condition when no scope is given", () => {
    assert.equal(
      JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")),
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    );
  });

  it("limits it to the account's resources matching the source ARN (confused-deputy protection)", () => {
    const doc = serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
      sourceAccount: "123456789012",
      sourceArn: "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*",
    });
    assert.deepEqual(doc.Statement[0]!.Condition, {
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*" },
    });
  });
});
