import * as pulumi from "@pulumi/pulumi";
import { PoolAlarms, validatePoolAlarmsArgs } from "./alarms";
import type { CapacityProviderStrategyItem } from "./environment";
import { Manager, validateManagerArgs } from "./manager";
import { PoolTables, validatePoolTablesArgs, type ActivityTableMode } from "./tables";
import { Triggers, validateTriggersArgs } from "./triggers";
import { validateWorkerArgs, Worker, WORKER_CONTAINER, type WorkerArgs } from "./worker";

export interface HotPoolArgs {
  /** Environment name (table, function, family and alarm names). */
  readonly env: string;
  /** The stack's region (the provider's). */
  readonly region: string;
  /** The activity table: owned here with a replica in the DR region, or another stack's replica. */
  readonly activity: ActivityTableMode;
  /**
   * Deletion protection and `protect` on the tables and the repository; off only for ephemeral environments.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * KMS key for the tables.
   * @default the AWS-owned key
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** The cluster the workers run in. */
  readonly clusterArn: pulumi.Input<string>;
  /** Private subnets for the workers. Must not be empty. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security groups for the workers (the app security group). Must not be empty. */
  readonly securityGroupIds: pulumi.Input<string>[];
  /**
   * Capacity provider strategy for RunTask.
   * @default none: launch type FARGATE
   */
  readonly capacityProviderStrategy?: CapacityProviderStrategyItem[];
  /** The worker: first image, size, port. */
  readonly worker: Omit<WorkerArgs, "env" | "protect">;
  /**
   * The manager's schedule.
   * @default "rate(15 minutes)"
   */
  readonly schedule?: string;
  /**
   * `ScaleTo` of a plan row the pipeline creates.
   * @default 0
   */
  readonly defaultScaleTo?: number;
  /**
   * `Pooling` of a plan row the pipeline creates.
   * @default "N"
   */
  readonly defaultPooling?: "Y" | "N";
  /**
   * `startedBy` of the manager's tasks (≤36 characters).
   * @default `acs-worker-pool-<env>`
   */
  readonly startedBy?: string;
  /**
   * Manager memory, MB.
   * @default 256
   */
  readonly managerMemory?: number;
  /**
   * Manager timeout, seconds.
   * @default 300
   */
  readonly managerTimeout?: number;
  /**
   * Retention of the functions' log groups, days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Reserved concurrency of the manager and pipeline functions (see `ManagerArgs.reservedConcurrency`).
   * @default none: unreserved
   */
  readonly reservedConcurrency?: number;
  /** The topic every alarm notifies. */
  readonly alarmTopicArn: pulumi.Input<string>;
  /**
   * The functions' code.
   * @default the bundle built by `pnpm build`
   */
  readonly code?: pulumi.asset.Archive;
}

const PLACEHOLDER = { name: "table", arn: "arn" };

/** Throws on invalid args, naming the arg, the value and the fix: every part is checked before anything is created. */
export function validateHotPoolArgs(name: string, args: HotPoolArgs): void {
  validatePoolTablesArgs({
    env: args.env,
    region: args.region,
    activity: args.activity,
    kmsKeyArn: args.kmsKeyArn,
  });
  validateWorkerArgs(`${name}-worker`, { ...args.worker, env: args.env });
  validateManagerArgs({
    env: args.env,
    planTable: PLACEHOLDER,
    poolTable: PLACEHOLDER,
    activityTableName: "table",
    clusterArn: args.clusterArn,
    subnetIds: args.subnetIds,
    securityGroupIds: args.securityGroupIds,
    worker: {
      family: "",
      taskDefinitionArn: "",
      executionRoleArn: "",
      taskRoleArn: "",
      port: args.worker.port ?? 8080,
    },
    startedBy: args.startedBy,
    defaultScaleTo: args.defaultScaleTo,
    defaultPooling: args.defaultPooling,
    memorySize: args.managerMemory,
    timeout: args.managerTimeout,
    logRetentionDays: args.logRetentionDays,
    reservedConcurrency: args.reservedConcurrency,
  });
  validateTriggersArgs({ schedule: args.schedule });
  validatePoolAlarmsArgs({
    env: args.env,
    alarmTopicArn: args.alarmTopicArn,
    managerFunctionName: "",
    pipelineFunctionName: "",
    deadLetterQueueName: "",
    ...(args.schedule !== undefined ? { schedule: args.schedule } : {}),
  });
}

