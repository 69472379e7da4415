import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkInt, fail, isKnown, who } from "./checks";

/**
 * Task volumes. Fargate offers bind mounts (space from the task's ephemeral storage, gone when
 * the task stops) and EFS (shared, persistent). EFS volumes always use the access point, TLS in
 * transit and IAM authorization: the task role is granted the mount on that access point only.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html
 */
export type VolumeArgs =
  | {
      /** Volume name, referenced by containers' `mountPoints[].sourceVolume`. */
      readonly name: string;
      /** Scratch space shared by the task's containers, from its ephemeral storage. */
      readonly type: "bind";
    }
  | {
      readonly name: string;
      readonly type: "efs";
      /** The file system and access point (an {@link EfsVolume}). */
      readonly efs: EfsVolume;
      /** Mount read-only: the task role gets `ClientMount` only, no `ClientWrite`. @default false */
      readonly readOnly?: boolean;
    };

/** A container's mount of a task volume. */
export interface MountPoint {
  /** A `volumes[].name` of the task definition. */
  readonly sourceVolume: string;
  /** Absolute path inside the container. */
  readonly containerPath: string;
  /** @default false */
  readonly readOnly?: boolean;
}

const VOLUME_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** Throws on invalid `volumes` / `ephemeralStorageGiB`. Pure; exported for tests. */
export function validateVolumes(
  p: string,
  volumes: readonly VolumeArgs[] | undefined,
  ephemeralStorageGiB: number | undefined,
): void {
  // Fargate's task ephemeral storage: 21–200 GiB (20 GiB when unset).
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html
  checkInt(
    p,
    "ephemeralStorageGiB",
    ephemeralStorageGiB,
    21,
    200,
    "use whole GiB from 21 to 200 (Fargate's range)",
  );
  const names = new Set<string>();
  (volumes ?? []).forEach((v, i) => {
    const at = `volumes[${i}]`;
    if (!VOLUME_NAME.test(v.name ?? ""))
      fail(p, `\`${at}.name\` is ${JSON.stringify(v.name)}; use 1–255 letters, digits, "_" and "-"`);
    if (names.has(v.name)) fail(p, `\`${at}.name\` is "${v.name}", used twice; name each volume once`);
    names.add(v.name);
    switch (v.type) {
      case "bind":
        break;
      case "efs":
        if (!(v.efs instanceof EfsVolume))
          fail(p, `\`${at}.efs\` is not an EfsVolume; create one with new EfsVolume(…) and pass it`);
        break;
      default:
        fail(p, `\`${at}.type\` is ${JSON.stringify((v as { type: unknown }).type)}; use "bind" or "efs"`);
    }
  });
}

/** Throws on a container's mount points that name no volume, use a relative path or repeat one. */
export function validateMountPoints(
  p: string,
  at: string,
  mounts: readonly MountPoint[] | undefined,
  volumeNames: ReadonlySet<string>,
): void {
  const paths = new Set<string>();
  (mounts ?? []).forEach((m, j) => {
    const here = `${at}.mountPoints[${j}]`;
    if (!volumeNames.has(m.sourceVolume))
      fail(
        p,
        `\`${here}.sourceVolume\` is ${JSON.stringify(m.sourceVolume)}, which is not a volume of the task definition; ${
          volumeNames.size ? `use one of ${[...volumeNames].join(", ")}` : "declare it in `volumes` first"
        }`,
      );
    if (typeof m.containerPath !== "string" || !m.containerPath.startsWith("/"))
      fail(
        p,
        `\`${here}.containerPath\` is ${JSON.stringify(m.containerPath)}; use an absolute path such as /data`,
      );
    if (paths.has(m.containerPath))
      fail(p, `\`${here}.containerPath\` is "${m.containerPath}", mounted twice; mount each path once`);
    paths.add(m.containerPath);
  });
}

/** `arn:aws:s3:::<bucket>/<key>.env` — the object form ECS's `environmentFiles` takes. */
const ENV_FILE_ARN = /^arn:(aws[a-z-]*):s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+\.env)$/;

/** Most environment files ECS reads for one task definition. */
export const MAX_ENVIRONMENT_FILES = 10;

/**
 * Throws unless every environment file is an S3 object ARN ending in `.env`, at most ten per
 * task definition. https://docs.aws.amazon.com/AmazonECS/latest/developerguide/use-environment-file.html
 */
