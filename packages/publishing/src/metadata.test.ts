/**
 * What a consumer of the registry relies on in each published package.json. The pack-and-install
 * test proves the result works once; these say why, one rule at a time, with the file to fix.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { catalogs, publishedPackages, readJson, ROOT, workspacePackages } from "./workspace";

const PULUMI_SDKS = ["@pulumi/pulumi", "@pulumi/aws"];
const rel = (dir: string) => path.relative(ROOT, dir);

/** Whether `version` satisfies a caret range `^X.Y.Z` (the only form the peers catalog uses). */
function satisfiesCaret(version: string, range: string): boolean {
  const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  const v = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m || !v) return false;
  const [, rMaj, rMin, rPat] = m.map(Number);
  const [, vMaj, vMin, vPat] = v.map(Number);
  if (vMaj !== rMaj) return false;
  if (rMaj === 0 && vMin !== rMin) return false;
  return vMin! > rMin! || (vMin === rMin && vPat! >= rPat!);
}

describe("publishing metadata", () => {
  const published = publishedPackages();
  const root = readJson(path.join(ROOT, "package.json"));

  it("publishes the component packages and their runtime, and nothing else", () => {
    // platform is this project's own composition, plan and testkit are its offline engine, the
    // stacks and the app are deployments: other teams build on the platform's outputs instead.
    assert.deepEqual(published.map((p) => rel(p.dir)).sort(), [
      "packages/components-provider",
      "packages/dns-failover",
      "packages/ecs-platform",
      "packages/iam-policy",
      "packages/network",
      "packages/platform-contract",
      "packages/policies",
      "packages/worker-pool",
      "packages/worker-pool-runtime",
    ]);
  });

  it("the peers catalog admits the versions the workspace tests with", () => {
    const { catalog, catalogs: named } = catalogs();
    for (const sdk of PULUMI_SDKS) {
      const range = named.peers?.[sdk];
      assert.ok(range, `pnpm-workspace.yaml: catalogs.peers has no ${sdk}; add its supported range`);
      assert.ok(
        satisfiesCaret(catalog[sdk]!, range),
        `pnpm-workspace.yaml: catalogs.peers.${sdk} is ${range}, which excludes the tested ${catalog[sdk]}`,
      );
    }
  });

  for (const { dir, manifest } of published) {
    const file = `${rel(dir)}/package.json`;
    describe(manifest.name, () => {
      it("has a released semver version, a license, its repository directory and the workspace's engines", () => {
        assert.match(manifest.version, /^\d+\.\d+\.\d+$/, `${file}: version ${manifest.version}`);
        assert.notEqual(
          manifest.version,
          "0.0.0",
          `${file}: version 0.0.0 was never released; add a changeset`,
        );
        assert.ok(manifest.license, `${file}: no license`);
        assert.equal(manifest.repository?.directory, rel(dir), `${file}: repository.directory`);
        assert.deepEqual(
          manifest.engines,
          root.engines,
          `${file}: engines differ from the root package.json's`,
        );
      });

      it("publishes to GitHub Packages with restricted access", () => {
        assert.deepEqual(
          manifest.publishConfig?.registry,
          "https://npm.pkg.github.com",
          `${file}: publishConfig.registry`,
        );
        assert.equal(manifest.publishConfig?.access, "restricted", `${file}: publishConfig.access`);
      });

      it("exports types and code for every entry point, and the files it names exist after the build", () => {
        const exported = { ...manifest.exports, ...(manifest.publishConfig?.exports ?? {}) };
        for (const [entry, target] of Object.entries<any>(
          manifest.publishConfig?.exports ?? manifest.exports,
        )) {
          if (entry === "./package.json") continue;
          assert.ok(target.types && target.default, `${file}: exports["${entry}"] needs types and default`);
          for (const f of [target.types, target.default]) {
            assert.ok(
              fs.existsSync(path.join(dir, f)),
              `${file}: exports["${entry}"] names ${f}, which the build does not write`,
            );
            assert.ok(
              f.startsWith("./dist/"),
              `${file}: exports["${entry}"] names ${f}, outside dist (not published)`,
            );
          }
        }
        assert.ok(exported["."], `${file}: no "." export`);
        assert.ok(manifest.files?.includes("dist"), `${file}: files must include dist`);
      });

      it("takes @pulumi/pulumi and @pulumi/aws as peers (one copy in a consumer's tree), never as dependencies", () => {
        for (const sdk of PULUMI_SDKS) {
          assert.equal(
            manifest.dependencies?.[sdk],
            undefined,
            `${file}: ${sdk} in dependencies; move it to peerDependencies`,
          );
          const peer = manifest.peerDependencies?.[sdk];
          if (peer !== undefined)
            assert.equal(
              peer,
              "catalog:peers",
              `${file}: peerDependencies.${sdk} is ${peer}; use catalog:peers`,
            );
        }
      });

      it("depends on other @acs packages only when they are published, by a workspace:^ range", () => {
        const names = new Set(published.map((p) => p.manifest.name));
        for (const field of ["dependencies", "peerDependencies"]) {
          for (const [dep, spec] of Object.entries<string>(manifest[field] ?? {})) {
            if (!dep.startsWith("@acs/")) continue;
            assert.ok(names.has(dep), `${file}: ${field}.${dep} is private: a consumer cannot install it`);
            assert.equal(spec, "workspace:^", `${file}: ${field}.${dep} is ${spec}; use workspace:^`);
          }
        }
      });
    });
  }

  it("keeps every other workspace package private", () => {
    const names = new Set(published.map((p) => p.manifest.name));
    for (const { dir, manifest } of workspacePackages()) {
      if (!names.has(manifest.name))
        assert.equal(manifest.private, true, `${rel(dir)}/package.json: not private`);
    }
  });
});
