/**
 * Claim and release: the library functions the application calls. A claim is
 * one conditional update (`Available` Y → N) on the row, so a worker is never
 * given to two clients; the activity table records what each client did.
 *
 * Every write here may be carried out while its answer is lost; the SDK and
 * `call()` then send it again and its condition fails on the client's own write.
 * Each conditional write therefore reads back what is there and treats "it is
 * already what I wrote" (same `ClaimId`) as success. The application's role can
 * neither stop tasks nor delete rows: a retire marks the row retiring (`R`) and
 * the manager stops the task.
 */
import { randomUUID } from "node:crypto";
import { PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  ACTIVITY_WORKER_INDEX,
  ATTR,
  AVAILABLE,
  POOL_VERSION_INDEX,
  type ActivityRow,
  type PoolRow,
} from "./schema";
import { call, isConditionFailed, itemAfterConditionFailed, type Deps } from "./deps";

export interface ClaimRequest {
  /** Worker version (image tag). */
  version: string;
  /** Who takes the worker; recorded on the row and in the activity table. */
  clientId: string;
}

export interface ClaimedWorker {
  uuid: string;
  version: string;
  ip: string;
  port: number;
  taskArn: string;
  /** Id of this claim; pass it to {@link releaseWorker}. */
  claimId: string;
}

export interface ReleaseRequest {
  uuid: string;
  clientId: string;
  /** The `claimId` {@link claimWorker} returned: the claim this release ends. */
  claimId: string;
  /**
   * "return": the worker goes back to the pool idle; "retire": the worker never serves again
   * (its row is marked retiring and the manager stops its task and deletes the row).
   */
  mode: "return" | "retire";
}

/** Thrown by release when the worker is not claimed by that client (under that claim). */
export class WorkerNotHeldError extends Error {
  constructor(uuid: string, clientId: string) {
    super(`worker ${uuid} is not claimed by ${clientId}`);
    this.name = "WorkerNotHeldError";
  }
}

/** A version no worker has: the probe's query reads the index and finds nothing. */
const PROBE_VERSION = "__health-probe__";

/**
 * A health probe for a claim client: the query a claim makes (the pool table's version index,
 * `dynamodb:Query`, which the client's role is granted), for a version no worker has, one item
 * at most. Throws when the table, the index or the grant is missing. One attempt, no retries:
 * the caller counts consecutive failures.
 */
export async function probePool(deps: Deps): Promise<void> {
  await deps.ddb.send(
    new QueryCommand({
      TableName: deps.config.poolTable,
      IndexName: POOL_VERSION_INDEX,
      KeyConditionExpression: "#v = :v",
      ExpressionAttributeNames: { "#v": ATTR.WorkerVersion },
      ExpressionAttributeValues: { ":v": PROBE_VERSION },
      Limit: 1,
    }),
  );
}

/** Candidates read per query; claims race on them in random order. */
const CANDIDATES = 25;
const MAX_ROUNDS = 5;

/**
 * Takes an idle worker of `version`. Returns null when the version has no
 * idle worker (the manager will start more; the claim itself triggers it).
 */
