import {
  Repository,
  TaskDefinition,
  validateRepositoryArgs,
  validateTaskDefinitionArgs,
  type RepositoryArgs,
  type TaskDefinitionArgs,
} from "@acs/ecs-platform";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Where the worker images come from: `"create"` makes the ECR repository; `"replica"` uses the
 * repository that ECR replication creates in this region (a DR environment whose primary
 * replicates its images here), creating nothing.
 */
export type WorkerRepositoryMode = "create" | "replica";

export interface WorkerArgs {
  /** Environment name: the family is `acs-<env>-worker`. */
  readonly env: string;
  /** The image of the first revision; the pipeline registers a revision per pushed image after that. */
  readonly image: pulumi.Input<string>;
  /**
   * Task CPU units (a Fargate combination with `memory`).
   * @default 256
   */
  readonly cpu?: number;
  /**
   * Task memory, MiB.
   * @default 512
   */
  readonly memory?: number;
  /**
   * Port the worker listens on.
   * @default 8080
   */
  readonly port?: number;
  /**
   * Retention of the workers' log group, days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * ECR repository name for the worker images.
   * @default "acs/worker"
   */
  readonly repositoryName?: string;
  /**
   * Make the repository, or use the replica that ECR replication keeps in this region.
   * @default "create"
   */
  readonly repository?: WorkerRepositoryMode;
  /**
   * Keep the repository and its images: Pulumi `protect`, no force-delete. Turn off only for
   * ephemeral environments.
   * @default true
   */
  readonly protect?: boolean;
}

/** The container the pipeline replaces the image of. */
export const WORKER_CONTAINER = "worker";

function taskDefinitionArgs(args: WorkerArgs, repositoryArn?: pulumi.Input<string>): TaskDefinitionArgs {
  const port = args.port ?? 8080;
  return {
    family: `acs-${args.env}-worker`,
    cpu: args.cpu ?? 256,
    memory: args.memory ?? 512,
    containers: [
      {
        name: WORKER_CONTAINER,
        image: args.image,
        portMappings: [{ containerPort: port }],
        environment: { PORT: String(port) },
      },
    ],
    logRetentionDays: args.logRetentionDays ?? 30,
    // Revisions the pipeline registers pull from the worker repository.
    repositoryArns: repositoryArn ? [repositoryArn] : [],
  };
}

function repositoryArgs(args: WorkerArgs): RepositoryArgs {
  return { name: args.repositoryName ?? "acs/worker", forceDelete: !(args.protect ?? true) };
}

/** Throws on invalid args (ecs-platform's own checks), before any resource exists. Pure; exported for tests. */
export function validateWorkerArgs(name: string, args: WorkerArgs): void {
  switch (args.repository ?? "create") {
    case "create":
    case "replica":
      break;
    default:
      throw new Error(
        `${name}: \`repository\` is ${JSON.stringify(args.repository)}; use "create" (make the ECR repository) or "replica" (use the one ECR replication keeps in this region)`,
      );
  }
  validateRepositoryArgs(`${name}-images`, repositoryArgs(args));
  validateTaskDefinitionArgs(`${name}-task`, taskDefinitionArgs(args));
}

/**
 * The hot pool's worker: its ECR repository and task-definition family (execution and task roles,
 * log group) from @acs/ecs-platform. The manager starts it with RunTask; the pipeline registers a
 * revision for each image pushed to the repository.
 */
export class Worker extends pulumi.ComponentResource {
  /** The worker images' repository, when this component made it (`repository: "create"`). */
  public readonly repository?: Repository;
  /** The repository's name, ARN and URL (made here or replicated into this region). */
  public readonly repositoryName: pulumi.Output<string>;
  public readonly repositoryArn: pulumi.Output<string>;
  public readonly repositoryUrl: pulumi.Output<string>;
  /** The task definition (first revision), with its execution and task roles. */
  public readonly taskDefinition: TaskDefinition;
  /** The task-definition family. */
  public readonly family: string;
  /** The port the worker listens on. */
  public readonly port: number;

  constructor(name: string, args: WorkerArgs, opts?: pulumi.ComponentResourceOptions) {
    validateWorkerArgs(name, args);
    super("acs:worker-pool:Worker", name, {}, opts);
    this.port = args.port ?? 8080;
    const repoArgs = repositoryArgs(args);
    if ((args.repository ?? "create") === "create") {
      this.repository = new Repository(`${name}-images`, repoArgs, {
        parent: this,
        protect: args.protect ?? true,
      });
      this.repositoryName = this.repository.repository.name;
      this.repositoryArn = this.repository.arn;
      this.repositoryUrl = this.repository.repositoryUrl;
    } else {
      const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
      const region = aws.getRegionOutput({}, { parent: this }).region;
      const partition = aws.getPartitionOutput({}, { parent: this }).partition;
      this.repositoryName = pulumi.output(repoArgs.name!);
      this.repositoryArn = pulumi.interpolate`arn:${partition}:ecr:${region}:${account}:repository/${repoArgs.name}`;
      this.repositoryUrl = pulumi.interpolate`${account}.dkr.ecr.${region}.amazonaws.com/${repoArgs.name}`;
    }
    const td = taskDefinitionArgs(args, this.repositoryArn);
    this.family = td.family!;
    this.taskDefinition = new TaskDefinition(`${name}-task`, td, { parent: this });
    this.registerOutputs({ family: this.family, repositoryUrl: this.repositoryUrl });
  }
}
