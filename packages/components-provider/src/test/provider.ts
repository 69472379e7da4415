import * as path from "node:path";
import type { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import { AcsComponentProvider } from "../provider";

/** This package's root, as the plugin host passes it to the provider. */
export const PACKAGE_ROOT = path.resolve(__dirname, "../..");

/**
 * One provider for every test file: its schema (the TypeScript analysis of this package and of
 * the real args, several seconds) is generated once and cached by the provider.
 */
export const provider = new AcsComponentProvider(PACKAGE_ROOT);

export async function schema(): Promise<PackageSpec> {
  return JSON.parse(await provider.getSchema()) as PackageSpec;
}
