/**
 * Defers two of `@pulumi/pulumi`'s eager loads in the plan's process until something uses them.
 *
 * `require("@pulumi/pulumi")` loads its function serializer (`runtime/closure`) at once, and that
 * loads `typescript` (through `typescript-shim.js`, to parse a function's text) and
 * `@npmcli/arborist` (through `codePaths.js`, to list a package's dependencies): about half of
 * the time to require `@pulumi/pulumi` (0.8 s → 0.45 s on the CI machine), paid by every plan
 * although only a program that serializes a JavaScript function (`aws.lambda.CallbackFunction`,
 * `pulumi.runtime.serializeFunction`, `computeCodePaths`) ever uses them. Here each of the two
 * module ids is put in Node's module cache as a stand-in whose first property read loads the
 * real module, so a program that does serialize a function gets the real one, unchanged
 * (tested in lazy-modules.test.ts).
 *
 * Only the offline plan's own process does this (the first import of cli.ts); `pulumi up` and
 * `--preview` run the program in Pulumi's own language host, untouched.
 * Node's module cache: https://nodejs.org/api/modules.html#requirecache
 */
import Module from "node:module";
import * as path from "node:path";

/** The ids deferred, as resolved from `@pulumi/pulumi`'s own folder. */
export interface DeferredModule {
  /** Resolved file name of the module. */
  readonly filename: string;
  /**
   * The module is imported with TypeScript's `__importStar` (codePaths.js does
   * `__importStar(require("@npmcli/arborist"))` and then uses only `.Arborist`). That helper
   * copies every export of a CommonJS module at import time, which would load it; it returns a
   * module that says `__esModule` as it is. So the stand-in says `__esModule`, and the import
   * keeps the stand-in, whose `.Arborist` loads the real module when first read.
   */
  readonly importedAsNamespace?: boolean;
}

/** The two modules this defers, resolved from where `@pulumi/pulumi` is installed for `from`. */
export function pulumiDeferredModules(from: string): DeferredModule[] {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [from] }));
  return [
    { filename: path.join(pulumiDir, "typescript-shim.js") },
    {
      filename: require.resolve("@npmcli/arborist", { paths: [path.join(pulumiDir, "runtime", "closure")] }),
      importedAsNamespace: true,
    },
  ];
}

/**
 * Installs a loading-on-first-use stand-in for each module that is not loaded yet. Returns the
 * file names it deferred (none when `@pulumi/pulumi` was already loaded, or cannot be found).
 */
export function deferModules(modules: readonly DeferredModule[]): string[] {
  const deferred: string[] = [];
  for (const { filename, importedAsNamespace } of modules) {
    if (require.cache[filename]) continue;
    let real: object | undefined;
    const load = (): object => {
      if (real === undefined) {
        delete require.cache[filename];
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the real module by file name, into the same cache
        real = require(filename) as object;
      }
      return real;
    };
    const stub = new Module(filename);
    stub.filename = filename;
    stub.loaded = true;
    stub.exports = new Proxy(
      {},
      {
        // Answered without loading, so that an interop helper does not load it just by looking.
        get: (_, key) => (key === "__esModule" ? importedAsNamespace === true : Reflect.get(load(), key)),
        has: (_, key) => Reflect.has(load(), key),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
          const d = Reflect.getOwnPropertyDescriptor(load(), key);
          return d && { ...d, configurable: true }; // a proxy may not report a non-configurable key its target lacks
        },
      },
    );
    require.cache[filename] = stub;
    deferred.push(filename);
  }
  return deferred;
}

/** What the CLI calls first: defers `@pulumi/pulumi`'s serializer dependencies, if it is found. */
export function deferPulumiSerializer(from: string = __dirname): string[] {
  let modules: DeferredModule[];
  try {
    modules = pulumiDeferredModules(from);
  } catch {
    return []; // @pulumi/pulumi not installed beside this package: nothing to defer
  }
  return deferModules(modules);
}
