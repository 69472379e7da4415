#!/usr/bin/env node
// The `acs-plan` command. This launcher is committed (not built) so that `pnpm install` can
// link the bin before the first build; it runs the compiled CLI, or says how to build it.
const fs = require("node:fs");
const path = require("node:path");

const cli = path.join(__dirname, "..", "dist", "cli.js");
if (!fs.existsSync(cli)) {
  console.error(
    "error: @acs/plan is not built yet; run `pnpm plan <stack>` at the repository root (it builds first) or `pnpm build`",
  );
  process.exit(1);
}
require(cli);
