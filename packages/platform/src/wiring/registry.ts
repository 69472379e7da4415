import * as aws from "@pulumi/aws";
import { Environment } from "../environment";

/** Repositories whose images the peer region must hold: the application's and the worker's. */
export const REPLICATED_PREFIX = "acs/";

/**
 * The primary's ECR registry replicates every `acs/*` repository to the peer region, so the DR
 * environment runs images from its own region and survives the loss of the primary's. A
 * registry has one replication configuration: the primary stack owns it. Nothing in the
 * secondary.
 */
export function wireImageReplication(env: Environment): aws.ecr.ReplicationConfiguration | undefined {
  const { cfg, providers } = env;
  if (cfg.role !== "primary") return undefined;
  const opts = { provider: providers.primary };
  const account = aws.getCallerIdentityOutput({}, opts).accountId;
  return new aws.ecr.ReplicationConfiguration(
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
    opts,
  );
}
