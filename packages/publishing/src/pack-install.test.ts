/**
 * GIVEN every published package packed as the registry would receive it (`pnpm pack` resolves
 * `catalog:` and `workspace:` specifiers)
 * WHEN another team installs the tarballs with npm into a scratch project outside the workspace
 * THEN its program type-checks against them, runs on Pulumi mocks, registers the components'
 * resources, and the tree holds one copy of @pulumi/pulumi and @pulumi/aws.
 *
 * The first run downloads the dependencies into npm's cache; later runs install from it
 * (`--prefer-offline`). Sizes and times are printed, never asserted.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { catalogs, publishedPackages } from "./workspace";

const CONSUMER = path.resolve(__dirname, "../consumer");

/** The package Pulumi runs as a plugin from its source (the analyzer reads `src/*.ts`). */
const SHIPS_SOURCE = "@acs/components-provider";

interface Packed {
  readonly name: string;
  readonly tarball: string;
  readonly bytes: number;
  readonly files: string[];
}

interface RunResult {
  readonly resources: { type: string; name: string; custom: boolean }[];
  readonly outputs: Record<string, any>;
  readonly violations: { rule: string; enforcement: string; urn: string; message: string }[];
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** Sizes of every file under `dir` (a node_modules tree), in bytes. */
function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(p);
    else if (entry.isFile()) total += fs.statSync(p).size;
  }
  return total;
}

/** Every installed copy of `name` in a node_modules tree (nested copies included). */
function copiesOf(nodeModules: string, name: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    if (fs.existsSync(path.join(dir, name, "package.json"))) found.push(path.join(dir, name));
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const scoped = entry.name.startsWith("@")
        ? fs.readdirSync(path.join(dir, entry.name)).map((n) => path.join(dir, entry.name, n))
        : [path.join(dir, entry.name)];
      for (const pkg of scoped) {
        const nested = path.join(pkg, "node_modules");
        if (fs.existsSync(nested)) visit(nested);
      }
    }
  };
  visit(nodeModules);
  return found;
}

