import type { PreviewDigest, ResourceV3 } from "./preview-json";
import { UNKNOWN } from "./preview/values";
import PRICES from "./prices.json";
import DEFAULT_ASSUMPTIONS from "./cost-assumptions.json";

/**
 * A monthly estimate of what a plan costs, from the price table in `prices.json` (per region,
 * dated, with its sources) and the usage assumptions in `cost-assumptions.json`, which a
 * stack overrides under `cost:` in its testkit.yaml. Only what the plan fixes is priced
 * (hours of NAT gateways, load balancers, tasks, interface endpoints; zones, health checks,
 * alarms, keys) plus the stated usage assumptions; data transfer and request charges beyond
 * them are not.
 */

export type Prices = (typeof PRICES.regions)["us-east-1"];
export type CostAssumptions = Omit<typeof DEFAULT_ASSUMPTIONS, "note" | "healthCheckEndpoint"> & {
  readonly healthCheckEndpoint: "aws" | "other";
};

export interface CostLine {
  /** The top-level component (or `stack`) the resource belongs to. */
  readonly component: string;
  readonly urn: string;
  readonly item: string;
  readonly monthly: number;
}

export interface CostEstimate {
  readonly region: string;
  readonly lines: readonly CostLine[];
  readonly total: number;
  /** Component → monthly total, in first-seen order. */
  readonly byComponent: ReadonlyMap<string, number>;
}

/** The default assumptions, overridden by `overrides` (a stack's `cost:`); rejects unknown keys. */
export function resolveCostAssumptions(
  overrides: Record<string, unknown> = {},
  where = "cost",
): CostAssumptions {
  const { note: _note, ...defaults } = DEFAULT_ASSUMPTIONS;
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in defaults))
      throw new Error(
        `${where}.${key} is not a cost assumption; use one of ${Object.keys(defaults).join(", ")}`,
      );
    const expected = typeof (defaults as Record<string, unknown>)[key];
    const ok =
      key === "healthCheckEndpoint"
        ? value === "aws" || value === "other"
        : typeof value === expected && (value as number) >= 0;
    if (!ok)
      throw new Error(
        `${where}.${key} is ${JSON.stringify(value)}; use ${key === "healthCheckEndpoint" ? '"aws" or "other"' : "a number ≥ 0"}`,
      );
  }
  return { ...defaults, ...overrides } as CostAssumptions;
}

/** The price table of `region`; throws naming the region and the file when it has none. */
export function pricesFor(region: string): Prices {
  const prices = (PRICES.regions as Record<string, Prices>)[region];
  if (!prices)
    throw new Error(
      `no prices for region ${region} in packages/plan/src/prices.json (it has ${Object.keys(PRICES.regions).join(", ")}); add a block for it`,
    );
  return prices;
}

const HOURS = PRICES.hoursPerMonth;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** The top-level component of a state: its ancestor directly under the stack. */
function componentNamer(states: readonly ResourceV3[]): (s: ResourceV3) => string {
  const byUrn = new Map(states.map((s) => [s.urn, s]));
  const stack = states.find((s) => s.type === "pulumi:pulumi:Stack");
  return (s) => {
    let cur = s;
    while (cur.parent && cur.parent !== stack?.urn && byUrn.has(cur.parent)) cur = byUrn.get(cur.parent)!;
    return cur.custom ? "stack" : `${cur.type.split(":").pop()} ${cur.urn.split("::").pop()}`;
  };
}

/** Share of a service's tasks on FARGATE_SPOT, from its capacity provider strategy. */
export function spotShare(strategies: unknown, tasks: number): number {
  const list = (Array.isArray(strategies) ? strategies : []) as {
    capacityProvider?: string;
    base?: number;
    weight?: number;
  }[];
  if (list.length === 0 || tasks <= 0) return 0;
  let spot = 0;
  let left = tasks;
  for (const s of list) {
    const base = Math.min(s.base ?? 0, left);
    if (s.capacityProvider === "FARGATE_SPOT") spot += base;
    left -= base;
  }
  const weights = list.reduce((n, s) => n + (s.weight ?? 0), 0);
  if (weights > 0) {
    const spotWeight = list
      .filter((s) => s.capacityProvider === "FARGATE_SPOT")
      .reduce((n, s) => n + (s.weight ?? 0), 0);
    spot += (left * spotWeight) / weights;
  }
  return spot / tasks;
}

