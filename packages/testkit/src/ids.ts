import { createHash } from "node:crypto";

/** Hex digest of `parts`, so fake ids are stable across runs for the same inputs. */
export function stableHex(length: number, ...parts: string[]): string {
  let out = "";
  for (let i = 0; out.length < length; i++) {
    out += createHash("sha256").update(parts.join("\u0000")).update(String(i)).digest("hex");
  }
  return out.slice(0, length);
}

/** Upper-case base-36 digest (Route 53 style ids). */
export function stableAlnum(length: number, ...parts: string[]): string {
  const hex = stableHex(length * 2, ...parts);
  let out = "";
  for (let i = 0; i < length; i++) out += (parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 36).toString(36);
  return out.toUpperCase();
}

/** A stable decimal string of `length` digits. */
export function stableDigits(length: number, ...parts: string[]): string {
  return stableHex(length * 2, ...parts)
    .match(/../g)!
    .map((b) => String(parseInt(b, 16) % 10))
    .join("")
    .slice(0, length);
}

/** A stable RFC 4122-shaped UUID. */
export function stableUuid(...parts: string[]): string {
  const h = stableHex(32, ...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A stable byte (0–255) for building addresses. */
export function stableByte(...parts: string[]): number {
  return parseInt(stableHex(2, ...parts), 16);
}
