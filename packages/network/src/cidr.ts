/**
 * IPv4 CIDR arithmetic and the subnet layout. The layout is a pure function of the VPC
 * CIDR and the per-tier prefix lengths: every subnet sits at a fixed offset given by its
 * (tier, AZ index), so adding an AZ or appending a tier never renumbers a subnet.
 */

/** A parsed IPv4 CIDR block. */
export interface Cidr {
  /** The network address as an unsigned 32-bit integer. */
  readonly base: number;
  /** The prefix length, 0–32. */
  readonly prefix: number;
}

/** A subnet tier: `private` (the app), `public` (load balancers, NAT), `isolated` (data). */
export type SubnetTier = "private" | "public" | "isolated";
/** The subnet tiers, in layout order (largest first, so blocks stay aligned without gaps). */
export const SUBNET_TIERS: readonly SubnetTier[] = ["private", "public", "isolated"];

/**
 * Slots reserved per tier. Each tier's block holds room for this many AZs whatever
 * `azCount` is, so going from 2 to 3 AZs (or to 4) only fills an empty slot.
 */
export const AZ_SLOTS = 4;

/** AWS's limits on a subnet's prefix length. */
export const SUBNET_PREFIX_MIN = 16;
export const SUBNET_PREFIX_MAX = 28;

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const CIDR_RE = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(3[0-2]|[12]?\\d)$`);

/** Size of a block with this prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Parses `a.b.c.d/n`; undefined when it is not an IPv4 CIDR (host bits are allowed here). */
export function parseCidr(text: string): Cidr | undefined {
  const m = CIDR_RE.exec(text.trim());
  if (!m || text.trim() !== text) return undefined;
  const [a, b, c, d, p] = m.slice(1).map(Number) as [number, number, number, number, number];
  return { base: ((a << 24) >>> 0) + (b << 16) + (c << 8) + d, prefix: p };
}

/** The canonical form of `cidr`: host bits cleared. */
export function canonical(cidr: Cidr): Cidr {
  const size = blockSize(cidr.prefix);
  return { base: Math.floor(cidr.base / size) * size, prefix: cidr.prefix };
}

/** True when the CIDR has no host bits set (`10.0.0.0/16`, not `10.0.1.0/16`). */
export function isCanonical(cidr: Cidr): boolean {
  return canonical(cidr).base === cidr.base;
}

export function formatCidr(cidr: Cidr): string {
  const b = cidr.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${cidr.prefix}`;
}

/** True when `inner` lies wholly inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.base >= outer.base &&
    inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix)
  );
}

/** True when the two blocks share any address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}

/**
 * True when two IPv4 CIDRs (`10.10.0.0/16`) share any address; false when either is not a CIDR
 * (its own validator names it). VPCs that route to each other (peering, Transit Gateway, a DR
 * pair) need disjoint ranges. Host bits are ignored: `10.0.1.0/16` is the block `10.0.0.0/16`.
 */
export function cidrsOverlap(a: string, b: string): boolean {
  const [ca, cb] = [parseCidr(a), parseCidr(b)];
  return ca !== undefined && cb !== undefined && overlaps(canonical(ca), canonical(cb));
}

/** Prefix length of each tier's subnets. */
export type TierPrefixLengths = Readonly<Record<SubnetTier, number>>;

/**
 * The default prefix lengths for a VPC of prefix `vpcPrefix`: private subnets an eighth
 * of the VPC, public and isolated a thirty-second, never smaller than /28. They use three
 * quarters of any VPC from /16 to /24 and leave the last quarter free for a later tier.
 */
export function defaultPrefixLengths(vpcPrefix: number): TierPrefixLengths {
  const cap = (p: number) => Math.min(p, SUBNET_PREFIX_MAX);
  return { private: cap(vpcPrefix + 3), public: cap(vpcPrefix + 5), isolated: cap(vpcPrefix + 5) };
}

/** Where one tier's block of {@link AZ_SLOTS} subnets starts, for each tier in layout order. */
export interface TierBlock {
  readonly tier: SubnetTier;
  readonly block: Cidr;
}

/**
 * The tiers' blocks inside the VPC, in {@link SUBNET_TIERS} order, each aligned to its own
 * size. Returns the end offset too so callers can check the layout fits.
 */
export function tierBlocks(vpc: Cidr, prefixes: TierPrefixLengths): { blocks: TierBlock[]; used: number } {
  let cursor = 0;
  const blocks: TierBlock[] = [];
  for (const tier of SUBNET_TIERS) {
    const size = blockSize(prefixes[tier]) * AZ_SLOTS;
    cursor = Math.ceil(cursor / size) * size;
    blocks.push({ tier, block: { base: vpc.base + cursor, prefix: prefixes[tier] - Math.log2(AZ_SLOTS) } });
    cursor += size;
  }
  return { blocks, used: cursor };
}

/** The CIDR of the subnet of `tier` in AZ `azIndex` (0-based). */
export function subnetCidr(
  vpc: Cidr,
  prefixes: TierPrefixLengths,
  tier: SubnetTier,
  azIndex: number,
): string {
  const { blocks } = tierBlocks(vpc, prefixes);
  const block = blocks.find((b) => b.tier === tier)!.block;
  return formatCidr({ base: block.base + azIndex * blockSize(prefixes[tier]), prefix: prefixes[tier] });
}

/** Every subnet CIDR of the layout, per tier, for `azCount` AZs. */
export function subnetLayout(
  vpcCidr: string,
  prefixes: TierPrefixLengths,
  azCount: number,
): Record<SubnetTier, string[]> {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`network: "${vpcCidr}" is not an IPv4 CIDR`);
  const out = {} as Record<SubnetTier, string[]>;
  for (const tier of SUBNET_TIERS)
    out[tier] = Array.from({ length: azCount }, (_, i) => subnetCidr(vpc, prefixes, tier, i));
  return out;
}
