// Runs program.ts on Pulumi's runtime mocks (no Pulumi CLI, no AWS) and prints what it
// registered as JSON: each resource's type, name and parent type, and the organisation's
// policy findings (@acs/policies) over the custom resources.
import * as pulumi from "@pulumi/pulumi";
import { checkResources } from "@acs/policies/rules";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";

interface Registered {
  type: string;
  name: string;
  urn: string;
  custom: boolean;
  inputs: Record<string, any>;
  state: Record<string, any>;
}
const registered: Registered[] = [];

/** Outputs AWS would give each type, enough for the components' own reads. */
function stateOf(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
  const [, module = "unknown", kind = ""] = /^aws:([a-z0-9]+)\/([a-zA-Z0-9]+):/.exec(type) ?? [];
  const id = String(inputs.name ?? name);
  const arn =
    module === "iam"
      ? `arn:aws:iam::${ACCOUNT}:${kind.toLowerCase()}/${id}`
      : module === "lambda"
        ? `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${id}`
        : module === "sns" || module === "sqs"
          ? `arn:aws:${module}:${REGION}:${ACCOUNT}:${id}`
          : `arn:aws:${module}:${REGION}:${ACCOUNT}:${kind.toLowerCase()}/${id}`;
  const extra: Record<string, any> = {};
  switch (type) {
    case "aws:route53/zone:Zone":
      extra.zoneId = `Z${name.length}TEAMZONE`;
      extra.nameServers = [
        "ns-1.awsdns-01.org",
        "ns-2.awsdns-02.co.uk",
        "ns-3.awsdns-03.com",
        "ns-4.awsdns-04.net",
      ];
      break;
    case "aws:lb/loadBalancer:LoadBalancer":
      extra.dnsName = `${name}-1234567890.${REGION}.elb.amazonaws.com`;
      extra.zoneId = "Z35SXDOTRQ7X7K";
      extra.arnSuffix = `app/${name}/0123456789abcdef`;
      break;
    case "aws:lb/targetGroup:TargetGroup":
      extra.arnSuffix = `targetgroup/${name}/0123456789abcdef`;
      break;
    case "aws:ecs/taskDefinition:TaskDefinition":
      extra.revision = 1;
      extra.arnWithoutRevision = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${inputs.family}`;
      extra.arn = `${extra.arnWithoutRevision}:1`;
      break;
    case "aws:ecr/repository:Repository":
      extra.repositoryUrl = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${inputs.name ?? name}`;
      break;
    case "aws:s3/bucketV2:BucketV2":
    case "aws:s3/bucket:Bucket":
      extra.bucket = inputs.bucket ?? `${name}-0123456789`;
      break;
    case "aws:dynamodb/table:Table":
      extra.streamArn = `${arn}/stream/2026-01-01T00:00:00.000`;
      break;
  }
  return { name, ...inputs, arn, ...extra };
}

pulumi.runtime.setMocks(
  {
    newResource(args) {
      // The platform's stack, as the backend answers a StackReference (a read, not recorded).
      if (args.type === "pulumi:pulumi:StackReference")
        return {
          id: args.inputs.name,
          state: {
            name: args.inputs.name,
            outputs: { vpcId: "vpc-0platform", contractVersion: "1.0.0" },
            secretOutputNames: [],
          },
        };
      const custom = args.custom ?? true;
      const state = custom ? stateOf(args.type, args.name, args.inputs) : args.inputs;
      registered.push({ type: args.type, name: args.name, urn: "", custom, inputs: args.inputs, state });
      return { id: custom ? `${args.name}-id` : "", state };
    },
    call(args) {
      switch (args.token) {
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
          return {
            id: REGION,
            names: ["us-east-1a", "us-east-1b", "us-east-1c"],
            zoneIds: ["use1-az1", "use1-az2", "use1-az4"],
          };
        case "aws:index/getRegion:getRegion":
          return { id: REGION, name: REGION, region: REGION };
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return { id: ACCOUNT, accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: "AIDA" };
        case "aws:index/getPartition:getPartition":
          return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com" };
        case "aws:elb/getServiceAccount:getServiceAccount":
          return { id: "127311923021", arn: "arn:aws:iam::127311923021:root" };
        default:
          return args.inputs;
      }
    },
  },
  "team",
  "test",
  false,
);

async function main(): Promise<void> {
  // Loaded after the mocks are set, as a Pulumi program is.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { program } = require("./program") as typeof import("./program");
  const outputs = program();
  await new Promise((resolve) => pulumi.output(outputs).apply(resolve));
  // Registrations are asynchronous: wait until no new resource arrives.
  for (let seen = -1; seen !== registered.length;) {
    seen = registered.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const resources = registered
    .filter((r) => r.custom)
    .map((r) => ({
      type: r.type,
      urn: `urn:pulumi:test::team::${r.type}::${r.name}`,
      id: `${r.name}-id`,
      props: r.inputs,
      outputs: r.state,
    }));
  const violations = checkResources(resources);
  const resolved = await new Promise((resolve) => pulumi.output(outputs).apply(resolve));
  process.stdout.write(
    JSON.stringify({
      resources: registered.map((r) => ({ type: r.type, name: r.name, custom: r.custom })),
      outputs: resolved,
      violations,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
