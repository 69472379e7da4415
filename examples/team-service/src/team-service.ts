import { Service, TaskDefinition } from "@acs/ecs-platform";
import { checkAppSubnets, readPlatformOutputs } from "@acs/platform-contract";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { loadTeamConfig } from "./config";

/**
 * A team's Fargate service on the platform: it reads the environment's outputs (the platform's
 * contract, `@acs/platform-contract`) through a StackReference and creates only its own
 * resources: a task definition with its own execution and task roles and log group, a target
 * group and a listener rule on the shared HTTPS listener, the ECS service in the platform's
 * cluster and private subnets, autoscaling, and alarms to the platform's alert topic. The
 * platform's cluster, load balancer and network are used by id, never created or changed.
 */
export async function teamService() {
  // 1. The stack's own config, and the listener rule against the platform's routes.
  const cfg = loadTeamConfig();
  // 2. The environment's outputs, resolved before anything is created (a StackReference reads
  //    them from the backend in `pulumi preview` as in `pulumi up`): the contract's major is checked.
  const ref = new pulumi.StackReference(cfg.platformStack);
  const platform = await readPlatformOutputs(
    ref,
    `${cfg.file}: team-service:platformStack (${cfg.platformStack})`,
  );
  // 3. What needs the environment's values.
  if (platform.region !== cfg.region)
    throw new Error(
      `${cfg.file}: aws:region is ${cfg.region} but ${cfg.platformStack} runs in ${platform.region}: set aws:region to ${platform.region} (the cluster, listener and subnets are there)`,
    );
  if (cfg.service.imageRegion !== platform.region)
    throw new Error(
      `${cfg.file}: team-service:service.image is ${JSON.stringify(cfg.service.image)}: pull from your repository in ${platform.region} (replicate it there): a cross-region pull is slower and fails when that region does`,
    );
  const subnetIds = cfg.subnetIds ?? platform.privateSubnetIds;
  checkAppSubnets(platform, subnetIds, `${cfg.file}: team-service:subnetIds`);

  const { service: s } = cfg;
  const env = platform.environment;
  const provider = new aws.Provider(`${cfg.team}-${env}`, {
    region: cfg.region,
    // Every resource tagged like the platform's (the organisation's tagging policy), owned by the team.
    defaultTags: {
      tags: {
        Environment: env,
        Project: "team-service",
        ManagedBy: "pulumi",
        Owner: cfg.team,
        Service: s.name,
      },
    },
  });
  const opts = { provider };

  const task = new TaskDefinition(
    s.name,
    {
      family: `${s.name}-${env}`,
      cpu: s.cpu,
      memory: s.memory,
      containers: [
        {
          name: s.name,
          image: s.image,
          // The port the platform's load balancer may reach (its security group's rule).
          portMappings: [{ containerPort: platform.appPort }],
          environment: {
            PORT: String(platform.appPort),
            ENVIRONMENT: env,
            // The claim client's tables (@acs/worker-pool-runtime reads these two).
            ...(s.useWorkerPool
              ? { POOL_TABLE: platform.workerPoolTableName, ACTIVITY_TABLE: platform.workerActivityTableName }
              : {}),
          },
        },
      ],
    },
    opts,
  );
  // The claim client's grants: the platform's managed policy, on the team's own task role.
  const workerPoolClient = s.useWorkerPool
    ? new aws.iam.RolePolicyAttachment(
        `${s.name}-worker-pool-client`,
        { role: task.taskRoleName, policyArn: platform.workerPoolClientPolicyArn },
        opts,
      )
    : undefined;

  const service = new Service(
    s.name,
    {
      clusterArn: platform.clusterArn,
      taskDefinition: task,
      name: s.name,
      subnetIds,
      // The platform's app security group: the load balancer reaches it on appPort, it reaches HTTPS.
      securityGroupIds: [platform.appSecurityGroupId],
      alb: {
        listenerArn: platform.albHttpsListenerArn,
        vpcId: platform.vpcId,
        priority: s.listenerPriority,
        pathPatterns: s.pathPatterns.length > 0 ? s.pathPatterns : undefined,
        hostHeaders: s.hostHeaders.length > 0 ? s.hostHeaders : undefined,
        healthCheck: { path: s.healthCheckPath },
        targetGroupName: `${s.name}-${env}`,
      },
      desiredCount: s.desiredCount,
      autoscaling: { minCount: s.minCount, maxCount: s.maxCount, requestsPerTarget: 1000 },
      alarms: { topicArn: platform.alertTopicArn },
    },
    { ...opts, dependsOn: workerPoolClient ? [workerPoolClient] : [] },
  );

  return {
    serviceName: service.name,
    taskDefinitionArn: task.arn,
    taskRoleArn: task.taskRoleArn,
    url: `https://${platform.failoverName}${s.pathPatterns[0]?.replace(/\*$/, "") ?? "/"}`,
  };
}
