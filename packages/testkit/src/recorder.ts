import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * A resource's URN as the engine makes it: the parent's qualified type prefixes the type, except
 * for the root stack (pkg/resource/deploy/source_eval.go and resource.NewURN in pulumi/pulumi).
 */
export function engineUrn(
  stack: string,
  project: string,
  parent: string | undefined,
  type: string,
  name: string,
): string {
  const parentType = parent ? parent.split("::")[2] : undefined;
  const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The options of a registration that change what the engine does with it. */
export interface RecordedOptions {
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly ignoreChanges: readonly string[];
  /** URNs the resource depends on explicitly (`dependsOn`), beyond its input properties. */
  readonly dependsOn: readonly string[];
  /** Every URN the resource depends on: explicit and through its inputs. */
  readonly dependencies: readonly string[];
  /** Provider reference (`<urn>::<id>`) when an explicit provider was given. */
  readonly provider?: string;
  readonly aliases: readonly string[];
  readonly replaceOnChanges: readonly string[];
}

/** One resource as the engine saw it: what `pulumi up` would create. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent?: string;
  /** True for resources a provider manages; false for components and the stack. */
  readonly custom: boolean;
  /** True for `.get()`-style reads of existing resources. */
  readonly read: boolean;
  readonly inputs: Record<string, any>;
  /** Input keys whose values were secret. */
  readonly secretInputs: readonly string[];
  readonly id?: string;
  /** The fake cloud's outputs (for components: what they registered with registerOutputs). */
  outputs: Record<string, any>;
  readonly options: RecordedOptions;
}

/** Replaces Pulumi's secret wrappers by their values and reports which top-level keys were secret. */
export function unwrapSecrets(props: Record<string, any>): {
  values: Record<string, any>;
  secretKeys: string[];
} {
  const secretKeys: string[] = [];
  const unwrap = (v: any): any => {
    if (v && typeof v === "object") {
      if (v[rpc.specialSigKey] === rpc.specialSecretSig) return unwrap(v.value);
      if (Array.isArray(v)) return v.map(unwrap);
      if (v[rpc.specialSigKey] === rpc.specialResourceSig) return { urn: v.urn, id: v.id };
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)]));
    }
    return v;
  };
  const values: Record<string, any> = {};
  for (const [k, v] of Object.entries(props)) {
    if (v && typeof v === "object" && v[rpc.specialSigKey] === rpc.specialSecretSig) secretKeys.push(k);
    values[k] = unwrap(v);
  }
  return { values, secretKeys };
}

/**
 * A mock monitor that keeps everything the engine would see: each registration's
 * parent, options and inputs, the fake outputs, and component outputs.
 */
export class RecordingMonitor extends MockMonitor {
  readonly recorded: RecordedResource[] = [];
  readonly errors: Error[] = [];
  private pending = 0;

  constructor(mocks: ConstructorParameters<typeof MockMonitor>[0]) {
    super(mocks);
    // URNs as the engine makes them: a resource whose parent is the root stack has no
    // `pulumi:pulumi:Stack$` prefix in its type (the mock monitor adds one).
    (this as any).newUrn = (parent: string | undefined, type: string, name: string): string =>
      engineUrn(settings.getStack(), settings.getProject(), parent, type, name);
  }

  get inFlight(): number {
    return this.pending;
  }

  override async registerResource(req: any, callback: (err: any, resp: any) => void): Promise<void> {
    this.pending++;
    const options = readOptions(req, { stack: settings.getStack(), project: settings.getProject() });
    const { values, secretKeys } = unwrapSecrets(rpc.deserializeProperties(req.getObject()));
    try {
      await super.registerResource(req, (err: any, resp: any) => {
        if (err) {
          this.errors.push(err instanceof Error ? err : new Error(String(err)));
        } else {
          this.recorded.push({
            type: req.getType(),
            name: req.getName(),
            urn: resp.getUrn(),
            parent: req.getParent() || undefined,
            custom: req.getCustom(),
            read: false,
            inputs: values,
            secretInputs: secretKeys,
            id: resp.getId() || undefined,
            outputs: unwrapSecrets(resp.getObject().toJavaScript()).values,
            options,
          });
        }
        callback(err, resp);
      });
    } finally {
      this.pending--;
    }
  }

