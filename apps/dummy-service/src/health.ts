/**
 * The health the load balancer and Route 53 see. A probe of the service's one dependency
 * (the hot pool's table) runs in the background; /app/health answers from its last result,
 * so a health check costs no DynamoDB call and a slow dependency never makes the check
 * time out. The service says unhealthy after `failures` failed probes in a row (one blip
 * does not move dev.acs.app.com to the DR region) and while it is draining.
 */

export type HealthStatus = "ok" | "unhealthy" | "draining";

export interface HealthBody {
  readonly status: HealthStatus;
  /** Epoch milliseconds. */
  readonly ts: number;
  /** The same instant in the task's local time zone, ISO 8601 with its offset. */
  readonly local: string;
  /** The same instant in UTC, ISO 8601. */
  readonly utc: string;
  readonly environment: string;
  readonly role: string;
  /** Why the status is not ok. */
  readonly reason?: string;
}

export interface HealthMonitorOptions {
  readonly probe?: () => Promise<void>;
  readonly intervalMs: number;
  readonly failures: number;
  readonly environment: string;
  readonly role: string;
  readonly now?: () => number;
}

export class HealthMonitor {
  private consecutiveFailures = 0;
  private lastError: string | undefined;
  private draining = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: HealthMonitorOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Runs the first probe now and then every interval until {@link stop}. */
  async start(): Promise<void> {
    await this.probeOnce();
    if (!this.opts.probe) return;
    this.timer = setInterval(() => void this.probeOnce(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** From now on the service answers "draining" (503): it is shutting down. */
  drain(): void {
    this.draining = true;
  }

  async probeOnce(): Promise<void> {
    if (!this.opts.probe) return;
    try {
      await this.opts.probe();
      this.consecutiveFailures = 0;
      this.lastError = undefined;
    } catch (err) {
      this.consecutiveFailures++;
      this.lastError = `${(err as Error).name}: ${(err as Error).message}`;
    }
  }

  body(): HealthBody {
    const ts = this.now();
    const at = new Date(ts);
    const base = {
      ts,
      local: localIso(at),
      utc: at.toISOString(),
      environment: this.opts.environment,
      role: this.opts.role,
    };
    if (this.draining) return { status: "draining", ...base, reason: "shutting down" };
    if (this.consecutiveFailures >= this.opts.failures) {
      return {
        status: "unhealthy",
        ...base,
        reason: `hot pool table unreachable (${this.consecutiveFailures} probes in a row): ${this.lastError}`,
      };
    }
    return { status: "ok", ...base };
  }
}

/** ISO 8601 in the process's time zone, with its offset (e.g. 2026-11-30T00:42:58.000-05:00). */
export function localIso(at: Date): string {
  const offsetMin = -at.getTimezoneOffset();
  const sign = offsetMin >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMin);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return (
    `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}` +
    `T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
