import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LOG_RETENTION_DAYS, logRetentionProblem } from "@acs/network";
import { checkArn, roleNameOf } from "./arns";
import { checkInt, fail, isKnown, oneOf, who } from "./checks";
import {
  ContainerArgs,
  containerDefinition,
  logConfiguration,
  validateContainer,
  XRAY_DAEMON_IMAGE,
} from "./container-definition";
import { executionPolicy } from "./execution-policy";
import { validateFargateSize } from "./fargate";
import { isOverlyBroadAllow } from "@acs/iam-policy";
import { ecsTasksAssumeRolePolicy } from "./iam";
import {
  efsStatements,
  taskVolumes,
  validateEnvironmentFiles,
  validateMountPoints,
  validateVolumes,
  VolumeArgs,
} from "./volumes";

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
  /**
   * ARN of an existing execution role (`arn:aws:iam::<account>:role/<name>`) instead of the one
   * created here; it must pull the images, write to this task's log group (`/ecs/<family>`) and
   * read the secrets. Exclusive with `secretsKmsKeyArns` and `repositoryArns`, which grant to the
   * created role.
   * @default - a least-privilege execution role is created
   */
  readonly executionRoleArn?: pulumi.Input<string>;
  /**
   * ARN of an existing task role (what the application runs as) instead of the one created here.
   * Exclusive with `taskRolePolicyStatements`, `xray` and `efs` volumes, which grant to the
   * created role.
   * @default - a task role is created
   */
  readonly taskRoleArn?: pulumi.Input<string>;
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
  checkArn(p, "executionRoleArn", args.executionRoleArn, "role");
  checkArn(p, "taskRoleArn", args.taskRoleArn, "role");
  if (args.executionRoleArn !== undefined)
    for (const key of ["secretsKmsKeyArns", "repositoryArns"] as const)
      if (args[key] !== undefined)
        fail(
          p,
          `\`${key}\` is set with \`executionRoleArn\`; it grants to the execution role created here, so grant it in your role and remove \`${key}\` (or remove \`executionRoleArn\`)`,
        );
  if (args.taskRoleArn !== undefined) {
    const grants = [
      ...(args.taskRolePolicyStatements !== undefined ? ["`taskRolePolicyStatements`"] : []),
      ...(args.xray ? ["`xray`"] : []),
      ...((args.volumes ?? []).some((v) => v.type === "efs") ? ["an `efs` volume"] : []),
    ];
    if (grants.length > 0)
      fail(
        p,
        `${grants.join(" and ")} ${grants.length > 1 ? "grant" : "grants"} to the task role created here, but \`taskRoleArn\` is set; grant those permissions in your role and remove them (or remove \`taskRoleArn\`)`,
      );
  }
  (args.taskRolePolicyStatements ?? []).forEach((s, i) => {
    // IAM requires Effect; a statement without one would fail only at `up` (MalformedPolicyDocument).
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html
    if (isKnown(s) && s.Effect !== "Allow" && s.Effect !== "Deny")
      fail(
        p,
        `\`taskRolePolicyStatements[${i}].Effect\` is ${JSON.stringify(s.Effect)}; use "Allow" or "Deny"`,
      );
    if (isKnown(s) && isOverlyBroadAllow(s)) {
      fail(
        p,
        `\`taskRolePolicyStatements[${i}]\` grants every action on every resource; name the actions and scope the resources`,
      );
    }
  });
}

/**
 * A Fargate (or EC2) task definition with its execution role (pull the named images, write its
 * log group, read only the named secrets), its task role (only what the args grant) and its log
 * group. Usable alone for worker tasks started with RunTask, or by {@link Service}.
 */
export class TaskDefinition extends pulumi.ComponentResource {
  /** The registered task definition. */
  public readonly taskDefinition: aws.ecs.TaskDefinition;
  /** Role ECS uses to pull images, write logs and read the secrets, unless `executionRoleArn` is given. */
  public readonly executionRole?: aws.iam.Role;
  /** ARN of the execution role (created or given). */
  public readonly executionRoleArn: pulumi.Output<string>;
  /** Role the application's code runs as, unless `taskRoleArn` is given. */
  public readonly taskRole?: aws.iam.Role;
  /** ARN of the task role (created or given). */
  public readonly taskRoleArn: pulumi.Output<string>;
  /** Name of the task role (created or given), for policies attached to it. */
  public readonly taskRoleName: pulumi.Output<string>;
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

    const assumeRolePolicy =
      args.executionRoleArn === undefined || args.taskRoleArn === undefined
        ? ecsTasksAssumeRolePolicy(this)
        : undefined;
    const taskPolicies: pulumi.Resource[] = [];
    if (args.executionRoleArn === undefined) {
      this.executionRole = new aws.iam.Role(
        `${name}-execution`,
        {
          assumeRolePolicy: assumeRolePolicy!,
          description: `ECS execution role of ${family}: pull images, write logs, read its secrets`,
          tags,
        },
        { parent: this },
      );
      taskPolicies.push(
        new aws.iam.RolePolicy(
          `${name}-execution`,
          {
            role: this.executionRole.name,
            policy: executionPolicy(args.containers, args, this.logGroup.arn),
          },
          { parent: this },
        ),
      );
    }
    this.executionRoleArn = this.executionRole?.arn ?? pulumi.output(args.executionRoleArn!);
    if (args.taskRoleArn === undefined)
      this.taskRole = new aws.iam.Role(
        `${name}-task`,
        { assumeRolePolicy: assumeRolePolicy!, description: `ECS task role of ${family}`, tags },
        { parent: this },
      );
    this.taskRoleArn = this.taskRole?.arn ?? pulumi.output(args.taskRoleArn!);
    this.taskRoleName = this.taskRole?.name ?? roleNameOf(args.taskRoleArn!);

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
    const volumes = args.volumes ?? [];
    if (taskStatements.length > 0 || volumes.some((v) => v.type === "efs")) {
      taskPolicies.push(
        new aws.iam.RolePolicy(
          `${name}-task`,
          {
            role: this.taskRole!.name,
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
      containerDefinition(c, { xray: args.xray ?? false, logGroupName: this.logGroup.name, region }),
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
        logConfiguration: logConfiguration("xray-daemon", this.logGroup.name, region),
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
        executionRoleArn: this.executionRoleArn,
        taskRoleArn: this.taskRoleArn,
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
      executionRoleArn: this.executionRoleArn,
      taskRoleArn: this.taskRoleArn,
      logGroupName: this.logGroup.name,
    });
  }
}
