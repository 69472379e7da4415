import * as assert from "node:assert/strict";
import {
  overlyBroadStatements,
  Recording,
  runPulumi,
  runPulumiExpectingError,
  statementsGranting,
} from "@acs/testkit";
import { Cluster, ClusterArgs } from "./cluster";
import { LoadBalancer } from "./load-balancer";
import { Service, ServiceArgs, validateServiceArgs } from "./service";
import { ContainerArgs } from "./container-definition";
import { TaskDefinition } from "./task-definition";
import { IMAGE, lbArgs, LISTENER_ARN, VPC_ID } from "./test/fixtures";
import { type Extra, parts, type Parts, serviceArgs } from "./test/app-service";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:acs-dev-alerts";
const SVC = "aws:ecs/service:Service";
const TG = "aws:lb/targetGroup:TargetGroup";

/** A cluster, an ALB (with NLB) and the app's task definition; then the service with `extra`. */
function stack(
  extra: Extra = {},
  clusterArgs?: ClusterArgs,
  compat?: ("FARGATE" | "EC2")[],
  container?: Partial<ContainerArgs>,
) {
  return new Service("app", serviceArgs(parts(clusterArgs, compat, container), extra));
}

/** `parts()` built in one engine run (constructing a component registers resources). */
async function built(...args: Parameters<typeof parts>): Promise<Parts> {
  let made: Parts | undefined;
  await runPulumi(() => {
    made = parts(...args);
  });
  return made!;
}

