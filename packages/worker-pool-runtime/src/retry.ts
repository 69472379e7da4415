/** Retries of throttled and transient AWS calls with exponential backoff and full jitter. */

export interface RetryPolicy {
  /** Total attempts, the first included. */
  readonly attempts: number;
  /** Backoff before retry n (1-based) is random in [0, min(maxMs, baseMs * 2^n)). */
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseMs: 100, maxMs: 5000 };

const THROTTLE_NAMES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "ProvisionedThroughputExceededException",
  "LimitExceededException",
]);

/** True for throttling, 5xx and network errors; false for validation, condition and not-found errors. */
export function isRetryable(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
    code?: string;
  };
  if (e.name && THROTTLE_NAMES.has(e.name)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return (
    e.code === "ECONNRESET" || e.code === "ECONNREFUSED" || e.code === "EPIPE" || e.name === "TimeoutError"
  );
}

export interface RetryContext {
  sleep(ms: number): Promise<void>;
  random(): number;
  policy: RetryPolicy;
  /** Called before each retry (for logs and metrics). */
  onRetry?(err: unknown, attempt: number, delayMs: number): void;
}

export async function withRetry<T>(ctx: RetryContext, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= ctx.policy.attempts || !isRetryable(err)) throw err;
      const cap = Math.min(ctx.policy.maxMs, ctx.policy.baseMs * 2 ** attempt);
      const delay = Math.floor(ctx.random() * cap);
      ctx.onRetry?.(err, attempt, delay);
      await ctx.sleep(delay);
    }
  }
}
