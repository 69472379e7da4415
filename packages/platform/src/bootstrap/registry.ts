import { lifecyclePolicy, policyDocument, Repository } from "@acs/ecs-platform";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { APP_REPOSITORY } from "../wiring/ecs";
import { WORKER_REPOSITORY } from "../wiring/worker-pool";
import { serviceTrustPolicy } from "@acs/iam-policy";

/** Every repository the environments run images from; the bootstrap creates them, no environment does. */
export const REPOSITORIES = [APP_REPOSITORY, WORKER_REPOSITORY] as const;

/** The prefix replicated to the environments' regions (and the creation template's prefix, without the slash). */
export const REPLICATED_PREFIX = "acs/";

export interface RegistryArgs {
  /** Account-level name prefix of the registry's resources (`bootstrap`). */
  readonly name: string;
  /** The registry's region (where images are pushed). */
  readonly provider: aws.Provider;
  readonly region: string;
  /** Providers of the other regions the environments run in: each gets the replicas and a creation template. */
  readonly replicaProviders: Readonly<Record<string, aws.Provider>>;
  readonly keepTaggedImages: number;
  readonly untaggedExpiryDays: number;
  /** Tags of the replica repositories (the creation template applies them, through its role). */
  readonly tags: Record<string, string>;
  /**
   * Adopt the registry that this environment's stack held (after `pulumi state move`): its
   * name, and its peer region (where its creation template was).
   */
  readonly movedFrom?: { readonly env: string; readonly peerRegion: string };
}

export interface Registry {
  readonly repositories: Record<string, Repository>;
  readonly replication?: aws.ecr.ReplicationConfiguration;
  /** Per replica region: how ECR creates the replica repositories. */
  readonly templates: Record<string, aws.ecr.RepositoryCreationTemplate>;
  /** The role ECR uses to create, tag and give a lifecycle policy to replica repositories. */
  readonly templateRole?: aws.iam.Role;
}

/**
 * The account's registry: the repositories every environment runs images from (scan on push,
 * immutable tags, encryption, lifecycle; protected), replicated to every other region an
 * environment runs in. ECR creates a replica repository on the first replicated push, from the
 * creation template of the destination region, so replicas get the same settings.
 *
 * A template that applies tags or a KMS key needs `customRoleArn`: a role ECR assumes
 * (trusted by ecr.amazonaws.com) that may create and tag repositories; without it ECR cannot
 * create the replicas and replication silently stops. See
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-create-iam.html
 * and https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-custom.html
 *
 * Replication copies only images pushed after the configuration exists; the README says how to
 * backfill older images.
 */
export function createRegistry(args: RegistryArgs): Registry {
  const { name, provider } = args;
  const opts = { provider };
  const moved = args.movedFrom?.env;
  const account = aws.getCallerIdentityOutput({}, opts).accountId;
  const partition = aws.getPartitionOutput({}, opts).partition;

  const repositories: Record<string, Repository> = {};
  for (const repo of REPOSITORIES) {
    const short = repo.slice(REPLICATED_PREFIX.length);
    // The names these had in the environment's stack (moved to the stack root by `pulumi state move`).
    const previous = moved
      ? short === "app"
        ? `${moved}-app`
        : `${moved}-hot-pool-${short}-images`
      : undefined;
    repositories[repo] = new Repository(
      `${name}-${short}`,
      {
        name: repo,
        keepTaggedImages: args.keepTaggedImages,
        untaggedExpiryDays: args.untaggedExpiryDays,
      },
      { ...opts, protect: true, aliases: previous ? [{ name: previous }] : undefined },
    );
  }

  const regions = Object.keys(args.replicaProviders).sort();
  if (regions.length === 0) return { repositories, templates: {} };

  const templateRole = new aws.iam.Role(
    `${name}-ecr-template`,
    {
      name: "acs-ecr-replica-creation",
      description:
        "ECR assumes it to create, tag and set lifecycle policies on replica repositories (creation templates)",
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ecr.amazonaws.com")),
    },
    opts,
  );
  new aws.iam.RolePolicy(
    `${name}-ecr-template`,
    {
      role: templateRole.name,
      policy: policyDocument(
        pulumi.all([partition, account]).apply(([p, a]) => [
          {
            Sid: "CreateReplicaRepositories",
            Effect: "Allow" as const,
            Action: [
              "ecr:CreateRepository",
              "ecr:ReplicateImage",
              "ecr:TagResource",
              "ecr:PutLifecyclePolicy",
            ],
            Resource: regions.map((r) => `arn:${p}:ecr:${r}:${a}:repository/${REPLICATED_PREFIX}*`),
          },
        ]),
      ),
    },
    opts,
  );

  const templates: Record<string, aws.ecr.RepositoryCreationTemplate> = {};
  for (const region of regions) {
    templates[region] = new aws.ecr.RepositoryCreationTemplate(
      `${name}-ecr-template-${region}`,
      {
        prefix: REPLICATED_PREFIX.replace(/\/$/, ""),
        description: `Replicas of the ${args.region} registry's ${REPLICATED_PREFIX}* repositories`,
        appliedFors: ["REPLICATION"],
        imageTagMutability: "IMMUTABLE",
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        lifecyclePolicy: lifecyclePolicy(args.keepTaggedImages, args.untaggedExpiryDays),
        resourceTags: args.tags,
        customRoleArn: templateRole.arn,
      },
      {
        provider: args.replicaProviders[region],
        aliases:
          moved && args.movedFrom?.peerRegion === region
            ? [{ name: `${moved}-ecr-replica-template` }]
            : undefined,
      },
    );
  }
  const replication = new aws.ecr.ReplicationConfiguration(
    `${name}-ecr-replication`,
    {
      replicationConfiguration: {
        rules: [
          {
            destinations: regions.map((region) => ({ region, registryId: account })),
            repositoryFilters: [{ filter: REPLICATED_PREFIX, filterType: "PREFIX_MATCH" }],
          },
        ],
      },
    },
    // Templates first, so the first replica already gets its settings.
    {
      ...opts,
      dependsOn: Object.values(templates),
      aliases: moved ? [{ name: `${moved}-ecr-replication` }] : undefined,
    },
  );
  return { repositories, replication, templates, templateRole };
}
