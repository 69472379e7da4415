import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/**
 * The runtime's handlers bundled at build time (`pnpm build` runs scripts/build-lambda.mjs):
 * one CommonJS file exporting `reconcileHandler` and `pipelineHandler`.
 */
export const MANAGER_BUNDLE = path.resolve(__dirname, "../dist/lambda/manager/index.js");

/** Handler names inside the bundle (file `index.js`). */
export const HANDLERS = { manager: "index.reconcileHandler", pipeline: "index.pipelineHandler" } as const;

/** The bundle as a Lambda archive. Throws, saying how to build it, when it is missing. */
export function managerCode(bundle: string = MANAGER_BUNDLE): pulumi.asset.Archive {
  if (!fs.existsSync(bundle)) {
    throw new Error(
      `worker-pool: the manager bundle ${bundle} does not exist; build the package first (pnpm --filter @acs/worker-pool build) or pass \`code\``,
    );
  }
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.FileAsset(bundle) });
}
