import * as pulumi from "@pulumi/pulumi";
import { createEnvironment } from "./environment";
import { wireDnsCertificate } from "./wiring/dns";
import { checkNetworkRegion, networkOutputs, wireNetwork } from "./wiring/network";

/**
 * The whole environment: every component wired from the stack's config, in dependency
 * order. Each component's wiring lives in src/wiring/<component>.ts. Stacks call this from
 * their entry point; its result is the stack outputs.
 */
export async function platform(): Promise<Record<string, pulumi.Input<unknown>>> {
  const env = createEnvironment();
  const { cfg } = env;
  // The VPC first: the load balancer and services take its subnets and security groups.
  await checkNetworkRegion(env);
  const network = wireNetwork(env);
  // Zone (primary) or the primary's zone (secondary) + the regional certificate: the ALB's HTTPS listener takes dns.certificateArn.
  const dns = await wireDnsCertificate(env);

  return {
    environment: cfg.env,
    role: cfg.role,
    region: cfg.region,
    peerRegion: cfg.peerRegion,
    alertTopicArn: env.alertTopic.arn,
    ...networkOutputs(network),
    ...dns.outputs,
  };
}
