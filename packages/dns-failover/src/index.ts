// The package's API: the components, their args and output types, and their pure validators
// (with the limits and enums they check). Name helpers and builders stay internal.
export { Certificate, type CertificateArgs, certificateNames, validateCertificateArgs } from "./certificate";
export {
  DEFAULT_NS_TTL,
  DelegatedZone,
  type DelegatedZoneArgs,
  validateDelegatedZoneArgs,
} from "./delegated-zone";
export {
  type AliasTarget,
  Failover,
  type FailoverArgs,
  type FailoverTarget,
  MAX_FAILOVER_TTL,
  validateFailoverArgs,
} from "./failover";
export {
  HEALTH_CHECK_METRICS_REGION,
  HealthCheckAlarm,
  type HealthCheckAlarmArgs,
  validateHealthCheckAlarmArgs,
} from "./health-check-alarm";
export { CHECKER_REGIONS, type HealthCheckSpec, validateHealthCheckSpec } from "./health-check";
export {
  LoadBalancerAlias,
  type LoadBalancerAliasArgs,
  validateLoadBalancerAliasArgs,
} from "./load-balancer-alias";
export {
  checkFailoverMode,
  type FailoverAnswer,
  type FailoverMode,
  resolveFailover,
} from "./resolve-failover";
