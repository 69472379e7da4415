import * as pulumi from "@pulumi/pulumi";
import { INTERFACE_ENDPOINT_SERVICES, logRetentionProblem, ResolvedNetworkArgs, SSM_ENDPOINTS } from "./args";
import {
  AZ_SLOTS,
  blockSize,
  defaultPrefixLengths,
  formatCidr,
  canonical,
  isCanonical,
  parseCidr,
  SUBNET_PREFIX_MAX,
  SUBNET_TIERS,
  tierBlocks,
  TierPrefixLengths,
} from "./cidr";

const VPC_PREFIX_MIN = 16;
const VPC_PREFIX_MAX = 24;

function fail(message: string): never {
  throw new Error(`network: ${message}`);
}

/** Checks a CIDR given as `arg`; returns it parsed. */
function checkCidr(arg: string, value: unknown, example: string): ReturnType<typeof parseCidr> & object {
  const parsed = typeof value === "string" ? parseCidr(value) : undefined;
  if (!parsed)
    fail(`\`${arg}\` is ${JSON.stringify(value)}, which is not an IPv4 CIDR; use a block such as ${example}`);
  if (!isCanonical(parsed))
    fail(`\`${arg}\` is "${value}", which has host bits set; use ${formatCidr(canonical(parsed))}`);
  return parsed;
}

/** The effective per-tier prefix lengths: the given ones over the defaults for the VPC's size. */
export function resolvePrefixLengths(
  vpcPrefix: number,
  given: ResolvedNetworkArgs["subnetPrefixLengths"] | undefined,
): TierPrefixLengths {
  return { ...defaultPrefixLengths(vpcPrefix), ...(given ?? {}) };
}

/**
 * Throws on invalid args, naming the arg, the value and the fix. Pure; runs before any
 * child exists, on the args {@link resolveNetworkArgs} returns (the stack config's
 * `acs:network` goes through the same two steps). (`azCount` against the region's AZs is
 * checked once they are known: {@link validateAzCount}.)
 */
