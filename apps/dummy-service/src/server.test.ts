import { strict as assert } from "node:assert";
import { request } from "node:http";
import { loadAppConfig } from "./config";
import { HealthMonitor, localIso } from "./health";
import { NotHeldError, type ClaimedWorker, type WorkerPool } from "./pool";
import { AppServer } from "./server";

const silent = { info() {}, warn() {}, error() {} };

/** An in-memory pool: idle workers per version, who holds what. */
class MemoryPool implements WorkerPool {
  idle: ClaimedWorker[] = [];
  held = new Map<string, string>();
  retired: string[] = [];
  probeFails = false;
  claimDelayMs = 0;
  async claim(version: string, clientId: string) {
    if (this.claimDelayMs) await new Promise((r) => setTimeout(r, this.claimDelayMs));
    const i = this.idle.findIndex((w) => w.version === version);
    if (i < 0) return null;
    const [w] = this.idle.splice(i, 1) as [ClaimedWorker];
    this.held.set(w.uuid, clientId);
    return w;
  }
  async release(uuid: string, clientId: string, claimId: string, mode: "return" | "retire") {
    if (this.held.get(uuid) !== clientId || claimId !== `claim-${uuid}`)
      throw new NotHeldError(`worker ${uuid} is not claimed by ${clientId} under ${claimId}`);
    this.held.delete(uuid);
    if (mode === "retire") this.retired.push(uuid);
  }
  async probe() {
    if (this.probeFails) throw new Error("ResourceNotFoundException: table gone");
  }
}

const worker = (uuid: string, version = "1.0.0"): ClaimedWorker => ({
  uuid,
  version,
  ip: "10.10.1.7",
  port: 8080,
  taskArn: `arn:aws:ecs:us-east-1:123456789012:task/acs-dev/${uuid}`,
  claimId: `claim-${uuid}`,
});

async function start(
  pool: WorkerPool | undefined,
  opts: { failures?: number; shutdownTimeoutMs?: number } = {},
) {
  const health = new HealthMonitor({
    ...(pool ? { probe: () => pool.probe() } : {}),
    intervalMs: 60_000,
    failures: opts.failures ?? 2,
    environment: "test",
    role: "primary",
  });
  await health.start();
  const app = new AppServer({
    health,
    ...(pool ? { pool } : {}),
    logger: silent,
    shutdownTimeoutMs: opts.shutdownTimeoutMs ?? 2000,
  });
  const port = await app.listen(0, "127.0.0.1");
  return { app, health, port };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

function http(port: number, method: string, path: string, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: { "content-type": "application/json" },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: raw ? JSON.parse(raw) : undefined,
          });
        });
      },
    );
    req.on("error", reject);
    req.end(text);
  });
}