describe("the published packages, installed with npm by another team", function () {
  // A cold npm cache downloads the Pulumi SDKs (about a minute on a fast link).
  this.timeout(15 * 60_000);

  let scratch: string;
  let packed: Packed[];
  let result: RunResult;

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "acs-consumer-"));
    const tarballs = path.join(scratch, "tarballs");
    fs.mkdirSync(tarballs);

    let started = Date.now();
    packed = publishedPackages().map(({ dir, manifest }) => {
      execFileSync("pnpm", ["pack", "--pack-destination", tarballs], { cwd: dir, stdio: "pipe" });
      const tarball = path.join(
        tarballs,
        `${manifest.name.replace(/^@/, "").replace("/", "-")}-${manifest.version}.tgz`,
      );
      const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
        .split("\n")
        .filter(Boolean)
        .map((f) => f.replace(/^package\//, ""));
      return { name: manifest.name, tarball, bytes: fs.statSync(tarball).size, files };
    });
    const packMs = Date.now() - started;

    const { catalog } = catalogs();
    const project = path.join(scratch, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify(
        {
          name: "team-program",
          private: true,
          dependencies: {
            ...Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`])),
            // The versions the workspace tests with, inside the packages' peer ranges.
            "@pulumi/pulumi": catalog["@pulumi/pulumi"],
            "@pulumi/aws": catalog["@pulumi/aws"],
          },
          devDependencies: { typescript: catalog.typescript, "@types/node": catalog["@types/node"] },
        },
        null,
        2,
      ),
    );
    for (const file of ["main.ts", "program.ts", "tsconfig.json"]) {
      fs.copyFileSync(path.join(CONSUMER, file), path.join(project, file));
    }

    started = Date.now();
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: project,
      stdio: "pipe",
    });
    const installMs = Date.now() - started;

    started = Date.now();
    execFileSync(path.join(project, "node_modules/.bin/tsc"), ["-p", "."], { cwd: project, stdio: "pipe" });
    const tscMs = Date.now() - started;

    started = Date.now();
    const out = execFileSync(process.execPath, ["dist/main.js"], {
      cwd: project,
      encoding: "utf8",
      stdio: "pipe",
    });
    const runMs = Date.now() - started;
    result = JSON.parse(out) as RunResult;

    console.log(`\n    scratch project: ${project}`);
    for (const p of packed)
      console.log(`    ${p.name.padEnd(26)} ${kB(p.bytes).padStart(10)}  ${p.files.length} files`);
    const total = packed.reduce((s, p) => s + p.bytes, 0);
    console.log(`    ${"tarballs".padEnd(26)} ${kB(total).padStart(10)}  packed in ${packMs} ms`);
    const nm = path.join(project, "node_modules");
    console.log(
      `    npm install ${installMs} ms (node_modules ${(treeBytes(nm) / 1024 / 1024).toFixed(0)} MB), ` +
        `tsc ${tscMs} ms, program on mocks ${runMs} ms, ${result.resources.length} resources`,
    );
  });

  after(() => {
    if (scratch && !process.env.KEEP_SCRATCH) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("packs exactly the component packages, with their build output and without tests or source maps", () => {
    assert.deepEqual(packed.map((p) => p.name).sort(), [
      "@acs/components-provider",
      "@acs/dns-failover",
      "@acs/ecs-platform",
      "@acs/iam-policy",
      "@acs/network",
      "@acs/platform-contract",
      "@acs/policies",
      "@acs/worker-pool",
      "@acs/worker-pool-runtime",
    ]);
    for (const p of packed) {
      assert.ok(
        p.files.includes("dist/index.js") && p.files.includes("dist/index.d.ts"),
        `${p.name}: no dist/index`,
      );
      // The component provider ships its TypeScript source: Pulumi's schema analyzer reads it.
      const source = p.name === SHIPS_SOURCE ? /^$/ : /^src\//;
      const stray = p.files.filter((f) => /\.test\.|\.map$|(^|\/)test\//.test(f) || source.test(f));
      assert.deepEqual(stray, [], `${p.name} ships ${stray.join(", ")}`);
    }
  });

  it("ships the manager's Lambda bundle in @acs/worker-pool-runtime (the worker-pool component deploys it)", () => {
    const runtime = packed.find((p) => p.name === "@acs/worker-pool-runtime")!;
    assert.ok(runtime.files.includes("dist/lambda/manager/index.js"), runtime.files.join("\n"));
  });

  it("rewrites every catalog: and workspace: specifier into a version range", () => {
    for (const p of packed) {
      const manifest = JSON.parse(
        execFileSync("tar", ["-xzOf", p.tarball, "package/package.json"], { encoding: "utf8" }),
      );
      for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
        for (const [dep, spec] of Object.entries<string>(manifest[field] ?? {})) {
          assert.doesNotMatch(spec, /^(catalog|workspace):/, `${p.name} ${field}.${dep} is ${spec}`);
        }
      }
    }
  });

  it("ships the component provider as Pulumi runs it: PulumiPlugin.yaml, the host, its source and tsconfig.json", () => {
    const provider = packed.find((p) => p.name === SHIPS_SOURCE)!;
    for (const f of [
      "PulumiPlugin.yaml",
      "dist/host.js",
      "src/index.ts",
      "src/network.ts",
      "src/service.ts",
      "tsconfig.json",
    ])
      assert.ok(provider.files.includes(f), `${SHIPS_SOURCE} does not ship ${f}`);
  });

  it("generates the component provider's schema from the installed package, every arg described", () => {
    // What `pulumi package add` asks the plugin for, outside the workspace (no tsconfig.base.json
    // above it, dependencies from the registry's tarballs).
    const started = Date.now();
    const out = execFileSync(
      process.execPath,
      [
        "-e",
        'new (require("@acs/components-provider").AcsComponentProvider)().getSchema().then((s) => process.stdout.write(s))',
      ],
      { cwd: path.join(scratch, "project"), encoding: "utf8", stdio: "pipe" },
    );
    const schema = JSON.parse(out);
    console.log(`    schema of package acs from the installed tarball in ${Date.now() - started} ms`);
    assert.deepEqual(Object.keys(schema.resources).sort(), ["acs:index:Network", "acs:index:Service"]);
    for (const [token, r] of Object.entries<any>(schema.resources))
      for (const [key, p] of Object.entries<any>(r.inputProperties))
        assert.ok(p.description, `${token}.${key} has no description`);
    assert.match(schema.resources["acs:index:Network"].inputProperties.cidr.description, /IPv4 CIDR/);
  });

  for (const pkg of ["@pulumi/pulumi", "@pulumi/aws"]) {
    it(`installs one copy of ${pkg} in the team's tree (two copies break resource identity)`, () => {
      const copies = copiesOf(path.join(scratch, "project", "node_modules"), pkg);
      assert.equal(copies.length, 1, copies.join("\n"));
    });
  }

  it("registers the components and their AWS resources when the program runs on mocks", () => {
    const types = new Set(result.resources.map((r) => r.type));
    for (const type of [
      "acs:network:Network",
      "aws:ec2/vpc:Vpc",
      "aws:ec2/natGateway:NatGateway",
      "acs:dns-failover:DelegatedZone",
      "aws:route53/zone:Zone",
      "acs:ecs-platform:Cluster",
      "acs:ecs-platform:LoadBalancer",
      "aws:lb/loadBalancer:LoadBalancer",
      "acs:ecs-platform:Service",
      "aws:ecs/service:Service",
      "aws:lb/listenerRule:ListenerRule",
      "acs:worker-pool:HotPool",
      "aws:dynamodb/table:Table",
      "aws:lambda/function:Function",
    ]) {
      assert.ok(types.has(type), `no ${type} among ${[...types].sort().join(", ")}`);
    }
    assert.equal(
      result.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet").length,
      6,
      "2 AZs × 3 tiers",
    );
  });

  it("reads the platform's outputs through @acs/platform-contract's typed StackReference reader", () => {
    assert.equal(result.outputs.platformVpcId, "vpc-0platform");
    assert.match(result.outputs.platformContract, /^\d+\.\d+\.\d+$/);
  });

  it("passes the organisation's mandatory policies (@acs/policies) over what it registered", () => {
    const mandatory = result.violations.filter((v) => v.enforcement === "mandatory");
    assert.deepEqual(mandatory, []);
  });
});
