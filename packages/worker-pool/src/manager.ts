import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HANDLERS, managerCode } from "./bundle";
import { managerEnvironment, pipelineEnvironment, type CapacityProviderStrategyItem } from "./environment";
import { startedByProblem } from "@acs/worker-pool-runtime/schema";
import { logRetentionProblem } from "@acs/ecs-platform";
import { MAX_SCALE_TO } from "./names";
import { managerPolicy, pipelinePolicy, type PolicyDoc, type PolicyInputs } from "./policies";
import { serviceTrustPolicy } from "@acs/iam-policy";

/** The worker the manager starts and the pipeline registers revisions of. */
export interface ManagerWorker {
  /** Task-definition family. */
  readonly family: pulumi.Input<string>;
  /** The family's current task-definition ARN (any revision). */
  readonly taskDefinitionArn: pulumi.Input<string>;
  /** The worker's execution role (the only roles the functions may pass). */
  readonly executionRoleArn: pulumi.Input<string>;
  /** The worker's task role. */
  readonly taskRoleArn: pulumi.Input<string>;
  /** Port the worker listens on (written to pool rows). */
  readonly port: number;
  /**
   * The container whose image the pipeline replaces.
   * @default the task definition's first container
   */
  readonly containerName?: string;
}

export interface ManagerArgs {
  /** Environment name, used in function, queue and log-group names. */
  readonly env: string;
  /** Plan table name and ARN. */
  readonly planTable: { readonly name: pulumi.Input<string>; readonly arn: pulumi.Input<string> };
  /** Pool table name and ARN. */
  readonly poolTable: { readonly name: pulumi.Input<string>; readonly arn: pulumi.Input<string> };
  /** Activity table name (read by the runtime's claim path; the manager only passes it on). */
  readonly activityTableName: pulumi.Input<string>;
  /** The cluster the workers run in. */
  readonly clusterArn: pulumi.Input<string>;
  /** Private subnets for the workers' ENIs. Must not be empty. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security groups for the workers' ENIs. Must not be empty. */
  readonly securityGroupIds: pulumi.Input<string>[];
  /**
   * Capacity provider strategy for RunTask.
   * @default none: RunTask uses launch type FARGATE
   */
  readonly capacityProviderStrategy?: CapacityProviderStrategyItem[];
  /** The worker. */
  readonly worker: ManagerWorker;
  /**
   * `startedBy` on the manager's tasks (ListTasks filter, task-state rule); ≤36 characters.
   * @default `acs-worker-pool-<env>`
   */
  readonly startedBy?: string;
  /**
   * `ScaleTo` of a plan row the pipeline creates for a new version.
   * @default 0
   */
  readonly defaultScaleTo?: number;
  /**
   * `Pooling` of a plan row the pipeline creates for a new version.
   * @default "N"
   */
  readonly defaultPooling?: "Y" | "N";
  /**
   * Memory of the manager function, MB.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Timeout of the manager function, seconds.
   * @default 300
   */
  readonly timeout?: number;
  /**
   * Retention of the functions' log groups, days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Reserved concurrency of each function (manager and pipeline). Reserving takes executions
   * from the account's regional pool, which must keep 100 unreserved: an account whose quota is
   * below 100 + the reservations refuses the function. The lease already serialises reconciles.
   * @default none: unreserved
   */
  readonly reservedConcurrency?: number;
  /**
   * The functions' code.
   * @default the bundle built by `pnpm build` (dist/lambda/manager/index.js)
   */
  readonly code?: pulumi.asset.Archive;
}

/**
 * What is wrong with a reserved concurrency, or undefined. Lambda accepts 0, which stops every
 * invocation, so at least 1. Pure; the config of `reservedConcurrency` uses it too.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
 */
export function reservedConcurrencyProblem(n: number): string | undefined {
  return Number.isInteger(n) && n >= 1
    ? undefined
    : "use a whole number of at least 1 (0 would stop the function), or leave it unset for unreserved";
}

