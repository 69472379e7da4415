import { isUnknown, ResourceRule, StackRule } from "../model";

/**
 * Lambda runtimes AWS still supports (not deprecated) as of this pack's release; nodejs20.x was
 * deprecated on 2026-04-30. https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 * Overridable per stack with the policy's `supportedRuntimes` configuration.
 */
export const SUPPORTED_LAMBDA_RUNTIMES: readonly string[] = [
  "nodejs22.x",
  "nodejs24.x",
  "python3.11",
  "python3.12",
  "python3.13",
  "python3.14",
  "java11",
  "java17",
  "java21",
  "java25",
  "dotnet8",
  "dotnet10",
  "ruby3.3",
  "ruby3.4",
  "provided.al2",
  "provided.al2023",
];

const REPOSITORY = "aws:ecr/repository:Repository";

export const COMPUTE_RULES: readonly (ResourceRule | StackRule)[] = [
  {
    name: "lambda-2-supported-runtime",
    control: "Lambda.2",
    title: "Lambda functions should use supported runtimes",
    description: "Zip functions use a runtime AWS still supports (container-image functions have none).",
    enforcement: "mandatory",
    onUnknown: "An unknown runtime is decided at `up`.",
    configSchema: {
      supportedRuntimes: {
        type: "array",
        items: { type: "string" },
        default: [...SUPPORTED_LAMBDA_RUNTIMES],
        description: "Lambda runtime identifiers that are allowed.",
      },
    },
    types: ["aws:lambda/function:Function"],
    check: ({ props }, ctx) => {
      if (isUnknown(props.packageType) || isUnknown(props.runtime)) return (ctx.unknown("runtime"), []);
      if (props.packageType === "Image") return [];
      const supported = (ctx.config.supportedRuntimes as string[] | undefined) ?? SUPPORTED_LAMBDA_RUNTIMES;
      return supported.includes(String(props.runtime))
        ? []
        : [
            `runtime ${String(props.runtime ?? "(none)")} is not supported: use one of ${supported.slice(0, 2).join(", ")}, …`,
          ];
    },
  },
  {
    name: "ecr-1-scan-on-push",
    control: "ECR.1",
    title: "ECR private repositories should have image scanning configured",
    description: "Repositories set imageScanningConfiguration.scanOnPush = true.",
    enforcement: "mandatory",
    onUnknown: "An unknown flag is decided at `up`.",
    types: [REPOSITORY],
    check: ({ props }, ctx) => {
      const v = props.imageScanningConfiguration?.scanOnPush;
      if (isUnknown(props.imageScanningConfiguration) || isUnknown(v))
        return (ctx.unknown("imageScanningConfiguration.scanOnPush"), []);
      return v === true ? [] : ["scan on push is off: set imageScanningConfiguration.scanOnPush = true"];
    },
  },
  {
    name: "ecr-2-immutable-tags",
    control: "ECR.2",
    title: "ECR private repositories should have tag immutability configured",
    description: 'Repositories set imageTagMutability = "IMMUTABLE" (a tag always names the same image).',
    enforcement: "mandatory",
    onUnknown: "An unknown setting is decided at `up`.",
    types: [REPOSITORY],
    check: ({ props }, ctx) => {
      if (isUnknown(props.imageTagMutability)) return (ctx.unknown("imageTagMutability"), []);
      return props.imageTagMutability === "IMMUTABLE" ||
        props.imageTagMutability === "IMMUTABLE_WITH_EXCLUSION"
        ? []
        : ['tags are mutable: set imageTagMutability = "IMMUTABLE" and push a new tag per build'];
    },
  },
  {
    name: "ecr-3-lifecycle-policy",
    control: "ECR.3",
    title: "ECR repositories should have at least one lifecycle policy configured",
    description:
      "Every repository of the stack has an aws.ecr.LifecyclePolicy (stack policy: repository and lifecycle policy are two resources).",
    enforcement: "mandatory",
    onUnknown: "Repository names are literals; an unknown one is decided at `up`.",
    checkStack: (resources, ctx) => {
      const covered = new Set(
        resources
          .filter((r) => r.type === "aws:ecr/lifecyclePolicy:LifecyclePolicy")
          .map((r) => r.props.repository),
      );
      return resources
        .filter((r) => r.type === REPOSITORY)
        .flatMap((repo) => {
          const name = repo.props.name ?? repo.outputs?.name;
          if (name === undefined || isUnknown(name)) return (ctx.unknown("name", repo.urn), []);
          return covered.has(name)
            ? []
            : [
                {
                  urn: repo.urn,
                  message: `repository ${String(name)} keeps every image: add an aws.ecr.LifecyclePolicy`,
                },
              ];
        });
    },
  },
  {
    // ECR needs customRoleArn to create a repository from a template that applies tags or a KMS
    // key; without it the replicas are never created and replication stops silently.
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-create.html
    name: "ecr-creation-template-role",
    title: "ECR creation templates that apply tags or a KMS key can create repositories",
    description:
      "Repository creation templates that apply resourceTags or a KMS key set customRoleArn (no FSBP control; ECR cannot create the replicas otherwise).",
    enforcement: "mandatory",
    onUnknown:
      "Tags and encryption type are literals; an unknown customRoleArn (a role of the same stack) counts as set.",
    types: ["aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"],
    check: ({ props }, ctx) => {
      if (isUnknown(props.resourceTags) || isUnknown(props.encryptionConfigurations))
        return (ctx.unknown("resourceTags/encryptionConfigurations"), []);
      const tags = Object.keys(props.resourceTags ?? {}).length > 0;
      const kms = ((props.encryptionConfigurations ?? []) as any[]).some((e) => e?.encryptionType === "KMS");
      return (tags || kms) && !props.customRoleArn
        ? [
            `applies ${tags ? "resourceTags" : "a KMS key"} without customRoleArn: ECR cannot create the repositories; set customRoleArn to a role trusted by ecr.amazonaws.com that may ecr:CreateRepository and ecr:TagResource`,
          ]
        : [];
    },
  },
  {
    name: "cloudwatch-16-log-retention",
    control: "CloudWatch.16",
    title: "CloudWatch log groups should be retained for a specified time period",
    description:
      "Log groups set retentionInDays ≥ minimumRetentionDays (default 1: logs must expire; FSBP's own default is 365, set it per stack where audits need a year).",
    enforcement: "advisory",
    onUnknown: "An unknown retention is decided at `up`.",
    configSchema: {
      minimumRetentionDays: {
        type: "integer",
        minimum: 1,
        default: 1,
        description: "Shortest retention accepted, in days.",
      },
    },
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    check: ({ props }, ctx) => {
      if (isUnknown(props.retentionInDays)) return (ctx.unknown("retentionInDays"), []);
      const minimum = Number(ctx.config.minimumRetentionDays ?? 1);
      const days = props.retentionInDays;
      if (typeof days !== "number" || days <= 0)
        return ["no retentionInDays: logs are kept (and billed) forever; set one"];
      return days >= minimum
        ? []
        : [`retentionInDays ${days} is below ${minimum}: keep the logs at least ${minimum} days`];
    },
  },
];