export function validateEnvironmentFiles(
  p: string,
  files: readonly { at: string; arn: pulumi.Input<string> }[],
): void {
  if (files.length > MAX_ENVIRONMENT_FILES)
    fail(
      p,
      `the containers list ${files.length} environment files; ECS reads at most ${MAX_ENVIRONMENT_FILES} per task definition, so merge some`,
    );
  for (const f of files) {
    if (isKnown(f.arn) && !ENV_FILE_ARN.test(f.arn))
      fail(
        p,
        `\`${f.at}\` is "${f.arn}"; use the ARN of an S3 object with the .env extension, e.g. arn:aws:s3:::acs-config/app/dev.env`,
      );
  }
}

/** The bucket ARN of an environment file's object ARN. */
export function bucketArnOf(objectArn: string): string {
  const m = ENV_FILE_ARN.exec(objectArn);
  return m ? `arn:${m[1]}:s3:::${m[2]}` : objectArn.replace(/\/.*$/, "");
}

export interface EfsVolumeArgs {
  /** VPC of the mount targets (the network's VPC). */
  readonly vpcId: pulumi.Input<string>;
  /** One subnet per AZ for the mount targets: the network's isolated (data) subnets, or private ones. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Tier of `subnetIds`; EFS never goes in public subnets. @default "isolated" */
  readonly subnetTier?: "isolated" | "private";
  /** Security groups of the tasks that mount it (the app security group): the only NFS clients admitted. */
  readonly clientSecurityGroupIds: pulumi.Input<string>[];
  /** The access point's root directory (created on first mount). @default "/data" */
  readonly path?: string;
  /** POSIX uid/gid every access through the access point uses. @default { uid: 1000, gid: 1000 } */
  readonly posixUser?: { readonly uid: number; readonly gid: number };
  /** KMS key encrypting the file system. @default - the AWS managed key for EFS */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** AWS Backup's daily backups of the file system. @default true */
  readonly backups?: boolean;
  /** Tags for every child. @default {} */
  readonly tags?: Record<string, string>;
}

/** The args with their documented defaults: the one place they are applied. */
export function resolveEfsVolumeArgs(
  args: EfsVolumeArgs,
): EfsVolumeArgs & Required<Pick<EfsVolumeArgs, "subnetTier" | "path" | "posixUser">> {
  return {
    ...args,
    subnetTier: args.subnetTier ?? "isolated",
    path: args.path ?? "/data",
    posixUser: args.posixUser ?? { uid: 1000, gid: 1000 },
  };
}

/** Throws on invalid args (after the defaults step), before any resource exists. Pure. */
export function validateEfsVolumeArgs(name: string, given: EfsVolumeArgs): void {
  const p = who("EfsVolume", name);
  const args = resolveEfsVolumeArgs(given);
  if (args.subnetIds.length === 0)
    fail(p, "`subnetIds` is empty; give the network's isolated subnets, one per AZ");
  if (args.clientSecurityGroupIds.length === 0)
    fail(p, "`clientSecurityGroupIds` is empty; give the security group of the tasks that mount it");
  const tier = args.subnetTier;
  switch (tier) {
    case "isolated":
    case "private":
      break;
    default:
      fail(
        p,
        `\`subnetTier\` is ${JSON.stringify(tier)}; EFS mount targets go in the isolated or private subnets, never public ones: use "isolated" or "private"`,
      );
  }
  const path = args.path;
  if (!path.startsWith("/") || path === "/")
    fail(p, `\`path\` is ${JSON.stringify(path)}; use an absolute directory below the root, e.g. /data`);
  checkInt(p, "posixUser.uid", args.posixUser.uid, 0, 4294967295);
  checkInt(p, "posixUser.gid", args.posixUser.gid, 0, 4294967295);
}

/**
 * An encrypted EFS file system for task volumes: mount targets in the isolated (or private)
 * subnets behind a security group that admits NFS (2049/tcp) from the tasks' security groups
 * only, one access point (fixed POSIX user, its own root directory), a file system policy that
 * refuses unencrypted connections, and daily backups.
 */
export class EfsVolume extends pulumi.ComponentResource {
  public readonly fileSystem: aws.efs.FileSystem;
  public readonly accessPoint: aws.efs.AccessPoint;
  public readonly securityGroup: aws.ec2.SecurityGroup;
  public readonly mountTargets: aws.efs.MountTarget[];
  /** The file system ARN (what the task role's grant names). */
  public readonly fileSystemArn: pulumi.Output<string>;
  public readonly fileSystemId: pulumi.Output<string>;
  public readonly accessPointArn: pulumi.Output<string>;
  public readonly accessPointId: pulumi.Output<string>;

