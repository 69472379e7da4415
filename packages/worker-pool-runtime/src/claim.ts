/**
 * Claim and release: the library functions the application calls. A claim is
 * one conditional update (`Available` Y → N) on the row, so a worker is never
 * given to two clients; the activity table records what each client did.
 */
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  ACTIVITY_WORKER_INDEX,
  ATTR,
  AVAILABLE,
  POOL_VERSION_INDEX,
  type ActivityRow,
  type PoolRow,
} from "./schema";
import { call, isConditionFailed, type Deps } from "./deps";
import { stopTask } from "./reconcile";

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
}

export interface ReleaseRequest {
  uuid: string;
  clientId: string;
  /** "return": the worker goes back to the pool idle; "retire": its task is stopped and its row deleted. */
  mode: "return" | "retire";
}

/** Thrown by release when the worker is not claimed by that client. */
export class WorkerNotHeldError extends Error {
  constructor(uuid: string, clientId: string) {
    super(`worker ${uuid} is not claimed by ${clientId}`);
    this.name = "WorkerNotHeldError";
  }
}

/** Candidates read per query; claims race on them in random order. */
const CANDIDATES = 25;
const MAX_ROUNDS = 5;

/**
 * Takes an idle worker of `version`. Returns null when the version has no
 * idle worker (the manager will start more; the claim itself triggers it).
 */
export async function claimWorker(deps: Deps, req: ClaimRequest): Promise<ClaimedWorker | null> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const res = await call(deps, "Query idle", () =>
      deps.ddb.send(
        new QueryCommand({
          TableName: deps.config.poolTable,
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
      const claimedAt = new Date(deps.now()).toISOString();
      let row: PoolRow;
      try {
        const upd = await call(deps, "UpdateItem claim", () =>
          deps.ddb.send(
            new UpdateCommand({
              TableName: deps.config.poolTable,
              Key: { [ATTR.UUID]: c.UUID },
              UpdateExpression: "SET #a = :n, #by = :c, #at = :t",
              ConditionExpression: "#a = :y",
              ExpressionAttributeNames: {
                "#a": ATTR.Available,
                "#by": ATTR.ClaimedBy,
                "#at": ATTR.ClaimedAt,
              },
              ExpressionAttributeValues: {
                ":n": AVAILABLE.Claimed,
                ":y": AVAILABLE.Idle,
                ":c": req.clientId,
                ":t": claimedAt,
              },
              ReturnValues: "ALL_NEW",
            }),
          ),
        );
        row = upd.Attributes as PoolRow;
      } catch (err) {
        if (isConditionFailed(err)) continue; // someone else took it (or the manager stopped it)
        throw err;
      }
      try {
        await recordActivity(deps, req.clientId, "CLAIM", row);
      } catch (err) {
        await unclaim(deps, row.UUID, req.clientId);
        throw err;
      }
      deps.logger.info("worker claimed", { version: req.version, uuid: row.UUID, clientId: req.clientId });
      return {
        uuid: row.UUID,
        version: row.WorkerVersion,
        ip: row.Ip ?? "",
        port: Number(row.Port ?? 0),
        taskArn: row.TaskArn,
      };
    }
  }
  return null;
}

/** Returns a worker to the pool or retires it (stops its task). */
export async function releaseWorker(deps: Deps, req: ReleaseRequest): Promise<void> {
  const held = {
    ConditionExpression: "#a = :n AND #by = :c",
    ExpressionAttributeNames: { "#a": ATTR.Available, "#by": ATTR.ClaimedBy } as Record<string, string>,
    ExpressionAttributeValues: { ":n": AVAILABLE.Claimed, ":c": req.clientId } as Record<string, unknown>,
  };
  let row: PoolRow;
  try {
    if (req.mode === "return") {
      const res = await call(deps, "UpdateItem return", () =>
        deps.ddb.send(
          new UpdateCommand({
            TableName: deps.config.poolTable,
            Key: { [ATTR.UUID]: req.uuid },
            UpdateExpression: "SET #a = :y REMOVE #by, #at",
            ...held,
            ExpressionAttributeNames: { ...held.ExpressionAttributeNames, "#at": ATTR.ClaimedAt },
            ExpressionAttributeValues: { ...held.ExpressionAttributeValues, ":y": AVAILABLE.Idle },
            ReturnValues: "ALL_NEW",
          }),
        ),
      );
      row = res.Attributes as PoolRow;
    } else {
      const res = await call(deps, "DeleteItem retire", () =>
        deps.ddb.send(
          new DeleteCommand({
            TableName: deps.config.poolTable,
            Key: { [ATTR.UUID]: req.uuid },
            ...held,
            ReturnValues: "ALL_OLD",
          }),
        ),
      );
      row = res.Attributes as PoolRow;
      await stopTask(deps, row.TaskArn, "hot pool: retired by client");
    }
  } catch (err) {
    if (isConditionFailed(err)) throw new WorkerNotHeldError(req.uuid, req.clientId);
    throw err;
  }
  await recordActivity(deps, req.clientId, req.mode === "return" ? "RETURN" : "RETIRE", row);
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

async function recordActivity(
  deps: Deps,
  clientId: string,
  action: ActivityRow["Action"],
  row: PoolRow,
): Promise<void> {
  const item: ActivityRow = {
    ClientId: clientId,
    DT: `${new Date(deps.now()).toISOString()}#${row.UUID}#${action}`,
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

async function unclaim(deps: Deps, uuid: string, clientId: string): Promise<void> {
  try {
    await call(deps, "UpdateItem unclaim", () =>
      deps.ddb.send(
        new UpdateCommand({
          TableName: deps.config.poolTable,
          Key: { [ATTR.UUID]: uuid },
          UpdateExpression: "SET #a = :y REMOVE #by, #at",
          ConditionExpression: "#a = :n AND #by = :c",
          ExpressionAttributeNames: { "#a": ATTR.Available, "#by": ATTR.ClaimedBy, "#at": ATTR.ClaimedAt },
          ExpressionAttributeValues: { ":y": AVAILABLE.Idle, ":n": AVAILABLE.Claimed, ":c": clientId },
        }),
      ),
    );
  } catch (err) {
    deps.logger.error("could not undo a claim after the activity write failed", {
      uuid,
      clientId,
      error: err as Error,
    });
  }
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
