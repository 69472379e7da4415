// The package's API: the components the provider serves and their args (the analyzer of
// @pulumi/pulumi reads this file as the package's entry point), and the provider itself.
export {
  FlowLogDestination,
  NatStrategy,
  Network,
  type NetworkArgs,
  type NetworkBastion,
  type NetworkFlowLogs,
  type NetworkSubnetPrefixLengths,
} from "./network";
export {
  Service,
  type ServiceAlbAttachment,
  type ServiceArgs,
  type ServiceTargetHealthCheck,
} from "./service";
export { PACKAGE_NAME, componentType } from "./package";
export { AcsComponentProvider } from "./provider";
export { REAL_ARGS, type RealArgs, describeInputs } from "./descriptions";
export type { Widened } from "./widened";
