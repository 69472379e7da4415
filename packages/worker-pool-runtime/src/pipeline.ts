/**
 * Pipeline: an ECR push of a worker image (or, in a DR region, its arrival by
 * cross-region replication) becomes a task-definition revision
 * (pinned by digest, copied from the worker family's latest revision) and a
 * plan row for the version. The worker version is the image tag.
 */
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type TaskDefinition,
} from "@aws-sdk/client-ecs";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ATTR, type PlanRow } from "./schema";
import { call, isConditionFailed, type Deps } from "./deps";
import { VERSION_TAG } from "./reconcile";

/**
 * EventBridge "ECR Image Action" (action-type PUSH) or "ECR Replication Action" (action-type
 * REPLICATE, emitted in the destination region; `region` is that region) event: the fields the
 * pipeline reads. Both carry repository-name, image-digest and image-tag.
 */
export interface EcrImageActionEvent {
  "detail-type"?: string;
  source?: string;
  account?: string;
  region?: string;
  detail?: {
    "action-type"?: string;
    result?: string;
    "repository-name"?: string;
    "image-digest"?: string;
    "image-tag"?: string;
    /** Replication only: where the image came from. */
    "source-region"?: string;
    "source-account"?: string;
  };
}

export interface PipelineResult {
  /** ignored: not a successful tagged push; unchanged: plan row already points at this image. */
  outcome: "ignored" | "unchanged" | "created" | "updated";
  reason?: string;
  version?: string;
  image?: string;
  taskDefArn?: string;
  /** Whether a new task-definition revision was registered. */
  registered: boolean;
}

/** Fields of a described task definition that RegisterTaskDefinition accepts back. */
const REGISTRABLE = [
  "taskRoleArn",
  "executionRoleArn",
  "networkMode",
  "volumes",
  "placementConstraints",
  "requiresCompatibilities",
  "cpu",
  "memory",
  "pidMode",
  "ipcMode",
  "proxyConfiguration",
  "inferenceAccelerators",
  "ephemeralStorage",
  "runtimePlatform",
  "enableFaultInjection",
] as const;

/** `<account>.dkr.ecr.<region>.<domain>/<repository>@<digest>`. */
export function imageUri(account: string, region: string, repository: string, digest: string): string {
  const domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `${account}.dkr.ecr.${region}.${domain}/${repository}@${digest}`;
}

