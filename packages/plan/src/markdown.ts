import { displayType } from "./render";
import { diffCounts, type PlanDiff, renderPropertyChange } from "./diff";
import { type CostEstimate, costChange, formatUsd, formatUsdChange, PRICE_TABLE_DATE } from "./cost";
import type { PolicyViolation } from "./policies";
import type { PreviewDigest } from "./preview-json";

export interface MarkdownInput {
  readonly stack: string;
  readonly region: string;
  readonly plan: PreviewDigest;
  readonly violations?: readonly PolicyViolation[];
  readonly cost: CostEstimate;
  /** With `--diff`: the changes and the old plan's cost. */
  readonly diff?: { readonly against: string; readonly changes: PlanDiff; readonly cost: CostEstimate };
  /** The architecture picture (Mermaid source). */
  readonly picture: string;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** A pull-request comment: counts, diff, policy findings, cost (and its change), picture. */
export function toMarkdown(m: MarkdownInput): string {
  const out: string[] = [];
  const steps = m.plan.steps ?? [];
  const summary = Object.entries(m.plan.changeSummary ?? {})
    .map(([op, n]) => `${n} to ${op}`)
    .join(", ");
  out.push(`## Offline plan: \`${m.stack}\` (${m.region})`, "", `**${summary || "no steps"}**`, "");

  const byType = new Map<string, Record<string, number>>();
  for (const s of steps) {
    const type = displayType(s.newState?.type ?? s.oldState?.type ?? "?");
    const row = byType.get(type) ?? {};
    row[s.op] = (row[s.op] ?? 0) + 1;
    byType.set(type, row);
  }
  const ops = [...new Set(steps.map((s) => s.op))];
  out.push(
    "<details><summary>Resources by type</summary>",
    "",
    `| Type | ${ops.join(" | ")} |`,
    `| --- | ${ops.map(() => "---:").join(" | ")} |`,
    ...[...byType.keys()]
      .sort()
      .map((t) => `| ${cell(t)} | ${ops.map((o) => byType.get(t)![o] ?? 0).join(" | ")} |`),
    "",
    "</details>",
    "",
  );

  if (m.diff) {
    out.push(`### Changes against \`${m.diff.against}\``, "", diffCounts(m.diff.changes), "");
    const lines: string[] = [];
    for (const c of m.diff.changes.config) lines.push(`! config ${renderPropertyChange(c)}`);
    for (const r of m.diff.changes.resources) {
      const sign = r.sign === "+" ? "+" : r.sign === "-" ? "-" : "!";
      lines.push(`${sign} ${r.sign.padEnd(2)} ${displayType(r.type)}  ${r.name}`);
      for (const p of r.properties) lines.push(`!      ${renderPropertyChange(p)}`);
    }
    if (lines.length > 0) out.push("```diff", ...lines, "```", "");
  }

  out.push("### Policy findings", "");
  if (!m.violations) out.push("The stack names no policy rules.", "");
  else if (m.violations.length === 0) out.push("None.", "");
  else
    out.push(
      "| Enforcement | Rule | Resource | Message |",
      "| --- | --- | --- | --- |",
      ...m.violations.map(
        (v) =>
          `| ${v.enforcement} | ${cell(v.rule)} | ${cell(v.urn.split("::").pop() ?? v.urn)} | ${cell(v.message)} |`,
      ),
      "",
    );

  out.push("### Estimated monthly cost", "");
  const change = m.diff ? costChange(m.diff.cost, m.cost) : [];
  out.push(
    `| Component | Monthly${m.diff ? " | Change" : ""} |`,
    `| --- | ---:${m.diff ? " | ---:" : ""} |`,
    ...[...m.cost.byComponent].map(([k, v]) => {
      const delta = change.find((c) => c.component === k)?.delta;
      return `| ${cell(k)} | ${formatUsd(v)}${m.diff ? ` | ${delta ? formatUsdChange(delta) : ""}` : ""} |`;
    }),
    `| **total** | **${formatUsd(m.cost.total)}**${m.diff ? ` | **${formatUsdChange(m.cost.total - m.diff.cost.total)}**` : ""} |`,
    "",
    `List prices of ${PRICE_TABLE_DATE} (\`packages/plan/src/prices.json\`), usage assumptions in \`cost-assumptions.json\` and the stack's \`testkit.yaml\`.`,
    "",
  );

  out.push("### Architecture", "", "```mermaid", m.picture.trimEnd(), "```", "");
  return out.join("\n");
}
