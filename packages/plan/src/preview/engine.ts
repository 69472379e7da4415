/**
 * An in-process stand-in for the Pulumi engine during `pulumi preview`: the ResourceMonitor
 * and Engine gRPC services that a program started by the Node.js language host talks to
 * (@pulumi/pulumi's generated stubs, served with @grpc/grpc-js), answering as the engine
 * answers in a dry run:
 *
 * - a new custom resource gets an empty id and its inputs back as outputs; every other output
 *   is missing, which the SDK resolves as unknown in a preview (runtime/resource.ts);
 * - a component gets no outputs;
 * - a duplicate URN, a parent or provider that was never registered, a remote component whose
 *   provider plugin is not here, and an asset or archive whose file does not exist are errors;
 * - a StackReference resolves only to a stack the backend holds in this run's organization
 *   (names qualified as the Pulumi Cloud backend qualifies them);
 * - invokes are answered by the testkit's fake AWS.
 *
 * What it records is a testkit {@link Recording}, so the plan's renderers, preview JSON and
 * policies work on it unchanged; unknown values stay the engine's unknown sentinel.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import {
  emptyOptions,
  engineUrn,
  qualifyStackName,
  readOptions,
  unknownStackError,
  type FakeAws,
  type RecordedResource,
} from "@acs/testkit";
import { decodeProperties, findAssets, OUTPUT_SIG, SECRET_SIG, SIG, UNKNOWN } from "./values";

// The SDK's own generated stubs and runtime, from the copy of @pulumi/pulumi the stacks use, so
// the message classes are the ones the program's SDK speaks.
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
/* eslint-disable @typescript-eslint/no-require-imports */
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));
const resproto = require("@pulumi/pulumi/proto/resource_pb.js");
const resgrpc = require("@pulumi/pulumi/proto/resource_grpc_pb.js");
const engproto = require("@pulumi/pulumi/proto/engine_pb.js");
const enggrpc = require("@pulumi/pulumi/proto/engine_grpc_pb.js");
const rpc = require("@pulumi/pulumi/runtime/rpc");
const structproto = fromPulumi("google-protobuf/google/protobuf/struct_pb.js");
const emptyproto = fromPulumi("google-protobuf/google/protobuf/empty_pb.js");
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** What the engine features list says it supports (sdk/proto/resource.proto: ResourceMonitorFeature). */
const FEATURES = [
  "RESOURCE_MONITOR_FEATURE_SECRETS",
  "RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES",
  "RESOURCE_MONITOR_FEATURE_OUTPUT_VALUES",
  "RESOURCE_MONITOR_FEATURE_DELETED_WITH",
  "RESOURCE_MONITOR_FEATURE_ALIAS_SPECS",
];
const LEGACY_FEATURES = new Set([
  "secrets",
  "resourceReferences",
  "outputValues",
  "deletedWith",
  "aliasSpecs",
]);

export interface Diagnostic {
  readonly severity: "debug" | "info" | "warning" | "error";
  readonly message: string;
  readonly urn?: string;
}

export interface PreviewEngineOptions {
  readonly organization: string;
  readonly project: string;
  readonly stack: string;
  /** The program's directory: relative asset paths are resolved from it, as the engine does. */
  readonly programDir: string;
  /** The fake AWS account that answers invokes and `.get()` reads. */
  readonly fake: FakeAws;
  /** Outputs of the stack named `<org>/<project>/<stack>`, or undefined when the backend has none. */
  readonly stackOutputs: (qualifiedName: string) => Record<string, unknown> | undefined;
  /** The stacks the backend holds (`<org>/<project>/<stack>`), named in the error for any other. */
  readonly knownStacks?: readonly string[];
}

type Callback = (err: Error | null, resp?: unknown) => void;

