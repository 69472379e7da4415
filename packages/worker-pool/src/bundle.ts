import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
// The SDK-free module of the runtime package: requiring it loads no AWS SDK or Powertools.
import { BUILD_COMMAND, HANDLERS, MANAGER_BUNDLE } from "@acs/worker-pool-runtime/lambda";

export { HANDLERS, MANAGER_BUNDLE };

/**
 * The runtime's bundle as a Lambda archive. Pulumi identifies an asset by the hash of its
 * contents, not by its path (https://github.com/pulumi/pulumi/pull/548), so reading the same
 * bundle from the runtime package's dist/ changes no function.
 * Throws, saying how to build it, when it is missing.
 */
export function managerCode(bundle: string = MANAGER_BUNDLE): pulumi.asset.Archive {
  if (!fs.existsSync(bundle)) {
    throw new Error(
      `worker-pool: the manager bundle ${bundle} does not exist; build the runtime first (${BUILD_COMMAND}) or pass \`code\``,
    );
  }
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.FileAsset(bundle) });
}
