import * as assert from "node:assert/strict";
import { estimateCost, resolveCostAssumptions, spotShare } from "./cost";
import type { PreviewDigest, ResourceV3 } from "./preview-json";
import { UNKNOWN } from "./preview/values";

const STACK = "urn:pulumi:t::p::pulumi:pulumi:Stack::p-t";
const NET = "urn:pulumi:t::p::acs:network:Network::net";
const s = (
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<ResourceV3> = {},
): ResourceV3 => ({
  urn: `urn:pulumi:t::p::${type}::${name}`,
  custom: true,
  type,
  inputs,
  parent: STACK,
  ...extra,
});

/**
 * A small environment, priced by hand at us-east-1 list prices (730 h/month):
 *   network: NAT 730 × 0.045 + 50 GB × 0.045 = 35.10; its IPv4 address 730 × 0.005 = 3.65 → 38.75
 *   stack: ALB 730 × 0.0225 + 1 LCU × 730 × 0.008 = 22.265;
 *          2 tasks of 0.5 vCPU/1 GB, 1 on FARGATE (base) + 1 split 1:1 → 25 % Spot:
 *          2 × 730 × (0.5 × 0.04048 + 1 × 0.004445) × (1 − 0.25 × 0.7) = 29.733;
 *          HTTPS string-match health check at the fast interval: 0.50 + 3 × 1.00 = 3.50 → 55.50
 *   total 94.25
 */
const fixture: PreviewDigest = {
  config: { "aws:region": "us-east-1" },
  steps: [
    { urn: STACK, custom: false, type: "pulumi:pulumi:Stack" },
    { urn: NET, custom: false, type: "acs:network:Network", parent: STACK },
    s("aws:ec2/natGateway:NatGateway", "nat", {}, { parent: NET }),
    s("aws:ec2/eip:Eip", "nat-eip", { domain: "vpc" }, { parent: NET }),
    s("aws:lb/loadBalancer:LoadBalancer", "alb", { loadBalancerType: "application" }),
    s("aws:ecs/taskDefinition:TaskDefinition", "td", { cpu: "512", memory: "1024" }, { id: "td-1" }),
    s("aws:ecs/service:Service", "svc", {
      desiredCount: 2,
      taskDefinition: "td-1",
      capacityProviderStrategies: [
        { capacityProvider: "FARGATE", base: 1, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", weight: 1 },
      ],
    }),
    s("aws:route53/healthCheck:HealthCheck", "hc", { type: "HTTPS_STR_MATCH", requestInterval: 10 }),
  ].map((st) => ({ op: "create" as const, urn: st.urn, newState: st, detailedDiff: null })),
};

/** The fixture's steps with the service's inputs (and optionally its state) changed. */
const withService = (inputs: Record<string, unknown>, state: Partial<ResourceV3> = {}) =>
  fixture.steps!.map((st) =>
    st.newState!.type === "aws:ecs/service:Service"
      ? { ...st, newState: { ...st.newState!, inputs: { ...st.newState!.inputs, ...inputs }, ...state } }
      : st,
  );

describe("cost", () => {
  it("pins a small environment's monthly estimate to the hand-computed figures", () => {
    const estimate = estimateCost(fixture, resolveCostAssumptions());
    assert.deepEqual(Object.fromEntries(estimate.byComponent), { "Network net": 38.75, stack: 55.5 });
    assert.equal(estimate.total, 94.25);
  });

  it("counts a service's tasks as the larger of its desired count and its scaling minimum", () => {
    const scaled: PreviewDigest = {
      ...fixture,
      steps: [
        ...withService({ name: "svc", cluster: "arn:aws:ecs:us-east-1:1:cluster/c" }),
        {
          op: "create",
          urn: "urn:pulumi:t::p::aws:appautoscaling/target:Target::scale",
          newState: s("aws:appautoscaling/target:Target", "scale", {
            serviceNamespace: "ecs",
            resourceId: "service/c/svc",
            minCapacity: 4,
          }),
          detailedDiff: null,
        },
      ],
    };
    // 4 tasks, 1 on FARGATE (base) + 3 split 1:1 → 37.5 % Spot: 4 × 730 × 0.024685 × (1 − 0.375 × 0.7) = 53.16
    const line = estimateCost(scaled).lines.find((l) => l.item.startsWith("Fargate"))!;
    assert.equal(line.monthly, 53.16);
  });

  it("prices a preview's service as the fast plan does, where its task definition, cluster and scaling id are not known yet", () => {
    const TD = "urn:pulumi:t::p::aws:ecs/taskDefinition:TaskDefinition::td";
    const SVC = "urn:pulumi:t::p::aws:ecs/service:Service::svc";
    const preview: PreviewDigest = {
      ...fixture,
      steps: [
        // The definition is created in the same run: its ARN is unknown, the dependency is not.
        ...withService(
          { taskDefinition: UNKNOWN, cluster: UNKNOWN, desiredCount: UNKNOWN },
          { dependencies: [TD] },
        ),
        {
          op: "create",
          urn: "urn:pulumi:t::p::aws:appautoscaling/target:Target::scale",
          newState: s(
            "aws:appautoscaling/target:Target",
            "scale",
            { serviceNamespace: "ecs", resourceId: UNKNOWN, minCapacity: 2 },
            { dependencies: [SVC] },
          ),
          detailedDiff: null,
        },
      ],
    };
    assert.equal(estimateCost(preview, resolveCostAssumptions()).total, 94.25);
  });

  it("puts base tasks first, then splits the rest by weight", () => {
    assert.equal(
      spotShare(
        [
          { capacityProvider: "FARGATE", base: 1, weight: 1 },
          { capacityProvider: "FARGATE_SPOT", weight: 3 },
        ],
        5,
      ),
      0.6,
    );
    assert.equal(spotShare([], 3), 0);
  });

  it("takes assumptions from config and rejects unknown or bad ones, naming the key", () => {
    assert.equal(resolveCostAssumptions({ natGbPerGateway: 0 }).natGbPerGateway, 0);
    assert.throws(
      () => resolveCostAssumptions({ natGb: 1 }, "testkit.yaml: cost"),
      /^Error: testkit\.yaml: cost\.natGb is not a cost assumption; use one of natGbPerGateway/,
    );
    assert.throws(
      () => resolveCostAssumptions({ lcuPerLoadBalancer: -1 }),
      /cost\.lcuPerLoadBalancer is -1; use a number ≥ 0/,
    );
  });

  it("a region without prices is an error naming the file", () => {
    assert.throws(
      () => estimateCost({ ...fixture, config: { "aws:region": "ap-south-2" } }),
      /no prices for region ap-south-2 in packages\/plan\/src\/prices\.json/,
    );
  });
});
