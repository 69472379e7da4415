import { z } from "zod";
import { FARGATE_CPU_MEMORY, FARGATE_CPUS } from "@acs/ecs-platform";
import { logRetentionProblem } from "@acs/network";
import { problemOf } from "./errors";

/** Building blocks shared by the config sections, each with a message that says the fix. */

/** A whole number from `min` to `max` (`what` reads "a port", "a timeout in seconds", …). */
export const intBetween = (what: string, min: number, max: number) =>
  z
    .number({ error: () => `use ${what} from ${min} to ${max}` })
    .int({ error: `use ${what} from ${min} to ${max}` })
    .min(min, { error: `use ${what} from ${min} to ${max}` })
    .max(max, { error: `use ${what} from ${min} to ${max}` });

/** A container image reference (`what`: "application", "worker"). */
export const imageField = (what: string, example: string) =>
  z
    .string({ error: () => `name the ${what} image, e.g. ${example}` })
    .min(1, { error: `name the ${what} image` });

/** Fargate CPU units. */
export const fargateCpuField = () =>
  z.number({ error: () => `use one of ${FARGATE_CPUS.join(", ")}` }).refine((c) => FARGATE_CPUS.includes(c), {
    error: `Fargate offers ${FARGATE_CPUS.join(", ")} CPU units; use one of them`,
  });

/** Task memory in MiB (checked against cpu by {@link checkFargateMemory}). */
export const memoryField = (example: number) =>
  z
    .number({ error: () => `use a memory size in MiB, e.g. ${example}` })
    .int({ error: "use a whole number of MiB" });

/** A retention CloudWatch Logs accepts. */
export const logRetentionField = () =>
  z.number({ error: () => "use a number of days, e.g. 30" }).superRefine(problemOf(logRetentionProblem));

/** Adds an issue on `memory` when it is not a Fargate combination with `cpu`, listing the valid ones. */
export function checkFargateMemory(c: { cpu: number; memory: number }, ctx: z.RefinementCtx): void {
  const memories = FARGATE_CPU_MEMORY[c.cpu];
  if (memories && !memories.includes(c.memory)) {
    ctx.addIssue({
      code: "custom",
      path: ["memory"],
      input: c.memory,
      message: `not a Fargate combination with cpu ${c.cpu}; use one of ${memories.join(", ")}`,
    });
  }
}
