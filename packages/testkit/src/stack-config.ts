import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";

/** A stack's project settings and config as Pulumi would load them, with secure values redacted. */
export interface StackSettings {
  readonly dir: string;
  readonly project: string;
  readonly stack: string;
  /** The program's entry file (Pulumi.yaml `main`, default `index.ts`/`index.js`). */
  readonly main: string;
  readonly configFile: string;
  /** `namespace:key` → string (structured values as JSON), as the language host passes them. */
  readonly config: Record<string, string>;
  /** Keys whose values are `secure:` ciphertext; the plan never decrypts them. */
  readonly secretKeys: string[];
}

/** Placeholder for secure config values: the plan never decrypts them. */
export const REDACTED = "[secret]";

export class StackConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackConfigError";
  }
}

function readYaml(file: string): any {
  try {
    return YAML.parse(fs.readFileSync(file, "utf8")) ?? {};
  } catch (err) {
    throw new StackConfigError(
      `${path.basename(file)}: not valid YAML: ${(err as Error).message.split("\n")[0]}`,
    );
  }
}

/** Loads `Pulumi.yaml` and `Pulumi.<stack>.yaml` from `dir`. */
export function loadStackSettings(dir: string, stack: string): StackSettings {
  const projectFile = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(projectFile)) throw new StackConfigError(`no Pulumi.yaml in ${dir}`);
  const projectDoc = readYaml(projectFile);
  const project = String(projectDoc.name ?? "");
  if (!project) throw new StackConfigError(`${projectFile}: missing "name"`);
  const configFile = path.join(dir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(configFile))
    throw new StackConfigError(`no Pulumi.${stack}.yaml in ${dir}: stack "${stack}" has no config`);
  const stackDoc = readYaml(configFile);

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const put = (rawKey: string, value: unknown) => {
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    if (value && typeof value === "object" && !Array.isArray(value) && "secure" in (value as object)) {
      config[key] = REDACTED;
      secretKeys.push(key);
    } else {
      config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  };
  // Project-level defaults (`config: { key: { default: … } }`), then the stack's values.
  for (const [k, v] of Object.entries(projectDoc.config ?? {})) {
    if (v && typeof v === "object" && "default" in (v as object)) put(k, (v as any).default);
  }
  for (const [k, v] of Object.entries(stackDoc.config ?? {})) put(k, v);

  const main = projectDoc.main
    ? path.resolve(dir, projectDoc.main)
    : (["index.ts", "index.js"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f)) ??
      path.join(dir, "index.ts"));
  return { dir, project, stack, main, configFile, config, secretKeys };
}
