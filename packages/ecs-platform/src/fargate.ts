import { fail, oneOf } from "./checks";

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/**
 * The task-level CPU units and memory (MiB) combinations that Fargate accepts (AWS ECS
 * developer guide, "Task CPU and memory"). 8192 and 16384 CPU units need Linux platform 1.4.0
 * or later (the default `LATEST`).
 */
export const FARGATE_CPU_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** The CPU values Fargate accepts, ascending. */
export const FARGATE_CPUS: readonly number[] = Object.keys(FARGATE_CPU_MEMORY).map(Number);

/** True when Fargate runs a task of this size. */
export function isFargateSize(cpu: number, memory: number): boolean {
  return FARGATE_CPU_MEMORY[cpu]?.includes(memory) ?? false;
}

/**
 * Throws unless `cpu`/`memory` is a Fargate combination; the message lists the valid memory
 * values for that cpu (or the valid cpu values). Pure; exported for tests.
 */
export function validateFargateSize(prefix: string, cpu: number, memory: number): void {
  const memories = FARGATE_CPU_MEMORY[cpu];
  if (!memories) {
    fail(
      prefix,
      `\`cpu\` is ${JSON.stringify(cpu)}, which Fargate does not offer; use one of ${oneOf(FARGATE_CPUS)} CPU units`,
    );
  }
  if (!memories.includes(memory)) {
    fail(
      prefix,
      `\`cpu\` ${cpu} with \`memory\` ${JSON.stringify(memory)} is not a Fargate combination; for cpu ${cpu} use memory ${oneOf(memories)} (MiB)`,
    );
  }
}
