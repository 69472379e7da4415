/**
 * GIVEN a published component's args (read from its source: properties and JSDoc `@default`)
 * THEN its package README documents each one in a table row that names it in backticks, and a
 * row naming it shows its default when the default is a plain value (a number, a boolean, a
 * string, `[]` or `{}`). Descriptive defaults (`@default - an auto-name`) are the README's to word.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { componentArgs, type ArgField } from "./args-docs";
import { publishedPackages, ROOT } from "./workspace";

/**
 * Components documented by the API reference rather than a README table: the building blocks
 * HotPool composes (the README's table lists them and their files; HotPoolArgs is the table).
 */
const API_REFERENCE_ONLY = new Set(["PoolTables", "Manager", "Triggers", "PoolAlarms", "Worker"]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Table rows of a README that name `field` inside backticks (`x`, `a.x`, `x.b`, `{ x, … }`). */
export function rowsNaming(readme: string, field: string): string[] {
  const named = new RegExp("`[^`\\n]*(?<![\\w-])" + escape(field) + "(?![\\w-])[^`\\n]*`");
  return readme.split("\n").filter((line) => line.trimStart().startsWith("|") && named.test(line));
}

/** The plain value of a `@default` (`3`, `true`, `"OnePerAz"`, `[]`, `{}`), else undefined. */
export function plainDefault(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const first = text.split(/\s+\(|\s+-\s/)[0]!.trim();
  if (/^-?\d+(\.\d+)?$/.test(first) || /^(true|false)$/.test(first)) return first;
  if (/^"[^"]*"$/.test(first)) return first.slice(1, -1);
  if (first === "[]" || first === "{}") return first;
  return undefined;
}

/** Whether a row shows `value` (as a word, or quoted/back-ticked for strings). */
export function rowShows(row: string, value: string): boolean {
  return new RegExp(`(?<![\\w.-])${escape(value)}(?![\\w-])`).test(row);
}

describe("README args tables agree with the code", function () {
  this.timeout(180_000);
  for (const { dir, manifest } of publishedPackages()) {
    const readmePath = path.join(dir, "README.md");
    const fields: ArgField[] = [];
    before(() => {
      fields.push(...componentArgs(dir).filter((f) => !API_REFERENCE_ONLY.has(f.component)));
    });
    it(`${manifest.name}: every component arg has a README row, with its default`, () => {
      const readme = fs.readFileSync(readmePath, "utf8");
      const problems: string[] = [];
      for (const f of fields) {
        const rows = rowsNaming(readme, f.name);
        if (rows.length === 0) {
          problems.push(`${f.component} (${f.argsType}).${f.name}: no README table row names \`${f.name}\``);
          continue;
        }
        const value = plainDefault(f.defaultText);
        if (value !== undefined && !rows.some((r) => rowShows(r, value))) {
          problems.push(
            `${f.component}.${f.name}: @default ${f.defaultText}, but no row naming it shows ${value}`,
          );
        }
      }
      const where = path.relative(ROOT, readmePath);
      assert.deepEqual(problems, [], `${where}:\n  ${problems.join("\n  ")}`);
    });
  }
});

describe("README args matching", () => {
  it("finds a field named alone, dotted or inside an object in backticks, never as part of a longer name", () => {
    const readme = [
      "| `azCount` | `2` \\| `3` | `3` |",
      "| `flowLogs.enabled` | boolean | `true` |",
      "| | `accessLogs` `{ enabled, retentionDays }` | `{ true, 90 }` |",
      "| `desiredCountMax` | n | 1 |",
      "not a row: `name`",
    ].join("\n");
    assert.equal(rowsNaming(readme, "azCount").length, 1);
    assert.equal(rowsNaming(readme, "flowLogs").length, 1);
    assert.equal(rowsNaming(readme, "retentionDays").length, 1);
    assert.equal(rowsNaming(readme, "desiredCount").length, 0);
    assert.equal(rowsNaming(readme, "name").length, 0);
  });

  it("compares plain defaults only, and as whole values", () => {
    assert.equal(plainDefault("3"), "3");
    assert.equal(plainDefault('"OnePerAz"'), "OnePerAz");
    assert.equal(plainDefault("172800 (what Route 53 gives)"), "172800");
    assert.equal(plainDefault("[] - the task role grants nothing"), "[]");
    assert.equal(plainDefault("- an auto-name"), undefined);
    assert.equal(plainDefault("the component name"), undefined);
    assert.ok(rowShows("| `nsTtl` | `172800` |", "172800"));
    assert.ok(!rowShows("| `retries` | 30 |", "3"));
  });
});
