/**
 * The functions' environment variables: exactly what the runtime's `loadConfig` reads
 * (`@acs/worker-pool-runtime/config`), built from resolved values. Pure; tests feed the result to the
 * runtime's own loader.
 */

import type { CapacityProviderItem, RuntimeConfig } from "@acs/worker-pool-runtime/config";

/** One entry of RunTask's capacity provider strategy, as the runtime reads it. */
export type CapacityProviderStrategyItem = CapacityProviderItem;

/** What the functions' environment is built from: the runtime's own config fields (tuning knobs keep their defaults). */
export type RuntimeEnvironmentInputs = Pick<
  RuntimeConfig,
  | "planTable"
  | "poolTable"
  | "activityTable"
  | "clusterArn"
  | "subnetIds"
  | "securityGroupIds"
  | "capacityProviderStrategy"
  | "startedBy"
  | "workerPort"
  | "workerFamily"
  | "workerContainerName"
  | "defaultPooling"
  | "defaultScaleTo"
>;

/** The reconcile function (schedule, streams, task-state events). */
export function managerEnvironment(i: RuntimeEnvironmentInputs): Record<string, string> {
  return {
    PLAN_TABLE: i.planTable,
    POOL_TABLE: i.poolTable,
    ACTIVITY_TABLE: i.activityTable,
    CLUSTER_ARN: i.clusterArn,
    SUBNET_IDS: i.subnetIds.join(","),
    SECURITY_GROUP_IDS: i.securityGroupIds.join(","),
    ...(i.capacityProviderStrategy?.length
      ? { CAPACITY_PROVIDER_STRATEGY: JSON.stringify(i.capacityProviderStrategy) }
      : {}),
    STARTED_BY: i.startedBy,
    WORKER_PORT: String(i.workerPort),
    WORKER_FAMILY: i.workerFamily,
  };
}

/** The pipeline function (ECR pushes): the plan table and the family it registers revisions of. */
export function pipelineEnvironment(i: RuntimeEnvironmentInputs): Record<string, string> {
  return {
    PLAN_TABLE: i.planTable,
    WORKER_FAMILY: i.workerFamily,
    ...(i.workerContainerName ? { WORKER_CONTAINER_NAME: i.workerContainerName } : {}),
    PIPELINE_DEFAULT_POOLING: i.defaultPooling,
    PIPELINE_DEFAULT_SCALE_TO: String(i.defaultScaleTo),
  };
}
