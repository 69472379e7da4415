import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { describeInputs } from "./descriptions";
import { Network } from "./network";
import { PACKAGE_NAME } from "./package";
import { Service } from "./service";

/**
 * The component provider of package `acs`: @pulumi/pulumi's ComponentProvider (the schema comes
 * from its TypeScript analyzer of this package's source, and `construct` builds the classes),
 * with each input's description taken from the real component's args (descriptions.ts).
 *
 * No `namespace`: the generated Python module is `<namespace>_<name>`, or `pulumi_<name>`
 * without one (PyPack in https://github.com/pulumi/pulumi/blob/master/pkg/codegen/python/gen.go),
 * so this package is `pulumi_acs` in Python.
 */
export class AcsComponentProvider extends ComponentProvider {
  private described?: string;

  /** @param dirname The package's root (its package.json, tsconfig.json and src/). */
  constructor(dirname: string = path.resolve(__dirname, "..")) {
    super({ name: PACKAGE_NAME, dirname, components: [Network, Service] });
  }

  override async getSchema(): Promise<string> {
    this.described ??= JSON.stringify(describeInputs(JSON.parse(await super.getSchema())));
    return this.described;
  }
}