/** Throws on invalid args, naming the arg, the value and the fix. Pure; exported for tests. */
export function validateManagerArgs(args: ManagerArgs): void {
  const startedBy = args.startedBy ?? `acs-worker-pool-${args.env}`;
  const startedByIssue = startedByProblem(startedBy);
  if (startedByIssue) throw new Error(`Manager: startedBy ${startedByIssue}`);
  if (args.subnetIds.length === 0) {
    throw new Error(
      "Manager: subnetIds is []; the workers need at least one private subnet, so pass the network's private subnet ids",
    );
  }
  if (args.securityGroupIds.length === 0) {
    throw new Error(
      "Manager: securityGroupIds is []; the workers need a security group, so pass the app security group's id",
    );
  }
  const scaleTo = args.defaultScaleTo ?? 0;
  if (!Number.isInteger(scaleTo) || scaleTo < 0 || scaleTo > MAX_SCALE_TO) {
    throw new Error(
      `Manager: defaultScaleTo is ${scaleTo}; use a whole number from 0 to ${MAX_SCALE_TO} (idle workers per new version)`,
    );
  }
  switch (args.defaultPooling ?? "N") {
    case "Y":
    case "N":
      break;
    default:
      throw new Error(`Manager: defaultPooling is ${JSON.stringify(args.defaultPooling)}; use "Y" or "N"`);
  }
  const memory = args.memorySize ?? 256;
  if (!Number.isInteger(memory) || memory < 128 || memory > 10240) {
    throw new Error(`Manager: memorySize is ${memory}; Lambda accepts 128 to 10240 MB, e.g. 256`);
  }
  const timeout = args.timeout ?? 300;
  if (!Number.isInteger(timeout) || timeout < 30 || timeout > 900) {
    throw new Error(
      `Manager: timeout is ${timeout}; use 30 to 900 seconds (a reconcile waits on ECS), e.g. 300`,
    );
  }
  const port = args.worker.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Manager: worker.port is ${port}; use the worker's container port, 1 to 65535`);
  }
  const reserved = args.reservedConcurrency;
  const reservedProblem = reserved === undefined ? undefined : reservedConcurrencyProblem(reserved);
  if (reservedProblem) throw new Error(`Manager: reservedConcurrency is ${reserved}; ${reservedProblem}`);
  const retention = args.logRetentionDays ?? 30;
  const retentionIssue = logRetentionProblem(retention);
  if (retentionIssue) throw new Error(`Manager: logRetentionDays ${retentionIssue}`);
}

/**
 * The hot pool's functions, from one bundle of the runtime: the manager (reconcile; a lease
 * serialises runs) and the pipeline (ECR push → task-definition revision + plan row). Each has its
 * own least-privilege role and log group; failed asynchronous invocations and stream batches go to
 * one encrypted dead-letter queue.
 */
export class Manager extends pulumi.ComponentResource {
  /** The reconcile function. */
  public readonly function: aws.lambda.Function;
  /** The pipeline function. */
  public readonly pipelineFunction: aws.lambda.Function;
  /** Failed invocations and stream batches of both functions. */
  public readonly deadLetterQueue: aws.sqs.Queue;
  /** The manager's execution role. */
  public readonly role: aws.iam.Role;
  /** The pipeline's execution role. */
  public readonly pipelineRole: aws.iam.Role;
  /** The manager's policy document (JSON). */
  public readonly policyDocument: pulumi.Output<string>;
  /** The pipeline's policy document (JSON). */
  public readonly pipelinePolicyDocument: pulumi.Output<string>;
  /** The `startedBy` tag on the manager's tasks. */
  public readonly startedBy: string;

