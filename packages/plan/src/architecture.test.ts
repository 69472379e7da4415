import * as assert from "node:assert/strict";
import { architectureOf, toArchitectureMermaid } from "./architecture";
import type { PreviewDigest, ResourceV3 } from "./preview-json";

const STACK = "urn:pulumi:t::p::pulumi:pulumi:Stack::p-t";
const s = (
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown>,
): ResourceV3 => ({
  urn: `urn:pulumi:t::p::${type}::${name}`,
  custom: true,
  type,
  inputs,
  outputs,
  parent: STACK,
  id: String(outputs.id ?? outputs.arn ?? name),
});

const ALB_DNS = "web-123.us-east-1.elb.amazonaws.com";
const TABLE_STREAM = "arn:aws:dynamodb:us-east-1:1:table/pool/stream/2026";
const FN_ARN = "arn:aws:lambda:us-east-1:1:function:manager";
const plan: PreviewDigest = {
  steps: [
    { urn: STACK, custom: false, type: "pulumi:pulumi:Stack" },
    s(
      "aws:route53/zone:Zone",
      "zone",
      { name: "acs.app.com" },
      { id: "Z7RH0I80Q3GVU72NWZ86T", zoneId: "Z7RH0I80Q3GVU72NWZ86T" },
    ),
    s("aws:route53/healthCheck:HealthCheck", "hc", { type: "HTTPS", fqdn: "lb.app.com" }, { id: "hc-1111" }),
    s(
      "aws:route53/record:Record",
      "lb-a",
      { name: "lb.app.com", aliases: [{ name: ALB_DNS }] },
      { id: "Z0_lb", name: "lb.app.com" },
    ),
    s(
      "aws:route53/record:Record",
      "primary",
      {
        name: "dev.acs.app.com",
        zoneId: "Z7RH0I80Q3GVU72NWZ86T",
        healthCheckId: "hc-1111",
        aliases: [{ name: ALB_DNS }],
        failoverRoutingPolicies: [{ type: "PRIMARY" }],
      },
      { id: "Z1_dev" },
    ),
    s(
      "aws:lb/loadBalancer:LoadBalancer",
      "alb",
      { loadBalancerType: "application" },
      { arn: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web", dnsName: ALB_DNS },
    ),
    s(
      "aws:lb/listener:Listener",
      "https",
      { loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web" },
      { arn: "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/web/1" },
    ),
    s(
      "aws:lb/targetGroup:TargetGroup",
      "tg",
      {},
      { arn: "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg" },
    ),
    s(
      "aws:lb/listenerRule:ListenerRule",
      "rule",
      {
        listenerArn: "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/web/1",
        actions: [{ targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg" }],
      },
      { arn: "arn:aws:elasticloadbalancing:us-east-1:1:listener-rule/1" },
    ),
    s(
      "aws:ecs/taskDefinition:TaskDefinition",
      "app-td",
      {
        containerDefinitions: JSON.stringify([
          { environment: [{ name: "POOL_TABLE", value: "app-pool-table" }] },
        ]),
      },
      { arn: "arn:aws:ecs:us-east-1:1:task-definition/app:1" },
    ),
    s(
      "aws:ecs/service:Service",
      "svc",
      {
        taskDefinition: "arn:aws:ecs:us-east-1:1:task-definition/app:1",
        loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg" }],
      },
      { id: "svc-arn" },
    ),
    s(
      "aws:dynamodb/table:Table",
      "pool",
      { name: "app-pool-table" },
      { arn: "arn:aws:dynamodb:us-east-1:1:table/pool", name: "app-pool-table", streamArn: TABLE_STREAM },
    ),
    s(
      "aws:lambda/function:Function",
      "manager",
      { environment: { variables: { POOL_TABLE: "app-pool-table" } } },
      { arn: FN_ARN },
    ),
    s(
      "aws:lambda/eventSourceMapping:EventSourceMapping",
      "stream",
      { eventSourceArn: TABLE_STREAM, functionName: FN_ARN },
      { id: "esm-1" },
    ),
  ].map((st) => ({ op: "create" as const, urn: st.urn, newState: st, detailedDiff: null })),
};

describe("architecture picture", () => {
  const arch = architectureOf(plan);
  const name = (id: string) =>
    arch.nodes
      .find((n) => n.id === id)!
      .urn!.split("::")
      .pop();

  it("draws the key resources only, not the glue between them", () => {
    assert.deepEqual(arch.nodes.map((n) => `${n.role} ${n.urn!.split("::").pop()}`).sort(), [
      "alb alb",
      "failover primary",
      "function manager",
      "healthcheck hc",
      "service svc",
      "table pool",
      "zone zone",
    ]);
  });

  it("finds the traffic, data and control edges in the plan's references", () => {
    assert.deepEqual(
      arch.edges.map((e) => `${name(e.from)} ${e.kind}${e.label ? `(${e.label})` : ""} ${name(e.to)}`).sort(),
      [
        "alb traffic svc",
        "hc control(health) primary",
        "hc control(probes) alb",
        "manager data pool",
        "pool control(stream) manager",
        "primary traffic alb",
        "svc data pool",
        "zone traffic primary",
      ],
    );
  });

  it("renders one Mermaid node per key resource and one arrow per edge", () => {
    const mermaid = toArchitectureMermaid(arch);
    assert.equal(mermaid.match(/^ {4}n\d+\[/gm)?.length, arch.nodes.length);
    assert.equal(mermaid.match(/^ {2}n\d+ (==>|-->|-\.->)/gm)?.length, arch.edges.length);
  });
});
