export * from "./args";
export * from "./cidr";
export * from "./validate";
export * from "./network";
export type { Bastion } from "./bastion";
export { BASTION_AMI_PARAMETER } from "./bastion";
export type { GatewayEndpoints, InterfaceEndpoints } from "./endpoints";
export type { FlowLogs } from "./flow-logs";
