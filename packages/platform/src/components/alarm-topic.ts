import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { keyPolicy } from "@acs/iam-policy";

export interface AlarmTopicArgs {
  /** E-mail addresses subscribed to the topic (each must confirm its subscription). */
  readonly emails: readonly string[];
  /** HTTPS endpoints (pager, chat integration) subscribed to the topic. */
  readonly httpsEndpoints: readonly string[];
}

/**
 * An SNS topic that CloudWatch alarms can publish to, encrypted at rest. The AWS-managed
 * `alias/aws/sns` key cannot be used: its policy does not let CloudWatch encrypt, so alarm
 * notifications would be dropped. A customer-managed key (rotated yearly) grants CloudWatch
 * just GenerateDataKey and Decrypt, for alarms of this account.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
export class AlarmTopic extends pulumi.ComponentResource {
  /** The topic every alarm notifies (`acs-<name>`). */
  public readonly topic: aws.sns.Topic;
  /** The customer-managed key that encrypts it. */
  public readonly key: aws.kms.Key;

  constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("acs:platform:AlarmTopic", name, {}, opts);
    // The children were created at the stack's root before this component existed: the alias
    // (read here, once the stack resource exists) keeps their history, so the move replaces nothing.
    // https://www.pulumi.com/docs/iac/concepts/options/aliases/ ("To specify no original
    // parent, use `{ parent: pulumi.rootStackResource }`")
    const child = { parent: this, aliases: [{ parent: pulumi.rootStackResource }] };
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    this.key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Encrypts the ${name} alarm topic`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.all([account, partition]).apply(([account, partition]) =>
          JSON.stringify(
            keyPolicy({
              account,
              partition,
              serviceGrants: [
                {
                  sid: "CloudWatchAlarmsPublish",
                  service: "cloudwatch.amazonaws.com",
                  actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
                  condition: { StringEquals: { "aws:SourceAccount": account } },
                },
              ],
            }),
          ),
        ),
      },
      child,
    );
    this.topic = new aws.sns.Topic(name, { name: `acs-${name}`, kmsMasterKeyId: this.key.arn }, child);
    // E-mail and HTTPS subscriptions stay pending until confirmed (the README's first-deploy
    // checks); an unconfirmed one receives nothing.
    // https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html
    args.emails.forEach(
      (email, i) =>
        new aws.sns.TopicSubscription(
          `${name}-email-${i}`,
          { topic: this.topic.arn, protocol: "email", endpoint: email },
          child,
        ),
    );
    args.httpsEndpoints.forEach(
      (url, i) =>
        new aws.sns.TopicSubscription(
          `${name}-https-${i}`,
          { topic: this.topic.arn, protocol: "https", endpoint: url },
          child,
        ),
    );
    this.registerOutputs({ topicArn: this.topic.arn });
  }
}