export function validateNetworkArgs(args: ResolvedNetworkArgs): void {
  const vpc = checkCidr("cidr", args.cidr, "10.10.0.0/16");
  if (vpc.prefix < VPC_PREFIX_MIN || vpc.prefix > VPC_PREFIX_MAX) {
    fail(
      `\`cidr\` is "${args.cidr}", a /${vpc.prefix}; AWS allows VPCs from /${VPC_PREFIX_MIN} to /${VPC_PREFIX_MAX}, so use a prefix in that range (e.g. ${formatCidr(canonical({ base: vpc.base, prefix: 16 }))})`,
    );
  }

  const azCount = args.azCount;
  if (azCount !== 2 && azCount !== 3) fail(`\`azCount\` is ${JSON.stringify(azCount)}; use 2 or 3`);

  const nat = args.natStrategy;
  switch (nat) {
    case "None":
    case "Single":
    case "OnePerAz":
      break;
    default:
      fail(`\`natStrategy\` is ${JSON.stringify(nat)}; use "None", "Single" or "OnePerAz"`);
  }

  for (const tier of SUBNET_TIERS) {
    const p = args.subnetPrefixLengths[tier];
    if (p === undefined) continue;
    if (!Number.isInteger(p) || p <= vpc.prefix || p > SUBNET_PREFIX_MAX) {
      fail(
        `\`subnetPrefixLengths.${tier}\` is ${JSON.stringify(p)}; use a whole number from ${vpc.prefix + 1} to ${SUBNET_PREFIX_MAX} (longer than the VPC's /${vpc.prefix}, at most AWS's /${SUBNET_PREFIX_MAX})`,
      );
    }
  }
  const prefixes = resolvePrefixLengths(vpc.prefix, args.subnetPrefixLengths);
  const { used } = tierBlocks(vpc, prefixes);
  if (used > blockSize(vpc.prefix)) {
    const shown = SUBNET_TIERS.map((t) => `${t} /${prefixes[t]}`).join(", ");
    fail(
      `\`subnetPrefixLengths\` (${shown}) need ${used} addresses (${AZ_SLOTS} AZ slots per tier, so adding an AZ never renumbers a subnet) but \`cidr\` ${args.cidr} has ${blockSize(vpc.prefix)}; ` +
        `use longer prefixes (the defaults for a /${vpc.prefix} are ${SUBNET_TIERS.map((t) => `${t} /${defaultPrefixLengths(vpc.prefix)[t]}`).join(", ")}) or a larger VPC`,
    );
  }

  const endpoints = args.interfaceEndpoints;
  endpoints.forEach((svc, i) => {
    if (!(INTERFACE_ENDPOINT_SERVICES as readonly string[]).includes(svc)) {
      fail(
        `\`interfaceEndpoints[${i}]\` is ${JSON.stringify(svc)}, not a supported service; use one of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`,
      );
    }
    if (endpoints.indexOf(svc) !== i)
      fail(`\`interfaceEndpoints[${i}]\` is "${svc}", listed twice; list each service once`);
  });

  const flow = args.flowLogs;
  const destination = flow.destination;
  switch (destination) {
    case "cloudwatch":
    case "s3":
      break;
    default:
      fail(`\`flowLogs.destination\` is ${JSON.stringify(destination)}; use "cloudwatch" or "s3"`);
  }
  const retention = flow.retentionDays;
  const retentionIssue = destination === "cloudwatch" ? logRetentionProblem(retention) : undefined;
  if (retentionIssue) fail(`\`flowLogs.retentionDays\` ${retentionIssue}`);
  if (destination === "s3" && (!Number.isInteger(retention) || retention < 1)) {
    fail(
      `\`flowLogs.retentionDays\` is ${JSON.stringify(retention)}; use a whole number of days, at least 1`,
    );
  }
  if (destination === "s3" && flow.kmsKeyArn !== undefined) {
    fail(
      '`flowLogs.kmsKeyArn` is set but `flowLogs.destination` is "s3"; the key applies to the CloudWatch log group only, so remove it or use "cloudwatch"',
    );
  }

  args.loadBalancerIngressCidrs.forEach((c, i) =>
    checkCidr(`loadBalancerIngressCidrs[${i}]`, c, "0.0.0.0/0 or 203.0.113.0/24"),
  );

  const appPort = args.appPort;
  if (!Number.isInteger(appPort) || appPort < 1 || appPort > 65535)
    fail(`\`appPort\` is ${JSON.stringify(appPort)}; use a TCP port from 1 to 65535`);

  const bastion = args.bastion;
  const ssh = bastion.sshAllowCidrs;
  ssh.forEach((c, i) => {
    const parsed = checkCidr(`bastion.sshAllowCidrs[${i}]`, c, "203.0.113.0/24");
    if (parsed.prefix === 0) {
      fail(
        `\`bastion.sshAllowCidrs[${i}]\` is "${c}", which opens SSH to the whole internet; list your office or VPN CIDRs, or drop SSH and use Session Manager`,
      );
    }
  });
  if (ssh.length > 0 && !bastion.enabled)
    fail(
      "`bastion.sshAllowCidrs` is set but `bastion.enabled` is not true; enable the bastion or remove the allowlist",
    );
  if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(bastion.instanceType)) {
    fail(
      `\`bastion.instanceType\` is ${JSON.stringify(bastion.instanceType)}; use an EC2 instance type such as t3.micro`,
    );
  }
  if (bastion.enabled && nat === "None") {
    const missing = SSM_ENDPOINTS.filter((s) => !endpoints.includes(s));
    if (missing.length > 0) {
      fail(
        `\`bastion.enabled\` is true with \`natStrategy\` "None", so Session Manager is unreachable; add ${missing.join(", ")} to \`interfaceEndpoints\` or use a NAT strategy`,
      );
    }
  }

  for (const [key, value] of Object.entries(args.tags)) {
    if (pulumi.Output.isInstance(value)) continue;
    if (typeof value !== "string")
      fail(`\`tags.${key}\` is ${JSON.stringify(value)}; tag values are strings`);
  }
}

/**
 * The `getAvailabilityZones` query for the zones a network may use: available Availability
 * Zones only. An account that opted in to a Local Zone or Wavelength Zone group sees those
 * zones in the same list, sorted by name (`us-west-2-lax-1a` before `us-west-2a`), so without
 * the filter the first AZ could be a Local Zone, where NAT gateways, interface endpoints and
 * most services do not run.
 * https://www.pulumi.com/registry/packages/aws/api-docs/getavailabilityzones/ ("When Local
 * Zones are enabled in a region, by default the API and this data source include both")
 */
export const AVAILABILITY_ZONES_QUERY = {
  state: "available",
  filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
};

/** Throws unless the region (whose available AZs are `zones`) has at least `azCount` AZs. */
export function validateAzCount(azCount: number, zones: readonly string[], region: string): void {
  if (azCount > zones.length) {
    const fits = [2, 3].filter((n) => n <= zones.length);
    fail(
      `\`azCount\` is ${azCount} but ${region} has ${zones.length} AZs; ` +
        (fits.length ? `use ${fits.join(" or ")}` : "use a region with at least 2 AZs"),
    );
  }
}
