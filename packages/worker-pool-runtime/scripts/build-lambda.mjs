// Bundles the Lambda handlers (src/handlers.ts) into one CommonJS file.
// The AWS SDK v3 and Powertools are bundled too: the deployed code runs the versions this
// package was tested with, not whatever the Lambda runtime ships.
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { NODE_BUNDLE_OPTIONS } from "../../../scripts/node-bundle.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Writes the bundle to `outfile` (default dist/lambda/manager/index.js). */
export async function buildLambda(outfile = path.join(root, "dist/lambda/manager/index.js")) {
  await build({ ...NODE_BUNDLE_OPTIONS, entryPoints: [path.join(root, "src/handlers.ts")], outfile });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildLambda();
}
