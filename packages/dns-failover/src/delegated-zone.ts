import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isBelowZone, isHostname, normalizeName } from "./names";

/** Route 53's own TTL for the NS records of a new hosted zone (two days). */
export const DEFAULT_NS_TTL = 172800;

export interface DelegatedZoneArgs {
  /** The subdomain to host, e.g. `acs.app.com`. Must be strictly below the parent zone. */
  readonly name: string;
  /**
   * The parent zone's name (e.g. `app.com`), looked up with `route53.getZone`. Give this or
   * `parentZoneId`, not both. With a name, the component also checks that `name` is below it.
   */
  readonly parentZoneName?: string;
  /** The parent zone's id. Give this or `parentZoneName`, not both. */
  readonly parentZoneId?: pulumi.Input<string>;
  /**
   * TTL of the NS (delegation) record written into the parent zone, in seconds.
   * @default 172800 (what Route 53 gives a zone's own NS records)
   */
  readonly nsTtl?: number;
  /**
   * Protect the hosted zone from deletion (`pulumi destroy` refuses; the zone's id and name
   * servers would change if it were recreated, breaking the delegation until the NS record
   * propagates again). Turn off only for ephemeral environments.
   * @default true
   */
  readonly protect?: boolean;
  /** @default "Delegated from <parent>; managed by Pulumi" */
  readonly comment?: string;
}

/** Throws on invalid args. Pure; exported for tests. */
export function validateDelegatedZoneArgs(args: DelegatedZoneArgs): void {
  if (!isHostname(args.name)) {
    throw new Error(
      `DelegatedZone: \`name\` is ${JSON.stringify(args.name)}, which is not a DNS name; use a subdomain such as acs.app.com`,
    );
  }
  const hasName = args.parentZoneName !== undefined;
  const hasId = args.parentZoneId !== undefined;
  if (hasName === hasId) {
    throw new Error(
      `DelegatedZone: ${hasName ? "both `parentZoneName` and `parentZoneId` are set" : "neither `parentZoneName` nor `parentZoneId` is set"}; give exactly one (e.g. parentZoneName: "app.com")`,
    );
  }
  if (hasName && !isBelowZone(args.name, args.parentZoneName!)) {
    throw new Error(
      `DelegatedZone: \`name\` is "${args.name}", which is not a subdomain of \`parentZoneName\` "${args.parentZoneName}"; use a name ending in .${normalizeName(args.parentZoneName!)}`,
    );
  }
  if (args.nsTtl !== undefined && (!Number.isInteger(args.nsTtl) || args.nsTtl < 60 || args.nsTtl > 172800)) {
    throw new Error(
      `DelegatedZone: \`nsTtl\` is ${args.nsTtl}; use a whole number of seconds from 60 to 172800 (default 172800)`,
    );
  }
}

/**
 * A public hosted zone for a subdomain plus the NS record in the parent zone that delegates
 * to it, holding exactly the new zone's name servers. Without that record resolvers never find
 * the zone ("Could not resolve host"), which is the manual step this component automates.
 */
export class DelegatedZone extends pulumi.ComponentResource {
  /** The delegated public hosted zone (protected unless `protect: false`). */
  public readonly zone: aws.route53.Zone;
  /** The NS record in the parent zone that delegates `name` to {@link zone}'s name servers. */
  public readonly delegation: aws.route53.Record;
  /** The zone's id. */
  public readonly zoneId: pulumi.Output<string>;
  /** The zone's name, normalized (`acs.app.com`). */
  public readonly zoneName: string;
  /** The four name servers Route 53 assigned to the zone. */
  public readonly nameServers: pulumi.Output<string[]>;
  /** The parent zone's id. */
  public readonly parentZoneId: pulumi.Output<string>;

  constructor(name: string, args: DelegatedZoneArgs, opts?: pulumi.ComponentResourceOptions) {
    super("acs:dns-failover:DelegatedZone", name, {}, opts);
    validateDelegatedZoneArgs(args);
    this.zoneName = normalizeName(args.name);

    this.parentZoneId =
      args.parentZoneId !== undefined
        ? pulumi.output(args.parentZoneId)
        : aws.route53.getZoneOutput(
            { name: normalizeName(args.parentZoneName!), privateZone: false },
            { parent: this },
          ).zoneId;

    this.zone = new aws.route53.Zone(
      `${name}-zone`,
      {
        name: this.zoneName,
        comment:
          args.comment ??
          `Delegated from ${args.parentZoneName ? normalizeName(args.parentZoneName) : "its parent zone"}; managed by Pulumi`,
      },
      { parent: this, protect: args.protect ?? true },
    );
    this.zoneId = this.zone.zoneId;
    this.nameServers = this.zone.nameServers;

    this.delegation = new aws.route53.Record(
      `${name}-ns`,
      {
        zoneId: this.parentZoneId,
        name: this.zoneName,
        type: "NS",
        ttl: args.nsTtl ?? DEFAULT_NS_TTL,
        records: this.zone.nameServers,
      },
      { parent: this },
    );

    this.registerOutputs({
      zoneId: this.zoneId,
      nameServers: this.nameServers,
      parentZoneId: this.parentZoneId,
    });
  }
}