export async function claimWorker(deps: Deps, req: ClaimRequest): Promise<ClaimedWorker | null> {
  const table = deps.config.poolTable;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const res = await call(deps, "Query idle", () =>
      deps.ddb.send(
        new QueryCommand({
          TableName: table,
          IndexName: POOL_VERSION_INDEX,
          KeyConditionExpression: "#v = :v AND #a = :y",
          ExpressionAttributeNames: { "#v": ATTR.WorkerVersion, "#a": ATTR.Available },
          ExpressionAttributeValues: { ":v": req.version, ":y": AVAILABLE.Idle },
          Limit: CANDIDATES,
        }),
      ),
    );
    const candidates = shuffle((res.Items ?? []) as PoolRow[], deps.random);
    if (candidates.length === 0) return null;
    for (const c of candidates) {
      const claimId = randomUUID();
      const key = { [ATTR.UUID]: c.UUID };
      let row: PoolRow;
      try {
        const upd = await call(deps, "UpdateItem claim", () =>
          deps.ddb.send(
            new UpdateCommand({
              TableName: table,
              Key: key,
              UpdateExpression: "SET #a = :n, #by = :c, #at = :t, #cid = :id",
              ConditionExpression: "#a = :y",
              ExpressionAttributeNames: {
                "#a": ATTR.Available,
                "#by": ATTR.ClaimedBy,
                "#at": ATTR.ClaimedAt,
                "#cid": ATTR.ClaimId,
              },
              ExpressionAttributeValues: {
                ":n": AVAILABLE.Claimed,
                ":y": AVAILABLE.Idle,
                ":c": req.clientId,
                ":t": new Date(deps.now()).toISOString(),
                ":id": claimId,
              },
              ReturnValues: "ALL_NEW",
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            }),
          ),
        );
        row = upd.Attributes as PoolRow;
      } catch (err) {
        if (!isConditionFailed(err)) {
          // Unknown outcome (every attempt failed): the claim may have landed. Undo it if it did.
          await unclaim(deps, c.UUID, req.clientId, claimId);
          throw err;
        }
        const now = (await itemAfterConditionFailed(deps, table, key, err)) as PoolRow | undefined;
        // Our own claim, re-sent after its answer was lost: it is ours.
        if (now?.ClaimId !== claimId) continue; // someone else took it (or the manager stopped it)
        row = now;
      }
      try {
        await recordActivity(deps, req.clientId, "CLAIM", row);
      } catch (err) {
        await unclaim(deps, row.UUID, req.clientId, claimId);
        throw err;
      }
      deps.logger.info("worker claimed", { version: req.version, uuid: row.UUID, clientId: req.clientId });
      return {
        uuid: row.UUID,
        version: row.WorkerVersion,
        ip: row.Ip ?? "",
        port: Number(row.Port ?? 0),
        taskArn: row.TaskArn,
        claimId,
      };
    }
  }
  return null;
}

/**
 * Returns a worker to the pool or retires it. Conditional on the client holding the worker
 * under `claimId` (`WorkerNotHeldError` otherwise); a re-sent release that finds its own
 * release already done (`ReleasedClaim` = `claimId`) succeeds.
 */
