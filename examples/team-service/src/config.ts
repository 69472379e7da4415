import { checkTeamListenerRule } from "@acs/platform-contract";
import * as pulumi from "@pulumi/pulumi";

/** The team's service, as `team-service:service` in Pulumi.<stack>.yaml describes it. */
export interface ServiceConfig {
  /** The service's name (ECS service, task family, target group and log names start with it). */
  readonly name: string;
  /** The container image: the team's ECR repository in the environment's region, a fixed tag or digest. */
  readonly image: string;
  /** The region of the image's registry (checked against the environment's). */
  readonly imageRegion: string;
  /** Fargate CPU units and memory (MiB); `@acs/ecs-platform` checks the pair. */
  readonly cpu: number;
  readonly memory: number;
  /** The team's listener-rule priority on the shared HTTPS listener (100–50000, unique per listener). */
  readonly listenerPriority: number;
  /** Paths and/or hosts the rule routes to the service (never a path the platform routes). */
  readonly pathPatterns: string[];
  readonly hostHeaders: string[];
  /** The target group's health check path. */
  readonly healthCheckPath: string;
  /** The first deploy's task count; autoscaling owns it afterwards between minCount and maxCount. */
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  /** Whether the service claims hot-pool workers (attaches the platform's client policy). */
  readonly useWorkerPool: boolean;
}

export interface TeamConfig {
  /** The stack's config file, named in every error. */
  readonly file: string;
  readonly region: string;
  /** The platform environment stack, fully qualified: `<org>/acs/<stack>`. */
  readonly platformStack: string;
  /** Who owns what the stack creates (Owner tag). */
  readonly team: string;
  readonly service: ServiceConfig;
  /** Subnets for the tasks; default the environment's private (app) subnets. */
  readonly subnetIds?: string[];
}

const NAME = /^[a-z][a-z0-9-]{0,19}$/;
const SERVICE_KEYS = [
  "name",
  "image",
  "cpu",
  "memory",
  "listenerPriority",
  "pathPatterns",
  "hostHeaders",
  "healthCheckPath",
  "desiredCount",
  "minCount",
  "maxCount",
  "useWorkerPool",
] as const;

/**
 * Reads and checks the stack's config before anything is created: each bad value stops the run
 * with one line naming the file, the key, the value and the fix. The listener rule is checked
 * against the platform's contract here (priority, paths); what needs the environment's values
 * (region, subnets, image region) is checked in team-service.ts once the StackReference is read.
 */
export function loadTeamConfig(): TeamConfig {
  const stack = pulumi.getStack();
  const file = `Pulumi.${stack}.yaml`;
  const cfg = new pulumi.Config("team-service");
  const fail = (key: string, value: unknown, fix: string): never => {
    throw new Error(`${file}: team-service:${key} is ${JSON.stringify(value)}: ${fix}`);
  };

  const region = new pulumi.Config("aws").get("region");
  if (!region)
    throw new Error(
      `${file}: aws:region is not set: set it to the platform environment's region, e.g. us-east-1`,
    );

  const platformStack = cfg.get("platformStack") ?? stack;
  const parts = platformStack.split("/");
  if (
    !(parts.length === 1 || parts.length === 3) ||
    parts.some((p) => !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(p))
  )
    fail(
      "platformStack",
      platformStack,
      "name the environment stack as <stack> (e.g. dev) or <org>/<project>/<stack>",
    );
  // https://www.pulumi.com/docs/iac/concepts/stacks/#stackreferences: <org>/<project>/<stack>.
  const qualified = parts.length === 1 ? `${pulumi.getOrganization()}/acs/${platformStack}` : platformStack;

  const team = cfg.require("team");
  if (!NAME.test(team))
    fail("team", team, "use lower-case letters, digits and -, starting with a letter, at most 20");

  const raw = cfg.requireObject<Record<string, unknown>>("service");
  const unknown = Object.keys(raw).filter((k) => !(SERVICE_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0)
    fail(`service.${unknown[0]}`, raw[unknown[0]!], `remove it; the keys are ${SERVICE_KEYS.join(", ")}`);
  const str = (key: string, fix: string, def?: string): string => {
    const v = raw[key] ?? def;
    return typeof v === "string" && v.length > 0 ? v : fail(`service.${key}`, v, fix);
  };
  const int = (key: string, fix: string, def?: number): number => {
    const v = raw[key] ?? def;
    return Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fail(`service.${key}`, v, fix);
  };
  const list = (key: string): string[] => {
    const v = raw[key] ?? [];
    return Array.isArray(v) && v.every((x) => typeof x === "string")
      ? (v as string[])
      : fail(`service.${key}`, v, "use a list of strings");
  };

  const name = str("name", "name the service, e.g. orders");
  if (!NAME.test(name))
    fail("service.name", name, "use lower-case letters, digits and -, starting with a letter, at most 20");
  const image = str(
    "image",
    "name the image in your ECR repository, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-team/orders:1.4.2",
  );
  const ecr =
    /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/[a-z0-9._/-]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/.exec(
      image,
    );
  if (!ecr || /:latest$/.test(image))
    fail(
      "service.image",
      image,
      "use an image of your team's ECR repository with a fixed tag or digest (not latest), e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders-team/orders:1.4.2",
    );

  const service: ServiceConfig = {
    name,
    image,
    imageRegion: ecr![1]!,
    cpu: int("cpu", "use Fargate CPU units, e.g. 256", 256),
    memory: int("memory", "use the task's memory in MiB, e.g. 512", 512),
    listenerPriority: int("listenerPriority", "use a whole number from 100 to 50000"),
    pathPatterns: list("pathPatterns"),
    hostHeaders: list("hostHeaders"),
    healthCheckPath: str("healthCheckPath", "use a path starting with /, e.g. /orders/health", "/health"),
    desiredCount: int("desiredCount", "use a whole number of tasks", 2),
    minCount: int("minCount", "use a whole number of tasks", 2),
    maxCount: int("maxCount", "use a whole number of tasks", 4),
    useWorkerPool:
      raw.useWorkerPool === undefined
        ? false
        : raw.useWorkerPool === true || raw.useWorkerPool === false
          ? raw.useWorkerPool
          : fail("service.useWorkerPool", raw.useWorkerPool, "use true or false"),
  };
  checkTeamListenerRule(
    {
      priority: service.listenerPriority,
      pathPatterns: service.pathPatterns,
      hostHeaders: service.hostHeaders,
    },
    `${file}: team-service:service`,
  );
  const subnetIds = cfg.getObject<string[]>("subnetIds");
  if (
    subnetIds !== undefined &&
    (!Array.isArray(subnetIds) || !subnetIds.every((s) => typeof s === "string"))
  )
    fail("subnetIds", subnetIds, "list subnet ids, or leave it out to use the environment's private subnets");
  return { file, region, platformStack: qualified, team, service, subnetIds };
}
