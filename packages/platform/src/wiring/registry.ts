import { lifecyclePolicy } from "@acs/ecs-platform";
import * as aws from "@pulumi/aws";
import { Environment } from "../environment";

/** Repositories whose images the peer region must hold: the application's and the worker's. */
export const REPLICATED_PREFIX = "acs/";

export interface ImageReplication {
  /** In the primary's region: every `acs/*` repository replicates to the peer region. */
  readonly replication: aws.ecr.ReplicationConfiguration;
  /** In the peer region: how ECR creates the replica repositories (immutable tags, encryption, lifecycle). */
  readonly replicaTemplate: aws.ecr.RepositoryCreationTemplate;
}

/**
 * The primary's ECR registry replicates every `acs/*` repository to the peer region, so the DR
 * environment runs images from its own region and survives the loss of the primary's. ECR
 * creates the replica repositories on the first replicated push, from a creation template
 * that gives them the same settings as the primary's; the secondary therefore creates no
 * `acs/*` repository of its own (it would collide with a replica). A registry has one
 * replication configuration: the primary stack owns it and the template. Nothing in the
 * secondary.
 */
export function wireImageReplication(env: Environment): ImageReplication | undefined {
  const { cfg, providers } = env;
  if (cfg.role !== "primary") return undefined;
  const opts = { provider: providers.primary };
  const account = aws.getCallerIdentityOutput({}, opts).accountId;
  // Before the replication starts, so the first replica repository already gets its settings.
  const replicaTemplate = new aws.ecr.RepositoryCreationTemplate(
    `${cfg.env}-ecr-replica-template`,
    {
      prefix: REPLICATED_PREFIX.replace(/\/$/, ""),
      description: `Repositories replicated from ${cfg.region} (the ${cfg.env} environment)`,
      appliedFors: ["REPLICATION"],
      imageTagMutability: "IMMUTABLE",
      encryptionConfigurations: [{ encryptionType: "AES256" }],
      lifecyclePolicy: lifecyclePolicy(30, 7),
      resourceTags: env.tags,
    },
    { provider: providers.peer },
  );
  const replication = new aws.ecr.ReplicationConfiguration(
    `${cfg.env}-ecr-replication`,
    {
      replicationConfiguration: {
        rules: [
          {
            destinations: [{ region: cfg.peerRegion, registryId: account }],
            repositoryFilters: [{ filter: REPLICATED_PREFIX, filterType: "PREFIX_MATCH" }],
          },
        ],
      },
    },
    { ...opts, dependsOn: [replicaTemplate] },
  );
  return { replication, replicaTemplate };
}

/** The URL of an `acs/*` repository in this environment's region (its own, or the replica). */
export function repositoryUrlIn(env: Environment, name: string) {
  const account = aws.getCallerIdentityOutput({}, { provider: env.providers.primary }).accountId;
  return account.apply((a) => `${a}.dkr.ecr.${env.cfg.region}.amazonaws.com/${name}`);
}