/** Monthly cost of `tasks` Fargate tasks of a task definition (`spot`: share on Spot). */
function fargateMonthly(taskDef: ResourceV3 | undefined, tasks: number, spot: number, p: Prices): number {
  if (!taskDef || tasks <= 0) return 0;
  const i = taskDef.inputs ?? {};
  const vcpu = Number(i.cpu ?? 256) / 1024;
  const gb = Number(i.memory ?? 512) / 1024;
  const arm = (i.runtimePlatform as { cpuArchitecture?: string } | undefined)?.cpuArchitecture === "ARM64";
  const hourly =
    vcpu * (arm ? p.fargateArmVcpuHour : p.fargateVcpuHour) +
    gb * (arm ? p.fargateArmGbHour : p.fargateGbHour);
  return tasks * HOURS * hourly * (1 - spot * p.fargateSpotDiscount);
}

/** Estimates the monthly cost of the resources a plan leaves in place. */
export function estimateCost(
  plan: PreviewDigest,
  assumptions: CostAssumptions = resolveCostAssumptions(),
): CostEstimate {
  const states = (plan.steps ?? [])
    .filter((s) => !["delete", "delete-replaced", "discard-replaced", "read-discard"].includes(s.op))
    .map((s) => s.newState ?? s.oldState)
    .filter(
      (s): s is ResourceV3 => !!s && s.custom && !s.external && s.type !== "pulumi:pulumi:StackReference",
    );
  const all = (plan.steps ?? []).map((s) => s.newState ?? s.oldState).filter((s): s is ResourceV3 => !!s);
  const stackRegion = plan.config?.["aws:region"] ?? "us-east-1";
  const componentOf = componentNamer(all);
  const taskDefs = new Map<string, ResourceV3>();
  for (const s of states) {
    if (s.type !== "aws:ecs/taskDefinition:TaskDefinition") continue;
    for (const key of [s.id, s.outputs?.arn].filter(Boolean)) taskDefs.set(String(key), s);
  }
  /**
   * The task definition a service runs: by its id or ARN, or, in a preview where that ARN is not
   * known yet (the definition is created in the same run), the one task definition the service
   * depends on.
   */
  const taskDefOf = (service: ResourceV3): ResourceV3 | undefined => {
    const ref = service.inputs?.taskDefinition;
    const byRef = taskDefs.get(String(ref ?? ""));
    if (byRef || ref !== UNKNOWN) return byRef;
    const deps = states.filter(
      (t) => t.type === "aws:ecs/taskDefinition:TaskDefinition" && service.dependencies?.includes(t.urn),
    );
    return deps.length === 1 ? deps[0] : undefined;
  };
  const servedTaskDefs = new Set<ResourceV3>();
  // A service's scaling minimum, by the target's resource id and by the service it depends on
  // (in a preview the id embeds the cluster's name, which may not be known yet).
  const minCapacity = new Map<string, number>();
  for (const s of states) {
    if (s.type !== "aws:appautoscaling/target:Target" || s.inputs?.serviceNamespace !== "ecs") continue;
    const min = Number(s.inputs.minCapacity ?? 0);
    if (s.inputs.resourceId !== UNKNOWN) minCapacity.set(String(s.inputs.resourceId), min);
    for (const dep of s.dependencies ?? [])
      if (dep.includes("aws:ecs/service:Service::")) minCapacity.set(dep, min);
  }
  const lines: CostLine[] = [];
  const a = assumptions;

  for (const s of states) {
    const i = s.inputs ?? {};
    const p = pricesFor(typeof i.region === "string" ? i.region : stackRegion);
    const add = (item: string, monthly: number) => {
      if (monthly > 0) lines.push({ component: componentOf(s), urn: s.urn, item, monthly });
    };
    switch (s.type) {
      case "aws:ec2/natGateway:NatGateway":
        add(
          `NAT gateway: ${HOURS} h + ${a.natGbPerGateway} GB processed`,
          HOURS * p.natGatewayHour + a.natGbPerGateway * p.natGatewayGb,
        );
        break;
      case "aws:ec2/eip:Eip":
        add(`public IPv4 address: ${HOURS} h`, HOURS * p.publicIpv4Hour);
        break;
      case "aws:ec2/vpcEndpoint:VpcEndpoint":
        if (i.vpcEndpointType === "Interface") {
          const azs = Math.max(1, (i.subnetIds as unknown[] | undefined)?.length ?? 1);
          add(
            `interface endpoint ${String(i.serviceName)}: ${azs} AZ × ${HOURS} h + ${a.interfaceEndpointGb} GB`,
            azs * HOURS * p.interfaceEndpointAzHour + a.interfaceEndpointGb * p.interfaceEndpointGb,
          );
        }
        break;
      case "aws:lb/loadBalancer:LoadBalancer": {
        const nlb = i.loadBalancerType === "network";
        add(
          `${nlb ? "NLB" : "ALB"}: ${HOURS} h + ${a.lcuPerLoadBalancer} LCU`,
          HOURS * (nlb ? p.nlbHour : p.albHour) +
            a.lcuPerLoadBalancer * HOURS * (nlb ? p.nlbLcuHour : p.albLcuHour),
        );
        break;
      }
      case "aws:ecs/service:Service": {
        // At least the desired count, and at least the scaling target's minimum.
        const cluster = String(i.cluster ?? "")
          .split("/")
          .pop();
        const min =
          minCapacity.get(`service/${cluster}/${String(i.name ?? "")}`) ?? minCapacity.get(s.urn) ?? 0;
        const desired = i.desiredCount === UNKNOWN ? 0 : Number(i.desiredCount ?? 0);
        const tasks = Math.max(desired, min);
        const taskDef = taskDefOf(s);
        if (taskDef) servedTaskDefs.add(taskDef);
        const spot = spotShare(i.capacityProviderStrategies, tasks);
        add(
          `Fargate: ${tasks} task${tasks === 1 ? "" : "s"} × ${Number(taskDef?.inputs?.cpu ?? 0) / 1024} vCPU/${Number(taskDef?.inputs?.memory ?? 0) / 1024} GB, ${Math.round(spot * 100)}% Spot`,
          fargateMonthly(taskDef, tasks, spot, p),
        );
        break;
      }
      case "aws:dynamodb/table:Table": {
        if (i.billingMode !== "PAY_PER_REQUEST") break;
        const replicas = ((i.replicas as unknown[] | undefined) ?? []).length;
        add(
          `DynamoDB on-demand: ${a.dynamodbStorageGbPerTable} GB, ${a.dynamodbWritesMillionPerTable}M writes, ${a.dynamodbReadsMillionPerTable}M reads${replicas ? `, ${replicas} replica${replicas > 1 ? "s" : ""}` : ""}`,
          (1 + replicas) * a.dynamodbStorageGbPerTable * p.dynamodbStorageGbMonth +
            a.dynamodbWritesMillionPerTable * p.dynamodbWriteMillion +
            a.dynamodbReadsMillionPerTable * p.dynamodbReadMillion +
            replicas * a.dynamodbWritesMillionPerTable * p.dynamodbReplicatedWriteMillion,
        );
        break;
      }
      case "aws:route53/zone:Zone":
        add("hosted zone", p.route53ZoneMonth);
        break;
      case "aws:route53/healthCheck:HealthCheck": {
        const aws = a.healthCheckEndpoint === "aws";
        const type = String(i.type ?? "");
        const features = [
          type.startsWith("HTTPS") ? "HTTPS" : "",
          type.endsWith("STR_MATCH") ? "string matching" : "",
          Number(i.requestInterval ?? 30) === 10 ? "fast interval" : "",
          i.measureLatency ? "latency" : "",
        ].filter(Boolean);
        add(
          `health check (${aws ? "AWS" : "other"} endpoint${features.length ? `; ${features.join(", ")}` : ""})`,
          (aws ? p.route53HealthCheckAwsMonth : p.route53HealthCheckOtherMonth) +
            features.length *
              (aws ? p.route53HealthCheckFeatureAwsMonth : p.route53HealthCheckFeatureOtherMonth),
        );
        break;
      }
      case "aws:cloudwatch/metricAlarm:MetricAlarm":
        add(
          Number(i.period ?? 60) < 60 ? "alarm (high resolution)" : "alarm",
          Number(i.period ?? 60) < 60 ? p.cloudwatchHighResolutionAlarmMonth : p.cloudwatchAlarmMonth,
        );
        break;
      case "aws:cloudwatch/logGroup:LogGroup": {
        const months = Math.min(Number(i.retentionInDays ?? 30), 3650) / 30;
        add(
          `logs: ${a.logGbPerGroup} GB ingested, kept ${String(i.retentionInDays ?? "forever")} d`,
          a.logGbPerGroup * p.cloudwatchLogsIngestGb +
            a.logGbPerGroup * months * p.cloudwatchLogsStorageGbMonth,
        );
        break;
      }
      case "aws:kms/key:Key":
        add("KMS key", p.kmsKeyMonth);
        break;
      case "aws:lambda/function:Function": {
        const gb = Number(i.memorySize ?? 128) / 1024;
        const arm = ((i.architectures as string[] | undefined) ?? []).includes("arm64");
        const seconds = (a.lambdaInvocationsPerFunction * a.lambdaAverageMs) / 1000;
        add(
          `Lambda: ${a.lambdaInvocationsPerFunction} invocations × ${a.lambdaAverageMs} ms at ${i.memorySize ?? 128} MB`,
          seconds * gb * (arm ? p.lambdaArmGbSecond : p.lambdaGbSecond) +
            (a.lambdaInvocationsPerFunction / 1e6) * p.lambdaRequestMillion,
        );
        break;
      }
      case "aws:ecr/repository:Repository":
        add(`ECR storage: ${a.ecrGbPerRepository} GB`, a.ecrGbPerRepository * p.ecrStorageGbMonth);
        break;
      case "aws:s3/bucket:Bucket":
        add(`S3 storage: ${a.s3GbPerBucket} GB`, a.s3GbPerBucket * p.s3StorageGbMonth);
        break;
    }
  }
  // Task definitions no service runs are the hot pool's workers, started by its manager.
  for (const s of states) {
    if (s.type !== "aws:ecs/taskDefinition:TaskDefinition" || servedTaskDefs.has(s) || a.poolWorkers <= 0)
      continue;
    const p = pricesFor(typeof s.inputs?.region === "string" ? s.inputs.region : stackRegion);
    lines.push({
      component: componentOf(s),
      urn: s.urn,
      item: `Fargate: ${a.poolWorkers} pool workers (assumed)`,
      monthly: fargateMonthly(s, a.poolWorkers, 0, p),
    });
  }

  const byComponent = new Map<string, number>();
  for (const l of lines) byComponent.set(l.component, (byComponent.get(l.component) ?? 0) + l.monthly);
  for (const [k, v] of byComponent) byComponent.set(k, round2(v));
  return {
    region: stackRegion,
    lines: lines.map((l) => ({ ...l, monthly: round2(l.monthly) })),
    total: round2(lines.reduce((n, l) => n + l.monthly, 0)),
    byComponent,
  };
}

