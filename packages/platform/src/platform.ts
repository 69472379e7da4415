import { resolveNetworkArgs } from "@acs/network";
import { PLATFORM_CONTRACT_VERSION } from "@acs/platform-contract";
import { loadCatalogue } from "./catalogue";
import { createEnvironment } from "./environment";
import { PlatformOutputs } from "./outputs";
import { wireDnsCertificate, wireDnsFailover } from "./wiring/dns";
import { wireEcs } from "./wiring/ecs";
import { checkNetworkRegion, networkOutputs, wireNetwork } from "./wiring/network";
import { wireWorkerPool, workerPoolClient } from "./wiring/worker-pool";

/**
 * The whole environment: every component wired from the stack's config, in dependency
 * order. Each component's wiring lives in src/wiring/<component>.ts. Stacks call this from
 * their entry point; its result is the stack outputs, typed and documented as {@link PlatformOutputs}.
 */
export async function platform(): Promise<PlatformOutputs> {
  // This environment next to the repository's others (names, CIDRs, the failover pair), before anything exists.
  loadCatalogue();
  const env = createEnvironment();
  const { cfg } = env;
  // The VPC first: the load balancer and services take its subnets and security groups.
  await checkNetworkRegion(env);
  const network = wireNetwork(env);
  // Zone (primary) or the primary's zone (secondary) + the regional certificate: the ALB's HTTPS listener takes dns.certificateArn.
  const dns = await wireDnsCertificate(env);
  // Cluster, ALB (public subnets, LB SG, the certificate) and the application service (private subnets, app SG).
  // The application may claim hot-pool workers: it gets their tables' names and a scoped task role.
  const client = workerPoolClient(env);
  const ecs = wireEcs(env, network, {
    certificateArn: dns.certificateArn,
    workerPoolClient: client,
    loadBalancerHostName: dns.lbName,
  });
  // lb.<env>.<parent> → the ALB, and this environment's side of the dev.acs.app.com failover pair.
  const dnsFailover = wireDnsFailover(env, dns, { albDnsName: ecs.albDnsName, albZoneId: ecs.albZoneId });
  // The hot pool: worker tasks in the private subnets (app SG) of the ecs cluster, its tables, manager and triggers.
  // Other teams' task roles attach the client policy to claim workers as the application does.
  const workerPool = wireWorkerPool(env, network, ecs, client);

  return {
    contractVersion: PLATFORM_CONTRACT_VERSION,
    environment: cfg.env,
    role: cfg.role,
    region: cfg.region,
    peerRegion: cfg.peerRegion,
    alertTopicArn: env.alertTopic.arn,
    ...networkOutputs(network, resolveNetworkArgs(cfg.network).appPort),
    ...dns.outputs,
    ...ecs.outputs,
    ...dnsFailover.outputs,
    ...workerPool.outputs,
  };
}
