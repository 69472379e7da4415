import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Recording, runPulumi } from "@acs/testkit";
import { Cluster } from "./cluster";
import { LoadBalancer } from "./load-balancer";
import { Service, ServiceArgs, validateServiceArgs } from "./service";
import { TaskDefinition } from "./task-definition";
import {
  CLUSTER_ARN,
  IMAGE,
  lbArgs,
  LISTENER_ARN,
  NLB_ARN,
  TARGET_GROUP_ARN,
  TASK_DEFINITION_ARN,
  VPC_ID,
} from "./test/fixtures";

const SVC = "aws:ecs/service:Service";
const TG = "aws:lb/targetGroup:TargetGroup";
const RULE = "aws:lb/listenerRule:ListenerRule";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:acs-dev-alerts";

/** What another team's program has: ARNs and ids read from the platform stack's outputs. */
const brought: ServiceArgs = {
  clusterArn: CLUSTER_ARN,
  taskDefinitionArn: TASK_DEFINITION_ARN,
  containerName: "api",
  containerPort: 8080,
  subnetIds: ["subnet-priv-a", "subnet-priv-b"],
  securityGroupIds: ["sg-team-api"],
  alb: { listenerArn: LISTENER_ARN, vpcId: VPC_ID, priority: 40, pathPatterns: ["/team-api/*"] },
};

/** Resource types this package creates for the things a caller can bring instead. */
const BROUGHT_TYPES = [
  "aws:ecs/cluster:Cluster",
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:iam/role:Role",
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/listener:Listener",
  "aws:cloudwatch/logGroup:LogGroup",
];