  constructor(name: string, given: EfsVolumeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("acs:ecs-platform:EfsVolume", name, {}, opts);
    validateEfsVolumeArgs(name, given);
    const args = resolveEfsVolumeArgs(given);
    const tags = args.tags ?? {};
    this.fileSystem = new aws.efs.FileSystem(
      `${name}-fs`,
      {
        encrypted: true,
        kmsKeyId: args.kmsKeyArn,
        performanceMode: "generalPurpose",
        throughputMode: "elastic",
        lifecyclePolicies: [{ transitionToIa: "AFTER_30_DAYS" }],
        tags: { Name: name, ...tags },
      },
      { parent: this },
    );
    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: `EFS ${name}: NFS from the tasks that mount it, nothing else`,
        tags: { Name: `${name}-efs`, ...tags },
      },
      { parent: this },
    );
    args.clientSecurityGroupIds.forEach(
      (sg, i) =>
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-nfs-${i}`,
          {
            securityGroupId: this.securityGroup.id,
            referencedSecurityGroupId: sg,
            ipProtocol: "tcp",
            fromPort: 2049,
            toPort: 2049,
            description: "NFS from the tasks",
            tags,
          },
          { parent: this },
        ),
    );
    this.mountTargets = args.subnetIds.map(
      (subnetId, i) =>
        new aws.efs.MountTarget(
          `${name}-mt-${i}`,
          { fileSystemId: this.fileSystem.id, subnetId, securityGroups: [this.securityGroup.id] },
          { parent: this },
        ),
    );
    const user = args.posixUser;
    this.accessPoint = new aws.efs.AccessPoint(
      `${name}-ap`,
      {
        fileSystemId: this.fileSystem.id,
        posixUser: { uid: user.uid, gid: user.gid },
        rootDirectory: {
          path: args.path,
          creationInfo: { ownerUid: user.uid, ownerGid: user.gid, permissions: "750" },
        },
        tags: { Name: name, ...tags },
      },
      { parent: this },
    );
    // Refuse connections without TLS, whoever asks: IAM authorization needs TLS anyway.
    new aws.efs.FileSystemPolicy(
      `${name}-policy`,
      {
        fileSystemId: this.fileSystem.id,
        policy: this.fileSystem.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "DenyUnencryptedTransport",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: "*",
                Resource: arn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
              },
            ],
          }),
        ),
      },
      { parent: this },
    );
    if (args.backups ?? true)
      new aws.efs.BackupPolicy(
        `${name}-backup`,
        { fileSystemId: this.fileSystem.id, backupPolicy: { status: "ENABLED" } },
        { parent: this },
      );
    this.fileSystemArn = this.fileSystem.arn;
    this.fileSystemId = this.fileSystem.id;
    this.accessPointArn = this.accessPoint.arn;
    this.accessPointId = this.accessPoint.id;
    this.registerOutputs({ fileSystemId: this.fileSystemId, accessPointId: this.accessPointId });
  }
}

/** `volumes` as the task definition's volume blocks. */
export function taskVolumes(volumes: readonly VolumeArgs[]): aws.types.input.ecs.TaskDefinitionVolume[] {
  return volumes.map((v) =>
    v.type === "efs"
      ? {
          name: v.name,
          efsVolumeConfiguration: {
            fileSystemId: v.efs.fileSystemId,
            transitEncryption: "ENABLED",
            authorizationConfig: { accessPointId: v.efs.accessPointId, iam: "ENABLED" },
          },
        }
      : { name: v.name },
  );
}

/**
 * The task role's grants for its EFS volumes: mount (and write, unless read-only) on each file
 * system, and only through its access point.
 */
export function efsStatements(volumes: readonly VolumeArgs[]): pulumi.Output<object[]> {
  const efs = volumes.filter((v): v is Extract<VolumeArgs, { type: "efs" }> => v.type === "efs");
  return pulumi.all(
    efs.map((v, i) =>
      pulumi.all([v.efs.fileSystemArn, v.efs.accessPointArn]).apply(([fs, ap]) => ({
        Sid: `Efs${i}`,
        Effect: "Allow",
        Action: v.readOnly
          ? ["elasticfilesystem:ClientMount"]
          : ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        Resource: fs,
        Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": ap } },
      })),
    ),
  );
}
