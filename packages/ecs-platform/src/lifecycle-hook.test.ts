import * as assert from "node:assert/strict";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { SMOKE_HOOK_SOURCE } from "./lifecycle-hook";

interface Sent {
  readonly host: string;
  readonly port: number;
  readonly servername: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

/**
 * Loads the exact source the Lambda ships, with `node:https` replaced by a stand-in that records
 * what the handler asked for (TLS host, SNI, headers) and sends the request, in plain HTTP, to
 * `target` — a local server playing the green revision behind the test listener rule.
 */
function loadHandler(env: Record<string, string>, target: () => number) {
  const sent: Sent[] = [];
  const logs: any[] = [];
  const fakeHttps = {
    request(options: any, onResponse: (res: http.IncomingMessage) => void) {
      sent.push({
        host: options.host,
        port: options.port,
        servername: options.servername,
        path: options.path,
        headers: options.headers,
      });
      return http.request(
        { ...options, host: "127.0.0.1", port: target(), servername: undefined },
        onResponse,
      );
    },
  };
  const module = { exports: {} as { handler?: (event: unknown) => Promise<{ hookStatus: string }> } };
  const load = new Function("require", "module", "exports", "process", "console", SMOKE_HOOK_SOURCE);
  load(
    (id: string) => {
      assert.equal(id, "node:https", "the hook needs nothing but node:https");
      return fakeHttps;
    },
    module,
    module.exports,
    { env },
    { log: (line: string) => logs.push(JSON.parse(line)) },
  );
  return { handler: module.exports.handler!, sent, logs };
}

const ENV = {
  LB_DNS_NAME: "acs-dev-123.us-east-1.elb.amazonaws.com",
  HOST_NAME: "dev.acs.app.com",
  SMOKE_PATH: "/app/health",
  EXPECT_BODY: '"status":"ok"',
  TEST_HEADER_NAME: "X-Acs-Test-Traffic",
  TEST_HEADER_VALUE: "green",
  ATTEMPTS: "3",
  RETRY_DELAY_MS: "10",
};

/** A local server answering each request with the next of `answers` (the last one repeats). */
async function green(answers: { status: number; body: string }[]) {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    const a = answers[Math.min(seen.length - 1, answers.length - 1)]!;
    res.writeHead(a.status, { "content-type": "application/json" });
    res.end(a.body);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, seen, port: () => (server.address() as AddressInfo).port };
}

const OK = { status: 200, body: '{"status":"ok","ts":1}' };

describe("smoke-test lifecycle hook (the shipped Lambda source)", () => {
  it("WHEN green answers 200 with status ok THEN it SUCCEEDs, having called the load balancer with SNI, Host and the test header", async () => {
    const g = await green([OK]);
    try {
      const { handler, sent, logs } = loadHandler(ENV, g.port);
      assert.deepEqual(await handler({ lifecycleStage: "POST_TEST_TRAFFIC_SHIFT" }), {
        hookStatus: "SUCCEEDED",
      });
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.host, ENV.LB_DNS_NAME);
      assert.equal(sent[0]!.port, 443);
      assert.equal(sent[0]!.servername, "dev.acs.app.com", "TLS is verified for the certificate's name");
      assert.equal(sent[0]!.path, "/app/health");
      assert.equal(g.seen[0]!.host, "dev.acs.app.com");
      assert.equal(g.seen[0]!["x-acs-test-traffic"], "green", "the test rule routes it to green");
      assert.equal(logs[0].msg, "smoke test passed");
      assert.equal(logs[0].stage, "POST_TEST_TRAFFIC_SHIFT");
    } finally {
      g.server.close();
    }
  });

  it("WHEN green is unhealthy at first THEN it retries and SUCCEEDs once it answers ok", async () => {
    const g = await green([{ status: 503, body: "starting" }, OK]);
    try {
      const { handler, sent } = loadHandler(ENV, g.port);
      assert.deepEqual(await handler({}), { hookStatus: "SUCCEEDED" });
      assert.equal(sent.length, 2);
    } finally {
      g.server.close();
    }
  });

  it("WHEN green answers 200 but reports a failing dependency THEN it FAILs after every attempt (ECS rolls back)", async () => {
    const g = await green([{ status: 200, body: '{"status":"degraded"}' }]);
    try {
      const { handler, sent, logs } = loadHandler(ENV, g.port);
      assert.deepEqual(await handler({}), { hookStatus: "FAILED" });
      assert.equal(sent.length, 3);
      assert.equal(logs.at(-1).body, '{"status":"degraded"}');
    } finally {
      g.server.close();
    }
  });

  it("WHEN nothing answers THEN it FAILs instead of throwing", async () => {
    const g = await green([OK]);
    const port = g.port();
    await new Promise((done) => g.server.close(done));
    const { handler, logs } = loadHandler({ ...ENV, ATTEMPTS: "2" }, () => port);
    assert.deepEqual(await handler({}), { hookStatus: "FAILED" });
    assert.equal(logs.length, 2);
    assert.equal(logs[0].status, 0);
    assert.match(logs[0].error, /ECONNREFUSED/);
  });
});