/** The ResourceMonitor and Engine services of one preview run. */
export class PreviewEngine {
  readonly resources: RecordedResource[] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** Errors the engine itself raised (a real preview fails with each). */
  readonly errors: string[] = [];
  rootUrn: string | undefined;
  /** The root stack's outputs, once the program registered them. */
  stackOutputs: Record<string, unknown> | undefined;
  private readonly byUrn = new Map<string, RecordedResource>();
  /** Provider URN → the id the fake AWS gave it (so invokes through it see its region). */
  private readonly providerIds = new Map<string, string>();
  private server: grpc.Server | undefined;

  constructor(private readonly opts: PreviewEngineOptions) {}

  /** Serves both services on a free loopback port; resolves to `127.0.0.1:<port>`. */
  async start(): Promise<string> {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(resgrpc.ResourceMonitorService, this.monitorService());
    server.addService(enggrpc.EngineService, this.engineService());
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    this.server = server;
    return `127.0.0.1:${port}`;
  }

  stop(): void {
    this.server?.forceShutdown();
    this.server = undefined;
  }

  urn(parent: string, type: string, name: string): string {
    return engineUrn(this.opts.stack, this.opts.project, parent || undefined, type, name);
  }

  private fail(message: string, cb: Callback): void {
    this.errors.push(message);
    cb(Object.assign(new Error(message), { code: grpc.status.INVALID_ARGUMENT }));
  }

  private monitorService(): Record<string, (call: any, cb: Callback) => void> {
    const unimplemented = (what: string) => (_call: any, cb: Callback) =>
      this.fail(`the offline preview engine does not implement ${what}`, cb);
    return {
      getDeploymentInfo: (_call, cb) => {
        const resp = new resproto.DeploymentInfo();
        resp.setOrganization(this.opts.organization);
        resp.setProject(this.opts.project);
        resp.setStack(this.opts.stack);
        resp.setDryrun(true);
        resp.setSupportedfeaturesList(FEATURES.map((f) => resproto.ResourceMonitorFeature[f]));
        cb(null, resp);
      },
      supportsFeature: (call, cb) => {
        const resp = new resproto.SupportsFeatureResponse();
        resp.setHassupport(LEGACY_FEATURES.has(call.request.getId()));
        cb(null, resp);
      },
      registerResource: (call, cb) => this.registerResource(call.request, cb),
      readResource: (call, cb) => this.readResource(call.request, cb),
      invoke: (call, cb) => void this.invoke(call.request, cb),
      registerResourceOutputs: (call, cb) => {
        const urn: string = call.request.getUrn();
        const found = this.byUrn.get(urn);
        if (!found) return this.fail(`RegisterResourceOutputs for an unknown resource ${urn}`, cb);
        const { values } = decodeProperties(call.request.getOutputs()?.toJavaScript());
        found.outputs = values;
        if (urn === this.rootUrn) this.stackOutputs = values;
        cb(null, new emptyproto.Empty());
      },
      existsResource: unimplemented("ExistsResource"),
      call: unimplemented("Call (methods of remote components)"),
      registerStackTransform: unimplemented("transforms"),
      registerStackInvokeTransform: unimplemented("invoke transforms"),
      registerResourceHook: unimplemented("resource hooks"),
      registerErrorHook: unimplemented("error hooks"),
      registerPackage: (_call, cb) => {
        const resp = new resproto.RegisterPackageResponse();
        resp.setRef("offline-package");
        cb(null, resp);
      },
      signalAndWaitForShutdown: (_call, cb) => cb(null, new emptyproto.Empty()),
    };
  }

  private engineService(): Record<string, (call: any, cb: Callback) => void> {
    const severities = ["debug", "info", "warning", "error"] as const;
    return {
      log: (call, cb) => {
        const r = call.request;
        this.diagnostics.push({
          severity: severities[r.getSeverity()] ?? "info",
          message: r.getMessage(),
          ...(r.getUrn() ? { urn: r.getUrn() } : {}),
        });
        cb(null, new emptyproto.Empty());
      },
      getRootResource: (_call, cb) => {
        const resp = new engproto.GetRootResourceResponse();
        resp.setUrn(this.rootUrn ?? "");
        cb(null, resp);
      },
      setRootResource: (call, cb) => {
        this.rootUrn = call.request.getUrn();
        cb(null, new engproto.SetRootResourceResponse());
      },
      requirePulumiVersion: (_call, cb) => cb(null, new emptyproto.Empty()),
      startDebugging: (_call, cb) => this.fail("the offline preview engine cannot attach a debugger", cb),
    };
  }

