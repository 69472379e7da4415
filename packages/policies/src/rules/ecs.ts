import { at, isUnknown, jsonDocument, list, ResourceRule, RuleContext } from "../model";

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

/**
 * The container definitions of a task definition (a JSON string), or undefined when unknown:
 * the components build them with `pulumi.jsonStringify` around log group names and secret ARNs, so
 * the whole string is unknown during the preview of a new stack and the container rules run at `up`.
 */
function containers(props: Record<string, any>, ctx: RuleContext): any[] | undefined {
  const doc = jsonDocument(props.containerDefinitions);
  if (isUnknown(doc)) {
    ctx.unknown("containerDefinitions");
    return undefined;
  }
  return (list(doc) as any[]).filter((c) => c && typeof c === "object");
}

/** Variable names that carry credentials (FSBP ECS.8 lists the first three). */
const CREDENTIAL_NAME =
  /^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|ECS_ENGINE_AUTH_DATA)$|SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;

const perContainer =
  (test: (c: any) => string | undefined) =>
  ({ props }: { props: Record<string, any> }, ctx: RuleContext): string[] =>
    (containers(props, ctx) ?? []).flatMap((c) => {
      const problem = test(c);
      return problem ? [`container ${String(c.name)}: ${problem}`] : [];
    });

export const ECS_RULES: readonly ResourceRule[] = [
  {
    name: "ecs-2-no-public-ip",
    control: "ECS.2",
    title: "ECS services should not have public IP addresses assigned to them automatically",
    description:
      "ECS services set networkConfiguration.assignPublicIp to false (tasks run in private subnets).",
    enforcement: "mandatory",
    onUnknown: "An unknown assignPublicIp is decided at `up`.",
    types: ["aws:ecs/service:Service"],
    check: ({ props }, ctx) => {
      const v = props.networkConfiguration?.assignPublicIp;
      if (isUnknown(props.networkConfiguration) || isUnknown(v))
        return (ctx.unknown("networkConfiguration.assignPublicIp"), []);
      return v === true
        ? [
            "assigns a public IP to tasks: set networkConfiguration.assignPublicIp to false and use private subnets",
          ]
        : [];
    },
  },
  {
    name: "ecs-4-not-privileged",
    control: "ECS.4",
    title: "ECS containers should run as non-privileged",
    description: "No container definition sets privileged = true.",
    enforcement: "mandatory",
    onUnknown:
      "containerDefinitions is usually unknown during the first preview (it embeds ARNs): decided at `up`.",
    types: [TASK_DEFINITION],
    check: perContainer((c) => (c.privileged === true ? "privileged is true: remove it" : undefined)),
  },
  {
    name: "ecs-5-read-only-root-filesystem",
    control: "ECS.5",
    title: "ECS containers should be limited to read-only access to root filesystems",
    description: "Every container sets readonlyRootFilesystem = true (write to mounted volumes instead).",
    enforcement: "advisory",
    onUnknown: "containerDefinitions unknown: decided at `up`.",
    types: [TASK_DEFINITION],
    check: perContainer((c) =>
      c.readonlyRootFilesystem === true
        ? undefined
        : "readonlyRootFilesystem is not true: set it and mount a volume for the paths the process writes",
    ),
  },
  {
    name: "ecs-8-no-secrets-in-environment",
    control: "ECS.8",
    title: "Secrets should not be passed as container environment variables",
    description:
      "No environment variable named like a credential (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ECS_ENGINE_AUTH_DATA, *SECRET*, *PASSWORD*, *TOKEN*, *API_KEY*, *PRIVATE_KEY*, *CREDENTIAL*): pass them as `secrets` (Secrets Manager / SSM references).",
    enforcement: "mandatory",
    onUnknown: "containerDefinitions unknown: decided at `up`.",
    types: [TASK_DEFINITION],
    check: perContainer((c) => {
      const names = (list(c.environment) as any[])
        .map((e) => String(e?.name))
        .filter((n) => CREDENTIAL_NAME.test(n));
      return names.length
        ? `environment variable(s) ${names.join(", ")} look like credentials: move them to \`secrets\` (valueFrom a Secrets Manager or SSM parameter ARN)`
        : undefined;
    }),
  },
  {
    name: "ecs-9-logging-configured",
    control: "ECS.9",
    title: "ECS task definitions should have a logging configuration",
    description: "Every container has a logConfiguration with a log driver.",
    enforcement: "mandatory",
    onUnknown: "containerDefinitions unknown: decided at `up`.",
    types: [TASK_DEFINITION],
    check: perContainer((c) =>
      c.logConfiguration?.logDriver
        ? undefined
        : 'no logConfiguration: send logs to CloudWatch (logDriver "awslogs")',
    ),
  },
  {
    name: "ecs-12-container-insights",
    control: "ECS.12",
    title: "ECS clusters should use Container Insights",
    description: 'Clusters set the containerInsights setting to "enabled" or "enhanced".',
    enforcement: "mandatory",
    onUnknown: "Unknown settings are decided at `up`.",
    types: ["aws:ecs/cluster:Cluster"],
    check: ({ props }, ctx) => {
      if (isUnknown(props.settings)) return (ctx.unknown("settings"), []);
      if ((list(props.settings) as any[]).some((s) => isUnknown(at(s, "name"))))
        return (ctx.unknown("settings"), []);
      const setting = (list(props.settings) as any[]).find((s) => s?.name === "containerInsights");
      if (isUnknown(setting?.value)) return (ctx.unknown("settings.containerInsights"), []);
      return setting?.value === "enabled" || setting?.value === "enhanced"
        ? []
        : ['Container Insights is off: add settings [{ name: "containerInsights", value: "enhanced" }]'];
    },
  },
];
