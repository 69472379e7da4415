// The package's API: the components, their args and output types, and their pure validators
// (with the limits and enums they check). Builders and check primitives stay internal.

export { type ServiceAlarmsArgs, validateServiceAlarmsArgs } from "./alarms";
export {
  type AutoscalingArgs,
  type ScheduledScaling,
  type StepAdjustment,
  type StepScalingArgs,
  type ServiceAutoscaling,
  validateAutoscalingArgs,
} from "./autoscaling";
export {
  Cluster,
  type CapacityProviderName,
  type CapacityProviderStrategyItem,
  type ClusterArgs,
  type ContainerInsights,
  validateCapacityProviderStrategy,
  validateClusterArgs,
} from "./cluster";
export {
  type ContainerArgs,
  type ContainerHealthCheck,
  type PortMapping,
  type SecretRef,
  SECRET_LOOKING_NAME,
  XRAY_DAEMON_ADDRESS,
  XRAY_DAEMON_IMAGE,
} from "./container-definition";
export {
  DEFAULT_BAKE_TIME_MINUTES,
  DEFAULT_SMOKE_BODY,
  DEFAULT_SMOKE_PATH,
  DEFAULT_TEST_HEADER,
  DEPLOYMENT_STRATEGIES,
  LIFECYCLE_STAGES,
  type DeploymentArgs,
  type DeploymentContext,
  type DeploymentStrategy,
  type DeploymentStrategyType,
  type LifecycleHook,
  type LifecycleStage,
  type SmokeTestArgs,
  type TestTrafficArgs,
  validateDeploymentArgs,
} from "./deployment";
export { type Ec2CapacityArgs, ecsOptimizedAmiParameter, validateEc2CapacityArgs } from "./ec2-capacity";
export { FARGATE_CPU_MEMORY, FARGATE_CPUS, isFargateSize, validateFargateSize } from "./fargate";
export { type Statement, policyDocument } from "./iam";
export { type SmokeHook } from "./lifecycle-hook";
export {
  LoadBalancer,
  REGIONS_WITHOUT_ELB_ACCOUNT,
  TLS12_OR_LATER_POLICY,
  TLS_POLICY,
  type AccessLogsArgs,
  type LoadBalancerArgs,
  type NetworkLoadBalancerArgs,
  validateLoadBalancerArgs,
} from "./load-balancer";
export {
  Repository,
  lifecyclePolicy,
  type ImageBuild,
  type RepositoryArgs,
  validateRepositoryArgs,
} from "./repository";
export {
  EC2_PLACEMENT,
  MAX_PLACEMENT_CONSTRAINTS,
  Service,
  memberOfProblem,
  type AlbAttachment,
  type NlbAttachment,
  type PlacementConstraint,
  type ServiceArgs,
  validateServiceArgs,
} from "./service";
export { type TargetHealthCheck } from "./target-group";
export {
  LOG_RETENTION_DAYS,
  logRetentionProblem,
  TaskDefinition,
  type Compatibility,
  type RuntimePlatform,
  type TaskDefinitionArgs,
  validateTaskDefinitionArgs,
} from "./task-definition";
export {
  EfsVolume,
  MAX_ENVIRONMENT_FILES,
  type EfsVolumeArgs,
  type MountPoint,
  type VolumeArgs,
  validateEfsVolumeArgs,
  validateEnvironmentFiles,
  validateMountPoints,
  validateVolumes,
} from "./volumes";