export async function releaseWorker(deps: Deps, req: ReleaseRequest): Promise<void> {
  const table = deps.config.poolTable;
  const key = { [ATTR.UUID]: req.uuid };
  const retire = req.mode === "retire";
  let row: PoolRow;
  try {
    const res = await call(deps, retire ? "UpdateItem retire" : "UpdateItem return", () =>
      deps.ddb.send(
        new UpdateCommand({
          TableName: table,
          Key: key,
          // A retired row keeps who held it; the manager stops its task, then deletes it.
          UpdateExpression: retire
            ? "SET #a = :to, #rel = :id, #relAt = :now"
            : "SET #a = :to, #rel = :id, #relAt = :now REMOVE #by, #at, #cid",
          ConditionExpression: "#a = :n AND #by = :c AND #cid = :id",
          ExpressionAttributeNames: {
            "#a": ATTR.Available,
            "#by": ATTR.ClaimedBy,
            "#cid": ATTR.ClaimId,
            "#rel": ATTR.ReleasedClaim,
            "#relAt": ATTR.ReleasedAt,
            ...(retire ? {} : { "#at": ATTR.ClaimedAt }),
          },
          ExpressionAttributeValues: {
            ":n": AVAILABLE.Claimed,
            ":c": req.clientId,
            ":id": req.claimId,
            ":to": retire ? AVAILABLE.Retiring : AVAILABLE.Idle,
            ":now": new Date(deps.now()).toISOString(),
          },
          ReturnValues: "ALL_NEW",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      ),
    );
    row = res.Attributes as PoolRow;
  } catch (err) {
    if (!isConditionFailed(err)) throw err;
    const now = (await itemAfterConditionFailed(deps, table, key, err)) as PoolRow | undefined;
    if (now?.ReleasedClaim === req.claimId) {
      row = now; // our own release, re-sent after its answer was lost
    } else if (!now && retire) {
      // The manager already stopped and deleted the retired row: our retire landed. Its
      // activity row comes from the claim's.
      const claim = (await workerActivity(deps, req.uuid)).find(
        (a) => a.Action === "CLAIM" && a.ClientId === req.clientId,
      );
      if (!claim) throw new WorkerNotHeldError(req.uuid, req.clientId);
      row = {
        UUID: req.uuid,
        DT: claim.DT,
        Available: AVAILABLE.Retiring,
        TaskArn: claim.TaskArn,
        TaskDefArn: "",
        WorkerVersion: claim.WorkerVersion,
        ReleasedAt: new Date(deps.now()).toISOString(),
        ...(claim.Ip !== undefined ? { Ip: claim.Ip } : {}),
        ...(claim.Port !== undefined ? { Port: claim.Port } : {}),
      };
    } else {
      throw new WorkerNotHeldError(req.uuid, req.clientId);
    }
  }
  await recordActivity(deps, req.clientId, retire ? "RETIRE" : "RETURN", row, req.claimId);
  deps.logger.info("worker released", {
    version: row.WorkerVersion,
    uuid: row.UUID,
    clientId: req.clientId,
    mode: req.mode,
  });
}

/** Activity rows of one worker, oldest first (through the activity table's worker index). */
export async function workerActivity(deps: Deps, uuid: string): Promise<ActivityRow[]> {
  const res = await call(deps, "Query activity", () =>
    deps.ddb.send(
      new QueryCommand({
        TableName: deps.config.activityTable,
        IndexName: ACTIVITY_WORKER_INDEX,
        KeyConditionExpression: "#u = :u",
        ExpressionAttributeNames: { "#u": ATTR.UUID },
        ExpressionAttributeValues: { ":u": uuid },
      }),
    ),
  );
  return (res.Items ?? []) as ActivityRow[];
}

/**
 * Records what a client did. Unconditional and keyed by the claim, so a re-sent write (or a
 * re-sent release) rewrites the same row instead of adding one.
 */
async function recordActivity(
  deps: Deps,
  clientId: string,
  action: ActivityRow["Action"],
  row: PoolRow,
  claimId: string = row.ClaimId ?? "",
): Promise<void> {
  const item: ActivityRow = {
    ClientId: clientId,
    DT: `${claimTime(row, action, deps)}#${row.UUID}#${action}#${claimId}`,
    UUID: row.UUID,
    Action: action,
    WorkerVersion: row.WorkerVersion,
    TaskArn: row.TaskArn,
    ...(row.Ip !== undefined ? { Ip: row.Ip } : {}),
    ...(row.Port !== undefined ? { Port: Number(row.Port) } : {}),
  };
  await call(deps, "PutItem activity", () =>
    deps.ddb.send(new PutCommand({ TableName: deps.config.activityTable, Item: item })),
  );
}

/** The activity row's time: the claim's (CLAIM) or the release's (RETURN, RETIRE) as stored on the row. */
function claimTime(row: PoolRow, action: ActivityRow["Action"], deps: Deps): string {
  const stored = action === "CLAIM" ? row.ClaimedAt : row.ReleasedAt;
  return stored ?? new Date(deps.now()).toISOString();
}

/** Puts a worker back idle if (and only if) it is still held under `claimId`. Never throws. */
async function unclaim(deps: Deps, uuid: string, clientId: string, claimId: string): Promise<void> {
  try {
    await call(deps, "UpdateItem unclaim", () =>
      deps.ddb.send(
        new UpdateCommand({
          TableName: deps.config.poolTable,
          Key: { [ATTR.UUID]: uuid },
          UpdateExpression: "SET #a = :y, #rel = :id REMOVE #by, #at, #cid",
          ConditionExpression: "#a = :n AND #cid = :id",
          ExpressionAttributeNames: {
            "#a": ATTR.Available,
            "#by": ATTR.ClaimedBy,
            "#at": ATTR.ClaimedAt,
            "#cid": ATTR.ClaimId,
            "#rel": ATTR.ReleasedClaim,
          },
          ExpressionAttributeValues: { ":y": AVAILABLE.Idle, ":n": AVAILABLE.Claimed, ":id": claimId },
        }),
      ),
    );
  } catch (err) {
    // A failed condition means it is not held under this claim (never claimed, or already undone).
    if (isConditionFailed(err)) return;
    deps.logger.error("could not undo a claim", { uuid, clientId, error: err as Error });
  }
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
