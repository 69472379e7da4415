/**
 * Facts about AWS regions that the fake answers with: availability zones (names and
 * zone ids), the canonical hosted-zone ids of load balancers, and the account that
 * Elastic Load Balancing writes access logs from. Values are AWS's published ones.
 */
export interface AvailabilityZone {
  readonly name: string;
  readonly zoneId: string;
}

/**
 * A Local Zone or Wavelength Zone: an extension of the region that an account opts in to
 * (`aws ec2 modify-availability-zone-group`). Once opted in, DescribeAvailabilityZones lists it
 * next to the region's AZs unless the caller filters on `opt-in-status` or `zone-type`.
 */
export interface ZoneExtension extends AvailabilityZone {
  readonly type: "local-zone" | "wavelength-zone";
  /** The zone group an account opts in to, e.g. us-west-2-lax-1. */
  readonly groupName: string;
}

export interface RegionFacts {
  readonly name: string;
  readonly description: string;
  readonly zones: readonly AvailabilityZone[];
  /** The region's Local Zones and Wavelength Zones (a few real ones, enough to be in the way). */
  readonly extensions: readonly ZoneExtension[];
  /** Canonical hosted zone id of Application (and Classic) Load Balancers. */
  readonly albZoneId: string;
  /** Canonical hosted zone id of Network Load Balancers. */
  readonly nlbZoneId: string;
  /** Account that ELB uses to deliver access logs in this region. */
  readonly elbAccountId: string;
}

function zones(region: string, prefix: string, letters: string, ids: number[]): AvailabilityZone[] {
  return [...letters].map((letter, i) => ({ name: `${region}${letter}`, zoneId: `${prefix}-az${ids[i]}` }));
}

function extension(
  type: ZoneExtension["type"],
  groupName: string,
  name: string,
  zoneId: string,
): ZoneExtension {
  return { type, groupName, name, zoneId };
}

export const REGIONS: Readonly<Record<string, RegionFacts>> = {
  "us-east-1": {
    name: "us-east-1",
    description: "US East (N. Virginia)",
    zones: zones("us-east-1", "use1", "abcdef", [1, 2, 4, 6, 3, 5]),
    extensions: [
      extension("local-zone", "us-east-1-bos-1", "us-east-1-bos-1a", "use1-bos1-az1"),
      extension("local-zone", "us-east-1-mia-1", "us-east-1-mia-1a", "use1-mia1-az1"),
      extension("wavelength-zone", "us-east-1-wl1", "us-east-1-wl1-bos-wlz-1", "use1-wl1-bos-wlz1"),
    ],
    albZoneId: "Z35SXDOTRQ7X7K",
    nlbZoneId: "Z26RNL4JYFTOTI",
    elbAccountId: "127311923021",
  },
  "us-east-2": {
    name: "us-east-2",
    description: "US East (Ohio)",
    zones: zones("us-east-2", "use2", "abc", [1, 2, 3]),
    extensions: [],
    albZoneId: "Z3AADJGX6KTTL2",
    nlbZoneId: "ZLMOA37VPKANP",
    elbAccountId: "033677994240",
  },
  "us-west-1": {
    name: "us-west-1",
    description: "US West (N. California)",
    zones: zones("us-west-1", "usw1", "ac", [1, 3]),
    extensions: [],
    albZoneId: "Z368ELLRRE2KJ0",
    nlbZoneId: "Z24FKFUX50B4VW",
    elbAccountId: "027434742980",
  },
  "us-west-2": {
    name: "us-west-2",
    description: "US West (Oregon)",
    zones: zones("us-west-2", "usw2", "abcd", [2, 1, 3, 4]),
    extensions: [
      extension("local-zone", "us-west-2-lax-1", "us-west-2-lax-1a", "usw2-lax1-az1"),
      extension("local-zone", "us-west-2-lax-1", "us-west-2-lax-1b", "usw2-lax1-az2"),
      extension("wavelength-zone", "us-west-2-wl1", "us-west-2-wl1-sea-wlz-1", "usw2-wl1-sea-wlz1"),
    ],
    albZoneId: "Z1H1FL5HABSF5",
    nlbZoneId: "Z18D5FSROUN65G",
    elbAccountId: "797873946194",
  },
  "eu-west-1": {
    name: "eu-west-1",
    description: "Europe (Ireland)",
    zones: zones("eu-west-1", "euw1", "abc", [1, 2, 3]),
    extensions: [],
    albZoneId: "Z32O12XQLNTSW2",
    nlbZoneId: "Z2IFOLAFXWLO4F",
    elbAccountId: "156460612806",
  },
  "eu-central-1": {
    name: "eu-central-1",
    description: "Europe (Frankfurt)",
    zones: zones("eu-central-1", "euc1", "abc", [1, 2, 3]),
    extensions: [
      extension("wavelength-zone", "eu-central-1-wl1", "eu-central-1-wl1-ber-wlz-1", "euc1-wl1-ber-wlz1"),
    ],
    albZoneId: "Z215JYRZR1TBD5",
    nlbZoneId: "Z3F0SRJ5LGBH90",
    elbAccountId: "054676820928",
  },
};

/** The facts for `region`, or an error that lists the regions the fake knows. */
export function regionFacts(region: string): RegionFacts {
  const facts = REGIONS[region];
  if (!facts) {
    throw new Error(
      `testkit: no fake data for region "${region}"; known regions: ${Object.keys(REGIONS).join(", ")} ` +
        `(add it to packages/testkit/src/regions.ts)`,
    );
  }
  return facts;
}
