import * as assert from "node:assert/strict";
import { keyPolicy } from "./key-policy";

describe("keyPolicy", () => {
  const grant = {
    sid: "CloudWatchAlarmsPublish",
    service: "cloudwatch.amazonaws.com",
    actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
    condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
  };

  it("lets the account's root administer the key (kms:* unless narrowed) and each service only its actions, on its condition", () => {
    assert.deepEqual(keyPolicy({ account: "123456789012", partition: "aws", serviceGrants: [grant] }), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministersKey",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:root" },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "CloudWatchAlarmsPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        },
      ],
    });
  });

  it("narrows the account's actions when given, in the partition given", () => {
    const doc = keyPolicy({
      account: "1",
      partition: "aws-cn",
      accountActions: ["kms:Describe*"],
      serviceGrants: [],
    });
    assert.deepEqual(doc.Statement, [
      {
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: "arn:aws-cn:iam::1:root" },
        Action: ["kms:Describe*"],
        Resource: "*",
      },
    ]);
  });

  it("refuses a service grant without a condition (any account's use of the service would reach the key)", () => {
    assert.throws(
      () => keyPolicy({ account: "1", partition: "aws", serviceGrants: [{ ...grant, condition: {} }] }),
      /CloudWatchAlarmsPublish to cloudwatch\.amazonaws\.com has an empty condition/,
    );
  });
});
