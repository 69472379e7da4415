/**
 * What wakes the manager and the pipeline: EventBridge event patterns and the
 * DynamoDB stream filters. Pure functions of plain values, so tests read them
 * without a deployment; the components apply them to resolved outputs.
 */
import { POOL_STREAM_FILTER_PATTERNS } from "@acs/worker-pool-runtime/schema";

/**
 * ECS task state changes of a worker task of the family, started by the manager: RUNNING (the
 * manager records its address and makes it claimable at once, not at the next schedule) and
 * STOPPED (its row is reaped and the worker replaced).
 */
export function taskStatePattern(args: {
  clusterArn: string;
  taskDefinitionArn: string;
  startedBy: string;
}): object {
  return {
    source: ["aws.ecs"],
    "detail-type": ["ECS Task State Change"],
    detail: {
      clusterArn: [args.clusterArn],
      lastStatus: ["RUNNING", "STOPPED"],
      // Every revision of the family: the pipeline registers new ones.
      taskDefinitionArn: [{ prefix: args.taskDefinitionArn.replace(/:\d+$/, ":") }],
      startedBy: [args.startedBy],
    },
  };
}

/**
 * ECR: a new image in the worker repository: a successful push, or (drdev) a successful
 * cross-region replication, which ECR announces in the destination region as
 * "ECR Replication Action" / `REPLICATE` with the same detail fields (repository-name,
 * image-digest, image-tag) plus source-account and source-region.
 */
export function imagePushedPattern(repositoryName: string): object {
  return {
    source: ["aws.ecr"],
    "detail-type": ["ECR Image Action", "ECR Replication Action"],
    detail: {
      "action-type": ["PUSH", "REPLICATE"],
      result: ["SUCCESS"],
      "repository-name": [repositoryName],
    },
  };
}

/**
 * Filters on the pool table's stream: the runtime's patterns (schema.ts): claims, returns
 * and TTL expiry of rows that never came up. Everything else (the manager's own inserts,
 * address updates and deletions, the lease, clients retiring claimed workers) never
 * invokes the function.
 */
export function poolStreamFilters(): object[] {
  return [...POOL_STREAM_FILTER_PATTERNS];
}
