/**
 * What the service needs from the hot pool: claim a worker, give it back or retire it, and
 * a cheap probe for the health check. The production implementation is the worker-pool
 * claim client ({@link hotPool}); tests may pass another.
 */

export interface ClaimedWorker {
  readonly uuid: string;
  readonly version: string;
  readonly ip: string;
  readonly port: number;
  readonly taskArn: string;
  /** This claim's id: the release must name it (a retried release can then tell its own write). */
  readonly claimId: string;
}

export type ReleaseMode = "return" | "retire";

export interface WorkerPool {
  /** An idle worker of `version` for `clientId`, or null when none is idle right now. */
  claim(version: string, clientId: string): Promise<ClaimedWorker | null>;
  /** Gives the worker back to the pool idle ("return") or has it stopped ("retire"). */
  release(uuid: string, clientId: string, claimId: string, mode: ReleaseMode): Promise<void>;
  /** Throws when the pool's table cannot be read (the health check's dependency probe). */
  probe(): Promise<void>;
}

/** Thrown by {@link WorkerPool.release} when the worker is not held by that client. */
export class NotHeldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotHeldError";
  }
}
