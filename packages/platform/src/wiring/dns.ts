import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Certificate, DelegatedZone } from "@acs/dns-failover";
import { resolveDnsConfig, ResolvedDnsConfig } from "../config/dns";
import { ConfigError } from "../config/errors";
import { Environment } from "../environment";

/** What the DNS wiring hands to later components (the ALB's listener, the failover). */
export interface DnsCertificate {
  /** The `acs:dns` config with the role's keys checked and the names derived. */
  readonly config: ResolvedDnsConfig;
  /** The environment's regional certificate (lb.<env>.<parent> + the failover name), issued. */
  readonly certificateArn: pulumi.Output<string>;
  readonly certificate: Certificate;
  /** The delegated zone (acs.app.com): created here on the primary, read from the primary's stack on the secondary. */
  readonly zoneId: pulumi.Output<string>;
  readonly zoneName: string;
  /** The parent zone (app.com) that holds lb.<env>.<parent>. */
  readonly parentZoneId: pulumi.Output<string>;
  /** The name that fails over (dev.acs.app.com). */
  readonly failoverName: string;
  /** This environment's load-balancer name (lb.<env>.app.com). */
  readonly lbName: string;
  /** Primary only: the delegated zone component. */
  readonly zone?: DelegatedZone;
  /** Secondary only: the primary's stack. */
  readonly primaryStack?: pulumi.StackReference;
  /** Stack outputs to add (the secondary reads the primary's acsZoneId, acsZoneName, failoverName). */
  readonly outputs: Record<string, pulumi.Input<unknown>>;
}

/** A string output of the primary's stack, known at construction (names drive validation). */
async function primaryOutput(ref: pulumi.StackReference, stackName: string, key: string, file: string): Promise<string> {
  const { value } = await ref.getOutputDetails(key);
  if (typeof value !== "string" || value === "") {
    throw new ConfigError(
      `${file}: acs:dns.primaryStack is "${stackName}", whose outputs have no ${key}; deploy the primary first (it exports acsZoneId, acsZoneName, failoverName) or fix the stack name`,
    );
  }
  return value;
}

/**
 * The environment's zone and certificate. The primary (deployed first) creates and delegates
 * the zone; the secondary (deployed second) reads it from the primary's stack outputs, so
 * there is no reference cycle. Each environment gets a certificate in its own region for its
 * load-balancer name and the failover name, so either ALB can serve the failover name.
 */
export async function wireDnsCertificate(env: Environment): Promise<DnsCertificate> {
  const { cfg, providers } = env;
  const dns = resolveDnsConfig(cfg, env.project);
  const opts = { provider: providers.primary };

  let zone: DelegatedZone | undefined;
  let primaryStack: pulumi.StackReference | undefined;
  let zoneId: pulumi.Output<string>;
  let zoneName: string;
  let failoverName: string;
  let parentZoneId: pulumi.Output<string>;

  if (dns.role === "primary") {
    zone = new DelegatedZone(`${cfg.env}-dns`, { name: dns.zone, parentZoneName: dns.parentZone, protect: cfg.protectData }, opts);
    zoneId = zone.zoneId;
    zoneName = zone.zoneName;
    failoverName = dns.failoverName;
    parentZoneId = zone.parentZoneId;
  } else {
    primaryStack = new pulumi.StackReference(`${cfg.env}-dns-primary`, { name: dns.primaryStack });
    const file = `Pulumi.${cfg.stack}.yaml`;
    zoneName = await primaryOutput(primaryStack, dns.primaryStack, "acsZoneName", file);
    failoverName = await primaryOutput(primaryStack, dns.primaryStack, "failoverName", file);
    zoneId = pulumi.output(primaryStack.requireOutput("acsZoneId")) as pulumi.Output<string>;
    parentZoneId = aws.route53.getZoneOutput({ name: dns.parentZone, privateZone: false }, opts).zoneId;
  }

  const certificate = new Certificate(
    `${cfg.env}-cert`,
    {
      domainName: dns.lbName,
      subjectAlternativeNames: [failoverName],
      validationZones: { [dns.parentZone]: parentZoneId, [zoneName]: zoneId },
    },
    opts,
  );

  const outputs: Record<string, pulumi.Input<unknown>> = {
    certificateArn: certificate.certificateArn,
    lbName: dns.lbName,
    acsZoneId: zoneId,
    acsZoneName: zoneName,
    failoverName,
  };
  if (zone) outputs.acsNameServers = zone.nameServers;
  return { config: dns, certificateArn: certificate.certificateArn, certificate, zoneId, zoneName, parentZoneId, failoverName, lbName: dns.lbName, zone, primaryStack, outputs };
}
