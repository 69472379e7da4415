import type { PreviewDigest, ResourceV3 } from "./preview-json";

/**
 * The architecture picture: the plan's key resources (a role per resource type), grouped by
 * the top-level component that owns them, with arrows along the traffic path (DNS →
 * failover → load balancer → service), the data path (service and functions → tables →
 * replicas in another region), the control path (schedules, streams and events → functions
 * → ECS) and cross-stack references. Edges are found in the plan itself: resource A is linked
 * to B when A's inputs carry B's id, ARN or name, directly or through "glue" resources
 * (listeners, target groups, event targets, stream mappings, alias records) that are not
 * drawn. Nothing here knows the stacks: another composition gets its own picture.
 */

export type Role =
  | "zone"
  | "failover"
  | "healthcheck"
  | "alb"
  | "nlb"
  | "service"
  | "cluster"
  | "workers"
  | "table"
  | "replica"
  | "function"
  | "rule"
  | "repository"
  | "replication"
  | "vpc"
  | "topic"
  | "stackref";

export type EdgeKind = "traffic" | "data" | "control" | "stack";

export interface ArchNode {
  readonly id: string;
  readonly role: Role;
  readonly label: string;
  /** The URN of the resource drawn (synthetic nodes such as replicas have none). */
  readonly urn?: string;
  /** The top-level component (or the stack) that owns the resource. */
  readonly group: string;
}

export interface ArchEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

export interface Architecture {
  readonly nodes: readonly ArchNode[];
  readonly edges: readonly ArchEdge[];
  /** Group id → label (the component's type and name). */
  readonly groups: ReadonlyMap<string, string>;
}

const GLUE_TYPES = new Set([
  "aws:lb/listener:Listener",
  "aws:lb/listenerRule:ListenerRule",
  "aws:lb/targetGroup:TargetGroup",
  "aws:cloudwatch/eventTarget:EventTarget",
  "aws:lambda/eventSourceMapping:EventSourceMapping",
  "aws:route53/record:Record",
  "aws:ecs/taskDefinition:TaskDefinition",
]);

const ROLE_BY_TYPE: Record<string, Role> = {
  "aws:route53/zone:Zone": "zone",
  "aws:route53/healthCheck:HealthCheck": "healthcheck",
  "aws:ecs/service:Service": "service",
  "aws:ecs/cluster:Cluster": "cluster",
  "aws:dynamodb/table:Table": "table",
  "aws:lambda/function:Function": "function",
  "aws:cloudwatch/eventRule:EventRule": "rule",
  "aws:ecr/repository:Repository": "repository",
  "aws:ecr/replicationConfiguration:ReplicationConfiguration": "replication",
  "aws:ec2/vpc:Vpc": "vpc",
  "aws:sns/topic:Topic": "topic",
  "pulumi:pulumi:StackReference": "stackref",
};

/**
 * How two linked roles are drawn: [from, to, kind, label]. A link found only through a
 * stream mapping is a control edge from the table to the function (its stream triggers it).
 */
const EDGE_RULES: readonly [Role, Role, EdgeKind, string?][] = [
  ["zone", "failover", "traffic"],
  ["failover", "alb", "traffic"],
  ["alb", "service", "traffic"],
  ["healthcheck", "failover", "control", "health"],
  ["healthcheck", "alb", "control", "probes"],
  ["service", "table", "data"],
  ["function", "table", "data"],
  ["table", "replica", "data", "replica"],
  ["rule", "function", "control", "triggers"],
  ["repository", "rule", "control", "push event"],
  ["function", "cluster", "control", "RunTask"],
  ["function", "workers", "control", "RunTask"],
  ["workers", "cluster", "control"],
  ["service", "cluster", "control"],
  ["repository", "workers", "control", "image"],
  ["repository", "service", "control", "image"],
  ["repository", "replication", "data", "replicated"],
];

const MAX_LABEL = 40;