  private checkReferences(urn: string, parent: string, providerRefs: string[], cb: Callback): boolean {
    if (parent && !this.byUrn.has(parent)) {
      this.fail(`${urn}: its parent ${parent} was never registered`, cb);
      return false;
    }
    for (const ref of providerRefs) {
      const providerUrn = ref.split("::").slice(0, -1).join("::");
      const provider = this.byUrn.get(providerUrn);
      if (!provider || !provider.type.startsWith("pulumi:providers:")) {
        this.fail(`${urn}: its provider ${ref} was never registered`, cb);
        return false;
      }
    }
    return true;
  }

  /** Assets and archives are hashed from their files during a preview: a missing file fails it. */
  private checkAssets(urn: string, values: Record<string, any>, cb: Callback): boolean {
    for (const { path: prop, value } of findAssets(values)) {
      const file = value.path as string | undefined;
      if (file !== undefined && !fs.existsSync(path.resolve(this.opts.programDir, file))) {
        this.fail(
          `${urn}: failed to compute the hash of ${prop}: ${file} does not exist (relative paths are read from ${this.opts.programDir}); build it first`,
          cb,
        );
        return false;
      }
      if (value.assets) {
        if (!this.checkAssets(urn, value.assets, cb)) return false;
      }
    }
    return true;
  }

  private record(r: RecordedResource): void {
    this.resources.push(r);
    this.byUrn.set(r.urn, r);
  }

  private registerResource(req: any, cb: Callback): void {
    const type: string = req.getType();
    const name: string = req.getName();
    const parent: string = req.getParent();
    const custom: boolean = req.getCustom();
    const urn = this.urn(parent, type, name);
    if (this.byUrn.has(urn))
      return this.fail(`Duplicate resource URN '${urn}'; try giving it a unique name`, cb);
    if (req.getRemote()) {
      return this.fail(
        `${urn}: ${type} is a remote component (its provider plugin runs it); the offline preview has no plugins — construct it only where a real engine runs`,
        cb,
      );
    }
    const providerRefs = [
      req.getProvider(),
      ...req
        .getProvidersMap()
        .toArray()
        .map((e: [string, string]) => e[1]),
    ];
    if (!this.checkReferences(urn, parent, providerRefs.filter(Boolean), cb)) return;
    const raw = req.getObject()?.toJavaScript() ?? {};
    const { values, secretKeys } = decodeProperties(raw);
    if (!this.checkAssets(urn, values, cb)) return;
    if (type === ROOT_STACK_TYPE && !parent) this.rootUrn = urn;
    if (custom && type.startsWith("pulumi:providers:")) {
      const res = this.opts.fake.newResource({ type, name, inputs: knownOnly(values), custom: true });
      if (res.id) this.providerIds.set(urn, res.id);
    }
    const outputs = custom ? values : {};
    this.record({
      type,
      name,
      urn,
      ...(parent ? { parent } : {}),
      custom,
      read: false,
      inputs: values,
      secretInputs: secretKeys,
      outputs,
      options: readOptions(req, { stack: this.opts.stack, project: this.opts.project }),
    });
    const resp = new resproto.RegisterResourceResponse();
    resp.setUrn(urn);
    resp.setId("");
    resp.setObject(structproto.Struct.fromJavaScript(custom ? asEngineOutputs(raw) : {}));
    cb(null, resp);
  }

