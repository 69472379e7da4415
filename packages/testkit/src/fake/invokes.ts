import { stableAlnum, stableHex } from "../ids";
import { RegionFacts, REGIONS } from "../regions";
import { renderPolicyDocument } from "./policy-document";
import { nameServers } from "./resources";

export interface InvokeContext {
  readonly token: string;
  readonly inputs: Record<string, any>;
  readonly region: RegionFacts;
  readonly accountId: string;
  readonly partition: string;
  /** Hosted zones the fake holds: existing parent zones by name. */
  readonly zones: Readonly<Record<string, { zoneId: string; private?: boolean }>>;
  /** Values of SSM parameters the fake holds (public AWS parameters are built in). */
  readonly parameters: Readonly<Record<string, string>>;
  /** Local/Wavelength zone groups the account has opted in to; undefined: every group the fake knows. */
  readonly optedInZoneGroups?: readonly string[];
}

type Invoke = (ctx: InvokeContext) => Record<string, any>;

/** AMI ids for the public SSM parameters that components read. */
function publicParameter(name: string, region: string): string | undefined {
  if (name.startsWith("/aws/service/ecs/optimized-ami/")) {
    const id = `ami-${stableHex(17, "ecs", name, region)}`;
    return name.endsWith("/image_id")
      ? id
      : JSON.stringify({
          image_id: id,
          image_name: "al2023-ami-ecs-hvm-2023.0.20261101-kernel-6.1-x86_64",
          os: "Amazon Linux 2023",
          ecs_agent_version: "1.99.0",
        });
  }
  if (name.startsWith("/aws/service/ami-amazon-linux-latest/"))
    return `ami-${stableHex(17, "al", name, region)}`;
  return undefined;
}

interface DescribedZone {
  readonly name: string;
  readonly zoneId: string;
  readonly type: "availability-zone" | "local-zone" | "wavelength-zone";
  readonly groupName: string;
  readonly optInStatus: "opt-in-not-required" | "opted-in" | "not-opted-in";
  readonly state: "available";
}

/** What each DescribeAvailabilityZones filter the fake supports compares a zone by. */
const ZONE_FILTERS: Readonly<Record<string, (z: DescribedZone, region: string) => string>> = {
  "opt-in-status": (z) => z.optInStatus,
  "zone-type": (z) => z.type,
  "group-name": (z) => z.groupName,
  "zone-name": (z) => z.name,
  "zone-id": (z) => z.zoneId,
  "region-name": (_z, region) => region,
  state: (z) => z.state,
};

/**
 * DescribeAvailabilityZones as the AWS provider calls it: the region's AZs plus the Local and
 * Wavelength Zones the account opted in to (all of them with `allAvailabilityZones`), narrowed by
 * `state`, `filters`, `excludeNames` and `excludeZoneIds`, sorted by name as the provider sorts
 * them, which puts `us-west-2-lax-1a` before `us-west-2a`.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html
 */