  override async invoke(req: any, callback: (err: any, resp: any) => void): Promise<void> {
    await super.invoke(req, (err: any, resp: any) => {
      if (err) this.errors.push(err instanceof Error ? err : new Error(String(err)));
      callback(err, resp);
    });
  }

  override async readResource(req: any, callback: (err: any, resp: any) => void): Promise<void> {
    this.pending++;
    try {
      await super.readResource(req, (err: any, resp: any) => {
        // A failed read (a StackReference to a stack that does not exist) fails the run with the fake's message.
        if (err) this.errors.push(err instanceof Error ? err : new Error(String(err)));
        else {
          this.recorded.push({
            type: req.getType(),
            name: req.getName(),
            urn: resp.getUrn(),
            parent: req.getParent() || undefined,
            custom: true,
            read: true,
            inputs: unwrapSecrets(rpc.deserializeProperties(req.getProperties())).values,
            secretInputs: [],
            id: req.getId() || undefined,
            outputs: unwrapSecrets(resp.getProperties().toJavaScript()).values,
            options: emptyOptions(),
          });
        }
        callback(err, resp);
      });
    } finally {
      this.pending--;
    }
  }

  override registerResourceOutputs(req: any, callback: (err: any, resp: any) => void): void {
    const urn = req.getUrn();
    const outputs = req.getOutputs();
    const found = this.recorded.find((r) => r.urn === urn);
    if (found && outputs) found.outputs = unwrapSecrets(rpc.deserializeProperties(outputs)).values;
    super.registerResourceOutputs(req, callback);
  }
}

/** The options of a read (`.get()`) or of a registration that set none. */
export function emptyOptions(): RecordedOptions {
  return {
    protect: false,
    retainOnDelete: false,
    deleteBeforeReplace: false,
    ignoreChanges: [],
    dependsOn: [],
    dependencies: [],
    aliases: [],
    replaceOnChanges: [],
  };
}

/**
 * A RegisterResourceRequest's options, as the engine reads them (shared with the preview engine).
 * Aliases given as specs (name, type, parent, stack, project) are resolved to URNs as the engine
 * resolves them (an unset field is the resource's own; `noParent` means the stack root), so a
 * plan lists the URNs a deployment would match against its state.
 */
export function readOptions(req: any, scope?: { stack: string; project: string }): RecordedOptions {
  const dependencies: string[] = req.getDependenciesList();
  const viaProperties = new Set<string>();
  const propertyDeps = req.getPropertydependenciesMap();
  propertyDeps.forEach((deps: any) => deps.getUrnsList().forEach((u: string) => viaProperties.add(u)));
  const aliasUrn = (a: any): string => {
    if (typeof a === "string") return a;
    if (a.getUrn?.()) return a.getUrn();
    const spec = a.getSpec?.();
    if (!spec || !scope) return JSON.stringify(a.toObject?.() ?? a);
    const parent = spec.getNoparent?.() ? undefined : spec.getParenturn?.() || req.getParent() || undefined;
    return engineUrn(
      spec.getStack?.() || scope.stack,
      spec.getProject?.() || scope.project,
      parent,
      spec.getType?.() || req.getType(),
      spec.getName?.() || req.getName(),
    );
  };
  return {
    protect: Boolean(req.getProtect()),
    retainOnDelete: Boolean(req.getRetainondelete()),
    deleteBeforeReplace: Boolean(req.getDeletebeforereplace()),
    ignoreChanges: req.getIgnorechangesList(),
    dependsOn: dependencies.filter((d) => !viaProperties.has(d)),
    dependencies,
    provider: req.getProvider() || undefined,
    aliases: (req.getAliasesList?.() ?? []).map(aliasUrn),
    replaceOnChanges: req.getReplaceonchangesList(),
  };
}
