import { z } from "zod";
import { validateRepositoryArgs } from "@acs/ecs-platform";
import { ConfigError, describeIssues } from "../config/errors";
import { readStackConfig } from "../config/load";
import { AwsRegion, AWS_REGIONS, configRegion } from "../config/regions";

const githubName = (what: string, example: string) =>
  z
    .string({ error: () => `name the GitHub ${what}, e.g. ${example}` })
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})$/, {
      error: `use the GitHub ${what} as it appears in the repository URL, e.g. ${example}`,
    });

/**
 * The bootstrap stack's config (`Pulumi.bootstrap.yaml`): what the account shares between its
 * environments. The environments themselves are not listed here: they are read from the
 * repository's `stacks/<env>/Pulumi.<env>.yaml` files (one home for each environment's region).
 */
export const bootstrapConfigSchema = z
  .object({
    /** The owning team (the Owner tag). */
    owner: z.string().min(1, { error: "name the owning team, e.g. platform-team" }),
    /** The repository whose workflows may assume the CI roles. */
    github: z
      .object(
        {
          /** The GitHub organisation or user, e.g. acme. */
          owner: githubName("organisation", "acme"),
          /** The repository name, e.g. acs-platform. */
          repository: githubName("repository", "acs-platform"),
        },
        {
          error: () =>
            "name the repository whose workflows deploy, e.g. { owner: acme, repository: acs-platform }",
        },
      )
      .strict(),
    /** The registry's lifecycle (ranges checked by @acs/ecs-platform's Repository). */
    images: z
      .object({
        /** Tagged images kept (the newest). @default 30 */
        keepTaggedImages: z.number({ error: () => "use a whole number, e.g. 30" }).default(30),
        /** Days before untagged images expire. @default 7 */
        untaggedExpiryDays: z.number({ error: () => "use a whole number of days, e.g. 7" }).default(7),
      })
      .strict()
      .default({ keepTaggedImages: 30, untaggedExpiryDays: 7 }),
    /**
     * The environment whose stack held the registry before the bootstrap existed (e.g. `dev`):
     * its repositories, replication configuration and creation template are adopted after
     * `pulumi state move` (README, "Moving the registry out of dev"). @default none
     */
    movedFrom: z
      .string()
      .regex(/^[a-z][a-z0-9]{1,11}$/, { error: "use the environment name, e.g. dev" })
      .optional(),
  })
  .strict();

export type BootstrapConfig = z.output<typeof bootstrapConfigSchema> & {
  /** `aws:region`: where the images are pushed (the replication source). */
  readonly region: AwsRegion;
  readonly stack: string;
};

/** Reads and validates the bootstrap stack's config; throws a one-line ConfigError naming the file and key. */
export function loadBootstrapConfig(): BootstrapConfig {
  const { project, stack, file, all, input } = readStackConfig();
  const region = configRegion(
    all,
    file,
    `set it to the region images are pushed to, one of ${AWS_REGIONS.slice(0, 4).join(", ")}, …`,
  );
  if (input.role !== undefined) {
    throw new ConfigError(
      `${file}: ${project}:role is set: the bootstrap stack is not an environment; remove it (environments live in their own stacks)`,
    );
  }
  const parsed = bootstrapConfigSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(`${file}: ${describeIssues(parsed.error, input, project)}`);
  try {
    validateRepositoryArgs("images", parsed.data.images);
  } catch (err) {
    // "ecs-platform Repository "images": `keepTaggedImages` is 0; …" → the config key.
    const detail = (err as Error).message.replace(/^[^:]*: `(\w+)`/, `${project}:images.$1`);
    throw new ConfigError(`${file}: ${detail}`);
  }
  return { ...parsed.data, region, stack };
}
