import { z } from "zod";
import { ConfigError } from "./errors";

/**
 * `acs:alertHttpsEndpoints` — HTTPS endpoints subscribed to the environment's alarm topics: a
 * pager (PagerDuty, Opsgenie) or a chat integration's SNS endpoint. SNS posts a
 * SubscriptionConfirmation first; the endpoint (or its owner) must confirm it.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-http-https-endpoint-as-subscriber.html
 */
export const alertHttpsEndpointsSchema = z
  .array(z.url({ protocol: /^https$/, error: "use an https:// URL (SNS signs and posts alarms to it)" }), {
    error: () => "use a list of https:// URLs",
  })
  .default([]);

/**
 * Outside ephemeral environments every alarm must reach someone: publishing to a topic with no
 * subscriber succeeds, so the alarm history looks healthy while nobody is told. Throws a
 * ConfigError naming the keys when neither an e-mail address nor an HTTPS endpoint is set.
 */
export function checkAlertSubscribers(
  cfg: {
    readonly ephemeral: boolean;
    readonly alertEmails: readonly string[];
    readonly alertHttpsEndpoints: readonly string[];
  },
  file: string,
  namespace = "acs",
): void {
  if (cfg.ephemeral || cfg.alertEmails.length + cfg.alertHttpsEndpoints.length > 0) return;
  throw new ConfigError(
    `${file}: ${namespace}:alertEmails and ${namespace}:alertHttpsEndpoints are both empty, so every alarm would notify a topic nobody subscribes to; ` +
      `add an address (e.g. \`pulumi config set --path '${namespace}:alertEmails[0]' oncall@example.com\`) or an HTTPS endpoint (pager or chat integration), or set ${namespace}:ephemeral: true`,
  );
}