/** The message `validateServiceArgs` throws for the app service over `on` with `extra`, as the constructor calls it. */
function rejected(extra: Extra, on: Parts): string {
  try {
    validateServiceArgs("app", serviceArgs(on, extra));
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail(`accepted ${Object.keys(extra).join(", ")}`);
}

const service = (rec: Recording) => rec.one(SVC);

describe("Service", () => {
  it("runs only in the private subnets, with the app security group and no public IP", async () => {
    const rec = await runPulumi(() => stack());
    const s = service(rec);
    assert.deepEqual(
      s.inputs.networkConfiguration,
      { subnets: ["subnet-priv-a", "subnet-priv-b"], securityGroups: ["sg-app"], assignPublicIp: false },
      s.urn,
    );
  });

  it("deploys with a circuit breaker that rolls back, 100/200 percent, managed and propagated tags", async () => {
    const s = service(await runPulumi(() => stack()));
    assert.deepEqual(s.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
    assert.equal(s.inputs.deploymentMinimumHealthyPercent, 100);
    assert.equal(s.inputs.deploymentMaximumPercent, 200);
    assert.equal(s.inputs.propagateTags, "SERVICE");
    assert.equal(s.inputs.enableEcsManagedTags, true);
    assert.equal(s.inputs.desiredCount, 2);
    assert.equal(s.inputs.healthCheckGracePeriodSeconds, 60);
    assert.equal(s.inputs.enableExecuteCommand, false);
    assert.equal(s.inputs.orderedPlacementStrategies, undefined, "no placement strategies on Fargate");
  });

  it("routes /app/* at priority 5 on the HTTPS listener to an ip target group with the seed's health check and deregistration delay", async () => {
    const rec = await runPulumi(() => stack());
    const tg = rec.one(TG, "app-alb-tg");
    assert.equal(tg.inputs.targetType, "ip", tg.urn);
    assert.equal(tg.inputs.protocol, "HTTP");
    assert.equal(tg.inputs.port, 8080);
    assert.equal(tg.inputs.vpcId, lbArgs.vpcId);
    assert.equal(tg.inputs.deregistrationDelay, 20);
    assert.deepEqual(tg.inputs.healthCheck, {
      enabled: true,
      protocol: "HTTP",
      path: "/app/health",
      interval: 10,
      healthyThreshold: 2,
      unhealthyThreshold: 2,
      timeout: 5,
      matcher: "200-399",
    });
    const rule = rec.one("aws:lb/listenerRule:ListenerRule");
    const https = rec.ofType("aws:lb/listener:Listener").find((l) => l.inputs.port === 443)!;
    assert.equal(rule.inputs.listenerArn, https.outputs.arn);
    assert.equal(rule.inputs.priority, 5);
    assert.deepEqual(rule.inputs.conditions, [{ pathPattern: { values: ["/app/*"] } }]);
    assert.deepEqual(rule.inputs.actions, [{ type: "forward", targetGroupArn: tg.outputs.arn }]);
    const s = service(rec);
    assert.deepEqual(s.inputs.loadBalancers, [
      { targetGroupArn: tg.outputs.arn, containerName: "app", containerPort: 8080 },
    ]);
    assert.ok(s.options.dependsOn?.includes(rule.urn), "the service waits for the listener rule");
  });

  it("defaults the target health check path to /health", async () => {
    const rec = await runPulumi(() => {
      const cluster = new Cluster("main");
      const lb = new LoadBalancer("web", lbArgs);
      const taskDefinition = new TaskDefinition("app", {
        cpu: 256,
        memory: 512,
        containers: [{ name: "app", image: IMAGE, portMappings: [{ containerPort: 8080 }] }],
      });
      new Service("app", {
        cluster,
        taskDefinition,
        subnetIds: ["s"],
        securityGroupIds: ["sg"],
        alb: { loadBalancer: lb, priority: 10, hostHeaders: ["api.example.com"] },
      });
    });
    assert.equal(rec.one(TG).inputs.healthCheck.path, "/health");
    assert.deepEqual(rec.one("aws:lb/listenerRule:ListenerRule").inputs.conditions, [
      { hostHeader: { values: ["api.example.com"] } },
    ]);
  });

  it("registers with the internal NLB as well: TCP target group and listener", async () => {
    const rec2 = await runPulumi(() => {
      const cluster = new Cluster("main");
      const lb = new LoadBalancer("web", {
        ...lbArgs,
        nlb: { name: "acs-dev-nlb", subnetIds: ["subnet-priv-a", "subnet-priv-b"] },
      });
      const taskDefinition = new TaskDefinition("app", {
        cpu: 256,
        memory: 512,
        containers: [{ name: "app", image: IMAGE, portMappings: [{ containerPort: 8080 }] }],
      });
      new Service("app", {
        cluster,
        taskDefinition,
        subnetIds: ["s"],
        securityGroupIds: ["sg"],
        nlb: { loadBalancer: lb },
      });
    });
    const tg = rec2.one(TG, "app-nlb-tg");
    assert.equal(tg.inputs.protocol, "TCP");
    assert.equal(tg.inputs.targetType, "ip");
    assert.equal(tg.inputs.deregistrationDelay, 20);
    assert.equal(tg.inputs.healthCheck.path, "/health");
    const listener = rec2.one("aws:lb/listener:Listener", "app-nlb-listener");
    assert.equal(
      listener.inputs.loadBalancerArn,
      rec2.one("aws:lb/loadBalancer:LoadBalancer", "web-nlb").outputs.arn,
    );
    assert.equal(listener.inputs.protocol, "TCP");
    assert.equal(listener.inputs.port, 80);
    assert.deepEqual(rec2.one(SVC).inputs.loadBalancers, [
      { targetGroupArn: tg.outputs.arn, containerName: "app", containerPort: 8080 },
    ]);
  });

  it("spreads by AZ then binpacks by memory when it runs on EC2 capacity", async () => {
    const ec2Capacity = { subnetIds: ["subnet-priv-a"], securityGroupIds: ["sg-app"] };
    const rec = await runPulumi(() =>
      stack({ capacityProviderStrategy: [{ capacityProvider: "EC2" }] }, { ec2Capacity }, ["FARGATE", "EC2"]),
    );
    const s = service(rec);
    assert.deepEqual(s.inputs.orderedPlacementStrategies, [
      { type: "spread", field: "attribute:ecs.availability-zone" },
      { type: "binpack", field: "memory" },
    ]);
    assert.deepEqual(s.inputs.capacityProviderStrategies, [
      {
        capacityProvider: rec.one("aws:ecs/capacityProvider:CapacityProvider").outputs.name,
        weight: 1,
        base: 0,
      },
    ]);
  });

  it("grants the task role ECS Exec channels, the exec log group and key only when ECS Exec is on", async () => {
    const off = await runPulumi(() => stack());
    assert.equal(off.ofType("aws:iam/rolePolicy:RolePolicy").filter((r) => r.name === "app-exec").length, 0);
    const rec = await runPulumi(() =>
      stack({ enableExecuteCommand: true }, undefined, undefined, { readonlyRootFilesystem: false }),
    );
    const doc = rec.one("aws:iam/rolePolicy:RolePolicy", "app-exec").inputs.policy;
    assert.deepEqual(overlyBroadStatements(doc), []);
    assert.equal(statementsGranting(doc, "ssmmessages:OpenDataChannel").length, 1);
    assert.deepEqual(statementsGranting(doc, "kms:Decrypt")[0]?.Resource, [
      rec.one("aws:kms/key:Key").outputs.arn,
    ]);
    assert.deepEqual(statementsGranting(doc, "logs:PutLogEvents")[0]?.Resource, [
      `${rec.one("aws:cloudwatch/logGroup:LogGroup", "main-exec-logs").outputs.arn}:log-stream:*`,
    ]);
    assert.equal(service(rec).inputs.enableExecuteCommand, true);
  });

  it("passes the cluster's default capacity strategy explicitly when it names none (no perpetual diff)", async () => {
    const rec = await runPulumi(() =>
      stack(
        {},
        {
          name: "acs-dev",
          defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 2 }],
        },
      ),
    );
    assert.deepEqual(service(rec).inputs.capacityProviderStrategies, [
      { capacityProvider: "FARGATE_SPOT", weight: 2, base: 0 },
    ]);
    const byDefault = await runPulumi(() => stack());
    assert.deepEqual(service(byDefault).inputs.capacityProviderStrategies, [
      { capacityProvider: "FARGATE", weight: 1, base: 1 },
    ]);
  });

  it("passes its own capacity strategy when given, and none with a launch type", async () => {
    const own = await runPulumi(() =>
      stack({
        capacityProviderStrategy: [
          { capacityProvider: "FARGATE", weight: 1 },
          { capacityProvider: "FARGATE_SPOT", weight: 3 },
        ],
      }),
    );
    assert.deepEqual(service(own).inputs.capacityProviderStrategies, [
      { capacityProvider: "FARGATE", weight: 1, base: 0 },
      { capacityProvider: "FARGATE_SPOT", weight: 3, base: 0 },
    ]);
    const launched = service(await runPulumi(() => stack({ launchType: "FARGATE" })));
    assert.equal(launched.inputs.launchType, "FARGATE", launched.urn);
    assert.equal(launched.inputs.capacityProviderStrategies, undefined, launched.urn);
  });

  describe("autoscaling", () => {
    const autoscaling = {
      minCount: 2,
      maxCount: 10,
      requestsPerTarget: 500,
      stepScaling: { threshold: 85 },
      scheduled: [
        {
          name: "night",
          schedule: "cron(0 20 ? * * *)",
          timezone: "Europe/London",
          minCount: 0,
          maxCount: 0,
        },
        {
          name: "morning",
          schedule: "cron(0 7 ? * MON-FRI *)",
          timezone: "Europe/London",
          minCount: 2,
          maxCount: 10,
        },
      ],
    };

    it("targets service/<cluster>/<service> with the min/max from args", async () => {
      const rec = await runPulumi(() => stack({ autoscaling }));
      const t = rec.one("aws:appautoscaling/target:Target");
      assert.equal(t.inputs.resourceId, "service/acs-dev/app", t.urn);
      assert.equal(t.inputs.scalableDimension, "ecs:service:DesiredCount");
      assert.equal(t.inputs.minCapacity, 2);
      assert.equal(t.inputs.maxCapacity, 10);
      for (const p of rec.ofType("aws:appautoscaling/policy:Policy"))
        assert.equal(p.inputs.resourceId, "service/acs-dev/app", p.urn);
      for (const a of rec.ofType("aws:appautoscaling/scheduledAction:ScheduledAction"))
        assert.equal(a.inputs.resourceId, "service/acs-dev/app", a.urn);
    });

    it("tracks CPU, memory and ALB requests per target", async () => {
      const rec = await runPulumi(() => stack({ autoscaling }));
      const tracking = (n: string) =>
        rec.one("aws:appautoscaling/policy:Policy", n).inputs.targetTrackingScalingPolicyConfiguration;
      assert.equal(
        tracking("app-cpu").predefinedMetricSpecification.predefinedMetricType,
        "ECSServiceAverageCPUUtilization",
      );
      assert.equal(tracking("app-cpu").targetValue, 60);
      assert.equal(
        tracking("app-memory").predefinedMetricSpecification.predefinedMetricType,
        "ECSServiceAverageMemoryUtilization",
      );
      const req = tracking("app-requests");
      assert.equal(req.predefinedMetricSpecification.predefinedMetricType, "ALBRequestCountPerTarget");
      const alb = rec.one("aws:lb/loadBalancer:LoadBalancer", "web-alb").outputs.arnSuffix;
      const tg = rec.one(TG, "app-alb-tg").outputs.arnSuffix;
      assert.equal(req.predefinedMetricSpecification.resourceLabel, `${alb}/${tg}`);
      assert.equal(req.targetValue, 500);
    });

    it("scales out in steps from a CPU alarm", async () => {
      const rec = await runPulumi(() => stack({ autoscaling }));
      const step = rec.one("aws:appautoscaling/policy:Policy", "app-step");
      assert.equal(step.inputs.policyType, "StepScaling");
      assert.deepEqual(step.inputs.stepScalingPolicyConfiguration.stepAdjustments, [
        { metricIntervalLowerBound: "0", metricIntervalUpperBound: "10", scalingAdjustment: 1 },
        { metricIntervalLowerBound: "10", scalingAdjustment: 2 },
      ]);
      const alarm = rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", "app-step-alarm");
      assert.deepEqual(alarm.inputs.alarmActions, [step.outputs.arn]);
      assert.equal(alarm.inputs.threshold, 85);
      assert.deepEqual(alarm.inputs.dimensions, { ClusterName: "acs-dev", ServiceName: "app" });
    });

    it("adds the scheduled actions (e.g. zero overnight)", async () => {
      const rec = await runPulumi(() => stack({ autoscaling }));
      const night = rec.one("aws:appautoscaling/scheduledAction:ScheduledAction", "app-night");
      assert.equal(night.inputs.schedule, "cron(0 20 ? * * *)");
      assert.equal(night.inputs.timezone, "Europe/London");
      assert.deepEqual(night.inputs.scalableTargetAction, { minCapacity: 0, maxCapacity: 0 });
    });

    it("leaves desiredCount to autoscaling once it is on, and manages it otherwise", async () => {
      assert.deepEqual(service(await runPulumi(() => stack({ autoscaling }))).options.ignoreChanges, [
        "desiredCount",
      ]);
      assert.deepEqual(service(await runPulumi(() => stack())).options.ignoreChanges ?? [], []);
      assert.equal((await runPulumi(() => stack())).ofType("aws:appautoscaling/target:Target").length, 0);
    });
  });

  it("alarms on CPU, memory, 5xx and unhealthy hosts to the SNS topic", async () => {
    const rec = await runPulumi(() => stack({ alarms: { topicArn: TOPIC } }));
    const names = ["app-cpu-high", "app-memory-high", "app-5xx", "app-unhealthy"];
    for (const n of names) {
      const a = rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", n);
      assert.deepEqual(a.inputs.alarmActions, [TOPIC], a.urn);
      assert.deepEqual(a.inputs.okActions, [TOPIC], a.urn);
    }
    assert.equal(
      rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", "app-5xx").inputs.metricName,
      "HTTPCode_Target_5XX_Count",
    );
    const unhealthy = rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", "app-unhealthy").inputs;
    assert.equal(unhealthy.metricName, "UnHealthyHostCount");
    assert.equal(unhealthy.dimensions.TargetGroup, rec.one(TG, "app-alb-tg").outputs.arnSuffix);
    assert.equal(
      rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", "app-cpu-high").inputs.dimensions.ServiceName,
      "app",
    );
  });

  describe("rejects bad input before creating anything", () => {
    // A Service's rules read the state of the components it is given (the cluster's EC2 capacity,
    // the task definition's containers and compatibilities, the load balancer's NLB), so the
    // cases take real instances, built once in one engine run, and call `validateServiceArgs`
    // directly with them, as the constructor does.
    let fargate: Parts;
    before(async () => {
      fargate = await built();
    });

    it("WHEN the args are invalid THEN the constructor throws the validator's message and registers nothing of the service", async () => {
      const err = await runPulumiExpectingError(() => stack({ desiredCount: -1 }));
      assert.equal(err.message, 'ecs-platform Service "app": `desiredCount` is -1; use a count of 0 or more');
      assert.equal(err.message, rejected({ desiredCount: -1 }, fargate));
      const inService = err.recording.custom.filter((r) => r.urn.includes("acs:ecs-platform:Service"));
      assert.deepEqual(
        inService.map((r) => r.urn),
        [],
        "the service registered resources before validation passed",
      );
    });

    it("a port outside 1–65535", () => {
      assert.match(
        rejected({ containerPort: 70000 }, fargate),
        /Service "app": `containerPort` is 70000, which is not a port; use an integer from 1 to 65535/,
      );
    });
    it("a health-check path not starting with /", () => {
      const msg = rejected(
        {
          alb: {
            listenerArn: LISTENER_ARN,
            vpcId: VPC_ID,
            priority: 5,
            pathPatterns: ["/app/*"],
            healthCheck: { path: "health" },
          },
        },
        fargate,
      );
      assert.match(
        msg,
        /`alb\.healthCheck\.path` is "health", which does not start with "\/"; use an absolute path such as "\/health"/,
      );
    });
    it("a negative desired count", () => {
      assert.match(rejected({ desiredCount: -1 }, fargate), /`desiredCount` is -1; use a count of 0 or more/);
    });
    it("min > max", () => {
      assert.match(
        rejected({ autoscaling: { minCount: 5, maxCount: 2 } }, fargate),
        /`autoscaling\.minCount` 5 is above `autoscaling\.maxCount` 2; make minCount ≤ maxCount/,
      );
    });
    it("a listener rule priority outside 1–50000", () => {
      const lbless = { listenerArn: LISTENER_ARN, vpcId: VPC_ID, pathPatterns: ["/app/*"] };
      assert.match(
        rejected({ alb: { ...lbless, priority: 0 } }, fargate),
        /`alb\.priority` is 0; use a listener rule priority from 1 to 50000/,
      );
      assert.match(rejected({ alb: { ...lbless, priority: 50001 } }, fargate), /`alb\.priority` is 50001/);
    });
    it("public subnets unless explicitly allowed", () => {
      assert.match(
        rejected({ subnetTier: "public" }, fargate),
        /`subnetTier` is "public": services run in private subnets; .* set `allowPublic: true`/,
      );
    });
    it("a public IP unless explicitly allowed", () => {
      assert.match(
        rejected({ assignPublicIp: true }, fargate),
        /`assignPublicIp` is true: tasks get no public IP by default; .* set `allowPublic: true`/,
      );
    });
    it("a target group name over 32 characters", () => {
      const long = "acs-development-application-tg-01";
      const msg = rejected(
        {
          alb: {
            listenerArn: LISTENER_ARN,
            vpcId: VPC_ID,
            priority: 5,
            pathPatterns: ["/app/*"],
            targetGroupName: long,
          },
        },
        fargate,
      );
      assert.match(
        msg,
        /`alb\.targetGroupName` is "acs-development-application-tg-01" \(33 characters\), over AWS's 32-character limit/,
      );
    });
    it("requests-per-target scaling without an ALB", () => {
      assert.match(
        rejected(
          { alb: undefined, autoscaling: { minCount: 1, maxCount: 2, requestsPerTarget: 100 } },
          fargate,
        ),
        /`autoscaling\.requestsPerTarget` needs an ALB target group/,
      );
    });
    it("ECS Exec on a task whose container has a read-only root filesystem (the SSM agent must write to it)", () => {
      assert.match(
        rejected({ enableExecuteCommand: true }, fargate),
        /`enableExecuteCommand` is true but container "app" of the task definition has a read-only root filesystem.*set `readonlyRootFilesystem: false` on container "app"/,
      );
    });
    it("an EC2 launch type on a Fargate-only cluster", () => {
      assert.match(
        rejected({ launchType: "EC2" }, fargate),
        /`launchType` is "EC2" but the cluster has no EC2 capacity/,
      );
    });
  });

  it("allows a public service when explicitly asked", async () => {
    const s = service(
      await runPulumi(() => stack({ subnetTier: "public", assignPublicIp: true, allowPublic: true })),
    );
    assert.equal(s.inputs.networkConfiguration.assignPublicIp, true);
  });

  describe("placement constraints (EC2 capacity)", () => {
    const ec2Capacity = { subnetIds: ["subnet-priv-a"], securityGroupIds: ["sg-app"] };
    const onEc2 = (placementConstraints: ServiceArgs["placementConstraints"]) =>
      stack(
        { capacityProviderStrategy: [{ capacityProvider: "EC2" }], placementConstraints },
        { ec2Capacity },
        ["FARGATE", "EC2"],
      );

    it("passes memberOf and distinctInstance constraints to the service", async () => {
      const s = service(
        await runPulumi(() =>
          onEc2([
            {
              type: "memberOf",
              expression: "attribute:ecs.instance-type =~ t3.* and attribute:ecs.cpu-architecture == x86_64",
            },
            { type: "distinctInstance" },
          ]),
        ),
      );
      assert.deepEqual(s.inputs.placementConstraints, [
        {
          type: "memberOf",
          expression: "attribute:ecs.instance-type =~ t3.* and attribute:ecs.cpu-architecture == x86_64",
        },
        { type: "distinctInstance" },
      ]);
    });

    it("has none by default", async () => {
      assert.equal(service(await runPulumi(() => stack())).inputs.placementConstraints, undefined);
    });

    it("accepts the query language's forms: in-lists, exists, parentheses, task:group", async () => {
      for (const expression of [
        "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
        "attribute:gpu exists",
        "(attribute:ecs.instance-type == t3.large or attribute:ecs.instance-type == t3.xlarge)",
        "task:group == service:app",
      ])
        await runPulumi(() => onEc2([{ type: "memberOf", expression }]));
    });

    describe("rejects before creating anything", () => {
      // The rules read the cluster's EC2 capacity and the task's compatibilities: real instances,
      // built once in one engine run, and direct `validateServiceArgs` calls (see above).
      let fargate: Parts;
      let ec2: Parts;
      before(async () => {
        fargate = await built();
        ec2 = await built({ ec2Capacity }, ["FARGATE", "EC2"]);
      });
      const rejectedOnEc2 = (placementConstraints: ServiceArgs["placementConstraints"]) =>
        rejected({ capacityProviderStrategy: [{ capacityProvider: "EC2" }], placementConstraints }, ec2);
      it("constraints on a Fargate service", () => {
        assert.match(
          rejected({ placementConstraints: [{ type: "distinctInstance" }] }, fargate),
          /`placementConstraints` is set but the service runs on Fargate, which places tasks itself and rejects constraints/,
        );
      });
      it("a memberOf expression with an unknown subject, a missing value or unbalanced parentheses", () => {
        assert.match(
          rejectedOnEc2([{ type: "memberOf", expression: "instance-type == t3.large" }]),
          /`placementConstraints\[0\]\.expression` is "instance-type == t3\.large": "instance-type" is not a subject of the cluster query language/,
        );
        assert.match(
          rejectedOnEc2([{ type: "memberOf", expression: "attribute:ecs.instance-type ==" }]),
          /"attribute:ecs\.instance-type ==" has no value to compare with/,
        );
        assert.match(
          rejectedOnEc2([{ type: "memberOf", expression: "(attribute:ecs.instance-type == t3.large" }]),
          /a \( is never closed/,
        );
        assert.match(rejectedOnEc2([{ type: "memberOf", expression: " " }]), /it is empty/);
      });
      it("an unknown constraint type or more than ten constraints", () => {
        assert.match(
          rejectedOnEc2([{ type: "spread" } as any]),
          /`placementConstraints\[0\]\.type` is "spread"; use "memberOf" or "distinctInstance"/,
        );
        assert.match(
          rejectedOnEc2(Array.from({ length: 11 }, () => ({ type: "distinctInstance" as const }))),
          /`placementConstraints` has 11 entries; ECS allows 10 per service/,
        );
      });
    });
  });
});
