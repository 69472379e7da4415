/**
 * The workspace as the publishing checks see it: which packages are published (every package
 * under packages/ whose package.json is not `private`), and the versions the catalog pins.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";

export const ROOT = path.resolve(__dirname, "../../..");

export interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly [field: string]: any;
}

export interface WorkspacePackage {
  readonly dir: string;
  readonly manifest: PackageJson;
}

export function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** Every package under packages/ (published or not). */
export function workspacePackages(): WorkspacePackage[] {
  const base = path.join(ROOT, "packages");
  return fs
    .readdirSync(base)
    .map((name) => path.join(base, name))
    .filter((dir) => fs.existsSync(path.join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: readJson(path.join(dir, "package.json")) as PackageJson }));
}

/** The packages published to the registry: the ones that are not `private`. */
export function publishedPackages(): WorkspacePackage[] {
  return workspacePackages().filter((p) => p.manifest.private !== true);
}

/** pnpm-workspace.yaml's default catalog and its named catalogs. */
export function catalogs(): {
  catalog: Record<string, string>;
  catalogs: Record<string, Record<string, string>>;
} {
  const doc = YAML.parse(fs.readFileSync(path.join(ROOT, "pnpm-workspace.yaml"), "utf8"));
  return { catalog: doc.catalog ?? {}, catalogs: doc.catalogs ?? {} };
}
