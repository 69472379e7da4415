import { z } from "zod";
import {
  INTERFACE_ENDPOINT_SERVICES,
  NAT_STRATEGIES,
  resolveNetworkArgs,
  validateNetworkArgs,
} from "@acs/network";
import { delegateTo } from "./errors";

const cidr = (example: string) => z.string({ error: () => `use an IPv4 CIDR such as ${example}` });
const whole = (what: string) => z.number({ error: () => `use ${what}` });

/**
 * `acs:network` — the environment's VPC (packages/network). Only the shape is checked here
 * (types, enums, required and unknown keys); what the values mean (CIDR form and size, the
 * layout's fit, retention, ports, the bastion's reach) is the component's
 * `validateNetworkArgs`, run on the resolved args with its message restated on the config key.
 */
export const networkConfigSchema = z
  .object({
    /** The VPC CIDR, /16 to /24; must not overlap the peer environment's. */
    cidr: cidr("10.10.0.0/16"),
    /** AZs to spread over (the region's first N). */
    azCount: z.union([z.literal(2), z.literal(3)], { error: () => "use 2 or 3" }),
    /** NAT for the private subnets. */
    natStrategy: z.enum(NAT_STRATEGIES, {
      error: () => 'use "None", "Single" or "OnePerAz"',
    }),
    /** Per-tier subnet prefix lengths. @default private VPC+3, public and isolated VPC+5 */
    subnetPrefixLengths: z
      .object({
        public: whole("a prefix length, e.g. 21").optional(),
        private: whole("a prefix length, e.g. 21").optional(),
        isolated: whole("a prefix length, e.g. 21").optional(),
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
        retentionDays: whole("a number of days, e.g. 90").optional(),
      })
      .strict()
      .optional(),
    /** CIDRs allowed to the load balancer on 80/443. @default ["0.0.0.0/0"] */
    loadBalancerIngressCidrs: z.array(cidr("203.0.113.0/24")).optional(),
    /** The services' port (app SG admits it from the load balancer SG). @default 8080 */
    appPort: whole("a port from 1 to 65535").optional(),
    /** Optional SSM Session Manager bastion. @default { enabled: false } */
    bastion: z
      .object({
        enabled: z.boolean({ error: () => "use true or false" }),
        instanceType: z.string({ error: () => "use an EC2 instance type such as t3.micro" }).optional(),
        sshAllowCidrs: z.array(cidr("203.0.113.0/24")).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine(delegateTo((c) => validateNetworkArgs(resolveNetworkArgs(c))));

export type NetworkConfig = z.output<typeof networkConfigSchema>;
