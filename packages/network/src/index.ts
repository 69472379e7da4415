// The public API: the component, its args and outputs types, its validators and the constants a
// caller needs. Everything else (CIDR arithmetic, the child builders) is internal; index.test.ts
// pins the list.
export {
  type BastionArgs,
  type FlowLogsArgs,
  INTERFACE_ENDPOINT_SERVICES,
  type InterfaceEndpointService,
  LOG_RETENTION_DAYS,
  logRetentionProblem,
  NAT_STRATEGIES,
  type NatStrategy,
  type NetworkArgs,
  type ResolvedNetworkArgs,
  resolveNetworkArgs,
  type SubnetPrefixLengthArgs,
} from "./args";
export { cidrsOverlap, type SubnetTier } from "./cidr";
export { AVAILABILITY_ZONES_QUERY, validateAzCount, validateNetworkArgs } from "./validate";
export { Network } from "./network";
export { type Bastion, BASTION_AMI_PARAMETER } from "./bastion";
export type { GatewayEndpoints, InterfaceEndpoints } from "./endpoints";
export type { FlowLogs } from "./flow-logs";
