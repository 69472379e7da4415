import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { loadCatalogue } from "../catalogue";
import { ConfigError } from "../config/errors";
import { loadBootstrapConfig } from "./config";
import { createCiAccess } from "./ci-roles";
import { createRegistry } from "./registry";

/**
 * What every environment of one AWS account shares, deployed once before any of them:
 * the registry (the environments' image repositories, replicated to every region an
 * environment runs in, with the creation templates and their role) and CI's access (GitHub's
 * OIDC provider, a preview and a deploy role per environment). The environments are read from
 * the repository's `stacks/<env>/Pulumi.<env>.yaml` files and checked together, so adding an
 * environment's config adds its replica region and its roles here on the next bootstrap `up`.
 */
export async function bootstrap(
  options: {
    /** The repository checkout whose stacks/ holds the environments. @default found above the project */
    readonly root?: string;
  } = {},
): Promise<Record<string, pulumi.Input<unknown>>> {
  const cfg = loadBootstrapConfig();
  const file = `Pulumi.${cfg.stack}.yaml`;
  const environments = loadCatalogue({ root: options.root });
  if (environments.length === 0) {
    throw new ConfigError(
      `${file}: no environment found: the bootstrap reads stacks/<env>/Pulumi.<env>.yaml (those setting acs:role); run it from the repository checkout`,
    );
  }
  const clash = environments.find((e) => e.env === cfg.stack);
  if (clash) {
    throw new ConfigError(
      `${clash.file}: the environment name is "${clash.env}", the bootstrap stack's: its resources are tagged Environment: ${cfg.stack}, which that environment's deploy role could change; rename the environment (acs:environment)`,
    );
  }
  const moved = cfg.movedFrom ? environments.find((e) => e.env === cfg.movedFrom) : undefined;
  if (cfg.movedFrom && !moved) {
    throw new ConfigError(
      `${file}: ${pulumi.getProject()}:movedFrom is "${cfg.movedFrom}", which is not an environment of this repository (${environments.map((e) => e.env).join(", ")}); name the stack that held the registry, or remove the key`,
    );
  }
  const name = cfg.stack;
  const tags = { Environment: name, Project: pulumi.getProject(), ManagedBy: "pulumi", Owner: cfg.owner };
  const provider = new aws.Provider(`aws-${cfg.region}`, { region: cfg.region, defaultTags: { tags } });
  const replicaRegions = [...new Set(environments.map((e) => e.region))]
    .filter((r) => r !== cfg.region)
    .sort();
  const replicaProviders = Object.fromEntries(
    replicaRegions.map((region) => [
      region,
      new aws.Provider(`aws-${region}`, { region, defaultTags: { tags } }),
    ]),
  );

  const registry = createRegistry({
    name,
    provider,
    region: cfg.region,
    replicaProviders,
    keepTaggedImages: cfg.images.keepTaggedImages,
    untaggedExpiryDays: cfg.images.untaggedExpiryDays,
    tags,
    movedFrom: moved ? { env: moved.env, peerRegion: moved.peerRegion } : undefined,
  });
  const ci = createCiAccess({ name, provider, github: cfg.github, environments });

  const account = aws.getCallerIdentityOutput({}, { provider }).accountId;
  return {
    region: cfg.region,
    replicaRegions,
    environments: environments.map((e) => e.env),
    // Where CI pushes images (`docker push <url>:<tag>`).
    repositoryUrls: Object.fromEntries(
      Object.entries(registry.repositories).map(([repo, r]) => [repo, r.repositoryUrl]),
    ),
    // Per environment region: the URL an environment's `acs:ecs.image` / `acs:workerPool.image` starts with.
    imageRepositoryUrls: Object.fromEntries(
      [...new Set(environments.map((e) => e.region))]
        .sort()
        .map((region) => [
          region,
          Object.fromEntries(
            Object.keys(registry.repositories).map((repo) => [
              repo,
              pulumi.interpolate`${account}.dkr.ecr.${region}.amazonaws.com/${repo}`,
            ]),
          ),
        ]),
    ),
    ecrTemplateRoleArn: registry.templateRole?.arn,
    githubOidcProviderArn: ci.oidcProvider.arn,
    // Per environment: the AWS_ROLE_ARN of its `<env>-preview` and `<env>` GitHub environments.
    ciRoleArns: Object.fromEntries(
      Object.entries(ci.roles).map(([env, r]) => [
        env,
        { preview: r.previewRole.arn, deploy: r.deployRole.arn },
      ]),
    ),
  };
}
