/**
 * The HTTP service the platform deploys behind its load balancer (`/app/*`):
 *
 *   GET  /app/health                  {"status":"ok","ts":…,"local":…,"utc":…} (503 when not ok)
 *   POST /app/workers/claim           {"version","clientId"} → a hot-pool worker's address
 *   POST /app/workers/{id}/release    {"clientId","claimId","mode":"return"|"retire"}
 *
 * Plain node:http: three routes need no framework. Every request is logged as one JSON line.
 * {@link AppServer.shutdown} is the SIGTERM path: stop accepting, finish what is in flight
 * within the timeout, then close what is left.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { HealthMonitor } from "./health";
import { NotHeldError, type ReleaseMode, type WorkerPool } from "./pool";

/** What the service logs with: Powertools' Logger, or anything with its three methods (tests). */
export type AppLogger = Pick<Logger, "info" | "warn" | "error">;

export interface AppServerOptions {
  readonly health: HealthMonitor;
  /** The hot pool; absent, the worker routes answer 501. */
  readonly pool?: WorkerPool;
  readonly logger: AppLogger;
  readonly shutdownTimeoutMs: number;
}

/** Seconds a client should wait before asking again when no worker is idle. */
export const RETRY_AFTER_SECONDS = 5;
const MAX_BODY_BYTES = 16 * 1024;
/** Docker's tag grammar: the worker version is its image tag. */
const VERSION = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const CLIENT_ID = /^[\x21-\x7e]{1,128}$/;
const RELEASE = /^\/app\/workers\/([^/]+)\/release$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export class AppServer {
  readonly server: Server;
  private inFlight = 0;
  private draining = false;
  private idle: (() => void) | undefined;

  constructor(private readonly opts: AppServerOptions) {
    this.server = createServer((req, res) => void this.handle(req, res));
    // The ALB keeps connections open for its idle timeout (60 s): ours must outlive it so the
    // load balancer, not the task, closes them (otherwise it sees resets as 502s).
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
  }

  async listen(port: number, host = "0.0.0.0"): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * Stops accepting connections, lets in-flight requests finish for at most the timeout,
   * then closes every connection. Resolves true when everything finished in time.
   */
  async shutdown(): Promise<boolean> {
    if (this.draining) return true;
    this.draining = true;
    this.opts.health.drain();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const drained =
      this.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.idle = resolve));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), this.opts.shutdownTimeoutMs);
    });
    const outcome = await Promise.race([drained.then(() => "drained" as const), timedOut]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      this.opts.logger.warn("shutdown timeout: closing connections with requests in flight", {
        inFlight: this.inFlight,
        timeoutMs: this.opts.shutdownTimeoutMs,
      });
    }
    this.server.closeAllConnections();
    await closed;
    this.opts.health.stop();
    return outcome === "drained";
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = headerValue(req, "x-amzn-trace-id") ?? randomUUID();
    this.inFlight++;
    // Draining: answer what arrived on an open connection, but tell the client not to reuse it.
    if (this.draining) res.setHeader("connection", "close");
    let status = 500;
    try {
      const out = await this.route(req);
      status = out.status;
      send(res, out.status, out.body, out.headers);
    } catch (err) {
      if (err instanceof HttpError) {
        status = err.status;
        send(res, err.status, { error: err.message }, err.headers);
      } else {
        status = 500;
        this.opts.logger.error("request failed", { requestId, error: err as Error });
        send(res, 500, { error: "internal error", requestId });
      }
    } finally {
      this.opts.logger.info("request", {
        requestId,
        method: req.method,
        path: req.url,
        status,
        durationMs: Date.now() - started,
      });
      this.inFlight--;
      if (this.inFlight === 0 && this.idle) this.idle();
    }
  }

  private async route(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/app/health") {
      allow(req, "GET", "HEAD");
      const body = this.opts.health.body();
      return { status: body.status === "ok" ? 200 : 503, body, headers: { "cache-control": "no-store" } };
    }
    if (path === "/app/workers/claim") {
      allow(req, "POST");
      const pool = this.pool();
      const body = await readJson(req);
      const version = field(body, "version", VERSION, "a worker version (its image tag, e.g. 1.0.0)");
      const clientId = field(body, "clientId", CLIENT_ID, "1 to 128 printable characters naming the caller");
      const worker = await pool.claim(version, clientId);
      if (!worker) {
        throw new HttpError(
          503,
          `no idle worker of version ${version}; the pool is starting more, retry in ${RETRY_AFTER_SECONDS} s`,
          { "retry-after": String(RETRY_AFTER_SECONDS) },
        );
      }
      return { status: 200, body: { ...worker, address: `${worker.ip}:${worker.port}` } };
    }
    const release = RELEASE.exec(path);
    if (release) {
      allow(req, "POST");
      const pool = this.pool();
      const uuid = decodeURIComponent(release[1] ?? "");
      const body = await readJson(req);
      const clientId = field(body, "clientId", CLIENT_ID, "the clientId the worker was claimed with");
      const claimId = field(body, "claimId", CLIENT_ID, "the claimId the claim answered");
      const mode = (body.mode ?? "return") as ReleaseMode;
      if (mode !== "return" && mode !== "retire") {
        throw new HttpError(400, `mode is ${JSON.stringify(body.mode)}; use "return" or "retire"`);
      }
      try {
        await pool.release(uuid, clientId, claimId, mode);
      } catch (err) {
        if (err instanceof NotHeldError) throw new HttpError(409, err.message);
        throw err;
      }
      return { status: 200, body: { uuid, mode } };
    }
    throw new HttpError(404, `no route for ${req.method} ${path}`);
  }

  private pool(): WorkerPool {
    if (!this.opts.pool) {
      throw new HttpError(501, "the hot pool is not configured (POOL_TABLE and ACTIVITY_TABLE are not set)");
    }
    return this.opts.pool;
  }
}

function allow(req: IncomingMessage, ...methods: string[]): void {
  if (!methods.includes(req.method ?? "")) {
    throw new HttpError(405, `${req.method} is not allowed here; use ${methods.join(" or ")}`, {
      allow: methods.join(", "),
    });
  }
}

function field(body: Record<string, unknown>, name: string, pattern: RegExp, what: string): string {
  const v = body[name];
  if (typeof v !== "string" || !pattern.test(v)) {
    throw new HttpError(400, `${name} is ${JSON.stringify(v)}; it must be ${what}`);
  }
  return v;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let parsed: unknown;
  try {
    parsed = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, "the body is not JSON; send a JSON object");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, "the body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(res.req.method === "HEAD" ? undefined : text);
}