function shortName(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

function stringLeaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") {
    out.push(value);
    if (/^\s*[[{]/.test(value)) {
      try {
        stringLeaves(JSON.parse(value), out);
      } catch {
        // not JSON: the string itself is the leaf
      }
    }
  } else if (Array.isArray(value)) value.forEach((v) => stringLeaves(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => stringLeaves(v, out));
  return out;
}

/** The strings by which other resources refer to this one. */
function identifiers(s: ResourceV3): string[] {
  if (s.type === "pulumi:pulumi:StackReference")
    return stringLeaves((s.outputs ?? {}).outputs).filter((v) => v.length >= 8);
  const out = s.outputs ?? {};
  const ids = [s.id ?? ""];
  for (const [k, v] of Object.entries(out)) {
    if (typeof v !== "string") continue;
    if (
      v.startsWith("arn:") ||
      ["name", "dnsName", "fqdn", "repositoryUrl", "streamArn", "family"].includes(k)
    )
      ids.push(v);
    if (k === "zoneId" && s.type === "aws:route53/zone:Zone") ids.push(v);
  }
  return ids.filter((v) => v.length >= 6);
}

function roleOf(s: ResourceV3, taskDefsOfServices: Set<string>): Role | "glue" | undefined {
  const inputs = s.inputs ?? {};
  if (s.type === "aws:route53/record:Record")
    return Array.isArray(inputs.failoverRoutingPolicies) && inputs.failoverRoutingPolicies.length > 0
      ? "failover"
      : "glue";
  if (s.type === "aws:lb/loadBalancer:LoadBalancer")
    return inputs.loadBalancerType === "network" ? "nlb" : "alb";
  if (s.type === "aws:ecs/taskDefinition:TaskDefinition")
    return taskDefsOfServices.has(s.urn) ? "glue" : "workers";
  if (GLUE_TYPES.has(s.type)) return "glue";
  return ROLE_BY_TYPE[s.type];
}

function labelOf(s: ResourceV3, role: Role): string {
  const i = s.inputs ?? {};
  const name = shortName(s.urn);
  const detail: Partial<Record<Role, unknown>> = {
    zone: i.name,
    failover: `${String(i.name)} ${String((i.failoverRoutingPolicies as { type?: string }[] | undefined)?.[0]?.type ?? "")}`,
    healthcheck: `${String(i.type)} ${String(i.fqdn ?? "")}${String(i.resourcePath ?? "")}`,
    alb: "ALB",
    nlb: "NLB",
    service: `desired ${String(i.desiredCount ?? "?")}`,
    table: i.name,
    function: i.name,
    rule: i.scheduleExpression ?? "event pattern",
    repository: i.name,
    vpc: i.cidrBlock,
    workers: "worker task definition",
    cluster: "ECS cluster",
    stackref: `stack ${String(i.name ?? "")
      .split("/")
      .pop()}`,
    replication: "ECR replication",
    topic: "alerts",
  };
  const text = String(detail[role] ?? "");
  const clipped = text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
  return role === "stackref" ? clipped : `${name}<br/>${clipped}`;
}

/** The architecture of a plan (ours or a real preview's new states). */
export function architectureOf(plan: PreviewDigest): Architecture {
  const states = (plan.steps ?? []).map((s) => s.newState ?? s.oldState).filter((s): s is ResourceV3 => !!s);
  const byUrn = new Map(states.map((s) => [s.urn, s]));
  const stack = states.find((s) => s.type === "pulumi:pulumi:Stack");

  // The owner group: the ancestor that is a direct child of the stack.
  const groups = new Map<string, string>();
  const groupOf = (s: ResourceV3): string => {
    let cur = s;
    while (cur.parent && cur.parent !== stack?.urn && byUrn.has(cur.parent)) cur = byUrn.get(cur.parent)!;
    const id = cur.custom ? (stack?.urn ?? "stack") : cur.urn;
    if (!groups.has(id))
      groups.set(
        id,
        cur.custom
          ? `stack ${shortName(stack?.urn ?? "")}`
          : `${cur.type.split(":").pop()} ${shortName(cur.urn)}`,
      );
    return id;
  };

  const taskDefsOfServices = new Set<string>();
  const arnToUrn = new Map<string, string>();
  for (const s of states) {
    if (!s.custom) continue;
    for (const id of identifiers(s)) if (!arnToUrn.has(id)) arnToUrn.set(id, s.urn);
  }
  for (const s of states) {
    if (s.type !== "aws:ecs/service:Service") continue;
    const td = arnToUrn.get(String(s.inputs?.taskDefinition ?? ""));
    if (td) taskDefsOfServices.add(td);
  }

  const roles = new Map<string, Role | "glue">();
  for (const s of states) {
    if (!s.custom && s.type !== "pulumi:pulumi:StackReference") continue;
    const role = roleOf(s, taskDefsOfServices);
    if (role) roles.set(s.urn, role);
  }

  // Who refers to whom among drawn and glue resources (undirected), and through what type.
  const index = new Map<string, Set<string>>();
  for (const urn of roles.keys()) {
    for (const id of identifiers(byUrn.get(urn)!)) {
      if (!index.has(id)) index.set(id, new Set());
      index.get(id)!.add(urn);
    }
  }
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      if (!links.has(x)) links.set(x, new Set());
      links.get(x)!.add(y);
    }
  };
  for (const urn of roles.keys()) {
    for (const leaf of stringLeaves(byUrn.get(urn)!.inputs ?? {})) {
      for (const target of index.get(leaf) ?? []) link(urn, target);
      // An image `<repositoryUrl>:<tag>` or `<repositoryUrl>@<digest>` refers to its repository.
      const repo = /^(.+\/.+?)[:@][^/]+$/.exec(leaf)?.[1];
      if (repo) for (const target of index.get(repo) ?? []) link(urn, target);
    }
  }

  const nodes: ArchNode[] = [];
  const nodeId = new Map<string, string>();
  for (const s of states) {
    const role = roles.get(s.urn);
    if (!role || role === "glue") continue;
    const id = `n${nodes.length}`;
    nodeId.set(s.urn, id);
    nodes.push({ id, role, label: labelOf(s, role), urn: s.urn, group: groupOf(s) });
  }

  const edges: ArchEdge[] = [];
  const seen = new Set<string>();
  const addEdge = (e: ArchEdge) => {
    const key = `${e.from}>${e.to}>${e.kind}`;
    if (!seen.has(key) && e.from !== e.to) {
      seen.add(key);
      edges.push(e);
    }
  };
  const roleOfNode = new Map(nodes.map((n) => [n.id, n.role]));
  for (const node of nodes) {
    // Every drawn resource reachable from this one through glue only, with the glue types passed.
    const start = node.urn!;
    const queue: [string, boolean][] = [[start, false]];
    const visited = new Set([`${start}|false`]);
    while (queue.length > 0) {
      const [urn, viaStream] = queue.shift()!;
      for (const next of links.get(urn) ?? []) {
        const stream =
          viaStream || byUrn.get(next)!.type === "aws:lambda/eventSourceMapping:EventSourceMapping";
        if (visited.has(`${next}|${stream}`)) continue;
        visited.add(`${next}|${stream}`);
        // A cross-stack reference is drawn to the resources that use it directly.
        if (roles.get(next) === "glue") {
          if (roleOfNode.get(node.id) !== "stackref") queue.push([next, stream]);
        } else if (nodeId.has(next)) {
          const [a, b] = [node.id, nodeId.get(next)!];
          const [ra, rb] = [roleOfNode.get(a)!, roleOfNode.get(b)!];
          if (ra === "stackref") addEdge({ from: a, to: b, kind: "stack", label: "stack reference" });
          if (ra === "table" && rb === "function" && stream)
            addEdge({ from: a, to: b, kind: "control", label: "stream" });
          else
            for (const [from, to, kind, label] of EDGE_RULES)
              if (ra === from && rb === to) addEdge({ from: a, to: b, kind, ...(label ? { label } : {}) });
        }
      }
    }
  }

  // Replicas in other regions (global tables) as nodes of their own.
  for (const node of nodes.filter((n) => n.role === "table")) {
    const replicas = (byUrn.get(node.urn!)!.inputs?.replicas as { regionName?: string }[] | undefined) ?? [];
    for (const r of replicas) {
      if (!r.regionName) continue;
      const label = `${String(byUrn.get(node.urn!)!.inputs?.name)}<br/>replica in ${r.regionName}`;
      const id = `n${nodes.length}`;
      nodes.push({ id, role: "replica", label, group: node.group });
      addEdge({ from: node.id, to: id, kind: "data", label: "replica" });
    }
  }
  for (const node of nodes.filter((n) => n.role === "replication")) {
    const rules = (byUrn.get(node.urn!)!.inputs?.replicationConfiguration as any)?.rules ?? [];
    const regions = new Set<string>();
    for (const rule of rules) for (const d of rule?.destinations ?? []) if (d?.region) regions.add(d.region);
    if (regions.size > 0)
      (node as { label: string }).label = `${node.label}<br/>to ${[...regions].sort().join(", ")}`;
  }
  return { nodes, edges, groups };
}

const ARROWS: Record<EdgeKind, string> = { traffic: "==>", data: "-->", control: "-.->", stack: "-.->" };

/** The picture as a Mermaid flowchart (paste into a GitHub comment or README). */
export function toArchitectureMermaid(arch: Architecture): string {
  const esc = (s: string) => s.replace(/"/g, "'");
  const lines = ["flowchart LR"];
  const byGroup = new Map<string, ArchNode[]>();
  for (const n of arch.nodes) byGroup.set(n.group, [...(byGroup.get(n.group) ?? []), n]);
  let g = 0;
  for (const [group, members] of byGroup) {
    lines.push(`  subgraph g${g++}["${esc(arch.groups.get(group) ?? group)}"]`);
    for (const n of members) lines.push(`    ${n.id}["${esc(n.label)}"]`);
    lines.push("  end");
  }
  for (const e of arch.edges) {
    const arrow = ARROWS[e.kind];
    const label = e.kind === "traffic" ? "" : `|${esc(e.label ?? e.kind)}|`;
    lines.push(`  ${e.from} ${arrow}${label} ${e.to}`);
  }
  lines.push("  %% ==> traffic, --> data, -.-> control and cross-stack references");
  return lines.join("\n") + "\n";
}
