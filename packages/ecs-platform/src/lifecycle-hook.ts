import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "./iam";
import { serviceTrustPolicy } from "@acs/iam-policy";

/**
 * The smoke-test Lambda's code (CommonJS, nodejs22.x, no dependencies). It GETs the path from the
 * load balancer over HTTPS with the test header, so the test listener rule sends it to the green
 * revision; SNI and `Host` are the certificate's host name, so TLS is verified as for a browser.
 * It answers ECS with `hookStatus` SUCCEEDED on a 200 whose body contains the expected text,
 * else FAILED after the configured attempts (ECS then rolls back).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/lambda-lifecycle-hooks.html
 * Kept as source text so the tests run exactly what ships.
 */
export const SMOKE_HOOK_SOURCE = `"use strict";
const https = require("node:https");

function get(env) {
  return new Promise((resolve) => {
    const req = https.request(
      {
        host: env.LB_DNS_NAME,
        port: 443,
        method: "GET",
        path: env.SMOKE_PATH,
        servername: env.HOST_NAME,
        headers: {
          host: env.HOST_NAME,
          [env.TEST_HEADER_NAME]: env.TEST_HEADER_VALUE,
          "user-agent": "acs-ecs-smoke-test",
        },
        timeout: 5000,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          if (body.length < 65536) body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer within 5 s")));
    req.on("error", (e) => resolve({ status: 0, body: "", error: e.message }));
    req.end();
  });
}

exports.handler = async (event) => {
  const env = process.env;
  const attempts = Number(env.ATTEMPTS || "3");
  const delayMs = Number(env.RETRY_DELAY_MS || "5000");
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const r = await get(env);
    const ok = r.status === 200 && r.body.includes(env.EXPECT_BODY);
    console.log(JSON.stringify({
      level: ok ? "info" : "warn",
      msg: ok ? "smoke test passed" : "smoke test failed",
      stage: event && event.lifecycleStage,
      path: env.SMOKE_PATH,
      attempt,
      status: r.status,
      error: r.error,
      body: ok ? undefined : r.body.slice(0, 200),
    }));
    if (ok) return { hookStatus: "SUCCEEDED" };
    if (attempt < attempts) await new Promise((done) => setTimeout(done, delayMs));
  }
  return { hookStatus: "FAILED" };
};
`;

export interface SmokeHookSettings {
  readonly loadBalancerDnsName: pulumi.Input<string>;
  readonly hostName: pulumi.Input<string>;
  readonly path: string;
  readonly expectBody: string;
  readonly header: { readonly name: string; readonly value: string };
  readonly attempts: number;
  readonly tags: Record<string, string>;
}

/** What {@link createSmokeHook} made. */
export interface SmokeHook {
  readonly function: aws.lambda.Function;
  readonly role: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;
}

/**
 * The smoke-test Lambda: its own role (writes only its log group), its log group (30 days), no
 * VPC (it calls the internet-facing load balancer on 443 like any client).
 */
export function createSmokeHook(name: string, parent: pulumi.Resource, s: SmokeHookSettings): SmokeHook {
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-smoke-logs`,
    { namePrefix: `/acs/ecs-hooks/${name}-smoke-`, retentionInDays: 30, tags: s.tags },
    { parent },
  );
  const role = new aws.iam.Role(
    `${name}-smoke`,
    {
      description: `Smoke-test lifecycle hook of ${name}: writes its own logs, nothing else`,
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")),
      tags: s.tags,
    },
    { parent },
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-smoke`,
    {
      role: role.name,
      policy: policyDocument([
        pulumi.output(logGroup.arn).apply((arn) => ({
          Sid: "OwnLogs",
          Effect: "Allow" as const,
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${arn}:log-stream:*`,
        })),
      ]),
    },
    { parent },
  );
  const timeout = s.attempts * 10 + 10;
  const fn = new aws.lambda.Function(
    `${name}-smoke`,
    {
      description: `ECS lifecycle hook: GET ${s.path} on the green revision through the test listener rule`,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(SMOKE_HOOK_SOURCE) }),
      role: role.arn,
      memorySize: 128,
      timeout,
      loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
      environment: {
        variables: {
          LB_DNS_NAME: s.loadBalancerDnsName,
          HOST_NAME: s.hostName,
          SMOKE_PATH: s.path,
          EXPECT_BODY: s.expectBody,
          TEST_HEADER_NAME: s.header.name,
          TEST_HEADER_VALUE: s.header.value,
          ATTEMPTS: String(s.attempts),
          RETRY_DELAY_MS: "5000",
        },
      },
      tags: s.tags,
    },
    { parent, dependsOn: [policy] },
  );
  return { function: fn, role, logGroup };
}
