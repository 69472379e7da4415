/**
 * The manager's lease: one item in the pool table (key {@link LEASE_KEY}) with
 * a generation counter. A reconcile reads the lease, reads the pool without
 * writing anything, and only when it has work does it acquire the lease with a
 * conditional write on the generation it read first. So a steady-state run
 * writes nothing, and a run acts only on reads that no other manager write
 * can have overtaken (see README, "Concurrency").
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ATTR, LEASE_KEY } from "./schema";
import { call, isConditionFailed, itemAfterConditionFailed, type Deps } from "./deps";

export interface LeaseSnapshot {
  /** Generation: incremented by every acquisition. 0 when the item does not exist yet. */
  gen: number;
  exists: boolean;
  owner?: string;
  expiresAt?: number;
  /** When the last holder released (epoch ms). */
  writtenAt?: number;
}

export function isHeld(s: LeaseSnapshot, now: number): boolean {
  return s.owner !== undefined && (s.expiresAt ?? 0) > now;
}

/** Latest moment a manager can have written pool rows, as far as this snapshot tells. */
export function lastWriteAt(s: LeaseSnapshot): number {
  return Math.max(s.writtenAt ?? 0, s.owner !== undefined ? (s.expiresAt ?? 0) : 0);
}

export async function readLease(deps: Deps): Promise<LeaseSnapshot> {
  const res = await call(deps, "GetItem lease", () =>
    deps.ddb.send(
      new GetCommand({
        TableName: deps.config.poolTable,
        Key: { [ATTR.UUID]: LEASE_KEY },
        ConsistentRead: true,
      }),
    ),
  );
  const item = res.Item;
  if (!item) return { gen: 0, exists: false };
  return {
    gen: Number(item.Gen ?? 0),
    exists: true,
    ...(typeof item.Owner === "string" ? { owner: item.Owner } : {}),
    ...(item.LeaseExpiresAt !== undefined ? { expiresAt: Number(item.LeaseExpiresAt) } : {}),
    ...(item.WrittenAt !== undefined ? { writtenAt: Number(item.WrittenAt) } : {}),
  };
}

/** A held lease: renew it before acting once half of it has passed. */
export class Lease {
  private expiresAt: number;
  private renewAfter: number;
  constructor(
    private readonly deps: Deps,
    readonly owner: string,
    readonly gen: number,
    acquiredAt: number,
  ) {
    this.expiresAt = acquiredAt + deps.config.leaseMs;
    this.renewAfter = acquiredAt + deps.config.leaseMs / 2;
  }

  /**
   * Fencing check before every action: renews when due and returns false when
   * the lease is (or may be) lost, in which case the caller must stop acting.
   */
  async ensure(): Promise<boolean> {
    const now = this.deps.now();
    if (now < this.renewAfter) return true;
    if (now >= this.expiresAt - this.deps.config.leaseMs / 10) {
      // Too close to expiry to trust a renewal racing with a successor.
      return false;
    }
    try {
      await call(this.deps, "UpdateItem lease renew", () =>
        this.deps.ddb.send(
          new UpdateCommand({
            TableName: this.deps.config.poolTable,
            Key: { [ATTR.UUID]: LEASE_KEY },
            UpdateExpression: "SET LeaseExpiresAt = :exp",
            ConditionExpression: "#owner = :me",
            ExpressionAttributeNames: { "#owner": "Owner" },
            ExpressionAttributeValues: { ":exp": now + this.deps.config.leaseMs, ":me": this.owner },
          }),
        ),
      );
      this.expiresAt = now + this.deps.config.leaseMs;
      this.renewAfter = now + this.deps.config.leaseMs / 2;
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  /**
   * Releases the lease; returns true when another reconcile asked for a rerun meanwhile. `Rerun`
   * stays on the item (the next acquisition removes it), so a re-sent release whose first answer
   * was lost can still read it back.
   */
  async release(): Promise<boolean> {
    const key = { [ATTR.UUID]: LEASE_KEY };
    const now = this.deps.now();
    try {
      const res = await call(this.deps, "UpdateItem lease release", () =>
        this.deps.ddb.send(
          new UpdateCommand({
            TableName: this.deps.config.poolTable,
            Key: key,
            UpdateExpression: "SET WrittenAt = :now, ReleasedBy = :me REMOVE #owner, LeaseExpiresAt",
            ConditionExpression: "#owner = :me",
            ExpressionAttributeNames: { "#owner": "Owner" },
            ExpressionAttributeValues: { ":now": now, ":me": this.owner },
            ReturnValues: "ALL_OLD",
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          }),
        ),
      );
      return res.Attributes?.Rerun === true;
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
      const item = await itemAfterConditionFailed(this.deps, this.deps.config.poolTable, key, err);
      // Our own release, re-sent: report the rerun request it carried.
      if (item?.ReleasedBy === this.owner && item.Owner === undefined) return item.Rerun === true;
      // Lost to expiry: a successor owns the pool now and reads after our writes.
      return false;
    }
  }
}

/**
 * Acquires the lease only if no one acquired it since `snap` was read (same
 * generation) and it is free or expired. Returns undefined when that failed.
 */
export async function acquireLease(
  deps: Deps,
  snap: LeaseSnapshot,
  owner: string,
): Promise<Lease | undefined> {
  const now = deps.now();
  const names: Record<string, string> = { "#gen": "Gen", "#owner": "Owner" };
  const values: Record<string, unknown> = { ":one": 1, ":me": owner, ":exp": now + deps.config.leaseMs };
  let condition: string;
  if (!snap.exists) {
    condition = "attribute_not_exists(#gen)";
  } else {
    condition = "#gen = :g AND (attribute_not_exists(#owner) OR LeaseExpiresAt < :now)";
    values[":g"] = snap.gen;
    values[":now"] = now;
  }
  const key = { [ATTR.UUID]: LEASE_KEY };
  try {
    await call(deps, "UpdateItem lease acquire", () =>
      deps.ddb.send(
        new UpdateCommand({
          TableName: deps.config.poolTable,
          Key: key,
          UpdateExpression: "SET #owner = :me, LeaseExpiresAt = :exp ADD #gen :one REMOVE Rerun",
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      ),
    );
    return new Lease(deps, owner, snap.gen + 1, now);
  } catch (err) {
    if (!isConditionFailed(err)) throw err;
    // `owner` is new for every attempt: finding it there means our acquisition landed and only
    // its answer was lost; without this the manager would wait for its own lease to expire.
    const item = await itemAfterConditionFailed(deps, deps.config.poolTable, key, err);
    if (item?.Owner === owner && Number(item.Gen) === snap.gen + 1)
      return new Lease(deps, owner, snap.gen + 1, now);
    return undefined;
  }
}

/**
 * Asks the current holder to run again after it releases (its reads may
 * predate the change that triggered us). Returns false if `owner` no longer holds it.
 */
export async function requestRerun(deps: Deps, owner: string): Promise<boolean> {
  try {
    await call(deps, "UpdateItem lease rerun", () =>
      deps.ddb.send(
        new UpdateCommand({
          TableName: deps.config.poolTable,
          Key: { [ATTR.UUID]: LEASE_KEY },
          UpdateExpression: "SET Rerun = :t",
          ConditionExpression: "#owner = :o AND LeaseExpiresAt > :now",
          ExpressionAttributeNames: { "#owner": "Owner" },
          ExpressionAttributeValues: { ":t": true, ":o": owner, ":now": deps.now() },
        }),
      ),
    );
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}
