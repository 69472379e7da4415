import type { Recording } from "@acs/testkit";
import { displayType } from "./render";

/** The plan as a Mermaid flowchart: components as subgraphs, resources as nodes. */
export function toMermaid(recording: Recording): string {
  const ids = new Map<string, string>();
  recording.resources.forEach((r, i) => ids.set(r.urn, `r${i}`));
  const esc = (s: string) => s.replace(/"/g, "'");
  const parents = new Set(recording.resources.map((r) => r.parent).filter(Boolean));
  const lines = ["flowchart LR"];
  const walk = (parent: string | undefined, indent: string) => {
    for (const r of recording.resources.filter((x) => x.parent === parent)) {
      const id = ids.get(r.urn)!;
      if (parents.has(r.urn)) {
        lines.push(`${indent}subgraph ${id}["${esc(displayType(r.type))}<br/>${esc(r.name)}"]`);
        walk(r.urn, indent + "  ");
        lines.push(`${indent}end`);
      } else {
        lines.push(`${indent}${id}["${esc(displayType(r.type))}<br/>${esc(r.name)}"]`);
      }
    }
  };
  walk(undefined, "  ");
  for (const r of recording.resources) {
    for (const dep of r.options.dependsOn) {
      if (ids.has(dep)) lines.push(`  ${ids.get(r.urn)} -.-> ${ids.get(dep)}`);
    }
  }
  return lines.join("\n") + "\n";
}
