import { PlatformConfig } from "./config/load";

/** The tags every resource of the environment carries (through the provider's defaultTags). */
export function defaultTags(cfg: PlatformConfig, project: string): Record<string, string> {
  return {
    Environment: cfg.env,
    Project: project,
    ManagedBy: "pulumi",
    Owner: cfg.owner,
  };
}