  private readResource(req: any, cb: Callback): void {
    const type: string = req.getType();
    const name: string = req.getName();
    const parent: string = req.getParent();
    const urn = this.urn(parent, type, name);
    if (this.byUrn.has(urn))
      return this.fail(`Duplicate resource URN '${urn}'; try giving it a unique name`, cb);
    if (!this.checkReferences(urn, parent, [req.getProvider()].filter(Boolean), cb)) return;
    const { values } = decodeProperties(req.getProperties()?.toJavaScript());
    let state: Record<string, unknown>;
    if (type === STACK_REFERENCE_TYPE) {
      const ref = String(values.name ?? req.getId());
      const outputs = this.resolveStackReference(ref);
      if (typeof outputs === "string") return this.fail(outputs, cb);
      state = { name: ref, outputs, secretOutputNames: [] };
    } else {
      state = this.opts.fake.newResource({
        type,
        name,
        inputs: values,
        custom: true,
        id: req.getId(),
        provider: this.fakeProviderRef(req.getProvider()),
      }).state;
    }
    this.record({
      type,
      name,
      urn,
      ...(parent ? { parent } : {}),
      custom: true,
      read: true,
      inputs: values,
      secretInputs: [],
      id: req.getId(),
      outputs: state,
      options: emptyOptions(),
    });
    void rpc.serializeProperties("", state).then((serialized: unknown) => {
      const resp = new resproto.ReadResourceResponse();
      resp.setUrn(urn);
      resp.setProperties(structproto.Struct.fromJavaScript(serialized));
      cb(null, resp);
    }, cb);
  }

  /**
   * The referenced stack's outputs, or the one-line error a backend would give: the name is
   * qualified as the backend qualifies it (testkit's `qualifyStackName`), and only stacks of
   * this run's organization exist.
   */
  private resolveStackReference(ref: string): Record<string, unknown> | string {
    const { organization, project } = this.opts;
    try {
      const qualified = qualifyStackName(ref, { organization, project });
      const outputs = this.opts.stackOutputs(qualified);
      if (!outputs) return unknownStackError(ref, qualified, this.opts.knownStacks ?? []).message;
      return outputs;
    } catch (err) {
      return (err as Error).message;
    }
  }

  /** The provider reference as the fake AWS knows it (`urn::<fake id>`), so its region applies. */
  private fakeProviderRef(ref: string): string | undefined {
    if (!ref) return undefined;
    const urn = ref.split("::").slice(0, -1).join("::");
    const id = this.providerIds.get(urn);
    return id ? `${urn}::${id}` : ref;
  }

  private async invoke(req: any, cb: Callback): Promise<void> {
    try {
      const { values } = decodeProperties(req.getArgs()?.toJavaScript());
      const provider = this.fakeProviderRef(req.getProvider());
      const result = this.opts.fake.call({
        token: req.getTok(),
        inputs: values,
        ...(provider ? { provider } : {}),
      });
      const resp = new resproto.ResourceInvokeResponse();
      resp.setReturn(structproto.Struct.fromJavaScript(await rpc.serializeProperties("", result)));
      cb(null, resp);
    } catch (err) {
      this.fail(`invoke ${req.getTok()}: ${(err as Error).message}`, cb);
    }
  }
}

/** Inputs echoed as the engine returns outputs: plain values, unknown sentinels, secret wrappers. */
function asEngineOutputs(v: unknown): any {
  if (Array.isArray(v)) return v.map(asEngineOutputs);
  if (!v || typeof v !== "object") return v;
  const o = v as Record<string, any>;
  if (o[SIG] === OUTPUT_SIG) {
    const value = "value" in o ? asEngineOutputs(o.value) : UNKNOWN;
    return o.secret ? { [SIG]: SECRET_SIG, value } : value;
  }
  if (o[SIG]) return o;
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, asEngineOutputs(x)]));
}

/** `values` without unknown members (what a provider can be configured with in a preview). */
function knownOnly(values: Record<string, any>): Record<string, any> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== UNKNOWN));
}
