#!/usr/bin/env node
/**
 * `node packages/policies/dist/workflows/cli.js [workflows dir] [--root <repo root>]`: runs every
 * workflow check (`check.ts`), prints one line per problem and exits 1 when there is one.
 * `.ci/run` calls it on `.github/workflows`.
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkWorkflows } from "./check";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { root: { type: "string" } },
  });
  const root = path.resolve(values.root ?? process.cwd());
  const dir = path.resolve(positionals[0] ?? path.join(root, ".github", "workflows"));
  const { files, problems } = await checkWorkflows(dir, root);
  for (const p of problems) console.log(`${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`);
  console.log(
    `workflows: ${files.length} files checked, ${problems.length} problem${problems.length === 1 ? "" : "s"}`,
  );
  return problems.length > 0 || files.length === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`error: ${String(err?.message ?? err)}`);
    process.exit(1);
  },
);
