/**
 * What wakes the manager and the pipeline: EventBridge event patterns and the
 * DynamoDB stream filters. Pure functions of plain values, so tests read them
 * without a deployment; the components apply them to resolved outputs.
 */
import { POOL_STREAM_FILTER_PATTERNS } from "./schema";

/** ECS task state changes: a worker task of the family, started by the manager, that STOPPED. */
export function taskStoppedPattern(args: { clusterArn: string; taskDefinitionArn: string; startedBy: string }): object {
  return {
    source: ["aws.ecs"],
    "detail-type": ["ECS Task State Change"],
    detail: {
      clusterArn: [args.clusterArn],
      lastStatus: ["STOPPED"],
      // Every revision of the family: the pipeline registers new ones.
      taskDefinitionArn: [{ prefix: args.taskDefinitionArn.replace(/:\d+$/, ":") }],
      startedBy: [args.startedBy],
    },
  };
}

/** ECR: a successful push to the worker repository. */
export function imagePushedPattern(repositoryName: string): object {
  return {
    source: ["aws.ecr"],
    "detail-type": ["ECR Image Action"],
    detail: { "action-type": ["PUSH"], result: ["SUCCESS"], "repository-name": [repositoryName] },
  };
}

/** A removed pool row: a worker retired by its client, or a starting row that expired (TTL). */
export const POOL_REMOVE_PATTERN: object = { eventName: ["REMOVE"] };

/**
 * Filters on the pool table's stream: the runtime's claim/return patterns
 * (schema.ts) plus removals. Everything else (the manager's own inserts and
 * address updates, the lease) never invokes the function.
 */
export function poolStreamFilters(): object[] {
  const patterns = [...POOL_STREAM_FILTER_PATTERNS];
  const hasRemove = patterns.some((p) => JSON.stringify((p as { eventName?: unknown }).eventName) === '["REMOVE"]');
  if (!hasRemove) patterns.push(POOL_REMOVE_PATTERN);
  return patterns;
}
