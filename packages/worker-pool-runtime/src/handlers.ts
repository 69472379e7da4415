/**
 * Lambda entry points. Configuration is read and validated once per cold
 * start (first invocation); a bad variable fails with a message that names it.
 */
import { ATTR, AVAILABLE, TTL_DELETE_PRINCIPAL } from "./schema";
import { loadConfig, type ConfigNeed } from "./config";
import { createDeps, type Deps } from "./deps";
import { onImagePushed, type EcrImageActionEvent, type PipelineResult } from "./pipeline";
import { reconcile, type ReconcileResult } from "./reconcile";

const cache = new Map<ConfigNeed, Deps>();

function depsFor(need: ConfigNeed): Deps {
  let deps = cache.get(need);
  if (!deps) {
    deps = createDeps(loadConfig(need));
    cache.set(need, deps);
  }
  return deps;
}

/** Drops the per-cold-start state (tests change the environment between cases). */
export function resetHandlerState(): void {
  cache.clear();
}

export type Trigger = "schedule" | "stream" | "task-state" | "other";

interface StreamRecord {
  eventName?: string;
  eventSource?: string;
  eventSourceARN?: string;
  dynamodb?: { OldImage?: Record<string, { S?: string }>; NewImage?: Record<string, { S?: string }> };
  userIdentity?: { type?: string; principalId?: string };
}

/** Whether a stream record changes what the manager must do (see POOL_STREAM_FILTER_PATTERNS). */
export function isRelevantStreamRecord(record: StreamRecord, planTable: string, poolTable: string): boolean {
  const arn = record.eventSourceARN ?? "";
  if (arn.includes(`:table/${planTable}/`)) return true;
  if (arn.includes(`:table/${poolTable}/`)) {
    // A row that never came up expired (TTL): its worker must be replaced.
    if (record.eventName === "REMOVE") return record.userIdentity?.principalId === TTL_DELETE_PRINCIPAL;
    if (record.eventName !== "MODIFY") return false;
    const before = record.dynamodb?.OldImage?.[ATTR.Available]?.S;
    const after = record.dynamodb?.NewImage?.[ATTR.Available]?.S;
    return (
      (before === AVAILABLE.Idle && after === AVAILABLE.Claimed) ||
      (before === AVAILABLE.Claimed && after === AVAILABLE.Idle) ||
      (before === AVAILABLE.Claimed && after === AVAILABLE.Retiring)
    );
  }
  return true;
}

/** Classifies the event; returns undefined when it should not trigger a reconcile. */
export function triggerOf(event: unknown, deps: Pick<Deps, "config">): Trigger | undefined {
  const e = (event ?? {}) as {
    Records?: StreamRecord[];
    "detail-type"?: string;
    detail?: { startedBy?: string };
    source?: string;
  };
  if (Array.isArray(e.Records)) {
    const { planTable, poolTable } = deps.config;
    return e.Records.some((r) => isRelevantStreamRecord(r, planTable, poolTable)) ? "stream" : undefined;
  }
  if (e["detail-type"] === "ECS Task State Change") {
    return e.detail?.startedBy === deps.config.startedBy ? "task-state" : undefined;
  }
  if (e["detail-type"] === "Scheduled Event" || e.source === "aws.events" || e.source === "aws.scheduler")
    return "schedule";
  return "other";
}

/** One handler for the schedule, the table streams and ECS task-state events: each leads to one reconcile. */
export async function reconcileHandler(event: unknown): Promise<ReconcileResult | { outcome: "skipped" }> {
  const deps = depsFor("reconcile");
  const trigger = triggerOf(event, deps);
  if (!trigger) {
    deps.logger.debug("event does not concern the pool; skipped");
    return { outcome: "skipped" };
  }
  deps.logger.appendKeys({ trigger });
  try {
    return await reconcile(deps);
  } finally {
    deps.logger.removeKeys(["trigger"]);
  }
}

/** EventBridge "ECR Image Action" → task-definition revision + plan row. */
export async function pipelineHandler(event: EcrImageActionEvent): Promise<PipelineResult> {
  return onImagePushed(depsFor("pipeline"), event);
}
