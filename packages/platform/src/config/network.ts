import { z } from "zod";
import {
  INTERFACE_ENDPOINT_SERVICES,
  LOG_RETENTION_DAYS,
  canonical,
  formatCidr,
  isCanonical,
  parseCidr,
} from "@acs/network";

/** An IPv4 CIDR in canonical form (no host bits). */
function cidr(example: string) {
  return z.string({ error: () => `use an IPv4 CIDR such as ${example}` }).check((ctx) => {
    const parsed = parseCidr(ctx.value);
    if (!parsed)
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `not an IPv4 CIDR; use a block such as ${example}`,
      });
    else if (!isCanonical(parsed))
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `host bits are set; use ${formatCidr(canonical(parsed))}`,
      });
  });
}

const prefixLength = z
  .number({ error: () => "use a whole number from 17 to 28" })
  .int({ error: "use a whole number from 17 to 28" })
  .min(17, { error: "use a whole number from 17 to 28" })
  .max(28, { error: "use a whole number from 17 to 28 (AWS's smallest subnet is a /28)" });

/**
 * `acs:network` — the environment's VPC (packages/network). Shapes and ranges are checked
 * here; the layout's fit and the AZ count against the region are checked by the component.
 */
export const networkConfigSchema = z
  .object({
    /** The VPC CIDR, /16 to /24; must not overlap the peer environment's. */
    cidr: cidr("10.10.0.0/16").refine(
      (c) => {
        const p = parseCidr(c)?.prefix ?? 16;
        return p >= 16 && p <= 24;
      },
      { error: "AWS allows VPCs from /16 to /24; use a prefix in that range, e.g. 10.10.0.0/16" },
    ),
    /** AZs to spread over (the region's first N). */
    azCount: z.union([z.literal(2), z.literal(3)], { error: () => "use 2 or 3" }),
    /** NAT for the private subnets. */
    natStrategy: z.enum(["None", "Single", "OnePerAz"], {
      error: () => 'use "None", "Single" or "OnePerAz"',
    }),
    /** Per-tier subnet prefix lengths. @default private VPC+3, public and isolated VPC+5 */
    subnetPrefixLengths: z
      .object({
        public: prefixLength.optional(),
        private: prefixLength.optional(),
        isolated: prefixLength.optional(),
      })
      .strict()
      .optional(),
    /** Interface endpoints in the private subnets. @default [] */
    interfaceEndpoints: z
      .array(
        z.enum(INTERFACE_ENDPOINT_SERVICES, {
          error: () => `use one of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`,
        }),
        { error: () => "use a list of services, e.g. [ssm, ssmmessages, ec2messages]" },
      )
      .optional(),
    /** VPC flow logs. @default { enabled: true, destination: cloudwatch, retentionDays: 90 } */
    flowLogs: z
      .object({
        enabled: z.boolean({ error: () => "use true or false" }).optional(),
        destination: z.enum(["cloudwatch", "s3"], { error: () => 'use "cloudwatch" or "s3"' }).optional(),
        retentionDays: z
          .number({ error: () => "use a number of days, e.g. 90" })
          .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
            error: `use a retention CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.slice(0, 12).join(", ")}, …`,
          })
          .optional(),
      })
      .strict()
      .optional(),
    /** CIDRs allowed to the load balancer on 80/443. @default ["0.0.0.0/0"] */
    loadBalancerIngressCidrs: z.array(cidr("203.0.113.0/24")).optional(),
    /** The services' port (app SG admits it from the load balancer SG). @default 8080 */
    appPort: z
      .number({ error: () => "use a port from 1 to 65535" })
      .int()
      .min(1)
      .max(65535, { error: "use a port from 1 to 65535" })
      .optional(),
    /** Optional SSM Session Manager bastion. @default { enabled: false } */
    bastion: z
      .object({
        enabled: z.boolean({ error: () => "use true or false" }),
        instanceType: z
          .string()
          .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: "use an EC2 instance type such as t3.micro" })
          .optional(),
        sshAllowCidrs: z
          .array(
            cidr("203.0.113.0/24").refine((c) => parseCidr(c)?.prefix !== 0, {
              error: "opens SSH to the whole internet; list office or VPN CIDRs, or use Session Manager",
            }),
          )
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type NetworkConfig = z.output<typeof networkConfigSchema>;
