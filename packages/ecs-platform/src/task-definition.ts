import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LOG_RETENTION_DAYS, logRetentionProblem } from "@acs/network";
import { checkInt, checkPort, fail, isKnown, oneOf, who } from "./checks";
import { validateFargateSize } from "./fargate";
import { ecsTasksAssumeRolePolicy, isWildcardGrant, policyDocument, Statement } from "./iam";
import {
  bucketArnOf,
  efsStatements,
  MountPoint,
  taskVolumes,
  validateEnvironmentFiles,
  validateMountPoints,
  validateVolumes,
  VolumeArgs,
} from "./volumes";

/** A secret injected into a container by reference: ECS reads it at start, it never appears in the task definition. */
export interface SecretRef {
  /** Environment variable name inside the container. */
  readonly name: string;
  /**
   * ARN of an SSM parameter (`arn:aws:ssm:<region>:<account>:parameter/<name>`) or of a Secrets
   * Manager secret, optionally with `:<json-key>:<version-stage>:<version-id>`.
   */
  readonly valueFrom: pulumi.Input<string>;
}

/** Container health check (Docker HEALTHCHECK semantics). */
export interface ContainerHealthCheck {
  /** `["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]` or `["CMD", …]`. */
  readonly command: string[];
  /** Seconds between checks (5–300). @default 30 */
  readonly interval?: number;
  /** Seconds before a check counts as failed (2–60). @default 5 */
  readonly timeout?: number;
  /** Consecutive failures before the container is unhealthy (1–10). @default 3 */
  readonly retries?: number;
  /** Grace period in seconds before failures count (0–300). @default 0 */
  readonly startPeriod?: number;
}

export interface PortMapping {
  /** Port the container listens on (1–65535); with awsvpc networking the host port is the same. */
  readonly containerPort: number;
  /** @default "tcp" */
  readonly protocol?: "tcp" | "udp";
  /** Name for Service Connect. @default - none */
  readonly name?: string;
}

export interface ContainerArgs {
  /** Container name, unique within the task (letters, digits, `_` and `-`). */
  readonly name: string;
  /** Image reference; an ECR image lets the execution role pull exactly that repository. */
  readonly image: pulumi.Input<string>;
  /** @default [] */
  readonly portMappings?: PortMapping[];
  /**
   * Plain environment variables. Names that look like secrets (PASSWORD, SECRET, TOKEN,
   * API_KEY, PRIVATE_KEY) are rejected: pass those in `secrets` by reference.
   * @default {}
   */
  readonly environment?: Record<string, pulumi.Input<string>>;
  /** Secrets by reference from SSM Parameter Store or Secrets Manager. @default [] */
  readonly secrets?: SecretRef[];
  /** The task stops when an essential container stops. At least one container must be essential. @default true */
  readonly essential?: boolean;
  /** @default - none (the load balancer's health check still applies) */
  readonly healthCheck?: ContainerHealthCheck;
  /**
   * Mount the root filesystem read-only (write to volumes or /tmp mounts only). Set it to false
   * for services with `enableExecuteCommand`: the SSM agent ECS Exec injects must write to it.
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /** Overrides the image's CMD. @default - the image's */
  readonly command?: string[];
  /** Mounts of the task's `volumes`. @default [] */
  readonly mountPoints?: MountPoint[];
  /**
   * S3 object ARNs of `.env` files (`arn:aws:s3:::<bucket>/<key>.env`) whose variables ECS loads
   * at start; the execution role may read exactly these objects. At most 10 per task definition.
   * Not for secrets: use `secrets`.
   * @default []
   */
  readonly environmentFiles?: pulumi.Input<string>[];
}

export type Compatibility = "FARGATE" | "EC2";

export interface RuntimePlatform {
  /** @default "X86_64" */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
  /** @default "LINUX" */
  readonly operatingSystemFamily?: "LINUX";
}

