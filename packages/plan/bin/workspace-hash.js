// Content hashes of a workspace package and of every workspace package it depends on, read
// without a build (committed, not built, like the launcher): `scripts/plan.mjs` uses them to
// skip turbo when nothing changed since the last build, and the CLI to reuse a referenced
// stack's outputs while nothing they depend on changed.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** Folders that are neither a package's inputs nor its build output. */
const SKIPPED = new Set(["node_modules", ".git", ".turbo", ".tmp", ".plan", "coverage"]);
/** Folders that hold a package's build output (turbo.json: build `outputs`). */
const BUILT = new Set(["dist"]);

/** Workspace package name → directory, from pnpm-workspace.yaml's `packages:` globs (`dir/*` or `dir`). */
function workspacePackages(root) {
  const file = path.join(root, "pnpm-workspace.yaml");
  const yaml = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const block = /^packages:\s*\n((?:[ \t]+-.*\n?)+)/m.exec(yaml);
  const globs = block ? [...block[1].matchAll(/-\s*["']?([^"'\s#]+)/g)].map((m) => m[1]) : [];
  const found = new Map();
  for (const glob of globs) {
    const dirs = glob.endsWith("/*")
      ? fs.existsSync(path.join(root, glob.slice(0, -2)))
        ? fs.readdirSync(path.join(root, glob.slice(0, -2))).map((d) => path.join(root, glob.slice(0, -2), d))
        : []
      : [path.join(root, glob)];
    for (const dir of dirs) {
      const manifest = path.join(dir, "package.json");
      if (fs.existsSync(manifest)) found.set(JSON.parse(fs.readFileSync(manifest, "utf8")).name, dir);
    }
  }
  return found;
}

/**
 * `dir` and every workspace package it depends on (dependencies, devDependencies and
 * optionalDependencies with a `workspace:` range, transitively): what turbo's
 * `--filter=<dir>...` builds. Sorted, absolute.
 */
function workspaceClosure(root, dir) {
  const byName = workspacePackages(root);
  const seen = new Set();
  const visit = (d) => {
    if (seen.has(d)) return;
    seen.add(d);
    const file = path.join(d, "package.json");
    const manifest = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
    for (const field of ["dependencies", "devDependencies", "optionalDependencies"])
      for (const [name, range] of Object.entries(manifest[field] ?? {}))
        if (String(range).startsWith("workspace:") && byName.has(name)) visit(byName.get(name));
  };
  visit(path.resolve(dir));
  return [...seen].sort();
}

function filesOf(dir, rel = "") {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesOf(dir, child));
    else if (entry.isFile()) out.push(child);
  }
  return out.sort();
}

/**
 * Hashes of the files of `dir`'s workspace closure (see workspaceClosure) and of the root files
 * every build reads (manifest, lockfile, workspace and turbo settings, turbo's globalDependencies):
 * `sources` covers everything but build output, `built` the build output (`dist/`) only.
 * `whole: false` hashes only the manifest of a package without a build script (a stack's own
 * files are not built).
 */
function closureHash(root, dir, { whole = true } = {}) {
  const sources = crypto.createHash("sha256");
  const built = crypto.createHash("sha256");
  const add = (hash, name, file) => hash.update(`${name}\0`).update(fs.readFileSync(file)).update("\0");
  const turbo = path.join(root, "turbo.json");
  const global = fs.existsSync(turbo)
    ? (JSON.parse(fs.readFileSync(turbo, "utf8")).globalDependencies ?? [])
    : [];
  for (const name of ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", "turbo.json", ...global])
    if (fs.existsSync(path.join(root, name))) add(sources, name, path.join(root, name));
  for (const pkg of workspaceClosure(root, dir)) {
    const rel = path.relative(root, pkg).split(path.sep).join("/");
    const file = path.join(pkg, "package.json");
    const manifest = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
    const files =
      whole || manifest.scripts?.build ? filesOf(pkg) : fs.existsSync(file) ? ["package.json"] : [];
    for (const file of files)
      add(BUILT.has(file.split("/")[0]) ? built : sources, `${rel}/${file}`, path.join(pkg, file));
  }
  return { sources: sources.digest("hex"), built: built.digest("hex") };
}

module.exports = { closureHash, workspaceClosure };
