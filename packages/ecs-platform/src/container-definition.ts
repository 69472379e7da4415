import * as pulumi from "@pulumi/pulumi";
import { checkInt, checkPort, fail, isKnown } from "./checks";
import { MountPoint } from "./volumes";

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

/** Environment variable names that must be passed as secrets, not plain values. */
export const SECRET_LOOKING_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY/i;

const SSM_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/.+$/;
export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^:]+(:.*)?$/;

/** The X-Ray daemon sidecar image (AWS's public ECR gallery). */
export const XRAY_DAEMON_IMAGE = "public.ecr.aws/xray/aws-xray-daemon:3.3.14";
export const XRAY_DAEMON_ADDRESS = "127.0.0.1:2000";

/** Throws on an invalid container at `at`; `names` collects the names seen so far. Pure. */
export function validateContainer(p: string, at: string, c: ContainerArgs, names: Set<string>): void {
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

/** `awslogs` to the task's log group, one stream prefix per container. */
export function logConfiguration(
  container: string,
  logGroupName: pulumi.Input<string>,
  region: pulumi.Input<string>,
) {
  return {
    logDriver: "awslogs",
    options: {
      "awslogs-group": logGroupName,
      "awslogs-region": region,
      "awslogs-stream-prefix": container,
    },
  };
}

/** One container's JSON in the task definition (plain env sorted by name, secrets by reference). */
export function containerDefinition(
  c: ContainerArgs,
  task: {
    readonly xray: boolean;
    readonly logGroupName: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
  },
): pulumi.Input<Record<string, unknown>> {
  const env: Record<string, pulumi.Input<string>> = { ...(c.environment ?? {}) };
  if (task.xray) env.AWS_XRAY_DAEMON_ADDRESS ??= XRAY_DAEMON_ADDRESS;
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
    logConfiguration: logConfiguration(c.name, task.logGroupName, task.region),
  };
}
