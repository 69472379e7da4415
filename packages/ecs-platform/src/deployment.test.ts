import * as assert from "node:assert/strict";
import { overlyBroadStatements, parsePolicy, Recording, runPulumi, statementsGranting } from "@acs/testkit";
import { DeploymentArgs } from "./deployment";
import { Service, validateServiceArgs } from "./service";
import { LISTENER_ARN, VPC_ID } from "./test/fixtures";
import { type Extra, parts, type Parts, serviceArgs } from "./test/app-service";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:acs-dev-alerts";
const SVC = "aws:ecs/service:Service";
const TG = "aws:lb/targetGroup:TargetGroup";
const RULE = "aws:lb/listenerRule:ListenerRule";
const ROLE = "aws:iam/role:Role";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const HOOK_FN = "arn:aws:lambda:us-east-1:123456789012:function:acs-dev-contract-tests";

/** The app service behind the ALB at priority 5, deployed with `deployment`. */
function stack(deployment?: DeploymentArgs, extra: Extra = {}) {
  return new Service("app", serviceArgs(parts(), { deployment, ...extra }));
}

const blueGreen: DeploymentArgs = { strategy: { type: "blueGreen" } };

describe("Service deployment strategies", () => {
  describe("GIVEN blue/green", () => {
    let rec: Recording;
    before(async () => {
      rec = await runPulumi(() => stack(blueGreen, { alarms: { topicArn: TOPIC } }));
    });

    it("THEN an alternate ip target group mirrors the primary's port, VPC and health check", () => {
      const blue = rec.one(TG, "app-alb-tg");
      const green = rec.one(TG, "app-alb-tg-alt");
      for (const key of ["targetType", "protocol", "port", "vpcId", "healthCheck", "deregistrationDelay"])
        assert.deepEqual(green.inputs[key], blue.inputs[key], `${green.urn}: ${key}`);
      assert.notEqual(green.outputs.arn, blue.outputs.arn);
    });

    it("THEN the production rule forwards to blue at 100 and green at 0, and leaves the weights to ECS", () => {
      const rule = rec.one(RULE, "app-rule");
      assert.equal(rule.inputs.priority, 5);
      assert.deepEqual(rule.inputs.actions, [
        {
          type: "forward",
          forward: {
            targetGroups: [
              { arn: rec.one(TG, "app-alb-tg").outputs.arn, weight: 100 },
              { arn: rec.one(TG, "app-alb-tg-alt").outputs.arn, weight: 0 },
            ],
          },
        },
      ]);
      assert.deepEqual(rule.options.ignoreChanges, ["actions"], rule.urn);
    });

    it("THEN a test rule before it matches the same path plus the test header", () => {
      const test = rec.one(RULE, "app-test-rule");
      const https = rec.ofType("aws:lb/listener:Listener").find((l) => l.inputs.port === 443)!;
      assert.equal(test.inputs.listenerArn, https.outputs.arn);
      assert.equal(test.inputs.priority, 4, "evaluated before the production rule (5)");
      assert.deepEqual(test.inputs.conditions, [
        { pathPattern: { values: ["/app/*"] } },
        { httpHeader: { httpHeaderName: "X-Acs-Test-Traffic", values: ["green"] } },
      ]);
      assert.deepEqual(test.inputs.actions, rec.one(RULE, "app-rule").inputs.actions);
      assert.deepEqual(test.options.ignoreChanges, ["actions"]);
    });

    it("THEN the ECS infrastructure role is trusted by ECS only and carries AWS's load-balancer policy, nothing else", () => {
      const role = rec.one(ROLE, "app-ecs-infra");
      const trust = JSON.parse(role.inputs.assumeRolePolicy);
      assert.deepEqual(
        trust.Statement.map((s: any) => [s.Principal.Service, s.Action]),
        [["ecs.amazonaws.com", "sts:AssumeRole"]],
      );
      const attachments = rec
        .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .filter((a) => a.inputs.role === role.outputs.name);
      assert.deepEqual(
        attachments.map((a) => a.inputs.policyArn),
        ["arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers"],
      );
      assert.equal(
        rec.ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === role.outputs.name).length,
        0,
        "no inline grants on the infrastructure role",
      );
    });

    it("THEN the service deploys BLUE_GREEN with a 5-minute bake and the advanced load-balancer configuration", () => {
      const s = rec.one(SVC);
      assert.deepEqual(s.inputs.deploymentConfiguration, { strategy: "BLUE_GREEN", bakeTimeInMinutes: "5" });
      assert.deepEqual(s.inputs.loadBalancers, [
        {
          targetGroupArn: rec.one(TG, "app-alb-tg").outputs.arn,
          containerName: "app",
          containerPort: 8080,
          advancedConfiguration: {
            alternateTargetGroupArn: rec.one(TG, "app-alb-tg-alt").outputs.arn,
            productionListenerRule: rec.one(RULE, "app-rule").outputs.arn,
            testListenerRule: rec.one(RULE, "app-test-rule").outputs.arn,
            roleArn: rec.one(ROLE, "app-ecs-infra").outputs.arn,
          },
        },
      ]);
      assert.ok(s.options.ignoreChanges?.includes("loadBalancers"), "ECS owns which group is primary");
      // The rules and the role are inputs; the managed policy's attachment is an explicit dependency.
      const attachment = rec.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "app-ecs-infra");
      assert.ok(s.options.dependsOn?.includes(attachment.urn), "the service waits for the role's policy");
    });

    it("THEN the circuit breaker still rolls back, and the 5xx and unhealthy alarms roll the deployment back too", () => {
      const s = rec.one(SVC);
      assert.deepEqual(s.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
      assert.deepEqual(s.inputs.alarms, {
        enable: true,
        rollback: true,
        alarmNames: [rec.one(ALARM, "app-5xx").outputs.name, rec.one(ALARM, "app-unhealthy").outputs.name],
      });
    });

    it("THEN the 5xx and unhealthy alarms watch both target groups (production moves between them)", () => {
      const blue = rec.one(TG, "app-alb-tg").outputs.arnSuffix;
      const green = rec.one(TG, "app-alb-tg-alt").outputs.arnSuffix;
      for (const [n, expr] of [
        ["app-5xx", "SUM([FILL(m1, 0), FILL(m2, 0)])"],
        ["app-unhealthy", "MAX([FILL(m1, 0), FILL(m2, 0)])"],
      ] as const) {
        const a = rec.one(ALARM, n);
        const q = a.inputs.metricQueries;
        assert.equal(q[0].expression, expr, a.urn);
        assert.equal(q[0].returnData, true);
        assert.deepEqual(
          q.slice(1).map((m: any) => m.metric.dimensions.TargetGroup),
          [blue, green],
          a.urn,
        );
        assert.deepEqual(a.inputs.alarmActions, [TOPIC]);
      }
    });
  });

  it("WHEN autoscaling tracks requests per target THEN it computes them over both target groups", async () => {
    const rec = await runPulumi(() =>
      stack(blueGreen, { autoscaling: { minCount: 2, maxCount: 6, requestsPerTarget: 1000 } }),
    );
    const spec = rec.one("aws:appautoscaling/policy:Policy", "app-requests").inputs
      .targetTrackingScalingPolicyConfiguration;
    assert.equal(spec.predefinedMetricSpecification, undefined);
    assert.equal(spec.targetValue, 1000);
    const metrics = spec.customizedMetricSpecification.metrics;
    const tgs = metrics
      .filter((m: any) => m.metricStat)
      .map((m: any) => [
        m.metricStat.metric.metricName,
        m.metricStat.metric.dimensions.find((d: any) => d.name === "TargetGroup").value,
      ]);
    const blue = rec.one(TG, "app-alb-tg").outputs.arnSuffix;
    const green = rec.one(TG, "app-alb-tg-alt").outputs.arnSuffix;
    assert.deepEqual(tgs, [
      ["RequestCount", blue],
      ["RequestCount", green],
      ["HealthyHostCount", blue],
      ["HealthyHostCount", green],
    ]);
    assert.deepEqual(
      metrics.filter((m: any) => m.returnData).map((m: any) => m.expression),
      ["(FILL(r1, 0) + FILL(r2, 0)) / (FILL(h1, 0) + FILL(h2, 0))"],
    );
  });

  it("deploys CANARY with its percent and canary bake, and LINEAR with its step and interval", async () => {
    const alarms = { topicArn: TOPIC };
    const canary = await runPulumi(() =>
      stack(
        { strategy: { type: "canary", percent: 12.5, canaryBakeTimeMinutes: 15, bakeTimeMinutes: 20 } },
        { alarms },
      ),
    );
    assert.deepEqual(canary.one(SVC).inputs.deploymentConfiguration, {
      strategy: "CANARY",
      bakeTimeInMinutes: "20",
      canaryConfiguration: { canaryPercent: 12.5, canaryBakeTimeInMinutes: "15" },
    });
    const linear = await runPulumi(() =>
      stack({ strategy: { type: "linear", stepPercent: 25 } }, { alarms }),
    );
    assert.deepEqual(linear.one(SVC).inputs.deploymentConfiguration, {
      strategy: "LINEAR",
      bakeTimeInMinutes: "5",
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: "6" },
    });
    assert.equal(linear.ofType(TG).filter((t) => t.name === "app-alb-tg-alt").length, 1);
    // AWS documents the circuit breaker for rolling and blue/green only: these roll back on the alarms.
    for (const rec of [canary, linear]) {
      const s = rec.one(SVC);
      assert.equal(s.inputs.deploymentCircuitBreaker, undefined, s.urn);
      assert.equal(s.inputs.alarms.rollback, true, s.urn);
      assert.equal(s.inputs.alarms.alarmNames.length, 2, s.urn);
    }
  });

  it("WHEN rolling (the default) THEN there is no second target group, test rule, infrastructure role or deployment alarm", async () => {
    for (const deployment of [undefined, { strategy: { type: "rolling" } } as DeploymentArgs]) {
      const rec = await runPulumi(() => stack(deployment, { alarms: { topicArn: TOPIC } }));
      assert.equal(rec.ofType(TG).filter((t) => t.name === "app-alb-tg-alt").length, 0);
      assert.equal(rec.ofType(RULE).length, 1);
      assert.equal(rec.ofType(ROLE).filter((r) => r.name === "app-ecs-infra").length, 0);
      const s = rec.one(SVC);
      assert.equal(s.inputs.deploymentConfiguration, undefined);
      assert.equal(s.inputs.alarms, undefined);
      assert.equal(s.inputs.loadBalancers[0].advancedConfiguration, undefined);
      assert.deepEqual(rec.one(RULE).options.ignoreChanges ?? [], []);
      assert.equal(rec.one(ALARM, "app-5xx").inputs.dimensions.TargetGroup, rec.one(TG).outputs.arnSuffix);
    }
  });

  describe("lifecycle hooks", () => {
    let rec: Recording;
    before(async () => {
      rec = await runPulumi(() =>
        stack({
          strategy: { type: "blueGreen", bakeTimeMinutes: 10 },
          testTraffic: { priority: 3, header: { name: "X-Canary", value: "yes" } },
          smokeTest: { hostName: "dev.acs.app.com" },
          lifecycleHooks: [
            { functionArn: HOOK_FN, stages: ["PRE_SCALE_UP"], details: { suite: "contract" } },
          ],
        }),
      );
    });

    it("THEN the smoke test is a nodejs22.x Lambda that GETs /app/health through the test rule with TLS verified for the host name", () => {
      const fn = rec.one("aws:lambda/function:Function", "app-smoke");
      assert.equal(fn.inputs.runtime, "nodejs22.x");
      assert.equal(fn.inputs.handler, "index.handler");
      assert.deepEqual(fn.inputs.environment.variables, {
        LB_DNS_NAME: rec.one("aws:lb/loadBalancer:LoadBalancer", "web-alb").outputs.dnsName,
        HOST_NAME: "dev.acs.app.com",
        SMOKE_PATH: "/app/health",
        EXPECT_BODY: '"status":"ok"',
        TEST_HEADER_NAME: "X-Canary",
        TEST_HEADER_VALUE: "yes",
        ATTEMPTS: "3",
        RETRY_DELAY_MS: "5000",
      });
      assert.equal(fn.inputs.vpcConfig, undefined, "it calls the public listener; no VPC access");
    });

    it("THEN ECS runs the smoke test after test traffic shifts and the caller's hook before scale-up, through one role", () => {
      const s = rec.one(SVC);
      const role = rec.one(ROLE, "app-hooks");
      const fn = rec.one("aws:lambda/function:Function", "app-smoke");
      assert.deepEqual(s.inputs.deploymentConfiguration.lifecycleHooks, [
        {
          hookTargetArn: HOOK_FN,
          roleArn: role.outputs.arn,
          lifecycleStages: ["PRE_SCALE_UP"],
          hookDetails: '{"suite":"contract"}',
        },
        {
          hookTargetArn: fn.outputs.arn,
          roleArn: role.outputs.arn,
          lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"],
        },
      ]);
      assert.equal(s.inputs.deploymentConfiguration.bakeTimeInMinutes, "10");
      assert.equal(rec.one(RULE, "app-test-rule").inputs.priority, 3);
    });

    it("THEN the hook role may invoke exactly those two functions and is trusted by ECS only", () => {
      const role = rec.one(ROLE, "app-hooks");
      assert.equal(
        JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal.Service,
        "ecs.amazonaws.com",
      );
      const doc = rec.one("aws:iam/rolePolicy:RolePolicy", "app-hooks").inputs.policy;
      assert.deepEqual(overlyBroadStatements(doc), []);
      assert.deepEqual(
        parsePolicy(doc).map((s) => [s.Action, s.Resource]),
        [
          [
            ["lambda:InvokeFunction"],
            [rec.one("aws:lambda/function:Function", "app-smoke").outputs.arn, HOOK_FN].sort(),
          ],
        ],
      );
    });

    it("THEN the smoke Lambda's own role writes only its log group", () => {
      const doc = rec.one("aws:iam/rolePolicy:RolePolicy", "app-smoke").inputs.policy;
      assert.deepEqual(overlyBroadStatements(doc), []);
      const logs = rec.one("aws:cloudwatch/logGroup:LogGroup", "app-smoke-logs");
      assert.deepEqual(statementsGranting(doc, "logs:PutLogEvents")[0]?.Resource, [
        `${logs.outputs.arn}:log-stream:*`,
      ]);
      assert.equal(parsePolicy(doc).length, 1);
      assert.equal(logs.inputs.retentionInDays, 30);
    });

    it("WHEN there are no hooks THEN there is no hook role and no Lambda", async () => {
      const plain = await runPulumi(() => stack(blueGreen));
      assert.equal(plain.ofType(ROLE).filter((r) => r.name === "app-hooks").length, 0);
      assert.equal(plain.ofType("aws:lambda/function:Function").length, 0);
      assert.equal(plain.one(SVC).inputs.deploymentConfiguration.lifecycleHooks, undefined);
    });
  });

  describe("rejects bad input before creating anything", () => {
    // The deployment rules are checked by `validateServiceArgs` (through `validateDeploymentArgs`)
    // and read the service's ALB and NLB, given as components: real instances, built once in one
    // engine run, and direct validator calls, as the constructor makes them. Service's
    // engine-level test (the constructor throws the validator's message before registering
    // anything of the service) is in service.test.ts.
    let on: Parts;
    before(async () => {
      await runPulumi(() => {
        on = parts();
      });
    });
    /** The message `validateServiceArgs` throws for the app service deployed with `deployment`. */
    function rejected(deployment: DeploymentArgs, extra: Extra = {}): string {
      try {
        validateServiceArgs("app", serviceArgs(on, { deployment, ...extra }));
      } catch (e) {
        return (e as Error).message;
      }
      assert.fail(`accepted ${JSON.stringify(deployment)}`);
    }

    it("blue/green without an ALB", () => {
      assert.match(
        rejected(blueGreen, { alb: undefined }),
        /Service "app": `deployment\.strategy\.type` is "blueGreen", which shifts traffic between two target groups behind a listener rule, but the service has no `alb`; add `alb` or use "rolling"/,
      );
    });
    it("a canary or linear deployment without alarms (its only automatic rollback signal)", () => {
      assert.match(
        rejected({ strategy: { type: "canary" } }),
        /`deployment\.strategy\.type` is "canary", for which ECS documents no deployment circuit breaker, so its automatic rollback rests on the 5xx and unhealthy-host alarms; set `alarms` or use "blueGreen"/,
      );
      assert.match(
        rejected({ strategy: { type: "linear" } }),
        /is "linear", for which ECS documents no deployment circuit breaker/,
      );
    });
    it("a canary percent ECS does not accept", () => {
      for (const percent of [0, 0.05, 2.55, 101])
        assert.match(
          rejected({ strategy: { type: "canary", percent } }, { alarms: { topicArn: TOPIC } }),
          new RegExp(
            `\`deployment\\.strategy\\.percent\` is ${percent}; ECS accepts a multiple of 0\\.1 from 0\\.1 to 100`,
          ),
        );
    });
    it("a linear step below 3 percent", () => {
      assert.match(
        rejected({ strategy: { type: "linear", stepPercent: 2 } }, { alarms: { topicArn: TOPIC } }),
        /`deployment\.strategy\.stepPercent` is 2; ECS accepts a multiple of 0\.1 from 3 to 100/,
      );
    });
    it("a bake time over 24 hours", () => {
      assert.match(
        rejected({ strategy: { type: "blueGreen", bakeTimeMinutes: 1441 } }),
        /`deployment\.strategy\.bakeTimeMinutes` is 1441; use whole minutes from 0 to 1440 \(24 hours\)/,
      );
    });
    it("a lifecycle stage that does not exist", () => {
      assert.match(
        rejected({
          ...blueGreen,
          lifecycleHooks: [{ functionArn: HOOK_FN, stages: ["AfterAllowTestTraffic" as any] }],
        }),
        /`deployment\.lifecycleHooks\[0\]\.stages\[0\]` is "AfterAllowTestTraffic", which is not an ECS lifecycle stage; use RECONCILE_SERVICE, PRE_SCALE_UP, .* or POST_PRODUCTION_TRAFFIC_SHIFT/,
      );
      assert.match(
        rejected({ ...blueGreen, smokeTest: { hostName: "dev.acs.app.com", stages: [] } }),
        /`deployment\.smokeTest\.stages` is empty/,
      );
    });
    it("a hook that is not a Lambda function ARN", () => {
      assert.match(
        rejected({
          ...blueGreen,
          lifecycleHooks: [{ functionArn: "my-function", stages: ["PRE_SCALE_UP"] }],
        }),
        /`deployment\.lifecycleHooks\[0\]\.functionArn` is "my-function"; use a Lambda function ARN/,
      );
    });
    it("an unknown strategy", () => {
      assert.match(
        rejected({ strategy: { type: "bluegreen" } as any }),
        /`deployment\.strategy\.type` is "bluegreen"; use "rolling", "blueGreen", "canary" or "linear"/,
      );
    });
    it("test traffic, hooks or a smoke test with a rolling deployment", () => {
      assert.match(
        rejected({ strategy: { type: "rolling" }, smokeTest: { hostName: "dev.acs.app.com" } }),
        /`deployment\.smokeTest` is set but the strategy is "rolling", which has no green revision/,
      );
    });
    it("a test rule that the production rule would shadow", () => {
      assert.match(
        rejected({ ...blueGreen, testTraffic: { priority: 6 } }),
        /`deployment\.testTraffic\.priority` is 6, not below `alb\.priority` 5: the production rule would match test requests first; use a priority from 1 to 4/,
      );
    });
    it("production conditions that leave no room for the test header in one ALB rule", () => {
      assert.match(
        rejected(blueGreen, {
          alb: {
            listenerArn: LISTENER_ARN,
            vpcId: VPC_ID,
            priority: 5,
            pathPatterns: ["/app/*", "/api/*", "/v2/*"],
            hostHeaders: ["a.example.com", "b.example.com"],
          },
        }),
        /`alb` has 5 path patterns and host headers, so the test listener rule \(those plus the test header\) would have 6 comparison strings, over the ALB's 5 per rule/,
      );
    });
    it("traffic shifting on a service that is also on the NLB", () => {
      assert.match(
        rejected(blueGreen, { nlb: { loadBalancer: on.lb } }),
        /is "blueGreen" and the service also has `nlb`/,
      );
    });
    it("an alternate target group name over 32 characters or equal to the primary's", () => {
      assert.match(
        rejected({ ...blueGreen, alternateTargetGroupName: "acs-development-application-tg-01" }),
        /`deployment\.alternateTargetGroupName` is "acs-development-application-tg-01" \(33 characters\)/,
      );
      assert.match(
        rejected(
          { ...blueGreen, alternateTargetGroupName: "acs-dev-app" },
          {
            alb: {
              listenerArn: LISTENER_ARN,
              vpcId: VPC_ID,
              priority: 5,
              pathPatterns: ["/app/*"],
              targetGroupName: "acs-dev-app",
            },
          },
        ),
        /`deployment\.alternateTargetGroupName` is "acs-dev-app", the same as `alb\.targetGroupName`; give the two target groups different names/,
      );
    });
  });
});
