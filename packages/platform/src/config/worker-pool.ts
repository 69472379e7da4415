import { z } from "zod";
import {
  checkFargateSize,
  fargateCpuField,
  imageField,
  intBetween,
  logRetentionField,
  memoryField,
} from "./fields";
import {
  DEFAULT_SCHEDULE,
  MAX_SCALE_TO,
  reservedConcurrencyProblem,
  scheduleProblem,
  startedByProblem,
} from "@acs/worker-pool";
import { problemOf } from "./errors";

/**
 * `acs:workerPool` — the hot pool of workers (packages/worker-pool): the worker's first image and
 * size, the manager's schedule and size, and what the pipeline writes for a new version.
 */
export const workerPoolConfigSchema = z
  .object({
    /** The worker's first image; the pipeline registers a revision for each image pushed after that. */
    image: imageField("worker", "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/worker:1.0.0"),
    /** Worker CPU units (a Fargate value). @default 256 */
    cpu: fargateCpuField().default(256),
    /** Worker memory in MiB (a Fargate combination with cpu). @default 512 */
    memory: memoryField(512).default(512),
    /** Port the worker listens on. @default 8080 */
    port: intBetween("a port", 1, 65535).default(8080),
    /** How often the manager reconciles: rate(…) or cron(…), at least a minute apart. @default "rate(15 minutes)" */
    schedule: z
      .string({ error: () => 'use a schedule expression, e.g. "rate(15 minutes)"' })
      .superRefine((s, ctx) => {
        const problem = scheduleProblem(s);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .default(DEFAULT_SCHEDULE),
    /** `ScaleTo` (idle workers) of a plan row the pipeline creates for a new version. @default 0 */
    defaultScaleTo: intBetween("a whole number of idle workers", 0, MAX_SCALE_TO).default(0),
    /** `Pooling` of a plan row the pipeline creates ("Y" keeps ScaleTo idle workers). @default "N" */
    defaultPooling: z.enum(["Y", "N"], { error: () => 'use "Y" or "N"' }).default("N"),
    /** `startedBy` on the manager's tasks (≤36 letters, digits, - and _). @default acs-worker-pool-<env> */
    startedBy: z
      .string({ error: () => "use a tag of up to 36 characters, e.g. acs-worker-pool-dev" })
      .superRefine(problemOf(startedByProblem))
      .optional(),
    /** Share of workers on FARGATE_SPOT next to FARGATE (0 = on-demand only, launch type FARGATE). @default 0 */
    spotWeight: intBetween("a weight", 0, 1000).default(0),
    /** Manager function memory (MB). @default 256 */
    managerMemory: intBetween("a memory size in MB", 128, 10240).default(256),
    /** Manager function timeout (seconds). @default 300 */
    managerTimeout: intBetween("a timeout in seconds", 30, 900).default(300),
    /**
     * Reserved concurrency of the manager and the pipeline function each. Unset, they draw from
     * the account's unreserved pool (the manager's lease serialises reconciles anyway). Set, the
     * region's concurrency quota must be at least 100 + every function's reservation, or Lambda
     * refuses the function. @default unset: unreserved
     */
    reservedConcurrency: z
      .number({ error: () => "use a whole number of at least 1, or remove the key" })
      .superRefine((n, ctx) => {
        const problem = reservedConcurrencyProblem(n);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
    /** Retention of the functions' and workers' logs (days). @default 30 */
    logRetentionDays: logRetentionField().default(30),
    /**
     * Secondary only: the environment that owns the activity global table (its name suffix); the
     * table is replicated here. The primary owns it and must not set this.
     */
    activityTableOwner: z
      .string()
      .regex(/^[a-z][a-z0-9]{1,11}$/, { error: "name the primary environment, e.g. dev" })
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    checkFargateSize(c, ctx);
  });

export type WorkerPoolConfig = z.output<typeof workerPoolConfigSchema>;
