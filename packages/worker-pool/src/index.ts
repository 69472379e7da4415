// The public API: the components, their args types, their validators and the constants and
// client grants a caller needs. The building blocks (IAM documents, event patterns, the Lambda
// environment, names helpers) are internal; the runtime's data model is
// `@acs/worker-pool-runtime/schema`. index.test.ts pins the list.

// The ECS `startedBy` rule, from the runtime's data model (one home).
export { startedByProblem } from "@acs/worker-pool-runtime/schema";
export { scheduleProblem } from "./schedule";
export { MAX_SCALE_TO } from "./names";
export type { CapacityProviderStrategyItem } from "./environment";
export { type ActivityTableMode, PoolTables, type PoolTablesArgs, validatePoolTablesArgs } from "./tables";
export {
  Manager,
  type ManagerArgs,
  type ManagerWorker,
  reservedConcurrencyProblem,
  validateManagerArgs,
} from "./manager";
export { DEFAULT_SCHEDULE, Triggers, type TriggersArgs, validateTriggersArgs } from "./triggers";
export { PoolAlarms, type PoolAlarmsArgs, validatePoolAlarmsArgs } from "./alarms";
export {
  validateWorkerArgs,
  Worker,
  WORKER_CONTAINER,
  type WorkerArgs,
  type WorkerRepositoryMode,
} from "./worker";
export { HotPool, type HotPoolArgs, validateHotPoolArgs } from "./hot-pool";
export {
  type WorkerClientInputs,
  workerClientEnvironment,
  workerClientStatements,
  workerClientTables,
} from "./client";
