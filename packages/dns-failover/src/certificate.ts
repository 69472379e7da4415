import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isHostname, nameSlug, normalizeName, zoneFor } from "./names";

export interface CertificateArgs {
  /** The certificate's primary name, e.g. `lb.dev.app.com`. */
  readonly domainName: string;
  /**
   * Further names the certificate covers, e.g. the failover name `dev.acs.app.com`.
   * @default []
   */
  readonly subjectAlternativeNames?: readonly string[];
  /**
   * The hosted zones that may hold validation records, by zone name → zone id. Each name's
   * record goes into the most specific zone that contains it (a name under `acs.app.com`
   * validates in `acs.app.com`, a name under `app.com` in `app.com`). Every name must fit one.
   */
  readonly validationZones: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Overwrite an existing validation record. ACM's validation record for a name depends only
   * on the name and the account, so certificates for the same name in two regions (dev and
   * drdev both serve `dev.acs.app.com`) need the same record: the second stack adopts it.
   * @default true
   */
  readonly allowOverwrite?: boolean;
  /**
   * Names whose validation record another stack's certificate uses too (the failover name,
   * served by dev and drdev). Their records are kept when this certificate is destroyed
   * (`retainOnDelete`), so destroying one environment does not break the other's renewals.
   * @default []
   */
  readonly sharedValidationNames?: readonly string[];
  /**
   * TTL of the validation CNAME records, in seconds.
   * @default 300
   */
  readonly validationTtl?: number;
  /**
   * Key algorithm.
   * @default "RSA_2048" (ACM's default; every client and the ALB accept it)
   */
  readonly keyAlgorithm?: "RSA_2048" | "EC_prime256v1" | "EC_secp384r1";
}

/** The names a certificate covers, normalized and de-duplicated, primary name first. */
export function certificateNames(
  args: Pick<CertificateArgs, "domainName" | "subjectAlternativeNames">,
): string[] {
  return [...new Set([args.domainName, ...(args.subjectAlternativeNames ?? [])].map(normalizeName))];
}

/** One validation record per name; `*.x` and `x` share ACM's record, so they share one. */
function validationDomains(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.replace(/^\*\./, "")))];
}

/** Throws on invalid args. Pure; exported for tests. */
export function validateCertificateArgs(args: CertificateArgs): void {
  const names = certificateNames(args);
  for (const n of names) {
    if (!isHostname(n))
      throw new Error(
        `Certificate: the name ${JSON.stringify(n)} is not a DNS name; use names such as lb.dev.app.com`,
      );
  }
  if (names.length > 10) {
    throw new Error(
      `Certificate: ${names.length} names given; ACM allows 10 per certificate by default, so split them or raise the quota`,
    );
  }
  const zones = Object.keys(args.validationZones);
  for (const n of validationDomains(names)) {
    if (!zoneFor(n, zones)) {
      throw new Error(
        `Certificate: the name "${n}" is in none of \`validationZones\` (${zones.join(", ") || "none"}); add the hosted zone that holds it, or drop the name`,
      );
    }
  }
  if (args.validationTtl !== undefined && (!Number.isInteger(args.validationTtl) || args.validationTtl < 1)) {
    throw new Error(
      `Certificate: \`validationTtl\` is ${args.validationTtl}; use a positive whole number of seconds (default 300)`,
    );
  }
}

/**
 * An ACM certificate validated by DNS in the region of the component's provider: the
 * certificate, one validation record per name in the right hosted zone, and the
 * CertificateValidation that waits until ACM has issued it.
 */
export class Certificate extends pulumi.ComponentResource {
  /** The ACM certificate. */
  public readonly certificate: aws.acm.Certificate;
  /** The validation CNAME records, by the name they validate. */
  public readonly validationRecords: Readonly<Record<string, aws.route53.Record>>;
  /** Waits for issuance; depend on {@link certificateArn} rather than the raw certificate. */
  public readonly validation: aws.acm.CertificateValidation;
  /** The certificate's ARN, available only once ACM has issued it (use this for listeners). */
  public readonly certificateArn: pulumi.Output<string>;
  /** The names the certificate covers. */
  public readonly names: readonly string[];

  constructor(name: string, args: CertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("acs:dns-failover:Certificate", name, {}, opts);
    validateCertificateArgs(args);
    this.names = certificateNames(args);
    const [domainName, ...sans] = this.names;

    this.certificate = new aws.acm.Certificate(
      `${name}-cert`,
      {
        domainName: domainName!,
        subjectAlternativeNames: sans,
        validationMethod: "DNS",
        keyAlgorithm: args.keyAlgorithm ?? "RSA_2048",
      },
      { parent: this },
    );

    const zones = Object.keys(args.validationZones);
    const shared = new Set((args.sharedValidationNames ?? []).map(normalizeName));
    const records: Record<string, aws.route53.Record> = {};
    for (const domain of validationDomains(this.names)) {
      const option = this.certificate.domainValidationOptions.apply((opts) => {
        const found =
          opts.find((o) => normalizeName(o.domainName) === domain) ??
          opts.find((o) => normalizeName(o.domainName) === `*.${domain}`);
        if (!found) throw new Error(`Certificate: ACM returned no validation option for ${domain}`);
        return found;
      });
      records[domain] = new aws.route53.Record(
        `${name}-validation-${nameSlug(domain)}`,
        {
          zoneId: args.validationZones[zoneFor(domain, zones)!]!,
          name: option.resourceRecordName,
          type: option.resourceRecordType,
          records: [option.resourceRecordValue],
          ttl: args.validationTtl ?? 300,
          allowOverwrite: args.allowOverwrite ?? true,
        },
        { parent: this, retainOnDelete: shared.has(domain) },
      );
    }
    this.validationRecords = records;

    this.validation = new aws.acm.CertificateValidation(
      `${name}-validation`,
      {
        certificateArn: this.certificate.arn,
        validationRecordFqdns: Object.values(records).map((r) => r.fqdn),
      },
      { parent: this },
    );
    this.certificateArn = this.validation.certificateArn;
    this.registerOutputs({ certificateArn: this.certificateArn });
  }
}
