import * as aws from "@pulumi/aws";
import { ProgramError, Recording, RecordedResource, runPulumi, runPulumiExpectingError } from "@acs/testkit";
import { Network } from "../network";
import { NetworkArgs } from "../args";

export const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  igw: "aws:ec2/internetGateway:InternetGateway",
  nat: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  rt: "aws:ec2/routeTable:RouteTable",
  route: "aws:ec2/route:Route",
  rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  flowLog: "aws:ec2/flowLog:FlowLog",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  instance: "aws:ec2/instance:Instance",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

export const base: NetworkArgs = { cidr: "10.10.0.0/16", azCount: 3, natStrategy: "Single" };

/** Runs one Network named "net" with an explicit provider in `region`. */
export async function planNetwork(
  args: NetworkArgs,
  region = "us-east-1",
): Promise<{ rec: Recording; net: Network }> {
  let net: Network | undefined;
  const rec = await runPulumi(
    () => {
      const provider = new aws.Provider("aws", { region });
      net = new Network("net", args, { provider });
    },
    { region },
  );
  return { rec, net: net! };
}

/**
 * Runs a Network expecting it to fail. Also catches errors that surface only as rejected
 * registrations (a check inside an Output, like the AZ count), which a real `pulumi up`
 * reports as the deployment's error.
 */
export async function rejectNetwork(
  args: NetworkArgs,
  region = "us-east-1",
): Promise<{ message: string; recording: Recording }> {
  const rejections: Error[] = [];
  const onRejection = (e: unknown) => void rejections.push(e instanceof Error ? e : new Error(String(e)));
  process.on("unhandledRejection", onRejection);
  try {
    let failure: ProgramError | undefined;
    let recording: Recording;
    try {
      recording = await runPulumi(
        () => new Network("net", args, { provider: new aws.Provider("aws", { region }) }),
        { region },
      );
    } catch (err) {
      if (!(err instanceof ProgramError)) throw err;
      failure = err;
      recording = err.recording;
    }
    await new Promise((r) => setImmediate(r));
    const message = failure?.message ?? rejections.map((e) => e.message).find((m) => m.includes("network:"));
    if (!message) throw new Error("expected the Network to be rejected, but it completed");
    return { message: message.slice(message.indexOf("network:")), recording };
  } finally {
    process.off("unhandledRejection", onRejection);
  }
}

export { runPulumiExpectingError };

/** The resource with physical id `id`; throws naming the id when absent. */
export function byId(rec: Recording, id: unknown): RecordedResource {
  const r = rec.byId(String(id));
  if (!r) throw new Error(`no resource with id ${String(id)}`);
  return r;
}

/** The route table a subnet is associated with. */
export function routeTableOf(rec: Recording, subnet: RecordedResource): RecordedResource {
  const assocs = rec.ofType(T.rta).filter((a) => a.inputs.subnetId === subnet.id);
  if (assocs.length !== 1) throw new Error(`${subnet.urn} has ${assocs.length} route table associations`);
  return byId(rec, assocs[0]!.inputs.routeTableId);
}

/** The routes of a route table (beyond the implicit local route). */
export function routesOf(rec: Recording, rt: RecordedResource): RecordedResource[] {
  return rec.ofType(T.route).filter((r) => r.inputs.routeTableId === rt.id);
}

/** The subnets of one tier, in AZ order. */
export function tier(rec: Recording, t: "public" | "private" | "isolated"): RecordedResource[] {
  return rec
    .ofType(T.subnet)
    .filter((s) => s.inputs.tags?.Tier === t)
    .sort((a, b) => a.name.localeCompare(b.name));
}
