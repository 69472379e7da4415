/**
 * Drives the pack's policies through `@pulumi/policy`'s own analyzer functions, as the Pulumi CLI
 * does over gRPC: a request carrying the resource's properties as a protobuf Struct (with the
 * engine's unknown sentinels and secret wrappers), the SDK's deserializer and unknown-checking
 * proxy, and its diagnostics back. Only the socket is left out.
 */
import * as path from "node:path";
import { policies } from "../pack";

/* eslint-disable @typescript-eslint/no-require-imports */
const server = require("@pulumi/policy/server");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const { Struct } = require(
  require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }),
);
/* eslint-enable @typescript-eslint/no-require-imports */

/** What the engine sends for a value it does not know yet (`plugin.UnknownStringValue`). */
export const ENGINE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** How the engine wraps a secret value on the wire. */
export const engineSecret = (value: unknown) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});

export interface Diagnostic {
  readonly policy: string;
  readonly level: "advisory" | "mandatory" | "disabled" | "remediate";
  readonly message: string;
  readonly urn: string;
}

const LEVELS: Record<number, Diagnostic["level"]> = Object.fromEntries(
  Object.entries(analyzerPb.EnforcementLevel as Record<string, number>).map(([k, v]) => [
    v,
    k.toLowerCase() as any,
  ]),
);

function options(protect = false): any {
  const opts = new analyzerPb.AnalyzerResourceOptions();
  opts.setProtect(protect);
  return opts;
}

function call<T>(fn: (call: any, cb: (err: any, resp: any) => void) => void, request: any): Promise<T> {
  return new Promise((resolve, reject) =>
    fn({ request }, (err, resp) => (err ? reject(err) : resolve(resp))),
  );
}

const diagnostics = (resp: any): Diagnostic[] =>
  resp.getDiagnosticsList().map((d: any) => ({
    policy: d.getPolicyname(),
    level: LEVELS[d.getEnforcementlevel()]!,
    message: d.getMessage(),
    urn: d.getUrn(),
  }));

const urnOf = (type: string, name: string) => `urn:pulumi:test::acs::${type}::${name}`;

/** `Analyze`: every resource policy of the pack over one resource's inputs, as during a preview or up. */
export async function analyze(
  type: string,
  name: string,
  props: Record<string, unknown>,
): Promise<Diagnostic[]> {
  const req = new analyzerPb.AnalyzeRequest();
  req.setType(type);
  req.setName(name);
  req.setUrn(urnOf(type, name));
  req.setProperties(Struct.fromJavaScript(props));
  req.setOptions(options());
  return diagnostics(await call(server.makeAnalyzeRpcFun("acs-org", "0.1.0", "advisory", policies), req));
}

/** `AnalyzeStack`: every stack policy of the pack over the stack's resources (their outputs). */
export async function analyzeStack(
  resources: { type: string; name: string; props: Record<string, unknown> }[],
): Promise<Diagnostic[]> {
  const req = new analyzerPb.AnalyzeStackRequest();
  req.setResourcesList(
    resources.map((r) => {
      const res = new analyzerPb.AnalyzerResource();
      res.setType(r.type);
      res.setName(r.name);
      res.setUrn(urnOf(r.type, r.name));
      res.setProperties(Struct.fromJavaScript(r.props));
      res.setOptions(options());
      return res;
    }),
  );
  return diagnostics(
    await call(server.makeAnalyzeStackRpcFun("acs-org", "0.1.0", "advisory", policies), req),
  );
}