function describeAvailabilityZones({ region, inputs, optedInZoneGroups }: InvokeContext): DescribedZone[] {
  const optedIn = (group: string) => optedInZoneGroups?.includes(group) ?? true;
  const zones: DescribedZone[] = [
    ...region.zones.map((z) => ({
      ...z,
      type: "availability-zone" as const,
      groupName: region.name,
      optInStatus: "opt-in-not-required" as const,
      state: "available" as const,
    })),
    ...region.extensions.map((z) => ({
      name: z.name,
      zoneId: z.zoneId,
      type: z.type,
      groupName: z.groupName,
      optInStatus: optedIn(z.groupName) ? ("opted-in" as const) : ("not-opted-in" as const),
      state: "available" as const,
    })),
  ];
  const filters: { name: string; values: string[] }[] = [...(inputs.filters ?? [])];
  if (inputs.state) filters.push({ name: "state", values: [inputs.state] });
  for (const f of filters) {
    if (!ZONE_FILTERS[f.name]) {
      throw new Error(
        `testkit: getAvailabilityZones filter "${f.name}" has no fake; known filters: ${Object.keys(ZONE_FILTERS).join(", ")} (add it to packages/testkit/src/fake/invokes.ts)`,
      );
    }
  }
  const excludedNames = new Set<string>(inputs.excludeNames ?? []);
  const excludedIds = new Set<string>(inputs.excludeZoneIds ?? []);
  return zones
    .filter((z) => inputs.allAvailabilityZones || z.optInStatus !== "not-opted-in")
    .filter((z) => filters.every((f) => f.values.includes(ZONE_FILTERS[f.name]!(z, region.name))))
    .filter((z) => !excludedNames.has(z.name) && !excludedIds.has(z.zoneId))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const INVOKES: Record<string, Invoke> = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": (ctx) => {
    const zones = describeAvailabilityZones(ctx);
    return {
      id: ctx.region.name,
      names: zones.map((z) => z.name),
      zoneIds: zones.map((z) => z.zoneId),
      groupNames: [...new Set(zones.map((z) => z.groupName))].sort(),
      state: ctx.inputs.state,
    };
  },
  "aws:index/getCallerIdentity:getCallerIdentity": ({ accountId, partition }) => ({
    id: accountId,
    accountId,
    arn: `arn:${partition}:sts::${accountId}:assumed-role/platform-deployer/offline-plan`,
    userId: `AROA${stableAlnum(17, "deployer")}:offline-plan`,
  }),
  "aws:index/getRegion:getRegion": ({ region }) => ({
    id: region.name,
    name: region.name,
    region: region.name,
    description: region.description,
    endpoint: `ec2.${region.name}.amazonaws.com`,
  }),
  "aws:index/getPartition:getPartition": ({ partition }) => ({
    id: partition,
    partition,
    dnsSuffix: "amazonaws.com",
    reverseDnsPrefix: "com.amazonaws",
  }),
  "aws:iam/getPolicyDocument:getPolicyDocument": ({ inputs }) => {
    const json = renderPolicyDocument(inputs);
    return { id: stableHex(10, json), json, minifiedJson: JSON.stringify(JSON.parse(json)) };
  },
  "aws:route53/getZone:getZone": ({ inputs, zones, partition }) => {
    const wanted = inputs.name ? String(inputs.name).replace(/\.$/, "") : undefined;
    const entry = Object.entries(zones).find(([name, z]) =>
      wanted ? name === wanted : z.zoneId === inputs.zoneId,
    );
    if (!entry) {
      throw new Error(
        `testkit: no hosted zone ${wanted ?? inputs.zoneId} in the fake account; known zones: ${Object.keys(zones).join(", ") || "none"} ` +
          `(declare it with FakeAwsOptions.zones or the stack's testkit fixture)`,
      );
    }
    const [name, z] = entry;
    return {
      id: z.zoneId,
      zoneId: z.zoneId,
      name,
      nameServers: nameServers(z.zoneId),
      privateZone: z.private ?? false,
      arn: `arn:${partition}:route53:::hostedzone/${z.zoneId}`,
      resourceRecordSetCount: 4,
      callerReference: stableHex(8, name),
      comment: "",
    };
  },
  "aws:ssm/getParameter:getParameter": ({ inputs, region, parameters, accountId, partition }) => {
    const name = String(inputs.name);
    const value = parameters[name] ?? publicParameter(name, region.name);
    if (value === undefined) {
      throw new Error(
        `testkit: SSM parameter ${name} does not exist in the fake account (declare it with FakeAwsOptions.parameters)`,
      );
    }
    return {
      id: name,
      name,
      value,
      insecureValue: value,
      type: "String",
      version: 1,
      arn: `arn:${partition}:ssm:${region.name}:${accountId}:parameter${name.startsWith("/") ? "" : "/"}${name}`,
    };
  },
  "aws:ec2/getAmi:getAmi": ({ inputs, region }) => ({
    id: `ami-${stableHex(17, "ami", JSON.stringify(inputs.filters ?? []), region.name)}`,
    imageId: `ami-${stableHex(17, "ami", JSON.stringify(inputs.filters ?? []), region.name)}`,
    architecture: "x86_64",
    name: "al2023-ami-2023.9.20261101.0-kernel-6.1-x86_64",
  }),
  "aws:elb/getServiceAccount:getServiceAccount": ({ region, partition }) => ({
    id: region.elbAccountId,
    arn: `arn:${partition}:iam::${region.elbAccountId}:root`,
  }),
  "aws:lb/getHostedZoneId:getHostedZoneId": ({ inputs, region }) => {
    const facts = inputs.region ? (REGIONS[inputs.region] ?? region) : region;
    const id = inputs.loadBalancerType === "network" ? facts.nlbZoneId : facts.albZoneId;
    return { id };
  },
  "aws:index/getDefaultTags:getDefaultTags": () => ({ id: "default", tags: {} }),
};

/** The fake cloud's answer to a data-source call, or an error naming the call it cannot answer. */
export function fakeAwsInvoke(ctx: InvokeContext): Record<string, any> {
  const invoke = INVOKES[ctx.token];
  if (!invoke) {
    throw new Error(
      `testkit: no fake for the call ${ctx.token}; add one to packages/testkit/src/fake/invokes.ts`,
    );
  }
  return invoke(ctx);
}
