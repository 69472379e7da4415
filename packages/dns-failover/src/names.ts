/** DNS name helpers shared by the components. Pure. */

const LABEL = /^(\*|[a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?)$/;

/** Lower-cases a DNS name and drops the trailing root dot (`App.COM.` → `app.com`). */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}

/** True for a syntactically valid host name (labels of 1–63 letters, digits, `-`, `_`; `*` only first). */
export function isHostname(name: string): boolean {
  const n = normalizeName(name);
  if (n.length === 0 || n.length > 253) return false;
  const labels = n.split(".");
  return labels.length >= 2 && labels.every((l, i) => LABEL.test(l) && (l !== "*" || i === 0));
}

/** True when `name` is `zone` itself or any name below it. */
export function isWithinZone(name: string, zone: string): boolean {
  const n = normalizeName(name);
  const z = normalizeName(zone);
  return n === z || n.endsWith(`.${z}`);
}

/** True when `name` is strictly below `zone` (a subdomain, not the apex). */
export function isBelowZone(name: string, zone: string): boolean {
  return normalizeName(name) !== normalizeName(zone) && isWithinZone(name, zone);
}

/**
 * The zone that holds `name`: the longest of `zones` that `name` is within (so a name under
 * acs.app.com lands in acs.app.com, not in its parent app.com). Undefined when none fits.
 */
export function zoneFor(name: string, zones: readonly string[]): string | undefined {
  return zones
    .filter((z) => isWithinZone(name.replace(/^\*\./, ""), z))
    .sort((a, b) => normalizeName(b).length - normalizeName(a).length)[0];
}

/** A DNS name as a Pulumi child-name fragment: `dev.acs.app.com` → `dev-acs-app-com`. */
export function nameSlug(name: string): string {
  return normalizeName(name)
    .replace(/^\*\./, "wildcard-")
    .replace(/[^a-z0-9-]/g, "-");
}

/**
 * Throws unless `name` is a DNS name inside `zoneName`, with a message naming the component,
 * the argument, the value and the fix (`example` is a valid name for that component).
 */
export function checkRecordName(component: string, name: string, zoneName: string, example: string): void {
  if (!isHostname(name)) {
    throw new Error(
      `${component}: \`name\` is ${JSON.stringify(name)}, which is not a DNS name; use e.g. ${example}`,
    );
  }
  if (!isWithinZone(name, zoneName)) {
    throw new Error(
      `${component}: \`name\` is "${name}", which is outside the zone \`zoneName\` "${zoneName}"; use a name ending in .${normalizeName(zoneName)}`,
    );
  }
}
