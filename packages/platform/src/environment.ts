import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { loadPlatformConfig, PlatformConfig } from "./config/load";
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

/**
 * An SNS topic that CloudWatch alarms can publish to, encrypted at rest. The AWS-managed
 * `alias/aws/sns` key cannot be used: its policy does not let CloudWatch encrypt, so alarm
 * notifications would be dropped. A customer-managed key (rotated yearly) grants CloudWatch
 * just GenerateDataKey and Decrypt, for alarms of this account.
 */
export function createAlarmTopic(
  name: string,
  cfg: PlatformConfig,
  provider: aws.Provider,
): { topic: aws.sns.Topic; key: aws.kms.Key } {
  const opts = { provider };
  const account = aws.getCallerIdentityOutput({}, opts).accountId;
  const partition = aws.getPartitionOutput({}, opts).partition;
  const key = new aws.kms.Key(
    `${name}-key`,
    {
      description: `Encrypts the ${name} alarm topic`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountAdministersKey",
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${account}:root` },
            Action: "kms:*",
            Resource: "*",
          },
          {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": account } },
          },
        ],
      }),
    },
    opts,
  );
  const topic = new aws.sns.Topic(`${name}`, { name: `acs-${name}`, kmsMasterKeyId: key.arn }, opts);
  // E-mail and HTTPS subscriptions stay pending until confirmed (the README's first-deploy
  // checks); an unconfirmed one receives nothing.
  // https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html
  cfg.alertEmails.forEach(
    (email, i) =>
      new aws.sns.TopicSubscription(
        `${name}-email-${i}`,
        { topic: topic.arn, protocol: "email", endpoint: email },
        opts,
      ),
  );
  cfg.alertHttpsEndpoints.forEach(
    (url, i) =>
      new aws.sns.TopicSubscription(
        `${name}-https-${i}`,
        { topic: topic.arn, protocol: "https", endpoint: url },
        opts,
      ),
  );
  return { topic, key };
}

/** Validates the config (before anything is created), then makes the providers and the alarm topic. */
export function createEnvironment(): Environment {
  const cfg = loadPlatformConfig();
  const project = pulumi.getProject();
  const tags = defaultTags(cfg, project);
  const providers = makeProviders(cfg, tags);
  const { topic: alertTopic } = createAlarmTopic(`${cfg.env}-alerts`, cfg, providers.primary);
  return { cfg, project, tags, providers, alertTopic };
}