const usd = (n: number) => `$${n.toFixed(2)}`;
const signed = (n: number) => `${n >= 0 ? "+" : "-"}$${Math.abs(n).toFixed(2)}`;

/** The estimate as text: one line per component, the total, the price table's date. */
export function renderCost(estimate: CostEstimate): string {
  const width = Math.max(10, ...[...estimate.byComponent.keys()].map((k) => k.length));
  return [
    `Estimated monthly cost (${estimate.region}, list prices of ${PRICES.date}; assumptions in cost-assumptions.json / testkit.yaml cost:):`,
    ...[...estimate.byComponent].map(([k, v]) => `    ${k.padEnd(width)}  ${usd(v).padStart(10)}`),
    `    ${"total".padEnd(width)}  ${usd(estimate.total).padStart(10)}`,
  ].join("\n");
}

/** The cost change between two estimates, per component that changed. */
export function costChange(
  before: CostEstimate,
  after: CostEstimate,
): { component: string; delta: number }[] {
  const keys = [...new Set([...before.byComponent.keys(), ...after.byComponent.keys()])];
  return keys
    .map((component) => ({
      component,
      delta: round2((after.byComponent.get(component) ?? 0) - (before.byComponent.get(component) ?? 0)),
    }))
    .filter((c) => c.delta !== 0);
}

export function renderCostChange(before: CostEstimate, after: CostEstimate): string {
  const changes = costChange(before, after);
  const total = round2(after.total - before.total);
  return [
    `Cost change: ${signed(total)}/month (${usd(before.total)} → ${usd(after.total)})`,
    ...changes.map((c) => `    ${c.component}: ${signed(c.delta)}`),
  ].join("\n");
}

export const PRICE_TABLE_DATE = PRICES.date;
export { signed as formatUsdChange, usd as formatUsd };
