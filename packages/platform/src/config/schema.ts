import { z } from "zod";
import { alertHttpsEndpointsSchema } from "./alerts";
import { AWS_REGIONS } from "./regions";
import { dnsConfigSchema } from "./dns";
import { networkConfigSchema } from "./network";
import { ecsConfigSchema } from "./ecs";
import { workerPoolConfigSchema } from "./worker-pool";

export const regionSchema = z.enum(AWS_REGIONS, {
  error: () => "not an AWS region; use a region code such as us-east-1 or us-west-2",
});

/**
 * Everything environment-specific, under the project's config namespace (`acs:`).
 * Each component adds one section; unknown keys are errors.
 */
export const platformConfigSchema = z
  .object({
    /** Environment name used in resource names and tags. @default the stack name */
    environment: z
      .string()
      .regex(/^[a-z][a-z0-9]{1,11}$/, {
        error: "use 2–12 lower-case letters and digits, starting with a letter (e.g. dev, drdev)",
      })
      .optional(),
    /** `primary` serves traffic; `secondary` is the DR environment that takes over on failover. */
    role: z.enum(["primary", "secondary"], { error: () => 'use "primary" or "secondary"' }),
    /** The team that owns the environment (the Owner tag). */
    owner: z.string().min(1, { error: "name the owning team, e.g. platform-team" }),
    /** Ephemeral environments may be destroyed freely: no deletion protection. @default false */
    ephemeral: z.boolean({ error: () => "use true or false" }).default(false),
    /** The other environment's region (DR pairs span two regions). */
    peerRegion: regionSchema,
    /**
     * E-mail addresses subscribed to the environment's alarm topics. Outside ephemeral
     * environments this or `alertHttpsEndpoints` must name at least one endpoint. @default []
     */
    alertEmails: z
      .array(z.email({ error: "not an e-mail address" }), { error: () => "use a list of e-mail addresses" })
      .default([]),
    /** HTTPS endpoints (pager, chat integration) subscribed to the alarm topics. @default [] */
    alertHttpsEndpoints: alertHttpsEndpointsSchema,
    /** The VPC: CIDR, AZs, NAT, endpoints, flow logs, bastion (packages/network). Required by platform(). */
    network: networkConfigSchema.optional(),
    /** Delegated zone, certificate, load-balancer name and DNS failover (packages/dns-failover). */
    dns: dnsConfigSchema.optional(),
    /** The application service: image, Fargate size, counts and scaling (packages/ecs-platform). */
    ecs: ecsConfigSchema.optional(),
    /** The hot pool of workers: worker image and size, manager schedule and size (packages/worker-pool). */
    workerPool: workerPoolConfigSchema.optional(),
  })
  .strict();

export type PlatformConfigInput = z.input<typeof platformConfigSchema>;
