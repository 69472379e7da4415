import { UNKNOWN, UNKNOWN_DISPLAY } from "./preview/values";
import type { RecordedResource, Recording } from "@acs/testkit";

/** `aws:ec2/vpc:Vpc` → `aws:ec2:Vpc`, as `pulumi preview` displays types. */
export function displayType(type: string): string {
  const m = /^([^:]+):([^/:]+)\/[^:]+:(.+)$/.exec(type);
  return m ? `${m[1]}:${m[2]}:${m[3]}` : type;
}

/** The plan as `pulumi preview` prints it: one line per resource, nested under parents. */
export function renderTree(recording: Recording): string {
  const rows: { prefix: string; type: string; name: string; op: string; protect: boolean }[] = [];
  const byParent = new Map<string | undefined, RecordedResource[]>();
  const urns = new Set(recording.resources.map((r) => r.urn));
  for (const r of recording.resources) {
    const parent = r.parent && urns.has(r.parent) ? r.parent : undefined;
    const siblings = byParent.get(parent);
    if (siblings) siblings.push(r);
    else byParent.set(parent, [r]);
  }
  const walk = (parent: string | undefined, indent: string) => {
    const children = byParent.get(parent) ?? [];
    children.forEach((r, i) => {
      const last = i === children.length - 1;
      const branch = parent === undefined ? "" : last ? "└─ " : "├─ ";
      rows.push({
        prefix: indent + branch,
        type: displayType(r.type),
        name: r.name,
        op: r.read ? "read" : "create",
        protect: r.options.protect,
      });
      walk(r.urn, parent === undefined ? "" : indent + (last ? "   " : "│  "));
    });
  };
  walk(undefined, "");
  const typeWidth = Math.max(4, ...rows.map((r) => r.prefix.length + r.type.length)) + 2;
  const nameWidth = Math.max(4, ...rows.map((r) => r.name.length)) + 2;
  const lines = [`     ${"Type".padEnd(typeWidth)}${"Name".padEnd(nameWidth)}Plan`];
  for (const r of rows) {
    const sign = r.op === "read" ? ">-" : "+ ";
    lines.push(
      ` ${sign}  ${(r.prefix + r.type).padEnd(typeWidth)}${r.name.padEnd(nameWidth)}${r.op}${r.protect ? " (protected)" : ""}`,
    );
  }
  return lines.join("\n");
}

function formatValue(v: unknown, indent: string): string {
  // Values a preview cannot know yet print as `pulumi preview` prints them.
  if (v === null || typeof v !== "object") return v === UNKNOWN ? UNKNOWN_DISPLAY : JSON.stringify(v);
  const json = JSON.stringify(v, null, 4).replaceAll(`"${UNKNOWN}"`, UNKNOWN_DISPLAY);
  return json.split("\n").join(`\n${indent}`);
}

/** The `Outputs:` block of `pulumi preview`. */
export function renderOutputs(outputs: Record<string, unknown>): string {
  const keys = Object.keys(outputs).sort();
  if (keys.length === 0) return "";
  const width = Math.max(...keys.map((k) => k.length));
  return [
    "Outputs:",
    ...keys.map((k) => `    ${(k + ":").padEnd(width + 1)} ${formatValue(outputs[k], "    ")}`),
  ].join("\n");
}

/** The `Resources:` block: counts per operation. */
export function renderSummary(recording: Recording): string {
  const create = recording.resources.filter((r) => !r.read).length;
  const read = recording.resources.length - create;
  const lines = ["Resources:", `    + ${create} to create`];
  if (read) lines.push(`    > ${read} to read`);
  return lines.join("\n");
}