/** The message `validateServiceArgs` throws for `args` (over `brought`), as the constructor calls it. */
function rejected(args: Partial<ServiceArgs>): string {
  try {
    validateServiceArgs("team-api", { ...brought, ...args });
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail(`accepted ${Object.keys(args).join(", ")}`);
}

describe("Service with what the caller already has", () => {
  describe("GIVEN a cluster ARN, a task definition ARN and the shared ALB's listener ARN", () => {
    let rec: Recording;
    before(async () => {
      rec = await runPulumi(() => new Service("team-api", brought));
    });

    it("THEN the service runs that revision on that cluster, on Fargate, in the given subnets", () => {
      const s = rec.one(SVC);
      assert.equal(s.inputs.cluster, CLUSTER_ARN, s.urn);
      assert.equal(s.inputs.taskDefinition, TASK_DEFINITION_ARN, s.urn);
      assert.equal(s.inputs.launchType, "FARGATE", "an unknown cluster's providers are not assumed");
      assert.equal(s.inputs.capacityProviderStrategies, undefined);
      assert.deepEqual(s.inputs.networkConfiguration, {
        subnets: ["subnet-priv-a", "subnet-priv-b"],
        securityGroups: ["sg-team-api"],
        assignPublicIp: false,
      });
    });

    it("THEN a rule on that listener, with its priority and path, forwards to a new ip target group in that VPC", () => {
      const rule = rec.one(RULE);
      const tg = rec.one(TG);
      assert.equal(rule.inputs.listenerArn, LISTENER_ARN, rule.urn);
      assert.equal(rule.inputs.priority, 40);
      assert.deepEqual(rule.inputs.conditions, [{ pathPattern: { values: ["/team-api/*"] } }]);
      assert.equal(rule.inputs.actions[0].targetGroupArn, tg.outputs.arn);
      assert.equal(tg.inputs.vpcId, VPC_ID);
      assert.equal(tg.inputs.targetType, "ip");
      assert.deepEqual(rec.one(SVC).inputs.loadBalancers, [
        { targetGroupArn: tg.outputs.arn, containerName: "api", containerPort: 8080 },
      ]);
    });

    it("THEN it creates no cluster, task definition, role, load balancer, listener or log group", () => {
      for (const type of BROUGHT_TYPES) assert.deepEqual(rec.ofType(type), [], type);
    });
  });

  describe("GIVEN an existing target group as well, with alarms and autoscaling", () => {
    let rec: Recording;
    before(async () => {
      rec = await runPulumi(
        () =>
          new Service("team-api", {
            ...brought,
            alb: {
              listenerArn: LISTENER_ARN,
              targetGroupArn: TARGET_GROUP_ARN,
              priority: 40,
              hostHeaders: ["api.acs.app.com"],
            },
            alarms: { topicArn: TOPIC },
            autoscaling: { minCount: 2, maxCount: 6, requestsPerTarget: 500 },
          }),
      );
    });

    it("THEN no target group is created: the rule and the service use the given one", () => {
      assert.deepEqual(rec.ofType(TG), []);
      assert.equal(rec.one(RULE).inputs.actions[0].targetGroupArn, TARGET_GROUP_ARN);
      assert.equal(rec.one(SVC).inputs.loadBalancers[0].targetGroupArn, TARGET_GROUP_ARN);
    });

    it("THEN alarms and request tracking name the ALB and target group by the suffixes of the given ARNs", () => {
      const dims = rec
        .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
        .map((a) => a.inputs.dimensions)
        .filter((d) => d?.TargetGroup);
      assert.ok(dims.length > 0, "an ALB alarm exists");
      for (const d of dims)
        assert.deepEqual(d, {
          LoadBalancer: "app/acs-dev/50dc6c495c0c9188",
          TargetGroup: "targetgroup/team-api/73e2d6bc24d8a067",
        });
      const requests = rec
        .ofType("aws:appautoscaling/policy:Policy")
        .map((p) => p.inputs.targetTrackingScalingPolicyConfiguration?.predefinedMetricSpecification)
        .find((m) => m?.predefinedMetricType === "ALBRequestCountPerTarget");
      assert.equal(
        requests?.resourceLabel,
        "app/acs-dev/50dc6c495c0c9188/targetgroup/team-api/73e2d6bc24d8a067",
      );
    });

    it("THEN the scalable target and ECS alarms name the cluster from its ARN", () => {
      const target = rec.one("aws:appautoscaling/target:Target");
      assert.match(target.inputs.resourceId, /^service\/acs-dev\//);
      const ecs = rec
        .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
        .filter((a) => a.inputs.dimensions?.ClusterName !== undefined);
      assert.ok(ecs.length > 0);
      for (const a of ecs) assert.equal(a.inputs.dimensions.ClusterName, "acs-dev", a.urn);
    });
  });

  it("GIVEN subnets and security groups as one Output list (a StackReference output) THEN the service takes them as they are", async () => {
    const rec = await runPulumi(
      () =>
        new Service("team-api", {
          ...brought,
          subnetIds: pulumi.output(["subnet-priv-a", "subnet-priv-b"]),
          securityGroupIds: pulumi.output(["sg-team-api"]),
        }),
    );
    assert.deepEqual(rec.one(SVC).inputs.networkConfiguration, {
      subnets: ["subnet-priv-a", "subnet-priv-b"],
      securityGroups: ["sg-team-api"],
      assignPublicIp: false,
    });
  });

  it("GIVEN a TaskDefinition with an existing task role and ECS Exec THEN the exec grants go to that role by name", async () => {
    const rec = await runPulumi(() => {
      const taskDefinition = new TaskDefinition("api", {
        cpu: 256,
        memory: 512,
        taskRoleArn: "arn:aws:iam::123456789012:role/teams/team-api-task",
        containers: [
          {
            name: "api",
            image: IMAGE,
            portMappings: [{ containerPort: 8080 }],
            readonlyRootFilesystem: false,
          },
        ],
      });
      return new Service("team-api", {
        ...brought,
        taskDefinitionArn: undefined,
        taskDefinition,
        enableExecuteCommand: true,
      });
    });
    const exec = rec.ofType("aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "team-api-exec");
    assert.equal(exec?.inputs.role, "team-api-task");
  });

  it("GIVEN an existing NLB ARN THEN its TCP listener and target group are created on it, in the given VPC", async () => {
    const rec = await runPulumi(
      () =>
        new Service("team-api", {
          ...brought,
          alb: undefined,
          nlb: { loadBalancerArn: NLB_ARN, vpcId: VPC_ID, port: 9000 },
        }),
    );
    const listener = rec.one("aws:lb/listener:Listener");
    assert.equal(listener.inputs.loadBalancerArn, NLB_ARN);
    assert.equal(listener.inputs.port, 9000);
    assert.equal(rec.one(TG).inputs.vpcId, VPC_ID);
    assert.equal(rec.one(TG).inputs.protocol, "TCP");
  });

  it("GIVEN ECS Exec with a brought task definition THEN the exec grants go to the named task role", async () => {
    const rec = await runPulumi(
      () =>
        new Service("team-api", { ...brought, enableExecuteCommand: true, taskRoleName: "team-api-task" }),
    );
    const policy = rec.one("aws:iam/rolePolicy:RolePolicy");
    assert.equal(policy.inputs.role, "team-api-task");
    const actions = JSON.parse(policy.inputs.policy).Statement.flatMap((s: { Action: string[] }) => s.Action);
    assert.ok(actions.includes("ssmmessages:OpenDataChannel"), actions.join(","));
  });

  it("GIVEN this package's components THEN the existing path is unchanged: a brought capacity strategy is passed as named", async () => {
    const rec = await runPulumi(
      () =>
        new Service("team-api", {
          ...brought,
          capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
        }),
    );
    const s = rec.one(SVC);
    assert.equal(s.inputs.launchType, undefined);
    assert.deepEqual(s.inputs.capacityProviderStrategies, [
      { capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 },
    ]);
  });

  describe("rejects bad bring-your-own input before creating anything", () => {
    // The cases call `validateServiceArgs` directly. Those that pass a component alongside an ARN
    // take real instances, built once in one engine run (constructing a component registers
    // resources). Service's engine-level test (the constructor throws the validator's message
    // before registering anything) is in service.test.ts.
    let cluster: Cluster;
    let td: TaskDefinition;
    let lb: LoadBalancer;
    before(async () => {
      await runPulumi(() => {
        cluster = new Cluster("main");
        td = new TaskDefinition("app", {
          cpu: 256,
          memory: 512,
          containers: [{ name: "app", image: IMAGE, portMappings: [{ containerPort: 8080 }] }],
        });
        lb = new LoadBalancer("web", lbArgs);
      });
    });

    it("both `cluster` and `clusterArn`, or neither", () => {
      assert.match(
        rejected({ cluster }),
        /`cluster` and `clusterArn` are both set; give this package's Cluster as `cluster`, or an existing cluster's ARN as `clusterArn`/,
      );
      assert.match(rejected({ clusterArn: undefined }), /neither `cluster` nor `clusterArn` is set/);
    });
    it("both `taskDefinition` and `taskDefinitionArn`, or neither", () => {
      assert.match(rejected({ taskDefinition: td }), /`taskDefinition` and `taskDefinitionArn` are both set/);
      assert.match(
        rejected({ taskDefinitionArn: undefined }),
        /neither `taskDefinition` nor `taskDefinitionArn` is set/,
      );
    });
    it("ARNs of the wrong kind", () => {
      assert.match(
        rejected({ clusterArn: "acs-dev" }),
        /`clusterArn` is "acs-dev", not an ARN of that kind; use arn:aws:ecs:<region>:<account>:cluster\/<name>/,
      );
      assert.match(
        rejected({ taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/team-api" }),
        /`taskDefinitionArn` is .*task-definition\/<family>:<revision>/,
      );
      assert.match(
        rejected({ alb: { ...brought.alb!, listenerArn: TARGET_GROUP_ARN } }),
        /`alb\.listenerArn` is .*listener\/app\/<alb>\/<id>\/<id>/,
      );
      assert.match(
        rejected({ alb: { ...brought.alb!, vpcId: undefined, targetGroupArn: LISTENER_ARN } }),
        /`alb\.targetGroupArn` is .*targetgroup\/<name>\/<id>/,
      );
    });
    it("a listener ARN with neither a VPC nor a target group", () => {
      assert.match(
        rejected({ alb: { ...brought.alb!, vpcId: undefined } }),
        /`alb\.listenerArn` is set without `alb\.vpcId`/,
      );
    });
    it("both an ALB component and a listener ARN", () => {
      assert.match(
        rejected({ alb: { ...brought.alb!, vpcId: undefined, loadBalancer: lb } }),
        /`alb\.loadBalancer` and `alb\.listenerArn` are both set/,
      );
    });
    it("target-group settings or traffic shifting with a brought target group", () => {
      const alb = {
        listenerArn: LISTENER_ARN,
        targetGroupArn: TARGET_GROUP_ARN,
        priority: 40,
        pathPatterns: ["/x/*"],
      };
      assert.match(
        rejected({ alb: { ...alb, healthCheck: { path: "/ready" } } }),
        /`alb\.healthCheck` is set with `alb\.targetGroupArn`; it configures a target group created here/,
      );
      assert.match(
        rejected({ alb, deployment: { strategy: { type: "blueGreen" } } }),
        /`alb\.targetGroupArn` is set with a "blueGreen" deployment, which needs a pair of target groups created here/,
      );
    });
    it("a brought task definition behind a load balancer without container name and port", () => {
      assert.match(
        rejected({ containerPort: undefined }),
        /`taskDefinitionArn` behind a load balancer needs `containerName` and `containerPort`/,
      );
    });
    it("ECS Exec on a brought task definition without its task role, or a task role with a component", () => {
      assert.match(
        rejected({ enableExecuteCommand: true }),
        /set `taskRoleName` to that revision's task role/,
      );
      assert.match(
        rejected({ taskDefinitionArn: undefined, taskDefinition: td, taskRoleName: "x" }),
        /`taskRoleName` is set with `taskDefinition`, whose own task role is used/,
      );
    });
    it("EC2 capacity on a cluster known only by ARN", () => {
      assert.match(
        rejected({ launchType: "EC2" }),
        /"EC2" capacity is named with `clusterArn`, whose EC2 capacity provider is not known here/,
      );
      assert.match(
        rejected({ capacityProviderStrategy: [{ capacityProvider: "EC2" }] }),
        /"EC2" capacity is named with `clusterArn`/,
      );
    });
    it("an NLB ARN without a VPC", () => {
      assert.match(
        rejected({ alb: undefined, nlb: { loadBalancerArn: NLB_ARN } }),
        /`nlb\.loadBalancerArn` is set without `nlb\.vpcId`/,
      );
    });
    it("a smoke test without the load balancer component", () => {
      assert.match(
        rejected({
          deployment: { strategy: { type: "blueGreen" }, smokeTest: { hostName: "dev.acs.app.com" } },
        }),
        /`deployment\.smokeTest` needs the load balancer's DNS name/,
      );
    });
  });
});