export interface TaskDefinitionArgs {
  /** Task definition family. @default the component name */
  readonly family?: string;
  /** Task CPU units; with FARGATE it must be a Fargate combination with `memory`. */
  readonly cpu: number;
  /** Task memory in MiB. */
  readonly memory: number;
  /** One to ten containers. */
  readonly containers: ContainerArgs[];
  /** Statements for the task role (what the application may call). @default [] - the task role grants nothing */
  readonly taskRolePolicyStatements?: aws.iam.PolicyStatement[];
  /** Retention of the task's log group, in days (a CloudWatch Logs retention value). @default 30 */
  readonly logRetentionDays?: number;
  /** KMS key for the log group. @default - CloudWatch Logs' own encryption */
  readonly logKmsKeyArn?: pulumi.Input<string>;
  /** Add the AWS X-Ray daemon as a sidecar (UDP 2000) and set `AWS_XRAY_DAEMON_ADDRESS` in the other containers. @default false */
  readonly xray?: boolean;
  /** @default { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" } */
  readonly runtimePlatform?: RuntimePlatform;
  /** Launch types the task definition is valid for; add "EC2" to run on the cluster's EC2 capacity. @default ["FARGATE"] */
  readonly requiresCompatibilities?: Compatibility[];
  /** KMS keys that encrypt the referenced secrets/parameters (customer-managed keys only). @default [] */
  readonly secretsKmsKeyArns?: pulumi.Input<string>[];
  /** Extra ECR repositories the execution role may pull from (images in `containers` are added automatically). @default [] */
  readonly repositoryArns?: pulumi.Input<string>[];
  /** Volumes the containers mount (`bind` scratch space, `efs` shared storage). @default [] */
  readonly volumes?: VolumeArgs[];
  /** Fargate ephemeral storage of the task in GiB (21–200; bind mounts live there). @default - Fargate's 20 GiB */
  readonly ephemeralStorageGiB?: number;
  /** Tags for every child. @default {} */
  readonly tags?: Record<string, string>;
}

/** CloudWatch Logs' allowed retention values (days): one list, kept by @acs/network. */
export { LOG_RETENTION_DAYS, logRetentionProblem };

/** Environment variable names that must be passed as secrets, not plain values. */
export const SECRET_LOOKING_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY/i;

const SSM_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/.+$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^:]+(:.*)?$/;

/** The X-Ray daemon sidecar image (AWS's public ECR gallery). */
export const XRAY_DAEMON_IMAGE = "public.ecr.aws/xray/aws-xray-daemon:3.3.14";
export const XRAY_DAEMON_ADDRESS = "127.0.0.1:2000";

/** Throws on invalid args, before any resource exists. Pure; exported for tests. */
export function validateTaskDefinitionArgs(name: string, args: TaskDefinitionArgs): void {
  const p = who("TaskDefinition", name);
  if (args.family !== undefined && !/^[A-Za-z0-9_-]{1,255}$/.test(args.family)) {
    fail(p, `\`family\` is "${args.family}"; use 1–255 letters, digits, "_" and "-"`);
  }
  const compat = args.requiresCompatibilities ?? ["FARGATE"];
  if (compat.length === 0) fail(p, '`requiresCompatibilities` is []; use ["FARGATE"], ["EC2"] or both');
  for (const c of compat) {
    switch (c) {
      case "FARGATE":
      case "EC2":
        break;
      default:
        fail(p, `\`requiresCompatibilities\` contains ${JSON.stringify(c)}; use "FARGATE" and/or "EC2"`);
    }
  }
  if (compat.includes("FARGATE")) validateFargateSize(p, args.cpu, args.memory);
  else {
    checkInt(p, "cpu", args.cpu, 128, 196608);
    checkInt(p, "memory", args.memory, 6, 1048576);
  }
  if (
    args.logRetentionDays !== undefined &&
    !(LOG_RETENTION_DAYS as readonly number[]).includes(args.logRetentionDays)
  ) {
    fail(
      p,
      `\`logRetentionDays\` is ${JSON.stringify(args.logRetentionDays)}, not a CloudWatch Logs retention; use one of ${oneOf(LOG_RETENTION_DAYS)}`,
    );
  }
  const arch = args.runtimePlatform?.cpuArchitecture ?? "X86_64";
  switch (arch) {
    case "X86_64":
    case "ARM64":
      break;
    default:
      fail(p, `\`runtimePlatform.cpuArchitecture\` is ${JSON.stringify(arch)}; use "X86_64" or "ARM64"`);
  }
  const os = args.runtimePlatform?.operatingSystemFamily ?? "LINUX";
  if (os !== "LINUX")
    fail(p, `\`runtimePlatform.operatingSystemFamily\` is ${JSON.stringify(os)}; only "LINUX" is supported`);

  const containers = args.containers ?? [];
  if (containers.length < 1 || containers.length + (args.xray ? 1 : 0) > 10) {
    fail(
      p,
      `\`containers\` has ${containers.length} entries${args.xray ? " plus the X-Ray sidecar" : ""}; a task definition holds 1 to 10 containers`,
    );
  }
  const names = new Set<string>(args.xray ? ["xray-daemon"] : []);
  containers.forEach((c, i) => validateContainer(p, `containers[${i}]`, c, names));
  validateVolumes(p, args.volumes, args.ephemeralStorageGiB);
  const volumeNames = new Set((args.volumes ?? []).map((v) => v.name));
  containers.forEach((c, i) => validateMountPoints(p, `containers[${i}]`, c.mountPoints, volumeNames));
  validateEnvironmentFiles(
    p,
    containers.flatMap((c, i) =>
      (c.environmentFiles ?? []).map((arn, j) => ({ at: `containers[${i}].environmentFiles[${j}]`, arn })),
    ),
  );
  if (!containers.some((c) => c.essential ?? true)) {
    fail(p, "`containers` has no essential container; mark the main container `essential: true`");
  }
  (args.taskRolePolicyStatements ?? []).forEach((s, i) => {
    if (isKnown(s) && isWildcardGrant(s as any)) {
      fail(
        p,
        `\`taskRolePolicyStatements[${i}]\` grants every action on every resource; name the actions and scope the resources`,
      );
    }
  });
}

