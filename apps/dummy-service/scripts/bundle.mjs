// Bundles the service into one file for the container image (dist/bundle/main.js): the
// runtime stage then needs no node_modules, only Node.js itself.
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { NODE_BUNDLE_OPTIONS } from "../../../scripts/node-bundle.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
await build({
  ...NODE_BUNDLE_OPTIONS,
  entryPoints: [path.join(root, "src/main.ts")],
  outfile: path.join(root, "dist/bundle/main.js"),
});
