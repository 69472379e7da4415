import * as pulumi from "@pulumi/pulumi";
import { createEnvironment } from "./environment";

/**
 * The whole environment: every component wired from the stack's config, in dependency
 * order. Each component's wiring lives in src/wiring/<component>.ts. Stacks call this from
 * their entry point; its result is the stack outputs.
 */
export async function platform(): Promise<Record<string, pulumi.Input<unknown>>> {
  const env = createEnvironment();
  const { cfg } = env;

  return {
    environment: cfg.env,
    role: cfg.role,
    region: cfg.region,
    peerRegion: cfg.peerRegion,
    alertTopicArn: env.alertTopic.arn,
  };
}