export async function onImagePushed(deps: Deps, event: EcrImageActionEvent): Promise<PipelineResult> {
  const d = event.detail ?? {};
  const ignore = (reason: string): PipelineResult => {
    deps.logger.info("image event ignored", {
      reason,
      repository: d["repository-name"],
      tag: d["image-tag"],
    });
    return { outcome: "ignored", reason, registered: false };
  };
  const action = d["action-type"];
  if (action !== "PUSH" && action !== "REPLICATE")
    return ignore(`action-type is ${action}, not PUSH or REPLICATE`);
  if (d.result !== "SUCCESS") return ignore(`result is ${d.result}, not SUCCESS`);
  const version = d["image-tag"];
  if (!version) return ignore("untagged image: the tag is the worker version");
  // The image is used where the event was emitted: for a replication, the destination region.
  const digest = d["image-digest"];
  const repository = d["repository-name"];
  if (!digest || !/^sha256:[0-9a-f]{64}$/.test(digest) || !repository || !event.account || !event.region) {
    return ignore("event lacks image-digest, repository-name, account or region");
  }
  const image = imageUri(event.account, event.region, repository, digest);
  const table = deps.config.planTable;

  const existing = (
    await call(deps, "GetItem plan", () =>
      deps.ddb.send(
        new GetCommand({ TableName: table, Key: { [ATTR.WorkerVersion]: version }, ConsistentRead: true }),
      ),
    )
  ).Item as PlanRow | undefined;
  if (existing?.Image === image && existing.TaskArn) {
    deps.logger.info("plan row already points at this image", {
      version,
      image,
      taskDefArn: existing.TaskArn,
    });
    return { outcome: "unchanged", version, image, taskDefArn: existing.TaskArn, registered: false };
  }

  const described = await call(deps, "DescribeTaskDefinition", () =>
    deps.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: deps.config.workerFamily, include: ["TAGS"] }),
    ),
  );
  const latest = described.taskDefinition;
  if (!latest?.taskDefinitionArn)
    throw new Error(`task-definition family ${deps.config.workerFamily} has no active revision`);
  const container = workerContainer(latest, deps.config.workerContainerName);
  let taskDefArn: string;
  let registered = false;
  if (container.image === image) {
    taskDefArn = latest.taskDefinitionArn;
  } else {
    const input: RegisterTaskDefinitionCommandInput = {
      family: deps.config.workerFamily,
      containerDefinitions: (latest.containerDefinitions ?? []).map((c) =>
        c.name === container.name ? { ...c, image } : c,
      ),
    };
    for (const key of REGISTRABLE) {
      const value = latest[key];
      if (value !== undefined) (input as unknown as Record<string, unknown>)[key] = value;
    }
    const tags = (described.tags ?? []).filter((t) => t.key !== VERSION_TAG);
    input.tags = [...tags, { key: VERSION_TAG, value: version }];
    const reg = await call(deps, "RegisterTaskDefinition", () =>
      deps.ecs.send(new RegisterTaskDefinitionCommand(input)),
    );
    const arn = reg.taskDefinition?.taskDefinitionArn;
    if (!arn) throw new Error("RegisterTaskDefinition returned no taskDefinitionArn");
    taskDefArn = arn;
    registered = true;
  }
  const taskDef = taskDefArn.split("/").pop() ?? taskDefArn;

  try {
    const res = await call(deps, "UpdateItem plan", () =>
      deps.ddb.send(
        new UpdateCommand({
          TableName: table,
          Key: { [ATTR.WorkerVersion]: version },
          UpdateExpression:
            "SET #td = :td, #ta = :ta, #img = :img, #at = :at, #pool = if_not_exists(#pool, :pool), #scale = if_not_exists(#scale, :scale)",
          ConditionExpression:
            "attribute_not_exists(#img) OR #img <> :img OR attribute_not_exists(#ta) OR #ta <> :ta",
          ExpressionAttributeNames: {
            "#td": ATTR.TaskDef,
            "#ta": ATTR.TaskArn,
            "#img": ATTR.Image,
            "#at": ATTR.UpdatedAt,
            "#pool": ATTR.Pooling,
            "#scale": ATTR.ScaleTo,
          },
          ExpressionAttributeValues: {
            ":td": taskDef,
            ":ta": taskDefArn,
            ":img": image,
            ":at": new Date(deps.now()).toISOString(),
            ":pool": deps.config.defaultPooling,
            ":scale": deps.config.defaultScaleTo,
          },
          ReturnValues: "ALL_OLD",
        }),
      ),
    );
    const outcome = res.Attributes ? "updated" : "created";
    deps.logger.info("plan row written for new image", {
      version,
      action,
      image,
      taskDefArn,
      registered,
      outcome,
    });
    return { outcome, version, image, taskDefArn, registered };
  } catch (err) {
    if (!isConditionFailed(err)) throw err;
    return { outcome: "unchanged", version, image, taskDefArn, registered };
  }
}

function workerContainer(def: TaskDefinition, name: string | undefined): { name?: string; image?: string } {
  const containers = def.containerDefinitions ?? [];
  const found = name === undefined ? containers[0] : containers.find((c) => c.name === name);
  if (!found) {
    throw new Error(
      name === undefined
        ? `${def.taskDefinitionArn} has no container definitions`
        : `${def.taskDefinitionArn} has no container named ${name}; set WORKER_CONTAINER_NAME to one of: ${containers.map((c) => c.name).join(", ")}`,
    );
  }
  return found;
}
