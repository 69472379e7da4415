import * as aws from "@pulumi/aws";
import { AVAILABILITY_ZONES_QUERY, Network, validateAzCount } from "@acs/network";
import { ConfigError, onConfigKey } from "../config/errors";
import { Environment } from "../environment";
import { NetworkOutputs } from "../outputs";

/**
 * The environment's VPC from `acs:network`, in the primary region. Later components take
 * `vpcId`, `publicSubnetIds`, `privateSubnetIds`, `loadBalancerSecurityGroupId` and
 * `appSecurityGroupId` from the returned {@link Network}.
 */
export function wireNetwork(env: Environment): Network {
  const { cfg } = env;
  return new Network(cfg.env, cfg.network, { provider: env.providers.primary });
}

/**
 * Checks `acs:network.azCount` against the region's available AZs before anything of the
 * network exists, as a config error naming the file. (The component checks it too, inside
 * the deployment; this makes it fail the same way in `pulumi preview` and the offline plan.)
 */
export async function checkNetworkRegion(env: Environment): Promise<void> {
  const { cfg } = env;
  const zones = await aws.getAvailabilityZones(AVAILABILITY_ZONES_QUERY, { provider: env.providers.primary });
  try {
    validateAzCount(cfg.network.azCount, zones.names, cfg.region);
  } catch (e) {
    throw new ConfigError(`Pulumi.${cfg.stack}.yaml: ${onConfigKey((e as Error).message, "acs:network")}`);
  }
}

/** The network's stack outputs; `appPort` is the port the app security group admits from the load balancer. */
export function networkOutputs(network: Network, appPort: number): NetworkOutputs {
  return {
    appPort,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    availabilityZones: network.availabilityZones,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    isolatedSubnetIds: network.isolatedSubnetIds,
    natPublicIps: network.natPublicIps,
    loadBalancerSecurityGroupId: network.loadBalancerSecurityGroupId,
    appSecurityGroupId: network.appSecurityGroupId,
    ...(network.endpointSecurityGroupId ? { endpointSecurityGroupId: network.endpointSecurityGroupId } : {}),
    publicRouteTableId: network.publicRouteTableId,
    privateRouteTableIds: network.privateRouteTableIds,
    isolatedRouteTableIds: network.isolatedRouteTableIds,
    gatewayEndpointIds: network.gatewayEndpointIds,
    interfaceEndpointIds: network.interfaceEndpointIds,
  };
}
