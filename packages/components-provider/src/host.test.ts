/**
 * GIVEN the plugin's entry point (package.json `main`, src/host.ts here) started as Pulumi starts a
 * plugin: a Node.js process that prints the port of its gRPC server
 * WHEN the engine asks it for the schema (GetSchema: what `pulumi package add` does)
 * THEN it answers with package `acs`, every arg described.
 */
import * as assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { PACKAGE_ROOT } from "./test/provider";

// The engine's side of the conversation, from the gRPC client and protobuf stubs @pulumi/pulumi
// ships (the same ones its provider server uses).
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc = fromPulumi("@grpc/grpc-js");
const rpc = fromPulumi("./proto/provider_grpc_pb");
const proto = fromPulumi("./proto/provider_pb");

describe("the plugin's entry point", function () {
  this.timeout(5 * 60_000);
  let host: ChildProcess;
  let port: string;
  before(async () => {
    host = spawn(process.execPath, ["--require", "tsx/cjs", path.join(PACKAGE_ROOT, "src/host.ts")], {
      cwd: PACKAGE_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    host.stderr!.on("data", (d) => (stderr += d));
    port = await new Promise<string>((resolve, reject) => {
      host.stdout!.once("data", (d) => resolve(String(d).trim()));
      host.once("exit", (code) => reject(new Error(`the host exited with ${code}: ${stderr}`)));
    });
  });
  after(() => {
    host?.kill();
  });

  it("prints the port of its gRPC server, as the engine expects", () => {
    assert.match(port, /^\d+$/);
  });

  it("answers GetSchema with package acs, Network and Service, every arg described", async () => {
    const client = new rpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const schema = await new Promise<any>((resolve, reject) =>
      client.getSchema(new proto.GetSchemaRequest(), (err: Error | null, resp: any) =>
        err ? reject(err) : resolve(JSON.parse(resp.getSchema())),
      ),
    );
    client.close();
    assert.equal(schema.name, "acs");
    assert.deepEqual(Object.keys(schema.resources).sort(), ["acs:index:Network", "acs:index:Service"]);
    for (const [token, r] of Object.entries<any>(schema.resources))
      for (const [key, p] of Object.entries<any>(r.inputProperties))
        assert.ok(p.description, `${token}.${key} has no description`);
  });
});