/**
 * The hot pool of one environment: the worker (repository, task definition), the plan, pool and
 * activity tables, the manager and pipeline functions with their triggers, and alarms.
 */
export class HotPool extends pulumi.ComponentResource {
  public readonly worker: Worker;
  public readonly tables: PoolTables;
  public readonly manager: Manager;
  public readonly triggers: Triggers;
  public readonly alarms: PoolAlarms;
  /** Stack outputs: table names and ARNs, function names, worker family, repository URL. */
  public readonly outputs: Record<string, pulumi.Input<string>>;

  constructor(name: string, args: HotPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    validateHotPoolArgs(name, args);
    super("acs:worker-pool:HotPool", name, {}, opts);
    const protect = args.protect ?? true;

    this.worker = new Worker(`${name}-worker`, { ...args.worker, env: args.env, protect }, { parent: this });
    this.tables = new PoolTables(
      `${name}-tables`,
      { env: args.env, region: args.region, activity: args.activity, kmsKeyArn: args.kmsKeyArn, protect },
      { parent: this },
    );
    const td = this.worker.taskDefinition;
    this.manager = new Manager(
      `${name}-manager`,
      {
        env: args.env,
        planTable: { name: this.tables.plan.name, arn: this.tables.plan.arn },
        poolTable: { name: this.tables.pool.name, arn: this.tables.pool.arn },
        activityTableName: this.tables.activityTableName,
        clusterArn: args.clusterArn,
        subnetIds: args.subnetIds,
        securityGroupIds: args.securityGroupIds,
        capacityProviderStrategy: args.capacityProviderStrategy,
        worker: {
          family: this.worker.family,
          taskDefinitionArn: td.arn,
          executionRoleArn: td.executionRoleArn,
          taskRoleArn: td.taskRoleArn,
          port: this.worker.port,
          containerName: WORKER_CONTAINER,
        },
        startedBy: args.startedBy,
        defaultScaleTo: args.defaultScaleTo,
        defaultPooling: args.defaultPooling,
        memorySize: args.managerMemory,
        timeout: args.managerTimeout,
        logRetentionDays: args.logRetentionDays,
        reservedConcurrency: args.reservedConcurrency,
        code: args.code,
      },
      { parent: this },
    );
    this.triggers = new Triggers(
      `${name}-triggers`,
      {
        manager: this.manager.function,
        pipeline: this.manager.pipelineFunction,
        schedule: args.schedule,
        planStreamArn: this.tables.plan.streamArn,
        poolStreamArn: this.tables.pool.streamArn,
        deadLetterQueueArn: this.manager.deadLetterQueue.arn,
        clusterArn: args.clusterArn,
        taskDefinitionArn: td.arn,
        startedBy: this.manager.startedBy,
        repositoryName: this.worker.repositoryName,
      },
      { parent: this },
    );
    this.alarms = new PoolAlarms(
      `${name}-alarms`,
      {
        env: args.env,
        alarmTopicArn: args.alarmTopicArn,
        managerFunctionName: this.manager.function.name,
        pipelineFunctionName: this.manager.pipelineFunction.name,
        deadLetterQueueName: this.manager.deadLetterQueue.name,
        ...(args.schedule !== undefined ? { schedule: args.schedule } : {}),
      },
      { parent: this },
    );

    this.outputs = {
      workerPlanTableName: this.tables.plan.name,
      workerPlanTableArn: this.tables.plan.arn,
      workerPoolTableName: this.tables.pool.name,
      workerPoolTableArn: this.tables.pool.arn,
      workerActivityTableName: this.tables.activityTableName,
      workerActivityTableArn: this.tables.activityTableArn,
      workerManagerFunctionName: this.manager.function.name,
      workerPipelineFunctionName: this.manager.pipelineFunction.name,
      workerFamily: this.worker.family,
      workerRepositoryUrl: this.worker.repositoryUrl,
    };
    this.registerOutputs(this.outputs);
  }
}
