import { z } from "zod";
import { FARGATE_CPUS, validateFargateSize } from "@acs/ecs-platform";
import { logRetentionProblem } from "@acs/network";
import { delegateTo, problemOf } from "./errors";

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

/** Fargate CPU units (which values Fargate offers is ecs-platform's rule: {@link checkFargateSize}). */
export const fargateCpuField = () => z.number({ error: () => `use one of ${FARGATE_CPUS.join(", ")}` });

/** Task memory in MiB (checked against cpu by {@link checkFargateSize}). */
export const memoryField = (example: number) =>
  z
    .number({ error: () => `use a memory size in MiB, e.g. ${example}` })
    .int({ error: "use a whole number of MiB" });

/** A retention CloudWatch Logs accepts. */
export const logRetentionField = () =>
  z.number({ error: () => "use a number of days, e.g. 30" }).superRefine(problemOf(logRetentionProblem));

/**
 * ecs-platform's `validateFargateSize` on a section's `cpu` and `memory`, its message restated on
 * the section's keys (`acs:ecs.cpu 256 with acs:ecs.memory 4096 is not a Fargate combination; …`).
 */
export const checkFargateSize = delegateTo((c: { cpu: number; memory: number }) =>
  validateFargateSize("fargate", c.cpu, c.memory),
);
