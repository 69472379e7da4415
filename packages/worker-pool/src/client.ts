/**
 * What an application needs to claim and release workers with the runtime's claim client
 * (`claimWorker`, `releaseWorker` from `@acs/worker-pool-runtime`): its task role's statements and its
 * environment. The platform gives both to the application service.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  ACTIVITY_WORKER_INDEX,
  activityTableName,
  POOL_VERSION_INDEX,
  poolTableName,
} from "@acs/worker-pool-runtime/schema";
import { tableArn } from "./tables";

export interface WorkerClientInputs {
  /** The pool table (`app-worker-manager-hotpool-<env>`). */
  readonly poolTableName: pulumi.Input<string>;
  readonly poolTableArn: pulumi.Input<string>;
  /** The activity table in this region (the global table or its replica). */
  readonly activityTableName: pulumi.Input<string>;
  readonly activityTableArn: pulumi.Input<string>;
}

/** Least privilege for the claim client: find idle workers, claim/return/retire one, record activity. */
export function workerClientStatements(i: WorkerClientInputs): aws.iam.PolicyStatement[] {
  return [
    {
      Sid: "FindIdleWorkers",
      Effect: "Allow",
      Action: ["dynamodb:Query"],
      Resource: pulumi.interpolate`${i.poolTableArn}/index/${POOL_VERSION_INDEX}`,
    },
    {
      // Claim, return and retire are conditional updates (a retire marks the row "R"; the
      // manager stops the task): the application neither deletes rows nor calls ECS.
      Sid: "ClaimReturnRetireWorkers",
      Effect: "Allow",
      Action: ["dynamodb:UpdateItem"],
      Resource: i.poolTableArn,
    },
    {
      // Reading a row back after a conditional write failed (was it already my write?).
      Sid: "ReadBackWorkers",
      Effect: "Allow",
      Action: ["dynamodb:GetItem"],
      Resource: i.poolTableArn,
    },
    {
      Sid: "RecordActivity",
      Effect: "Allow",
      Action: ["dynamodb:PutItem"],
      Resource: i.activityTableArn,
    },
    {
      Sid: "ReadWorkerActivity",
      Effect: "Allow",
      Action: ["dynamodb:Query"],
      Resource: pulumi.interpolate`${i.activityTableArn}/index/${ACTIVITY_WORKER_INDEX}`,
    },
  ];
}

/** The variables the claim client reads (see the runtime's config). */
export function workerClientEnvironment(i: WorkerClientInputs): Record<string, pulumi.Input<string>> {
  return { POOL_TABLE: i.poolTableName, ACTIVITY_TABLE: i.activityTableName };
}

/**
 * The claim client's tables in one environment, from the data model's names alone (so the
 * application can be given them before the hot pool exists): the environment's pool table, and
 * the activity table in its region (its own global table, or the owner's replica).
 */
export function workerClientTables(
  args: {
    /** The environment (`dev`): its pool table. */
    readonly env: string;
    /** The environment owning the activity global table. @default env */
    readonly activityOwnerEnv?: string;
    /** The environment's region. */
    readonly region: string;
  },
  opts: pulumi.InvokeOptions = {},
): WorkerClientInputs {
  const pool = poolTableName(args.env);
  const activity = activityTableName(args.activityOwnerEnv ?? args.env);
  return {
    poolTableName: pool,
    poolTableArn: tableArn(args.region, pool, opts),
    activityTableName: activity,
    activityTableArn: tableArn(args.region, activity, opts),
  };
}
