/** Names and limits shared by the hot pool's components. Pure. */

/** Largest `ScaleTo` default accepted: more idle workers per version is a typo, not a plan. */
export const MAX_SCALE_TO = 100;

/** CloudWatch namespace and metric the pool-below-target alarm watches (emitted by the runtime). */
export { POOL_METRICS } from "@acs/worker-pool-runtime/schema";

/** The cluster's name from its ARN (`arn:aws:ecs:<region>:<account>:cluster/<name>`). */
export function clusterNameOf(clusterArn: string): string {
  const name = clusterArn.split(":cluster/")[1];
  if (!name)
    throw new Error(
      `worker-pool: clusterArn is "${clusterArn}", which is not a cluster ARN; pass the cluster's arn output`,
    );
  return name;
}

/** `arn:…:task-definition/family:3` → `arn:…:task-definition/family:` (every revision of the family starts with it). */
export function familyArnPrefix(taskDefinitionArn: string): string {
  return taskDefinitionArn.replace(/:\d+$/, ":");
}
