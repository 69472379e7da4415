import { Network } from "@acs/network";
import { ConfigError } from "../config/errors";
import { Environment } from "../environment";

/**
 * The environment's VPC from `acs:network`, in the primary region. Later components take
 * `vpcId`, `publicSubnetIds`, `privateSubnetIds`, `loadBalancerSecurityGroupId` and
 * `appSecurityGroupId` from the returned {@link Network}.
 */
export function wireNetwork(env: Environment): Network {
  const { cfg } = env;
  if (!cfg.network) {
    throw new ConfigError(
      `Pulumi.${cfg.stack}.yaml: acs:network is missing: add the section with cidr, azCount and natStrategy (e.g. { cidr: 10.10.0.0/16, azCount: 3, natStrategy: Single }); see packages/platform/README.md`,
    );
  }
  return new Network(cfg.env, cfg.network, { provider: env.providers.primary });
}

/** The network's stack outputs. */
export function networkOutputs(network: Network): Record<string, unknown> {
  return {
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    availabilityZones: network.availabilityZones,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    isolatedSubnetIds: network.isolatedSubnetIds,
    natPublicIps: network.natPublicIps,
    loadBalancerSecurityGroupId: network.loadBalancerSecurityGroupId,
    appSecurityGroupId: network.appSecurityGroupId,
  };
}
