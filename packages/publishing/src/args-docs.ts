/**
 * The args of each published component, read from its source with the TypeScript compiler: for
 * every exported class whose constructor takes `(name, args, opts)`, the args type's properties
 * and their JSDoc `@default`. Pure reading; the README test compares them with the tables.
 */
import * as path from "node:path";
import ts from "typescript";

export interface ArgField {
  /** The component class, e.g. `Network`. */
  readonly component: string;
  /** The args type, e.g. `NetworkArgs`. */
  readonly argsType: string;
  readonly name: string;
  /** The JSDoc `@default` text, when there is one. */
  readonly defaultText?: string;
  readonly optional: boolean;
}

/** Every component's args fields, from the package's `src/index.ts` exports. */
export function componentArgs(packageDir: string): ArgField[] {
  const configPath = path.join(packageDir, "tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  )!;
  const index = path.join(packageDir, "src/index.ts");
  const program = ts.createProgram([index], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
  const fields: ArgField[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & ts.SymbolFlags.Class)) continue;
    const decl = symbol.valueDeclaration;
    if (!decl || !ts.isClassDeclaration(decl)) continue;
    if (!isComponent(checker, checker.getTypeAtLocation(decl))) continue;
    const ctor = decl.members.find(ts.isConstructorDeclaration);
    const argsParam = ctor?.parameters[1];
    if (!argsParam?.type || !ts.isTypeReferenceNode(argsParam.type)) continue;
    const argsType = argsParam.type.typeName.getText();
    for (const prop of checker.getTypeAtLocation(argsParam.type).getProperties()) {
      const tag = prop.getJsDocTags(checker).find((t) => t.name === "default");
      const text = tag?.text ? ts.displayPartsToString(tag.text).trim() : undefined;
      fields.push({
        component: symbol.name,
        argsType,
        name: prop.name,
        optional: (prop.flags & ts.SymbolFlags.Optional) !== 0,
        ...(text !== undefined ? { defaultText: text } : {}),
      });
    }
  }
  return fields;
}

function isComponent(checker: ts.TypeChecker, type: ts.Type): boolean {
  for (const base of type.getBaseTypes?.() ?? []) {
    if (base.symbol?.name === "ComponentResource") return true;
    if (isComponent(checker, base)) return true;
  }
  return false;
}
