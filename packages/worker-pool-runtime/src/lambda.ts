/**
 * Where the bundled Lambda code is and what it exports. Pure (no SDK import): the Pulumi
 * component reads it through `@acs/worker-pool-runtime/lambda` to find the code to deploy.
 */
import * as path from "node:path";

/**
 * The handlers bundled at build time (`pnpm build` runs scripts/build-lambda.mjs): one
 * CommonJS file exporting `reconcileHandler` and `pipelineHandler`. Resolved from this
 * module's own location (dist/lambda.js → dist/lambda/manager/index.js).
 */
export const MANAGER_BUNDLE = path.resolve(__dirname, "../dist/lambda/manager/index.js");

/** Handler names inside the bundle (file `index.js`). */
export const HANDLERS = { manager: "index.reconcileHandler", pipeline: "index.pipelineHandler" } as const;

/** The command that builds the bundle, for error messages. */
export const BUILD_COMMAND = "pnpm --filter @acs/worker-pool-runtime build";
