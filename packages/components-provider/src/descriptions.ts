import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import type { PackageSpec, Property } from "@pulumi/pulumi/provider/experimental/schema";

/** Where the args of each component of this package are documented: the real args interface. */
export interface RealArgs {
  /** The npm package that exports it (its published `.d.ts` keep the JSDoc). */
  readonly module: string;
  /** The exported interface. */
  readonly name: string;
}

/** The real args of each component of this package, by class name. */
export const REAL_ARGS: Readonly<Record<string, RealArgs>> = {
  Network: { module: "@acs/network", name: "NetworkArgs" },
  Service: { module: "@acs/ecs-platform", name: "ServiceArgs" },
};

/**
 * The text of an arg's JSDoc as a schema description: the comment, then its `@default` (the
 * schema analyzer of `@pulumi/pulumi` keeps the comment only, and several real args carry
 * nothing but a `@default`). `@default - prose` reads as "Default: prose".
 */
export function describeArg(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  const comment = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const tag = symbol.getJsDocTags(checker).find((t) => t.name === "default");
  const fallback = tag && ts.displayPartsToString(tag.text).trim().replace(/^- /, "");
  return [comment, fallback ? `Default: ${fallback}` : ""].filter((s) => s !== "").join("\n\n");
}

/** A type checker over the published declarations of the modules in `sources`. */
function realTypes(sources: Readonly<Record<string, RealArgs>>): {
  checker: ts.TypeChecker;
  typeOf: (real: RealArgs) => ts.Type;
} {
  const declarationsOf = (module: string) => {
    const manifest = require.resolve(`${module}/package.json`);
    const types: string = JSON.parse(fs.readFileSync(manifest, "utf8")).types;
    return path.join(path.dirname(manifest), types);
  };
  const files = [...new Set(Object.values(sources).map((s) => declarationsOf(s.module)))];
  const program = ts.createProgram(files, {
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  });
  const checker = program.getTypeChecker();
  const typeOf = (real: RealArgs) => {
    const file = program.getSourceFile(declarationsOf(real.module));
    const module = file && checker.getSymbolAtLocation(file);
    const exported = module && checker.getExportsOfModule(module).find((s) => s.name === real.name);
    if (!exported) throw new Error(`${real.module} exports no ${real.name}`);
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    return checker.getDeclaredTypeOfSymbol(symbol);
  };
  return { checker, typeOf };
}

/**
 * Gives every input of every component in `schema` the description of the same arg of the real
 * component (the same path through the nested types), so each rule is documented in one place.
 * Throws when an input is not an arg of the real component, or the real arg is undocumented:
 * the schema cannot drift from the components it serves. Returns the schema, changed in place.
 */
export function describeInputs(
  schema: PackageSpec,
  sources: Readonly<Record<string, RealArgs>> = REAL_ARGS,
): PackageSpec {
  const { checker, typeOf } = realTypes(sources);
  const walk = (inputs: Record<string, Property>, real: ts.Type, at: string) => {
    for (const [key, input] of Object.entries(inputs)) {
      const symbol = checker.getPropertyOfType(real, key);
      if (!symbol) throw new Error(`${at}.${key} is not an arg of the real component; rename or remove it`);
      const description = describeArg(symbol, checker);
      if (description === "")
        throw new Error(`${at}.${key} has no JSDoc on the real component; document it there`);
      input.description = description;
      const ref = "$ref" in input ? input.$ref : undefined;
      const nested = ref?.startsWith("#/types/") ? schema.types[ref.slice("#/types/".length)] : undefined;
      if (nested?.properties)
        walk(nested.properties, checker.getNonNullableType(checker.getTypeOfSymbol(symbol)), `${at}.${key}`);
    }
  };
  for (const [token, resource] of Object.entries(schema.resources)) {
    const className = token.split(":")[2]!;
    const real = sources[className];
    if (!real) throw new Error(`${token}: REAL_ARGS names no real args for ${className}`);
    walk(resource.inputProperties ?? {}, typeOf(real), `${className} args`);
  }
  return schema;
}
