import { validateDeploymentArgs } from "@acs/ecs-platform";
import { PLATFORM_APP_RULE } from "@acs/platform-contract";
import { z } from "zod";
import { checkFargateSize, fargateCpuField, imageField, logRetentionField, memoryField } from "./fields";

const count = (what: string) =>
  z
    .number({ error: () => `use a whole number of ${what}` })
    .int({ error: `use a whole number of ${what}` })
    .min(0, { error: `use 0 or more ${what}` });
const percent = z
  .number({ error: () => "use a percentage from 1 to 100" })
  .int()
  .min(1, { error: "use a percentage from 1 to 100" })
  .max(100, { error: "use a percentage from 1 to 100" });

/** A scheduled change of the service's scaling bounds (e.g. zero overnight). */
const scheduledSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { error: "use 1–64 letters, digits and -" }),
    schedule: z.string().regex(/^(cron|rate|at)\(.+\)$/, {
      error: "use cron(…), rate(…) or at(…), e.g. cron(0 20 ? * MON-FRI *)",
    }),
    timezone: z.string().min(1).optional(),
    minCount: count("tasks"),
    maxCount: count("tasks"),
  })
  .strict();

const minutes = z.number({ error: () => "use whole minutes from 0 to 1440" }).optional();
const percentOf = z.number({ error: () => "use a percentage, e.g. 10" }).optional();

/**
 * How the application deploys (ecs-platform's `DeploymentArgs`): the strategy, and the built-in
 * smoke test of /app/health through the test listener rule on lb.<env>.<parent>. Shape only;
 * the component's validator judges the values.
 */
const deploymentSchema = z
  .object({
    strategy: z.discriminatedUnion(
      "type",
      [
        z.object({ type: z.literal("rolling") }).strict(),
        z.object({ type: z.literal("blueGreen"), bakeTimeMinutes: minutes }).strict(),
        z
          .object({
            type: z.literal("canary"),
            percent: percentOf,
            canaryBakeTimeMinutes: minutes,
            bakeTimeMinutes: minutes,
          })
          .strict(),
        z
          .object({
            type: z.literal("linear"),
            stepPercent: percentOf,
            stepBakeTimeMinutes: minutes,
            bakeTimeMinutes: minutes,
          })
          .strict(),
      ],
      { error: () => "use { type: rolling | blueGreen | canary | linear, … }" },
    ),
    /** Run the built-in smoke test (GET /app/health on the green revision) before production traffic shifts. @default false */
    smokeTest: z.boolean({ error: () => "use true or false" }).default(false),
  })
  .strict();

/**
 * The application's listener rule priority (the test listener rule takes the one below): part of
 * the platform's contract with the teams on the same listener (`@acs/platform-contract`).
 */
export const APP_RULE_PRIORITY = PLATFORM_APP_RULE.priority;

/**
 * Runs ecs-platform's deployment validator on the config and reports its message on the key it
 * names (`acs:ecs.deployment.strategy.percent is 2.55: ECS accepts …`).
 */
function checkDeployment(d: z.output<typeof deploymentSchema>, ctx: z.RefinementCtx): void {
  try {
    validateDeploymentArgs(
      "acs:ecs",
      { strategy: d.strategy, smokeTest: d.smokeTest ? { hostName: "lb.example.com" } : undefined },
      { hasAlb: true, hasNlb: false, albPriority: APP_RULE_PRIORITY },
    );
  } catch (e) {
    const message = (e as Error).message.replace(/^acs:ecs: /, "");
    const named = /^`deployment\.([A-Za-z.]+)(?:\[\d+\])*` (?:is set but |is .*?[;:] )?(.*)$/.exec(message);
    ctx.addIssue({
      code: "custom",
      path: ["deployment", ...(named ? named[1]!.split(".") : [])],
      message: named ? named[2]! : message,
    });
  }
}

/**
 * `acs:ecs` — the application service (packages/ecs-platform): image, Fargate size, counts and
 * scaling, routed from the ALB's HTTPS listener.
 */
export const ecsConfigSchema = z
  .object({
    /** The application image (ECR URI with an immutable tag or digest). */
    image: imageField("application", "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/app:1.4.2"),
    /** Task CPU units (a Fargate value). @default 512 */
    cpu: fargateCpuField().default(512),
    /** Task memory in MiB (a Fargate combination with cpu). @default 1024 */
    memory: memoryField(1024).default(1024),
    /** Tasks at the first deploy (autoscaling owns the count afterwards). @default 2 */
    desiredCount: count("tasks").default(2),
    /** Fewest tasks autoscaling keeps. @default 2 */
    minCount: count("tasks").default(2),
    /** Most tasks autoscaling starts. @default 6 */
    maxCount: count("tasks").min(1, { error: "use 1 or more tasks" }).default(6),
    /** Target average CPU (percent). @default 60 */
    cpuTarget: percent.default(60),
    /** Target average memory (percent). @default 70 */
    memoryTarget: percent.default(70),
    /** Target ALB requests per task per minute. @default 1000 */
    requestsPerTarget: z
      .number({ error: () => "use a whole number of requests, e.g. 1000" })
      .int()
      .min(1, { error: "use 1 or more requests" })
      .default(1000),
    /** Average CPU at which step scaling adds tasks on top of target tracking. @default 85 */
    stepScalingCpu: percent.default(85),
    /** Scheduled scaling actions (e.g. zero overnight). @default [] */
    scheduled: z
      .array(scheduledSchema, { error: () => "use a list of { name, schedule, minCount, maxCount }" })
      .default([]),
    /** Share of tasks on FARGATE_SPOT after the first on FARGATE (0 = on-demand only). @default 0 */
    spotWeight: z
      .number({ error: () => "use a weight from 0 to 1000" })
      .int()
      .min(0)
      .max(1000, { error: "use a weight from 0 to 1000" })
      .default(0),
    /** Retention of the application's logs (days). @default 30 */
    logRetentionDays: logRetentionField().default(30),
    /** Add the X-Ray daemon sidecar. @default false */
    xray: z.boolean({ error: () => "use true or false" }).default(false),
    /** Allow ECS Exec into the tasks (sessions are logged, KMS-encrypted). @default false */
    // The application's root filesystem is then writable (ECS Exec's agent needs it).
    enableExecuteCommand: z.boolean({ error: () => "use true or false" }).default(false),
    /** How new revisions deploy. @default - rolling */
    deployment: deploymentSchema.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    checkFargateSize(c, ctx);
    if (c.deployment) checkDeployment(c.deployment, ctx);
    if (c.minCount > c.maxCount)
      ctx.addIssue({
        code: "custom",
        path: ["minCount"],
        input: c.minCount,
        message: `is above maxCount ${c.maxCount}; make minCount ≤ maxCount`,
      });
    if (c.desiredCount < c.minCount || c.desiredCount > c.maxCount) {
      ctx.addIssue({
        code: "custom",
        path: ["desiredCount"],
        input: c.desiredCount,
        message: `is outside minCount–maxCount (${c.minCount}–${c.maxCount}); use a count in that range`,
      });
    }
    c.scheduled.forEach((s, i) => {
      if (s.minCount > s.maxCount)
        ctx.addIssue({
          code: "custom",
          path: ["scheduled", i, "minCount"],
          input: s.minCount,
          message: `is above maxCount ${s.maxCount}; make minCount ≤ maxCount`,
        });
    });
  });

export type EcsConfig = z.output<typeof ecsConfigSchema>;