function validateContainer(p: string, at: string, c: ContainerArgs, names: Set<string>): void {
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(c.name ?? ""))
    fail(p, `\`${at}.name\` is ${JSON.stringify(c.name)}; use 1–255 letters, digits, "_" and "-"`);
  if (names.has(c.name))
    fail(
      p,
      `\`${at}.name\` is "${c.name}", already used by another container; give each container its own name`,
    );
  names.add(c.name);
  if (isKnown(c.image) && c.image.trim() === "")
    fail(
      p,
      `\`${at}.image\` is empty; name an image such as <account>.dkr.ecr.<region>.amazonaws.com/app:1.2.3`,
    );
  const ports = new Set<string>();
  (c.portMappings ?? []).forEach((m, j) => {
    checkPort(p, `${at}.portMappings[${j}].containerPort`, m.containerPort);
    const protocol = m.protocol ?? "tcp";
    switch (protocol) {
      case "tcp":
      case "udp":
        break;
      default:
        fail(p, `\`${at}.portMappings[${j}].protocol\` is ${JSON.stringify(protocol)}; use "tcp" or "udp"`);
    }
    const key = `${m.containerPort}/${protocol}`;
    if (ports.has(key)) fail(p, `\`${at}.portMappings[${j}]\` maps ${key} twice; map each port once`);
    ports.add(key);
  });
  for (const key of Object.keys(c.environment ?? {})) {
    if (SECRET_LOOKING_NAME.test(key)) {
      fail(
        p,
        `\`${at}.environment.${key}\` looks like a secret passed as a plain value; pass it by reference instead: ` +
          `\`${at}.secrets: [{ name: "${key}", valueFrom: <SSM parameter or Secrets Manager ARN> }]\``,
      );
    }
  }
  const envNames = new Set(Object.keys(c.environment ?? {}));
  (c.secrets ?? []).forEach((s, j) => {
    if (!s.name) fail(p, `\`${at}.secrets[${j}].name\` is empty; name the environment variable`);
    if (envNames.has(s.name))
      fail(
        p,
        `\`${at}.secrets[${j}].name\` is "${s.name}", also a plain environment variable; keep only the secret`,
      );
    if (isKnown(s.valueFrom) && !SSM_ARN.test(s.valueFrom) && !SECRET_ARN.test(s.valueFrom)) {
      fail(
        p,
        `\`${at}.secrets[${j}].valueFrom\` is "${s.valueFrom}"; use the ARN of an SSM parameter (arn:aws:ssm:<region>:<account>:parameter/<name>) ` +
          `or of a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`,
      );
    }
  });
  if (c.healthCheck) {
    const h = c.healthCheck;
    const kind = h.command?.[0];
    if (kind !== "CMD" && kind !== "CMD-SHELL") {
      fail(
        p,
        `\`${at}.healthCheck.command\` is ${JSON.stringify(h.command)}; start it with "CMD" or "CMD-SHELL", e.g. ["CMD-SHELL", "curl -f http://localhost/health || exit 1"]`,
      );
    }
    checkInt(p, `${at}.healthCheck.interval`, h.interval, 5, 300);
    checkInt(p, `${at}.healthCheck.timeout`, h.timeout, 2, 60);
    checkInt(p, `${at}.healthCheck.retries`, h.retries, 1, 10);
    checkInt(p, `${at}.healthCheck.startPeriod`, h.startPeriod, 0, 300);
  }
}

