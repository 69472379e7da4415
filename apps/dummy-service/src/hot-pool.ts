/**
 * The production {@link WorkerPool}: the worker-pool claim client on the tables the task
 * definition names (POOL_TABLE, ACTIVITY_TABLE), with the SDK's default credentials (the
 * task role, which the platform scopes to exactly these calls) and region.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import {
  WorkerNotHeldError,
  claimWorker,
  createDeps,
  loadConfig,
  probePool,
  releaseWorker,
  type Deps,
} from "@acs/worker-pool-runtime";
import { NotHeldError, type WorkerPool } from "./pool";

export interface HotPoolOptions {
  readonly poolTable: string;
  readonly activityTable: string;
  readonly logger?: Logger;
  /** Runtime deps to use instead of the SDK's default clients (tests, the local run). */
  readonly deps?: Deps;
}

export function hotPool(opts: HotPoolOptions): WorkerPool {
  const deps =
    opts.deps ??
    createDeps(loadConfig("claim", { POOL_TABLE: opts.poolTable, ACTIVITY_TABLE: opts.activityTable }), {
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
  return {
    claim: (version, clientId) => claimWorker(deps, { version, clientId }),
    async release(uuid, clientId, claimId, mode) {
      try {
        await releaseWorker(deps, { uuid, clientId, claimId, mode });
      } catch (err) {
        if (err instanceof WorkerNotHeldError) throw new NotHeldError(err.message);
        throw err;
      }
    },
    // The same index query a claim makes (the task role allows it), one item at most.
    probe: () => probePool(deps),
  };
}
