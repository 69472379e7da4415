import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";

/**
 * The organization of an offline run when none is given: a stand-in for the Pulumi Cloud
 * organization the workflows use (`vars.PULUMI_ORG`). It is deliberately not "organization",
 * the fixed name of self-managed (DIY) backends, so a program that hard-codes that name fails
 * offline as it would on Pulumi Cloud. Override it per run (`RunOptions.organization`,
 * `pnpm plan --org`, or `PULUMI_ORG`).
 */
export const DEFAULT_ORGANIZATION = "acs-platform";

/**
 * Throws unless `organization` can be a Pulumi organization name (letters, digits, `-`, `_`,
 * `.`): a slash or an empty name would silently change how every stack name is read.
 */
export function validateOrganization(organization: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(organization)) {
    throw new Error(
      `testkit: organization is ${JSON.stringify(organization)}: use the Pulumi organization's name (letters, digits, -, _ and .), e.g. acme (pnpm plan --org acme)`,
    );
  }
}

/** The organization and project of the stack that holds the reference. */
export interface StackScope {
  readonly organization: string;
  readonly project: string;
}

/**
 * A StackReference name as the backend reads it: `<stack>` is a stack of the same organization
 * and project, `<org>/<stack>` one of the same project, `<org>/<project>/<stack>` is fully
 * qualified. Self-managed backends accept only "organization" as the org; Pulumi Cloud any org
 * the caller can read.
 * https://www.pulumi.com/docs/iac/concepts/stacks/#stackreferences
 * https://www.pulumi.com/docs/reference/pkg/nodejs/pulumi/pulumi/functions/automation.fullyQualifiedStackName.html
 */
export function qualifyStackName(name: string, scope: StackScope): string {
  const parts = name.split("/");
  if (parts.some((p) => p === "") || parts.length > 3) {
    throw new Error(
      `testkit: StackReference "${name}" is not a stack name; use <stack>, <org>/<stack> or <org>/<project>/<stack>`,
    );
  }
  if (parts.length === 3) return name;
  if (parts.length === 2) return `${parts[0]}/${scope.project}/${parts[1]}`;
  return `${scope.organization}/${scope.project}/${name}`;
}

/** A stack of the repository: `stacks/<dir>` with `Pulumi.yaml` (project) and `Pulumi.<stack>.yaml`. */
export interface RepositoryStack {
  /** `<org>/<project>/<stack>` in the run's organization. */
  readonly qualifiedName: string;
  readonly stack: string;
  readonly dir: string;
}

/**
 * Every stack of the repository at `root` (`stacks/*`), named as the backend of the run's
 * `organization` names them: what an offline plan may reference.
 */
export function repositoryStacks(root: string, organization: string): RepositoryStack[] {
  const stacksDir = path.join(root, "stacks");
  if (!fs.existsSync(stacksDir)) return [];
  const found: RepositoryStack[] = [];
  for (const entry of fs.readdirSync(stacksDir).sort()) {
    const dir = path.join(stacksDir, entry);
    const projectFile = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(projectFile)) continue;
    const project = String(YAML.parse(fs.readFileSync(projectFile, "utf8"))?.name ?? "");
    for (const file of fs.readdirSync(dir).sort()) {
      const m = /^Pulumi\.(.+)\.yaml$/.exec(file);
      if (m) found.push({ qualifiedName: `${organization}/${project}/${m[1]}`, stack: m[1]!, dir });
    }
  }
  return found;
}

/** The error for a reference to a stack the backend does not have, listing the ones it has. */
export function unknownStackError(name: string, qualified: string, known: readonly string[]): Error {
  const shown = name === qualified ? `"${name}"` : `"${name}" (${qualified})`;
  return new Error(
    `testkit: StackReference ${shown} names a stack that does not exist in this backend; ` +
      `its stacks are ${known.join(", ") || "none"}: use one of them (or run with the organization that owns it, e.g. pnpm plan --org <org>)`,
  );
}