/** The ECR repository ARN an image reference pulls from, or undefined for non-ECR images. */
export function ecrRepositoryArn(image: string): string | undefined {
  const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([^:@]+)/.exec(image);
  if (!m) return undefined;
  const [, account, region, cn, repo] = m;
  return `arn:${cn ? "aws-cn" : "aws"}:ecr:${region}:${account}:repository/${repo}`;
}

/** The resource an execution role must read for a secret reference (Secrets Manager: the secret, without JSON key/stage). */
export function secretResourceArn(valueFrom: string): { service: "ssm" | "secretsmanager"; arn: string } {
  if (SECRET_ARN.test(valueFrom))
    return { service: "secretsmanager", arn: valueFrom.split(":").slice(0, 7).join(":") };
  return { service: "ssm", arn: valueFrom };
}

/**
 * A Fargate (or EC2) task definition with its execution role (pull the named images, write its
 * log group, read only the named secrets), its task role (only what the args grant) and its log
 * group. Usable alone for worker tasks started with RunTask, or by {@link Service}.
 */
export class TaskDefinition extends pulumi.ComponentResource {
  /** The registered task definition. */
  public readonly taskDefinition: aws.ecs.TaskDefinition;
  /** Role ECS uses to pull images, write logs and read the secrets. */
  public readonly executionRole: aws.iam.Role;
  /** Role the application's code runs as. */
  public readonly taskRole: aws.iam.Role;
  /** Log group every container writes to (`awslogs`, stream prefix = container name). */
  public readonly logGroup: aws.cloudwatch.LogGroup;
  /** The task definition family. */
  public readonly family: pulumi.Output<string>;
  /** ARN of this revision. */
  public readonly arn: pulumi.Output<string>;
  /** Name of the first essential container (the one a load balancer targets by default). */
  public readonly mainContainerName: string;
  /** Launch types the task definition is valid for. */
  public readonly compatibilities: readonly Compatibility[];
  /** Port mappings per container name (for load balancer registration). */
  public readonly containerPorts: Readonly<Record<string, readonly number[]>>;
  /** Containers of `containers` with a read-only root filesystem (ECS Exec cannot run in them). */
  public readonly readonlyRootContainers: readonly string[];

