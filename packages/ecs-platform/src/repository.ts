import * as aws from "@pulumi/aws";
import type * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { checkInt, fail, isKnown, who } from "./checks";

export interface ImageBuild {
  /** Docker build context directory. */
  readonly context: string;
  /** Dockerfile path. @default "<context>/Dockerfile" */
  readonly dockerfile?: string;
  /** Target platform. @default "linux/amd64" */
  readonly platform?: string;
}

export interface RepositoryArgs {
  /** Repository name (lower-case, may contain `/`). @default - an auto-name from the component name */
  readonly name?: pulumi.Input<string>;
  /** How many tagged images the lifecycle policy keeps (the newest). @default 30 */
  readonly keepTaggedImages?: number;
  /** Days after which untagged images expire. @default 7 */
  readonly untaggedExpiryDays?: number;
  /** Customer-managed KMS key for the images. @default - AES256 (ECR-managed key) */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Delete the repository even when it still holds images (for ephemeral environments). @default false */
  readonly forceDelete?: boolean;
  /** Build and push an image from a Dockerfile with `awsx.ecr.Image`. @default - no build */
  readonly build?: ImageBuild;
  /** Tags for every child. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * `@pulumi/awsx`, loaded only when an image build is asked for. Importing it at the top would
 * load awsx's SDK (and the Docker SDKs it imports) into every program that uses this package,
 * and a program that never registers an awsx resource never needs the awsx provider (nor
 * Docker) at `pulumi up`: the engine starts a provider plugin only for the packages whose
 * resources are registered. https://www.pulumi.com/docs/iac/concepts/plugins/
 */
function loadAwsx(): typeof awsx {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@pulumi/awsx");
}

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Throws on invalid args, before any resource exists. Pure; exported for tests. */
export function validateRepositoryArgs(name: string, args: RepositoryArgs): void {
  const p = who("Repository", name);
  if (
    isKnown(args.name) &&
    (args.name.length < 2 || args.name.length > 256 || !REPOSITORY_NAME.test(args.name))
  ) {
    fail(
      p,
      `\`name\` is "${args.name}"; use 2–256 lower-case letters, digits, ".", "_", "-" and "/" (e.g. "acs/app")`,
    );
  }
  checkInt(
    p,
    "keepTaggedImages",
    args.keepTaggedImages,
    1,
    10000,
    "keep at least 1 and at most 10000 tagged images",
  );
  checkInt(
    p,
    "untaggedExpiryDays",
    args.untaggedExpiryDays,
    1,
    3650,
    "use a whole number of days from 1 to 3650",
  );
  if (args.build && !args.build.context) fail(p, "`build.context` is empty; name the directory to build");
}

/** The ECR lifecycle policy: expire untagged images after D days, keep the newest N tagged ones. */
export function lifecyclePolicy(keepTaggedImages: number, untaggedExpiryDays: number): string {
  return JSON.stringify(
    {
      rules: [
        {
          rulePriority: 1,
          description: `Expire untagged images after ${untaggedExpiryDays} days`,
          selection: {
            tagStatus: "untagged",
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: untaggedExpiryDays,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: `Keep the last ${keepTaggedImages} tagged images`,
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["*"],
            countType: "imageCountMoreThan",
            countNumber: keepTaggedImages,
          },
          action: { type: "expire" },
        },
      ],
    },
    null,
    2,
  );
}

/** An ECR repository: scan on push, immutable tags, encryption, lifecycle; optionally builds and pushes an image. */
export class Repository extends pulumi.ComponentResource {
  /** The ECR repository. */
  public readonly repository: aws.ecr.Repository;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  public readonly repositoryUrl: pulumi.Output<string>;
  /** Repository ARN (for pull/push grants). */
  public readonly arn: pulumi.Output<string>;
  /** The lifecycle policy. */
  public readonly lifecyclePolicy: aws.ecr.LifecyclePolicy;
  /** The built image, when `build` is set. */
  public readonly image?: awsx.ecr.Image;
  /** The pushed image's URI (by digest), when `build` is set. */
  public readonly imageUri?: pulumi.Output<string>;

  constructor(name: string, args: RepositoryArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("acs:ecs-platform:Repository", name, {}, opts);
    validateRepositoryArgs(name, args);

    this.repository = new aws.ecr.Repository(
      `${name}-repo`,
      {
        name: args.name,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [
          args.kmsKeyArn ? { encryptionType: "KMS", kmsKey: args.kmsKeyArn } : { encryptionType: "AES256" },
        ],
        forceDelete: args.forceDelete ?? false,
        tags: args.tags,
      },
      { parent: this },
    );
    this.lifecyclePolicy = new aws.ecr.LifecyclePolicy(
      `${name}-lifecycle`,
      {
        repository: this.repository.name,
        policy: lifecyclePolicy(args.keepTaggedImages ?? 30, args.untaggedExpiryDays ?? 7),
      },
      { parent: this },
    );
    this.repositoryUrl = this.repository.repositoryUrl;
    this.arn = this.repository.arn;

    if (args.build) {
      this.image = new (loadAwsx().ecr.Image)(
        `${name}-image`,
        {
          repositoryUrl: this.repositoryUrl,
          context: args.build.context,
          dockerfile: args.build.dockerfile,
          platform: args.build.platform ?? "linux/amd64",
        },
        { parent: this },
      );
      this.imageUri = this.image.imageUri;
    }

    this.registerOutputs({ repositoryUrl: this.repositoryUrl, arn: this.arn, imageUri: this.imageUri });
  }
}
