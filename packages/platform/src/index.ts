// The public API: the stacks' entry points, the environment stacks' outputs contract, the
// components the composition builds, and the config loaders with their types and error. The
// wiring, the config schemas and helpers, the catalogue and the bootstrap's builders are
// internal. index.test.ts pins the list.
export { platform } from "./platform";
export { bootstrap } from "./bootstrap/bootstrap";
export * from "./outputs";
export { AlarmTopic, type AlarmTopicArgs } from "./components/alarm-topic";
export { WorkerSecurityGroup, type WorkerSecurityGroupArgs } from "./components/worker-security-group";
export {
  loadPlatformConfig,
  type PlatformConfig,
  type PrimaryPlatformConfig,
  type SecondaryPlatformConfig,
} from "./config/load";
export { type BootstrapConfig, loadBootstrapConfig } from "./bootstrap/config";
export { ConfigError } from "./config/errors";
