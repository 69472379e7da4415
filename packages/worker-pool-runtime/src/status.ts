/** Read-only view of the pool per version, for operators, the demo and tests. */
import { AVAILABLE } from "./schema";
import { mapLimit, type Deps } from "./deps";
import { queryVersion, readPlan } from "./reconcile";

export interface VersionStatus {
  version: string;
  pooling: "Y" | "N";
  target: number;
  idle: number;
  starting: number;
  claimed: number;
}

export async function poolStatus(deps: Deps): Promise<VersionStatus[]> {
  const plan = (await readPlan(deps)).sort((a, b) => a.version.localeCompare(b.version));
  return mapLimit(plan, deps.config.concurrency, async (p) => {
    const rows = await queryVersion(deps, p.version);
    const count = (s: string): number => rows.filter((r) => r.Available === s).length;
    return {
      version: p.version,
      pooling: p.pooled ? "Y" : "N",
      target: p.target,
      idle: count(AVAILABLE.Idle),
      starting: count(AVAILABLE.Starting),
      claimed: count(AVAILABLE.Claimed),
    };
  });
}

/** A fixed-width table of {@link poolStatus}. */
export function formatStatus(rows: readonly VersionStatus[]): string {
  const head = ["version", "pooling", "target", "idle", "starting", "claimed"];
  const lines = rows.map((r) => [r.version, r.pooling, r.target, r.idle, r.starting, r.claimed].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [fmt(head), ...lines.map(fmt)].join("\n");
}