describe("dummy-service HTTP API", () => {
  describe("GET /app/health", () => {
    it("answers 200 with the body the Route 53 check matches (status ok, ts, local and utc times)", async () => {
      const { app, port } = await start(new MemoryPool());
      try {
        const res = await http(port, "GET", "/app/health");
        assert.equal(res.status, 200);
        assert.equal(res.body.status, "ok");
        assert.equal(typeof res.body.ts, "number");
        assert.equal(new Date(res.body.utc).getTime(), res.body.ts);
        assert.equal(new Date(res.body.local).getTime(), res.body.ts);
        assert.equal(res.headers["cache-control"], "no-store");
        // The health check's searchString in both stacks' config.
        assert.ok(JSON.stringify(res.body).includes('"status":"ok"'));
      } finally {
        await app.shutdown();
      }
    });

    it("GIVEN the pool table is unreachable WHEN fewer probes than the threshold fail THEN it stays ok; at the threshold it answers 503 unhealthy", async () => {
      const pool = new MemoryPool();
      const { app, health, port } = await start(pool, { failures: 2 });
      try {
        pool.probeFails = true;
        await health.probeOnce();
        assert.equal((await http(port, "GET", "/app/health")).status, 200);
        await health.probeOnce();
        const res = await http(port, "GET", "/app/health");
        assert.equal(res.status, 503);
        assert.equal(res.body.status, "unhealthy");
        assert.match(res.body.reason, /hot pool table unreachable \(2 probes in a row\)/);
        assert.ok(!JSON.stringify(res.body).includes('"status":"ok"'));
        pool.probeFails = false;
        await health.probeOnce();
        assert.equal((await http(port, "GET", "/app/health")).status, 200);
      } finally {
        await app.shutdown();
      }
    });

    it("writes local time with the process's offset", () => {
      const at = new Date(Date.UTC(2026, 10, 30, 5, 42, 58, 7));
      assert.equal(new Date(localIso(at)).getTime(), at.getTime());
      assert.match(localIso(at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    });
  });

  describe("POST /app/workers/claim and /release", () => {
    it("claims an idle worker of the version and returns its address", async () => {
      const pool = new MemoryPool();
      pool.idle.push(worker("w-1", "2.0.0"), worker("w-2", "1.0.0"));
      const { app, port } = await start(pool);
      try {
        const res = await http(port, "POST", "/app/workers/claim", { version: "1.0.0", clientId: "job-42" });
        assert.equal(res.status, 200);
        assert.equal(res.body.uuid, "w-2");
        assert.equal(res.body.address, "10.10.1.7:8080");
        assert.equal(pool.held.get("w-2"), "job-42");
      } finally {
        await app.shutdown();
      }
    });

    it("answers 503 with Retry-After when the version has no idle worker", async () => {
      const { app, port } = await start(new MemoryPool());
      try {
        const res = await http(port, "POST", "/app/workers/claim", { version: "1.0.0", clientId: "job-42" });
        assert.equal(res.status, 503);
        assert.equal(res.headers["retry-after"], "5");
        assert.match(res.body.error, /no idle worker of version 1\.0\.0/);
      } finally {
        await app.shutdown();
      }
    });

    for (const [what, body, message] of [
      ["a version that is not an image tag", { version: "../1.0", clientId: "c" }, /version is "\.\.\/1\.0"/],
      ["no clientId", { version: "1.0.0" }, /clientId is undefined/],
      ["a body that is not JSON", "{nope", /not JSON/],
      ["a JSON array", [1, 2], /must be a JSON object/],
    ] as const) {
      it(`rejects ${what} with 400 naming the field`, async () => {
        const { app, port } = await start(new MemoryPool());
        try {
          const res = await http(port, "POST", "/app/workers/claim", body);
          assert.equal(res.status, 400);
          assert.match(res.body.error, message);
        } finally {
          await app.shutdown();
        }
      });
    }

    it("returns a held worker, retires one, and answers 409 to a client that does not hold it", async () => {
      const pool = new MemoryPool();
      pool.idle.push(worker("w-1"), worker("w-2"));
      const { app, port } = await start(pool);
      try {
        await http(port, "POST", "/app/workers/claim", { version: "1.0.0", clientId: "a" });
        await http(port, "POST", "/app/workers/claim", { version: "1.0.0", clientId: "a" });
        const other = await http(port, "POST", "/app/workers/w-1/release", {
          clientId: "b",
          claimId: "claim-w-1",
        });
        assert.equal(other.status, 409);
        assert.match(other.body.error, /not claimed by b/);
        const noClaim = await http(port, "POST", "/app/workers/w-1/release", { clientId: "a" });
        assert.equal(noClaim.status, 400);
        assert.match(noClaim.body.error, /claimId is undefined/);
        const returned = await http(port, "POST", "/app/workers/w-1/release", {
          clientId: "a",
          claimId: "claim-w-1",
        });
        assert.equal(returned.status, 200);
        const retire = await http(port, "POST", "/app/workers/w-2/release", {
          clientId: "a",
          claimId: "claim-w-2",
          mode: "retire",
        });
        assert.deepEqual([retire.status, retire.body], [200, { uuid: "w-2", mode: "retire" }]);
        assert.deepEqual(pool.retired, ["w-2"]);
        const bad = await http(port, "POST", "/app/workers/w-2/release", {
          clientId: "a",
          claimId: "claim-w-2",
          mode: "drop",
        });
        assert.equal(bad.status, 400);
        assert.match(bad.body.error, /use "return" or "retire"/);
      } finally {
        await app.shutdown();
      }
    });

    it("answers 501 naming the variables when the hot pool is not configured", async () => {
      const { app, port } = await start(undefined);
      try {
        const res = await http(port, "POST", "/app/workers/claim", { version: "1.0.0", clientId: "a" });
        assert.equal(res.status, 501);
        assert.match(res.body.error, /POOL_TABLE and ACTIVITY_TABLE/);
      } finally {
        await app.shutdown();
      }
    });

    it("answers 405 with Allow for a wrong method and 404 for an unknown path", async () => {
      const { app, port } = await start(new MemoryPool());
      try {
        const res = await http(port, "GET", "/app/workers/claim");
        assert.deepEqual([res.status, res.headers.allow], [405, "POST"]);
        assert.equal((await http(port, "GET", "/app/nope")).status, 404);
      } finally {
        await app.shutdown();
      }
    });
  });

  describe("graceful shutdown (SIGTERM)", () => {
    it("finishes a request in flight, refuses new connections and reports draining meanwhile", async () => {
      const pool = new MemoryPool();
      pool.idle.push(worker("w-1"));
      pool.claimDelayMs = 300;
      const { app, health, port } = await start(pool, { shutdownTimeoutMs: 5000 });
      const inFlight = http(port, "POST", "/app/workers/claim", { version: "1.0.0", clientId: "a" });
      await new Promise((r) => setTimeout(r, 50));
      const stopped = app.shutdown();
      assert.equal(health.body().status, "draining");
      await assert.rejects(http(port, "GET", "/app/health"), /ECONNREFUSED/);
      const res = await inFlight;
      assert.equal(res.status, 200);
      assert.equal(res.body.uuid, "w-1");
      assert.equal(await stopped, true);
    });

    it("cuts requests off at the timeout and says so", async () => {
      const pool = new MemoryPool();
      pool.idle.push(worker("w-1"));
      pool.claimDelayMs = 2000;
      const { app, port } = await start(pool, { shutdownTimeoutMs: 100 });
      const inFlight = http(port, "POST", "/app/workers/claim", { version: "1.0.0", clientId: "a" }).catch(
        (e: Error) => e,
      );
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(await app.shutdown(), false);
      assert.ok((await inFlight) instanceof Error);
    });
  });
});

describe("dummy-service configuration", () => {
  it("defaults: port 8080, shutdown 25 s (below ECS's 30 s stopTimeout), no hot pool", () => {
    const cfg = loadAppConfig({});
    assert.equal(cfg.port, 8080);
    assert.equal(cfg.shutdownTimeoutMs, 25_000);
    assert.equal(cfg.poolTable, undefined);
  });

  it("reports every bad variable at once, naming its value and the fix", () => {
    assert.throws(
      () => loadAppConfig({ PORT: "http", SHUTDOWN_TIMEOUT_MS: "-1", POOL_TABLE: "t" }),
      (err: Error) =>
        /PORT is "http"; set a whole number from 0 to 65535/.test(err.message) &&
        /SHUTDOWN_TIMEOUT_MS is "-1"/.test(err.message) &&
        /ACTIVITY_TABLE is not set while POOL_TABLE is "t"; set both or neither/.test(err.message),
    );
  });
});
