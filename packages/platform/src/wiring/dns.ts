import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  Certificate,
  DelegatedZone,
  Failover,
  HealthCheckAlarm,
  HealthCheckSpec,
  LoadBalancerAlias,
} from "@acs/dns-failover";
import { ResolvedDnsConfig } from "../config/dns";
import { ConfigError } from "../config/errors";
import { DnsOutputs, FailoverOutputs } from "../outputs";
import { AlarmTopic } from "../components/alarm-topic";
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
  readonly outputs: DnsOutputs;
}

/** A string output of the primary's stack, known at construction (names drive validation). */
async function primaryOutput(
  ref: pulumi.StackReference,
  stackName: string,
  key: string,
  file: string,
): Promise<string> {
  const { value } = await ref.getOutputDetails(key);
  if (typeof value !== "string" || value === "") {
    throw new ConfigError(
      `${file}: acs:dns.primaryStack names the stack "${stackName}", whose outputs have no ${key}; deploy the primary first (it exports acsZoneId, acsZoneName, failoverName) or fix the stack name`,
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
  const dns = cfg.dns;
  const opts = { provider: providers.primary };

  let zone: DelegatedZone | undefined;
  let primaryStack: pulumi.StackReference | undefined;
  let zoneId: pulumi.Output<string>;
  let zoneName: string;
  let failoverName: string;
  let parentZoneId: pulumi.Output<string>;

  if (dns.role === "primary") {
    zone = new DelegatedZone(
      `${cfg.env}-dns`,
      { name: dns.zone, parentZoneName: dns.parentZone, protect: cfg.protectData },
      opts,
    );
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
      // dev's and drdev's certificates both cover the failover name and share its record:
      // destroying one environment must not break the other's renewals.
      sharedValidationNames: [failoverName],
    },
    opts,
  );

  const outputs: DnsOutputs = {
    certificateArn: certificate.certificateArn,
    lbName: dns.lbName,
    acsZoneId: zoneId,
    acsZoneName: zoneName,
    failoverName,
    ...(zone ? { acsNameServers: zone.nameServers } : {}),
  };
  return {
    config: dns,
    certificateArn: certificate.certificateArn,
    certificate,
    zoneId,
    zoneName,
    parentZoneId,
    failoverName,
    lbName: dns.lbName,
    zone,
    primaryStack,
    outputs,
  };
}

/** The environment's ALB, as the ecs wiring exposes it. */
export interface DnsAlbTarget {
  /** The ALB's DNS name. */
  readonly albDnsName: pulumi.Input<string>;
  /** The ALB's canonical hosted zone id. */
  readonly albZoneId: pulumi.Input<string>;
}

export interface DnsFailoverResult {
  /** lb.<env>.<parent> → the ALB. */
  readonly lbAlias: LoadBalancerAlias;
  /** This environment's side of the failover pair (PRIMARY in the primary, SECONDARY in the secondary). */
  readonly failover: Failover;
  /** Alarms on the health checks this environment owns (in us-east-1). */
  readonly alarms: HealthCheckAlarm[];
  readonly outputs: FailoverOutputs;
}

/** The alarm topic for Route 53 health-check alarms: must be in us-east-1 like the alarms. */
function usEast1Topic(env: Environment): pulumi.Input<string> {
  const { cfg, providers } = env;
  if (cfg.region === "us-east-1") return env.alertTopic.arn;
  // Same kind of topic as the environment's own, in us-east-1.
  const { topic } = new AlarmTopic(
    `${cfg.env}-dns-alerts`,
    { emails: cfg.alertEmails, httpsEndpoints: cfg.alertHttpsEndpoints },
    { provider: providers.usEast1 },
  );
  return topic.arn;
}

/**
 * The environment's load-balancer name and its side of the failover: the primary creates the
 * HTTPS health check on lb.<env>.<parent> (with the operator override) and the PRIMARY record;
 * the secondary creates the SECONDARY record (and its own check when configured) in the
 * primary's zone. Health-check alarms go to a topic in us-east-1 (where the metrics are).
 */
export function wireDnsFailover(env: Environment, dns: DnsCertificate, alb: DnsAlbTarget): DnsFailoverResult {
  const { cfg, providers } = env;
  const opts = { provider: providers.primary };
  const c = dns.config;
  const check: HealthCheckSpec = {
    fqdn: dns.lbName,
    port: c.healthCheck.port,
    path: c.healthCheck.path,
    interval: c.healthCheck.interval,
    failureThreshold: c.healthCheck.failureThreshold,
    searchString: c.healthCheck.searchString,
    regions: c.healthCheck.regions,
    measureLatency: c.healthCheck.measureLatency,
  };

  const lbAlias = new LoadBalancerAlias(
    `${cfg.env}-lb`,
    {
      zoneId: dns.parentZoneId,
      zoneName: c.parentZone,
      name: dns.lbName,
      dnsName: alb.albDnsName,
      lbZoneId: alb.albZoneId,
    },
    opts,
  );
  const target = { alias: { dnsName: alb.albDnsName, zoneId: alb.albZoneId } };
  const failover = new Failover(
    `${cfg.env}-failover`,
    c.role === "primary"
      ? {
          zoneId: dns.zoneId,
          zoneName: dns.zoneName,
          name: dns.failoverName,
          primary: { ...target, healthCheck: check },
          mode: c.mode,
        }
      : {
          zoneId: dns.zoneId,
          zoneName: dns.zoneName,
          name: dns.failoverName,
          secondary: { ...target, healthCheck: c.secondaryHealthCheck ? check : undefined },
        },
    opts,
  );

  const checks = (
    [
      ["primary", failover.primaryHealthCheck],
      ["secondary", failover.secondaryHealthCheck],
    ] as const
  ).filter((e): e is readonly ["primary" | "secondary", aws.route53.HealthCheck] => e[1] !== undefined);
  const topicArn = checks.length ? usEast1Topic(env) : undefined;
  const alarms = checks.map(
    ([side, hc]) =>
      new HealthCheckAlarm(
        `${cfg.env}-${side}-health`,
        {
          healthCheckId: hc.id,
          topicArn: topicArn!,
          description: `https://${dns.lbName}:${c.healthCheck.port}${c.healthCheck.path}`,
        },
        { provider: providers.usEast1 },
      ),
  );

  const outputs: FailoverOutputs = {
    lbFqdn: lbAlias.fqdn,
    failoverRole: c.role,
    ...(c.role === "primary" ? { failoverMode: failover.mode } : {}),
    ...(checks[0] ? { healthCheckId: checks[0][1].id } : {}),
  };
  return { lbAlias, failover, alarms, outputs };
}
