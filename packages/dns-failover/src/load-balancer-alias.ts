import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkRecordName, normalizeName } from "./names";

export interface LoadBalancerAliasArgs {
  /** The hosted zone that holds `name` (e.g. app.com's id). */
  readonly zoneId: pulumi.Input<string>;
  /** That zone's name, to check `name` against it (e.g. `app.com`). */
  readonly zoneName: string;
  /** The load balancer's name, e.g. `lb.dev.app.com`. */
  readonly name: string;
  /** The ALB's `dnsName`. */
  readonly dnsName: pulumi.Input<string>;
  /** The ALB's canonical hosted zone id (its `zoneId` output). */
  readonly lbZoneId: pulumi.Input<string>;
  /**
   * Report the ALB's target health to Route 53 (the record counts unhealthy when no target is).
   * @default true
   */
  readonly evaluateTargetHealth?: boolean;
  /**
   * Also create the AAAA alias (for a dual-stack ALB).
   * @default false
   */
  readonly ipv6?: boolean;
}

/** Throws on invalid args. Pure; exported for tests. */
export function validateLoadBalancerAliasArgs(args: LoadBalancerAliasArgs): void {
  checkRecordName("LoadBalancerAlias", args.name, args.zoneName, "lb.dev.app.com");
  if (args.lbZoneId === undefined || args.lbZoneId === "") {
    throw new Error(
      `LoadBalancerAlias: \`lbZoneId\` is ${JSON.stringify(args.lbZoneId)}; an alias target needs the load balancer's canonical hosted zone id (its zoneId output)`,
    );
  }
}

/** `lb.<env>.<parent>` as an alias A record (and optionally AAAA) to the environment's ALB. */
export class LoadBalancerAlias extends pulumi.ComponentResource {
  /** The alias A record. */
  public readonly record: aws.route53.Record;
  /** The alias AAAA record, when `ipv6`. */
  public readonly ipv6Record?: aws.route53.Record;
  /** The record's name (`lb.dev.app.com`). */
  public readonly fqdn: string;

  constructor(name: string, args: LoadBalancerAliasArgs, opts?: pulumi.ComponentResourceOptions) {
    super("acs:dns-failover:LoadBalancerAlias", name, {}, opts);
    validateLoadBalancerAliasArgs(args);
    this.fqdn = normalizeName(args.name);
    const make = (type: "A" | "AAAA", suffix: string) =>
      new aws.route53.Record(
        `${name}-${suffix}`,
        {
          zoneId: args.zoneId,
          name: this.fqdn,
          type,
          aliases: [
            {
              name: args.dnsName,
              zoneId: args.lbZoneId,
              evaluateTargetHealth: args.evaluateTargetHealth ?? true,
            },
          ],
        },
        { parent: this },
      );
    this.record = make("A", "a");
    if (args.ipv6) this.ipv6Record = make("AAAA", "aaaa");
    this.registerOutputs({ fqdn: this.fqdn });
  }
}
