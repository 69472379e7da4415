import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { loadPlatformConfig, PlatformConfig } from "./config/load";
import { AlarmTopic } from "./components/alarm-topic";
import { defaultTags } from "./tags";

/** The providers of one environment; each tags every resource with the environment's tags. */
export interface Providers {
  /** The environment's own region (`aws:region`). */
  readonly primary: aws.Provider;
  /** The DR peer's region (`acs:peerRegion`). */
  readonly peer: aws.Provider;
  /** us-east-1: Route 53 health-check metrics and alarms live only there. */
  readonly usEast1: aws.Provider;
}

/** What every component's wiring receives: validated config, providers, tags, the alarm topic. */
export interface Environment {
  readonly cfg: PlatformConfig;
  readonly project: string;
  readonly tags: Record<string, string>;
  readonly providers: Providers;
  /** SNS topic that every alarm of the environment notifies. */
  readonly alertTopic: aws.sns.Topic;
}

function makeProviders(cfg: PlatformConfig, tags: Record<string, string>): Providers {
  const make = (region: string) => new aws.Provider(`aws-${region}`, { region, defaultTags: { tags } });
  const primary = make(cfg.region);
  const peer = make(cfg.peerRegion);
  const usEast1 =
    cfg.region === "us-east-1" ? primary : cfg.peerRegion === "us-east-1" ? peer : make("us-east-1");
  return { primary, peer, usEast1 };
}

/** Validates the config (before anything is created), then makes the providers and the alarm topic. */
export function createEnvironment(): Environment {
  const cfg = loadPlatformConfig();
  const project = pulumi.getProject();
  const tags = defaultTags(cfg, project);
  const providers = makeProviders(cfg, tags);
  const { topic: alertTopic } = new AlarmTopic(
    `${cfg.env}-alerts`,
    { emails: cfg.alertEmails, httpsEndpoints: cfg.alertHttpsEndpoints },
    { provider: providers.primary },
  );
  return { cfg, project, tags, providers, alertTopic };
}
