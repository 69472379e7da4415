import {
  HotPool,
  workerClientStatements,
  workerClientTables,
  type ActivityTableMode,
  type CapacityProviderStrategyItem,
  type WorkerClientInputs,
} from "@acs/worker-pool";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WorkerSecurityGroup } from "../components/worker-security-group";
import { WorkerPoolOutputs } from "../outputs";
import { Environment } from "../environment";

/** The worker images' ECR repository (created by the bootstrap stack, never by an environment). */
export const WORKER_REPOSITORY = "acs/worker";

/** What the hot pool takes from the network (a `Network` from @acs/network fits). */
export interface WorkerPoolNetworkInputs {
  readonly vpcId: pulumi.Input<string>;
  readonly privateSubnetIds: pulumi.Input<string>[];
  /** The application's security group: the only one that may reach the workers. */
  readonly appSecurityGroupId: pulumi.Input<string>;
}

/** What the hot pool takes from the ECS platform (the ecs wiring fits). */
export interface WorkerPoolEcsInputs {
  readonly cluster: { readonly arn: pulumi.Input<string> };
}

export interface WorkerPoolWiring {
  readonly hotPool: HotPool;
  /** The claim client's customer-managed policy (`acs-<env>-worker-pool-client`) for other teams' task roles. */
  readonly clientPolicy: aws.iam.Policy;
  /** Stack outputs: table names and ARNs, function names, worker family, repository URL. */
  readonly outputs: WorkerPoolOutputs;
}

const WORKER_POOL_OUTPUT_KEYS = [
  "workerPlanTableName",
  "workerPlanTableArn",
  "workerPoolTableName",
  "workerPoolTableArn",
  "workerActivityTableName",
  "workerActivityTableArn",
  "workerManagerFunctionName",
  "workerPipelineFunctionName",
  "workerFamily",
  "workerRepositoryUrl",
] as const satisfies readonly (keyof WorkerPoolOutputs)[];

/** The hot pool's outputs as the stack's contract names them (each must exist). */
function workerPoolOutputs(hotPool: HotPool, clientPolicy: aws.iam.Policy): WorkerPoolOutputs {
  const entries = WORKER_POOL_OUTPUT_KEYS.map((key) => {
    const value = hotPool.outputs[key];
    if (value === undefined) throw new Error(`worker-pool: HotPool exports no ${key}`);
    return [key, value] as const;
  });
  return {
    ...(Object.fromEntries(entries) as Record<
      (typeof WORKER_POOL_OUTPUT_KEYS)[number],
      pulumi.Input<string>
    >),
    workerPoolClientPolicyArn: clientPolicy.arn,
  };
}

/**
 * What another team's task role attaches to claim this environment's workers with the runtime's
 * claim client: a customer-managed policy with exactly the application's own grants (one builder,
 * `workerClientStatements`, for both), named `acs-<env>-worker-pool-client` so the environment's
 * deploy role reaches it (bootstrap/ci-policies.ts, "Policies").
 */
export function workerPoolClientPolicy(env: Environment, client: WorkerClientInputs): aws.iam.Policy {
  const { cfg } = env;
  return new aws.iam.Policy(
    `${cfg.env}-worker-pool-client`,
    {
      name: `acs-${cfg.env}-worker-pool-client`,
      description: `Claim, return and retire ${cfg.env}'s hot-pool workers and record the activity (attach to a team's task role)`,
      policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: workerClientStatements(client) }),
    },
    { provider: env.providers.primary },
  );
}

/**
 * The environment's hot pool from `acs:workerPool` and its claim client's policy: workers in the private subnets with their own
 * security group (reachable from the application only), in the ecs wiring's cluster. The primary owns the activity global table (with a
 * replica in the peer region); the secondary uses that replica by name and declares no such table.
 */
export function wireWorkerPool(
  env: Environment,
  network: WorkerPoolNetworkInputs,
  ecs: WorkerPoolEcsInputs,
  client: WorkerClientInputs | undefined = workerPoolClient(env),
): WorkerPoolWiring {
  const { cfg } = env;
  if (!client)
    throw new Error(
      `Pulumi.${cfg.stack}.yaml: acs:workerPool is missing; add the section (packages/platform/README.md)`,
    );
  const w = cfg.workerPool;
  // The config's union on acs:role guarantees the role's keys (config/load.ts).
  const activity: ActivityTableMode =
    cfg.role === "primary"
      ? { mode: "owner", replicaRegion: cfg.peerRegion }
      : { mode: "replica", ownerEnv: cfg.workerPool.activityTableOwner };
  const strategy: CapacityProviderStrategyItem[] | undefined =
    w.spotWeight > 0
      ? [
          { capacityProvider: "FARGATE", weight: 1, base: 1 },
          { capacityProvider: "FARGATE_SPOT", weight: w.spotWeight },
        ]
      : undefined;

  const hotPool = new HotPool(
    `${cfg.env}-hot-pool`,
    {
      env: cfg.env,
      region: cfg.region,
      activity,
      protect: cfg.protectData,
      clusterArn: ecs.cluster.arn,
      subnetIds: network.privateSubnetIds,
      securityGroupIds: [
        new WorkerSecurityGroup(
          `${cfg.env}-workers`,
          { vpcId: network.vpcId, appSecurityGroupId: network.appSecurityGroupId, port: w.port },
          { provider: env.providers.primary },
        ).securityGroup.id,
      ],
      capacityProviderStrategy: strategy,
      worker: {
        image: w.image,
        cpu: w.cpu,
        memory: w.memory,
        port: w.port,
        logRetentionDays: w.logRetentionDays,
        // The bootstrap stack's repository in this region (its own or the replica ECR keeps here):
        // "replica" mode uses an existing repository by name and creates none.
        repositoryName: WORKER_REPOSITORY,
        repository: "replica",
      },
      schedule: w.schedule,
      defaultScaleTo: w.defaultScaleTo,
      defaultPooling: w.defaultPooling,
      startedBy: w.startedBy,
      managerMemory: w.managerMemory,
      managerTimeout: w.managerTimeout,
      reservedConcurrency: w.reservedConcurrency,
      logRetentionDays: w.logRetentionDays,
      alarmTopicArn: env.alertTopic.arn,
    },
    { provider: env.providers.primary },
  );
  const clientPolicy = workerPoolClientPolicy(env, client);
  return { hotPool, clientPolicy, outputs: workerPoolOutputs(hotPool, clientPolicy) };
}

/**
 * The tables an application in this environment claims workers from: this region's pool table
 * and activity table (the primary's global table, or its replica here). Undefined when the
 * environment has no hot pool. Names are fixed by the data model, so the application service
 * can be given them before the hot pool is wired.
 */
export function workerPoolClient(env: Environment): WorkerClientInputs | undefined {
  const { cfg } = env;
  if (!cfg.workerPool) return undefined;
  return workerClientTables(
    { env: cfg.env, activityOwnerEnv: cfg.workerPool.activityTableOwner, region: cfg.region },
    { provider: env.providers.primary },
  );
}
