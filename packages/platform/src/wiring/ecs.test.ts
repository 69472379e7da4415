import * as assert from "node:assert/strict";
import { Recording, runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { createEnvironment } from "../environment";
import { VALID_BASE, VALID_SECONDARY } from "../config/test/harness";
import { EcsNetworkInputs, wireEcs } from "./ecs";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
/** Fake ids in the shape @acs/network's Network produces. */
const network: EcsNetworkInputs = {
  vpcId: "vpc-0aaaaaaaaaaaaaaaa",
  publicSubnetIds: ["subnet-0pub0000000000001", "subnet-0pub0000000000002"],
  privateSubnetIds: ["subnet-0prv0000000000001", "subnet-0prv0000000000002"],
  loadBalancerSecurityGroupId: "sg-0lb00000000000000",
  appSecurityGroupId: "sg-0app0000000000000",
};
const dev = {
  ...VALID_BASE,
  "acs:ecs": { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/app:1.4.2" },
};
const drdev = {
  ...VALID_SECONDARY,
  "acs:ecs": {
    image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/acs/app:1.4.2",
    desiredCount: 1,
    minCount: 1,
  },
};

function run(stack: string, config: Record<string, unknown>, region = "us-east-1"): Promise<Recording> {
  return runPulumi(
    () => {
      const env = createEnvironment();
      return wireEcs(env, network, { certificateArn: CERT }).outputs;
    },
    { stack, region, config },
  );
}

describe("wireEcs", () => {
  it("keeps the application's root filesystem read-only, unless ECS Exec is on (its agent writes there)", async () => {
    const app = async (config: Record<string, unknown>) =>
      JSON.parse(
        (await run("dev", config)).one("aws:ecs/taskDefinition:TaskDefinition", "dev-app-taskdef").inputs
          .containerDefinitions,
      )[0];
    assert.equal((await app(dev)).readonlyRootFilesystem, true);
    const exec = { ...dev, "acs:ecs": { ...dev["acs:ecs"], enableExecuteCommand: true } };
    assert.equal((await app(exec)).readonlyRootFilesystem, false);
  });

  it("puts the ALB in the public subnets with the LB security group and the certificate", async () => {
    const rec = await run("dev", dev);
    const alb = rec.one("aws:lb/loadBalancer:LoadBalancer");
    assert.deepEqual(alb.inputs.subnets, network.publicSubnetIds, alb.urn);
    assert.deepEqual(alb.inputs.securityGroups, [network.loadBalancerSecurityGroupId]);
    assert.equal(alb.inputs.name, "acs-dev");
    assert.equal(alb.inputs.enableDeletionProtection, true);
    assert.equal(
      rec.ofType("aws:lb/listener:Listener").find((l) => l.inputs.port === 443)?.inputs.certificateArn,
      CERT,
    );
  });

  it("runs the configured image on port 8080 in the private subnets with the app security group, /app/* routed, /app/health checked", async () => {
    const rec = await run("dev", dev);
    const svc = rec.one("aws:ecs/service:Service");
    assert.deepEqual(
      svc.inputs.networkConfiguration,
      {
        subnets: network.privateSubnetIds,
        securityGroups: [network.appSecurityGroupId],
        assignPublicIp: false,
      },
      svc.urn,
    );
    assert.equal(svc.inputs.desiredCount, 2);
    const [app] = JSON.parse(rec.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
    assert.equal(app.image, dev["acs:ecs"].image);
    assert.deepEqual(app.portMappings, [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }]);
    const rule = rec.one("aws:lb/listenerRule:ListenerRule");
    assert.equal(rule.inputs.priority, 5);
    assert.deepEqual(rule.inputs.conditions, [{ pathPattern: { values: ["/app/*"] } }]);
    const tg = rec.one("aws:lb/targetGroup:TargetGroup");
    assert.equal(tg.inputs.healthCheck.path, "/app/health");
    assert.equal(tg.inputs.port, 8080);
    assert.equal(tg.inputs.vpcId, network.vpcId);
  });

  it("scales service/acs-<env>/app and alarms to the environment's topic", async () => {
    const rec = await run("dev", dev);
    assert.equal(rec.one("aws:appautoscaling/target:Target").inputs.resourceId, "service/acs-dev/app");
    const topic = rec.one("aws:sns/topic:Topic", "dev-alerts").outputs.arn;
    for (const n of ["dev-app-cpu-high", "dev-app-memory-high", "dev-app-5xx", "dev-app-unhealthy"]) {
      assert.deepEqual(rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", n).inputs.alarmActions, [topic], n);
    }
  });

  it("exports the cluster, the ALB's DNS name, zone id and HTTPS listener, the service and the repository URL", async () => {
    const rec = await run("dev", dev);
    assert.equal(rec.outputs.clusterName, "acs-dev");
    assert.equal(rec.outputs.clusterArn, "arn:aws:ecs:us-east-1:123456789012:cluster/acs-dev");
    assert.match(String(rec.outputs.albDnsName), /^acs-dev-\d{10}\.us-east-1\.elb\.amazonaws\.com$/);
    assert.equal(rec.outputs.albZoneId, "Z35SXDOTRQ7X7K");
    // Other teams attach their services to this listener (a rule of their own).
    const https = rec.ofType("aws:lb/listener:Listener").find((l) => l.inputs.port === 443)!;
    assert.equal(rec.outputs.albHttpsListenerArn, https.outputs.arn);
    assert.match(
      String(rec.outputs.albHttpsListenerArn),
      /^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener\/app\//,
    );
    assert.equal(rec.outputs.serviceName, "app");
    assert.equal(rec.outputs.repositoryUrl, "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/app");
  });

  it("creates no image repository (the bootstrap stack owns them) and protects the ALB unless ephemeral", async () => {
    for (const rec of [await run("dev", dev), await run("drdev", drdev, "us-west-2")]) {
      assert.deepEqual(rec.ofType("aws:ecr/repository:Repository"), []);
    }
    const eph = await run("dev", { ...dev, "acs:ephemeral": true });
    assert.equal(eph.one("aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection, false);
  });

  it("runs drdev as a pilot light: small desired count, the same scaling policies", async () => {
    const [p, s] = [await run("dev", dev), await run("drdev", drdev, "us-west-2")];
    assert.equal(s.one("aws:ecs/service:Service").inputs.desiredCount, 1);
    assert.equal(s.one("aws:appautoscaling/target:Target").inputs.minCapacity, 1);
    const kinds = (r: Recording) =>
      r
        .ofType("aws:appautoscaling/policy:Policy")
        .map((x) => x.name.replace(/^(dev|drdev)-/, ""))
        .sort();
    assert.deepEqual(kinds(s), kinds(p));
    assert.equal(s.one("aws:appautoscaling/target:Target").inputs.resourceId, "service/acs-drdev/app");
  });

  it("names the missing acs:ecs section as the config loads, before any resource", async () => {
    const { "acs:ecs": _omit, ...rest } = dev;
    const err = await runPulumiExpectingError(
      () => wireEcs(createEnvironment(), network, { certificateArn: CERT }),
      { stack: "dev", config: rest },
    );
    assert.match(err.message, /Pulumi\.dev\.yaml: acs:ecs is missing: add the section with at least image/);
    assert.equal(err.recording.ofType("aws:ecs/cluster:Cluster").length, 0);
  });

  describe("acs:ecs.deployment", () => {
    const blueGreen = {
      ...dev,
      "acs:ecs": {
        ...dev["acs:ecs"],
        deployment: { strategy: { type: "blueGreen", bakeTimeMinutes: 5 }, smokeTest: true },
      },
    };
    const runWith = (config: Record<string, unknown>, loadBalancerHostName?: string, secondary = false) =>
      runPulumi(
        () => wireEcs(createEnvironment(), network, { certificateArn: CERT, loadBalancerHostName }).outputs,
        secondary
          ? { stack: "drdev", region: "us-west-2", config }
          : { stack: "dev", region: "us-east-1", config },
      );

    it("WHEN dev deploys blue/green THEN acs-dev-app-alt, a test rule at priority 4 and the smoke test on lb.dev.app.com exist", async () => {
      const rec = await runWith(blueGreen, "lb.dev.app.com");
      assert.equal(
        rec.one("aws:lb/targetGroup:TargetGroup", "dev-app-alb-tg-alt").inputs.name,
        "acs-dev-app-alt",
      );
      assert.equal(rec.one("aws:lb/listenerRule:ListenerRule", "dev-app-test-rule").inputs.priority, 4);
      const env = rec.one("aws:lambda/function:Function", "dev-app-smoke").inputs.environment.variables;
      assert.equal(env.HOST_NAME, "lb.dev.app.com");
      assert.equal(env.SMOKE_PATH, "/app/health");
      const svc = rec.one("aws:ecs/service:Service");
      assert.equal(svc.inputs.deploymentConfiguration.strategy, "BLUE_GREEN");
      assert.deepEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
    });

    it("WHEN the key is absent (drdev) THEN the service stays rolling with one target group", async () => {
      const rec = await runWith(drdev, "lb.drdev.app.com", true);
      assert.equal(rec.ofType("aws:lb/targetGroup:TargetGroup").length, 1);
      assert.equal(rec.one("aws:ecs/service:Service").inputs.deploymentConfiguration, undefined);
    });

    it("names the missing host name the smoke test needs before creating the service", async () => {
      const err = await runPulumiExpectingError(
        () => wireEcs(createEnvironment(), network, { certificateArn: CERT }).outputs,
        { stack: "dev", region: "us-east-1", config: blueGreen },
      );
      assert.match(
        err.message,
        /Pulumi\.dev\.yaml: acs:ecs\.deployment\.smokeTest is true but the environment has no load-balancer host name/,
      );
      assert.equal(err.recording.ofType("aws:ecs/service:Service").length, 0);
    });
  });
});
