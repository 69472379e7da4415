import * as assert from "node:assert/strict";
import * as api from "./index";

describe("@acs/worker-pool's API", () => {
  it("exports the components, their validators, the client grants and documented constants, and nothing else", () => {
    // A new export is a decision: add it here and to the README (or keep it internal).
    assert.deepEqual(Object.keys(api).sort(), [
      "DEFAULT_SCHEDULE",
      "HotPool",
      "MAX_SCALE_TO",
      "Manager",
      "PoolAlarms",
      "PoolTables",
      "Triggers",
      "WORKER_CONTAINER",
      "Worker",
      "reservedConcurrencyProblem",
      "scheduleProblem",
      "startedByProblem",
      "validateHotPoolArgs",
      "validateManagerArgs",
      "validatePoolAlarmsArgs",
      "validatePoolTablesArgs",
      "validateTriggersArgs",
      "validateWorkerArgs",
      "workerClientEnvironment",
      "workerClientStatements",
      "workerClientTables",
    ]);
  });
});