  constructor(name: string, args: TaskDefinitionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("acs:ecs-platform:TaskDefinition", name, {}, opts);
    validateTaskDefinitionArgs(name, args);

    const family = args.family ?? name;
    const tags = args.tags ?? {};
    const region = aws.getRegionOutput({}, { parent: this }).region;
    this.compatibilities = args.requiresCompatibilities ?? ["FARGATE"];
    this.mainContainerName = args.containers.find((c) => c.essential ?? true)!.name;
    this.containerPorts = Object.fromEntries(
      args.containers.map((c) => [c.name, (c.portMappings ?? []).map((m) => m.containerPort)]),
    );
    this.readonlyRootContainers = args.containers
      .filter((c) => c.readonlyRootFilesystem ?? true)
      .map((c) => c.name);

    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: `/ecs/${family}`,
        retentionInDays: args.logRetentionDays ?? 30,
        kmsKeyId: args.logKmsKeyArn,
        tags,
      },
      { parent: this },
    );

    const assumeRolePolicy = ecsTasksAssumeRolePolicy(this);
    this.executionRole = new aws.iam.Role(
      `${name}-execution`,
      {
        assumeRolePolicy,
        description: `ECS execution role of ${family}: pull images, write logs, read its secrets`,
        tags,
      },
      { parent: this },
    );
    this.taskRole = new aws.iam.Role(
      `${name}-task`,
      { assumeRolePolicy, description: `ECS task role of ${family}`, tags },
      { parent: this },
    );

    const executionPolicy = new aws.iam.RolePolicy(
      `${name}-execution`,
      { role: this.executionRole.name, policy: this.executionPolicy(args) },
      { parent: this },
    );
    const taskStatements: pulumi.Input<aws.iam.PolicyStatement>[] = [
      ...(args.taskRolePolicyStatements ?? []),
    ];
    if (args.xray) {
      taskStatements.push({
        Sid: "XRayDaemon",
        Effect: "Allow",
        Action: [
          "xray:PutTraceSegments",
          "xray:PutTelemetryRecords",
          "xray:GetSamplingRules",
          "xray:GetSamplingTargets",
          "xray:GetSamplingStatisticSummaries",
        ],
        Resource: "*",
      });
    }
    const taskPolicies: pulumi.Resource[] = [executionPolicy];
    const volumes = args.volumes ?? [];
    if (taskStatements.length > 0 || volumes.some((v) => v.type === "efs")) {
      taskPolicies.push(
        new aws.iam.RolePolicy(
          `${name}-task`,
          {
            role: this.taskRole.name,
            policy: pulumi
              .all([pulumi.output(taskStatements), efsStatements(volumes)])
              .apply(([own, efs]) =>
                JSON.stringify({ Version: "2012-10-17", Statement: [...own, ...efs] }, null, 2),
              ),
          },
          { parent: this },
        ),
      );
    }

    const containers: pulumi.Input<Record<string, unknown>>[] = args.containers.map((c) =>
      this.containerDefinition(c, args, region),
    );
    if (args.xray) {
      containers.push({
        name: "xray-daemon",
        image: XRAY_DAEMON_IMAGE,
        essential: false,
        cpu: 32,
        memoryReservation: 64,
        readonlyRootFilesystem: true,
        portMappings: [{ containerPort: 2000, hostPort: 2000, protocol: "udp" }],
        logConfiguration: this.logConfiguration("xray-daemon", region),
      });
    }

    this.taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-taskdef`,
      {
        family,
        cpu: String(args.cpu),
        memory: String(args.memory),
        networkMode: "awsvpc",
        requiresCompatibilities: args.requiresCompatibilities ?? ["FARGATE"],
        runtimePlatform: {
          cpuArchitecture: args.runtimePlatform?.cpuArchitecture ?? "X86_64",
          operatingSystemFamily: args.runtimePlatform?.operatingSystemFamily ?? "LINUX",
        },
        executionRoleArn: this.executionRole.arn,
        taskRoleArn: this.taskRole.arn,
        containerDefinitions: pulumi.jsonStringify(pulumi.output(containers)),
        volumes: volumes.length > 0 ? taskVolumes(volumes) : undefined,
        ephemeralStorage:
          args.ephemeralStorageGiB !== undefined ? { sizeInGib: args.ephemeralStorageGiB } : undefined,
        tags,
      },
      // Tasks need the roles' policies in place before they start.
      { parent: this, dependsOn: taskPolicies },
    );
    this.family = this.taskDefinition.family;
    this.arn = this.taskDefinition.arn;

    this.registerOutputs({
      arn: this.arn,
      family: this.family,
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      logGroupName: this.logGroup.name,
    });
  }

  private logConfiguration(container: string, region: pulumi.Output<string>) {
    return {
      logDriver: "awslogs",
      options: {
        "awslogs-group": this.logGroup.name,
        "awslogs-region": region,
        "awslogs-stream-prefix": container,
      },
    };
  }

  private containerDefinition(
    c: ContainerArgs,
    args: TaskDefinitionArgs,
    region: pulumi.Output<string>,
  ): pulumi.Input<Record<string, unknown>> {
    const env: Record<string, pulumi.Input<string>> = { ...(c.environment ?? {}) };
    if (args.xray) env.AWS_XRAY_DAEMON_ADDRESS ??= XRAY_DAEMON_ADDRESS;
    const h = c.healthCheck;
    return {
      name: c.name,
      image: c.image,
      essential: c.essential ?? true,
      readonlyRootFilesystem: c.readonlyRootFilesystem ?? true,
      portMappings: (c.portMappings ?? []).map((m) => ({
        containerPort: m.containerPort,
        hostPort: m.containerPort,
        protocol: m.protocol ?? "tcp",
        ...(m.name ? { name: m.name } : {}),
      })),
      environment: Object.keys(env)
        .sort()
        .map((k) => ({ name: k, value: env[k] })),
      secrets: (c.secrets ?? []).map((s) => ({ name: s.name, valueFrom: s.valueFrom })),
      ...(c.command ? { command: c.command } : {}),
      ...(c.mountPoints?.length
        ? {
            mountPoints: c.mountPoints.map((m) => ({
              sourceVolume: m.sourceVolume,
              containerPath: m.containerPath,
              readOnly: m.readOnly ?? false,
            })),
          }
        : {}),
      ...(c.environmentFiles?.length
        ? { environmentFiles: c.environmentFiles.map((value) => ({ value, type: "s3" })) }
        : {}),
      ...(h
        ? {
            healthCheck: {
              command: h.command,
              interval: h.interval ?? 30,
              timeout: h.timeout ?? 5,
              retries: h.retries ?? 3,
              startPeriod: h.startPeriod ?? 0,
            },
          }
        : {}),
      logConfiguration: this.logConfiguration(c.name, region),
    };
  }

  /** Least privilege: pull only the images' repositories, write only this log group, read only the named secrets. */
  private executionPolicy(args: TaskDefinitionArgs): pulumi.Output<string> {
    const images = pulumi.all(args.containers.map((c) => pulumi.output(c.image)));
    const valueFroms = pulumi.all(
      args.containers.flatMap((c) => (c.secrets ?? []).map((s) => pulumi.output(s.valueFrom))),
    );
    const extraRepos = pulumi.all((args.repositoryArns ?? []).map((r) => pulumi.output(r)));
    const kmsKeys = pulumi.all((args.secretsKmsKeyArns ?? []).map((k) => pulumi.output(k)));
    const envFiles = pulumi.all(
      args.containers.flatMap((c) => (c.environmentFiles ?? []).map((f) => pulumi.output(f))),
    );
    const statements = pulumi
      .all([images, valueFroms, extraRepos, kmsKeys, this.logGroup.arn, envFiles])
      .apply(([imgs, refs, extra, keys, logGroupArn, files]) => {
        const repos = [
          ...new Set([...imgs.map(ecrRepositoryArn).filter((a): a is string => a !== undefined), ...extra]),
        ].sort();
        const out: Statement[] = [];
        if (repos.length > 0) {
          // GetAuthorizationToken has no resource-level permissions: AWS requires "*".
          out.push({ Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" });
          out.push({
            Sid: "EcrPull",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
            Resource: repos,
          });
        }
        out.push({
          Sid: "Logs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${logGroupArn}:log-stream:*`,
        });
        const secrets = refs.map(secretResourceArn);
        const ssm = [...new Set(secrets.filter((s) => s.service === "ssm").map((s) => s.arn))].sort();
        const sm = [
          ...new Set(secrets.filter((s) => s.service === "secretsmanager").map((s) => s.arn)),
        ].sort();
        if (ssm.length > 0)
          out.push({ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: ssm });
        if (sm.length > 0)
          out.push({
            Sid: "ReadSecrets",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: sm,
          });
        if (files.length > 0) {
          // ECS reads environment files with the execution role: GetObject on exactly those
          // objects, GetBucketLocation on their buckets.
          // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/use-environment-file.html
          out.push({
            Sid: "ReadEnvironmentFiles",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: [...new Set(files)].sort(),
          });
          out.push({
            Sid: "LocateEnvironmentFileBuckets",
            Effect: "Allow",
            Action: "s3:GetBucketLocation",
            Resource: [...new Set(files.map(bucketArnOf))].sort(),
          });
        }
        if (keys.length > 0)
          out.push({
            Sid: "DecryptSecrets",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: [...new Set(keys)].sort(),
          });
        return out;
      });
    return policyDocument(statements);
  }
}
