// Another team's program, written against the published packages only (no workspace paths).
// The pack-and-install test type-checks it and runs it on Pulumi mocks (main.ts).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DelegatedZone } from "@acs/dns-failover";
import { Cluster, LoadBalancer, Service, TaskDefinition } from "@acs/ecs-platform";
import { Network } from "@acs/network";
import { checkTeamListenerRule, PLATFORM_CONTRACT_VERSION, platformOutputs } from "@acs/platform-contract";
import { HotPool } from "@acs/worker-pool";
import { TABLES } from "@acs/worker-pool-runtime/schema";

export function program() {
  // The platform's environment stack, read through its typed contract; a rule for its listener checked.
  const platform = platformOutputs(new pulumi.StackReference("acme/acs/dev"));
  checkTeamListenerRule({ priority: 120, pathPatterns: ["/team/*"] }, "program.ts: team-api");
  const provider = new aws.Provider("us-east-1", { region: "us-east-1" });
  const opts = { provider };

  const network = new Network("team", { cidr: "10.30.0.0/16", azCount: 2, natStrategy: "Single" }, opts);
  const alerts = new aws.sns.Topic("team-alerts", { kmsMasterKeyId: "alias/aws/sns" }, opts);
  const zone = new DelegatedZone("team-dns", { name: "team.acs.app.com", parentZoneId: "Z0PARENT" }, opts);

  const cluster = new Cluster("team", { name: "team" }, opts);
  const lb = new LoadBalancer(
    "team-web",
    {
      name: "team-web",
      vpcId: network.vpcId,
      subnetIds: network.publicSubnetIds,
      securityGroupIds: [network.loadBalancerSecurityGroupId],
      certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
    },
    opts,
  );
  const task = new TaskDefinition(
    "team-api",
    {
      cpu: 256,
      memory: 512,
      containers: [
        {
          name: "api",
          image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api:1.0.0",
          portMappings: [{ containerPort: 8080 }],
        },
      ],
    },
    opts,
  );
  const service = new Service(
    "team-api",
    {
      cluster,
      taskDefinition: task,
      subnetIds: network.privateSubnetIds,
      securityGroupIds: [network.appSecurityGroupId],
      alb: { loadBalancer: lb, priority: 10, pathPatterns: ["/team/*"] },
      alarms: { topicArn: alerts.arn },
    },
    opts,
  );
  const pool = new HotPool(
    "team-pool",
    {
      env: "team",
      region: "us-east-1",
      activity: { mode: "owner" },
      clusterArn: cluster.cluster.arn,
      subnetIds: network.privateSubnetIds,
      securityGroupIds: [network.appSecurityGroupId],
      worker: { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/worker:1.0.0" },
      alarmTopicArn: alerts.arn,
    },
    opts,
  );
  return {
    platformVpcId: platform.vpcId,
    platformContract: PLATFORM_CONTRACT_VERSION,
    vpcId: network.vpcId,
    zoneId: zone.zoneId,
    serviceName: service.service.name,
    poolTables: pulumi.output(Object.keys(TABLES)),
    pool: pool.outputs,
  };
}