  constructor(name: string, args: ManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    validateManagerArgs(args);
    super("acs:worker-pool:Manager", name, {}, opts);
    const code = args.code ?? managerCode();
    this.startedBy = args.startedBy ?? `acs-worker-pool-${args.env}`;
    const retentionInDays = args.logRetentionDays ?? 30;

    this.deadLetterQueue = new aws.sqs.Queue(
      `${name}-dlq`,
      {
        name: `acs-${args.env}-worker-manager-dlq`,
        sqsManagedSseEnabled: true,
        messageRetentionSeconds: 14 * 24 * 3600,
      },
      { parent: this },
    );

    const env = pulumi
      .all([
        args.planTable.name,
        args.poolTable.name,
        args.activityTableName,
        args.clusterArn,
        pulumi.all(args.subnetIds),
        pulumi.all(args.securityGroupIds),
        args.worker.family,
      ])
      .apply(
        ([planTable, poolTable, activityTable, clusterArn, subnetIds, securityGroupIds, workerFamily]) => ({
          planTable,
          poolTable,
          activityTable,
          clusterArn,
          subnetIds,
          securityGroupIds,
          capacityProviderStrategy: args.capacityProviderStrategy,
          startedBy: this.startedBy,
          workerPort: args.worker.port,
          workerFamily,
          workerContainerName: args.worker.containerName,
          defaultPooling: args.defaultPooling ?? "N",
          defaultScaleTo: args.defaultScaleTo ?? 0,
        }),
      );

    const make = (
      suffix: string,
      functionName: string,
      handler: string,
      memorySize: number,
      timeout: number,
      policy: (i: PolicyInputs) => PolicyDoc,
      variables: pulumi.Output<Record<string, string>>,
    ) => {
      const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-${suffix}-logs`,
        { name: `/aws/lambda/${functionName}`, retentionInDays },
        { parent: this },
      );
      const role = new aws.iam.Role(
        `${name}-${suffix}-role`,
        {
          description: `Execution role of ${functionName}`,
          assumeRolePolicy: JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")),
        },
        { parent: this },
      );
      const document = pulumi
        .all([
          args.planTable.arn,
          args.poolTable.arn,
          args.clusterArn,
          args.worker.taskDefinitionArn,
          args.worker.executionRoleArn,
          args.worker.taskRoleArn,
          this.deadLetterQueue.arn,
          logGroup.arn,
        ])
        .apply(
          ([
            planTableArn,
            poolTableArn,
            clusterArn,
            taskDefinitionArn,
            executionRoleArn,
            taskRoleArn,
            deadLetterQueueArn,
            logGroupArn,
          ]) =>
            JSON.stringify(
              policy({
                planTableArn,
                poolTableArn,
                clusterArn,
                taskDefinitionArn,
                workerRoleArns: [executionRoleArn, taskRoleArn],
                deadLetterQueueArn,
                logGroupArn,
              }),
            ),
        );
      const rolePolicy = new aws.iam.RolePolicy(
        `${name}-${suffix}-policy`,
        { role: role.id, policy: document },
        { parent: this },
      );
      const fn = new aws.lambda.Function(
        `${name}-${suffix}`,
        {
          name: functionName,
          description: `ACS hot pool ${suffix} (${args.env})`,
          runtime: "nodejs22.x",
          architectures: ["arm64"],
          handler,
          code,
          role: role.arn,
          memorySize,
          timeout,
          reservedConcurrentExecutions: args.reservedConcurrency,
          deadLetterConfig: { targetArn: this.deadLetterQueue.arn },
          loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
          environment: { variables },
        },
        { parent: this, dependsOn: [rolePolicy, logGroup] },
      );
      return { fn, role, document };
    };

    const manager = make(
      "manager",
      `acs-${args.env}-worker-manager`,
      HANDLERS.manager,
      args.memorySize ?? 256,
      args.timeout ?? 300,
      managerPolicy,
      env.apply(managerEnvironment),
    );
    const pipeline = make(
      "pipeline",
      `acs-${args.env}-worker-pipeline`,
      HANDLERS.pipeline,
      256,
      60,
      pipelinePolicy,
      env.apply(pipelineEnvironment),
    );
    this.function = manager.fn;
    this.role = manager.role;
    this.policyDocument = manager.document;
    this.pipelineFunction = pipeline.fn;
    this.pipelineRole = pipeline.role;
    this.pipelinePolicyDocument = pipeline.document;

    this.registerOutputs({
      functionName: this.function.name,
      pipelineFunctionName: this.pipelineFunction.name,
      deadLetterQueueArn: this.deadLetterQueue.arn,
    });
  }
}
