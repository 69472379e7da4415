import { stableAlnum, stableByte, stableDigits, stableHex, stableUuid } from "../ids";
import { arn, FakeContext } from "./context";

/** The id and output state that the fake cloud returns for one resource. */
export interface FakeState {
  readonly id: string;
  readonly state: Record<string, any>;
}

type Faker = (ctx: FakeContext, physicalName: string) => { id: string; state?: Record<string, any> };

/** Types whose AWS resource has no name of its own (no `name` input, no auto-naming). */
const UNNAMED = new Set([
  "aws:ec2/vpc:Vpc",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/internetGateway:InternetGateway",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/eip:Eip",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/route:Route",
  "aws:ec2/routeTableAssociation:RouteTableAssociation",
  "aws:ec2/vpcEndpoint:VpcEndpoint",
  "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation",
  "aws:ec2/flowLog:FlowLog",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  "aws:ec2/securityGroupRule:SecurityGroupRule",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:ec2/instance:Instance",
  "aws:route53/record:Record",
  "aws:route53/healthCheck:HealthCheck",
  "aws:acm/certificate:Certificate",
  "aws:acm/certificateValidation:CertificateValidation",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:lambda/permission:Permission",
  "aws:lambda/eventSourceMapping:EventSourceMapping",
  "aws:cloudwatch/eventTarget:EventTarget",
  "aws:sns/topicSubscription:TopicSubscription",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  "aws:appautoscaling/target:Target",
  "aws:autoscaling/group:Group",
]);

const NAMED_EC2 = new Set(["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/launchTemplate:LaunchTemplate"]);

/** The name AWS would give the resource: the explicit one, or Pulumi's auto-name (`<logical>-<7 hex>`). */
export function physicalName(ctx: FakeContext): string {
  const i = ctx.inputs;
  if (typeof i.name === "string") return i.name;
  if (ctx.type === "aws:s3/bucket:Bucket" && typeof i.bucket === "string") return i.bucket;
  if (typeof i.namePrefix === "string") return `${i.namePrefix}${stableHex(26, ctx.type, ctx.name)}`;
  if (ctx.type === "aws:ecs/taskDefinition:TaskDefinition" && typeof i.family === "string") return i.family;
  if (ctx.type === "aws:s3/bucket:Bucket" && typeof i.bucketPrefix === "string") {
    return `${i.bucketPrefix}${stableHex(26, ctx.type, ctx.name)}`;
  }
  const suffix = stableHex(7, ctx.type, ctx.name);
  return ctx.type === "aws:s3/bucket:Bucket"
    ? `${ctx.name}-${suffix}`.toLowerCase()
    : `${ctx.name}-${suffix}`;
}

function ec2(prefix: string): Faker {
  return (ctx) => {
    const id = `${prefix}-${stableHex(17, ctx.type, ctx.name)}`;
    return {
      id,
      state: {
        arn: arn(ctx, "ec2", `${prefix === "i" ? "instance" : resourceWord(prefix)}/${id}`),
        ownerId: ctx.accountId,
      },
    };
  };
}

function resourceWord(prefix: string): string {
  const words: Record<string, string> = {
    vpc: "vpc",
    subnet: "subnet",
    igw: "internet-gateway",
    nat: "natgateway",
    eipalloc: "elastic-ip",
    rtb: "route-table",
    vpce: "vpc-endpoint",
    fl: "vpc-flow-log",
    sg: "security-group",
    sgr: "security-group-rule",
    lt: "launch-template",
  };
  return words[prefix] ?? prefix;
}

function elbName(ctx: FakeContext, physical: string): string {
  // ELB names are at most 32 characters; auto-names are shortened the same way.
  return typeof ctx.inputs.name === "string" ? ctx.inputs.name : physical.slice(0, 32);
}

// Task-definition revisions per family: a new registration of a family is the next revision.
const revisions = new Map<string, number>();
export function resetRevisions(): void {
  revisions.clear();
}

const FAKERS: Record<string, Faker> = {
  "aws:ec2/vpc:Vpc": (ctx) => {
    const base = ec2("vpc")(ctx, "");
    return {
      id: base.id,
      state: {
        ...base.state,
        defaultSecurityGroupId: `sg-${stableHex(17, ctx.name, "default-sg")}`,
        mainRouteTableId: `rtb-${stableHex(17, ctx.name, "main-rtb")}`,
        defaultNetworkAclId: `acl-${stableHex(17, ctx.name, "acl")}`,
        defaultRouteTableId: `rtb-${stableHex(17, ctx.name, "main-rtb")}`,
        instanceTenancy: ctx.inputs.instanceTenancy ?? "default",
      },
    };
  },
  "aws:ec2/subnet:Subnet": (ctx) => {
    const base = ec2("subnet")(ctx, "");
    const az = [...ctx.region.zones, ...ctx.region.extensions].find(
      (z) => z.name === ctx.inputs.availabilityZone,
    );
    return {
      id: base.id,
      state: { ...base.state, availabilityZoneId: az?.zoneId ?? ctx.inputs.availabilityZoneId },
    };
  },
  "aws:ec2/internetGateway:InternetGateway": ec2("igw"),
  "aws:ec2/natGateway:NatGateway": (ctx) => {
    const base = ec2("nat")(ctx, "");
    return {
      id: base.id,
      state: {
        ...base.state,
        networkInterfaceId: `eni-${stableHex(17, ctx.name, "eni")}`,
        privateIp: `10.${stableByte(ctx.name, "a")}.${stableByte(ctx.name, "b")}.${(stableByte(ctx.name, "c") % 250) + 4}`,
        publicIp: ctx.inputs.allocationId ? undefined : undefined,
        connectivityType: ctx.inputs.connectivityType ?? "public",
      },
    };
  },
  "aws:ec2/eip:Eip": (ctx) => {
    const id = `eipalloc-${stableHex(17, ctx.type, ctx.name)}`;
    const publicIp = `3.${stableByte(ctx.name, "1") % 240}.${stableByte(ctx.name, "2")}.${(stableByte(ctx.name, "3") % 250) + 2}`;
    return {
      id,
      state: {
        allocationId: id,
        publicIp,
        publicDns: `ec2-${publicIp.replace(/\./g, "-")}.compute-1.amazonaws.com`,
        domain: "vpc",
        arn: arn(ctx, "ec2", `elastic-ip/${id}`),
      },
    };
  },
  "aws:ec2/routeTable:RouteTable": ec2("rtb"),
  "aws:ec2/route:Route": (ctx) => ({ id: `r-${ctx.inputs.routeTableId}${stableDigits(10, ctx.name)}` }),
  "aws:ec2/routeTableAssociation:RouteTableAssociation": (ctx) => ({
    id: `rtbassoc-${stableHex(17, ctx.name)}`,
  }),
  "aws:ec2/vpcEndpoint:VpcEndpoint": (ctx) => {
    const base = ec2("vpce")(ctx, "");
    const gateway = ctx.inputs.vpcEndpointType === "Gateway" || ctx.inputs.vpcEndpointType === undefined;
    const service = String(ctx.inputs.serviceName ?? "");
    return {
      id: base.id,
      state: {
        ...base.state,
        vpcEndpointType: ctx.inputs.vpcEndpointType ?? "Gateway",
        state: "available",
        prefixListId: gateway ? `pl-${stableHex(8, service)}` : undefined,
        dnsEntries: gateway
          ? []
          : [
              {
                dnsName: `${base.id}-${stableHex(8, ctx.name)}.${service.split(".").slice(-1)[0]}.${ctx.region.name}.vpce.amazonaws.com`,
                hostedZoneId: `Z${stableAlnum(13, service)}`,
              },
            ],
        networkInterfaceIds: gateway
          ? []
          : (ctx.inputs.subnetIds ?? []).map((s: string) => `eni-${stableHex(17, s, ctx.name)}`),
      },
    };
  },
  "aws:ec2/flowLog:FlowLog": (ctx) => ({
    id: `fl-${stableHex(17, ctx.name)}`,
    state: { arn: arn(ctx, "ec2", `vpc-flow-log/fl-${stableHex(17, ctx.name)}`) },
  }),
  "aws:ec2/securityGroup:SecurityGroup": ec2("sg"),
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ec2("sg"),
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (ctx) => {
    const id = `sgr-${stableHex(17, ctx.type, ctx.name)}`;
    return { id, state: { securityGroupRuleId: id, arn: arn(ctx, "ec2", `security-group-rule/${id}`) } };
  },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (ctx) => {
    const id = `sgr-${stableHex(17, ctx.type, ctx.name)}`;
    return { id, state: { securityGroupRuleId: id, arn: arn(ctx, "ec2", `security-group-rule/${id}`) } };
  },
  "aws:ec2/launchTemplate:LaunchTemplate": (ctx) => {
    const base = ec2("lt")(ctx, "");
    return { id: base.id, state: { ...base.state, latestVersion: 1, defaultVersion: 1 } };
  },
  "aws:ec2/instance:Instance": (ctx) => {
    const base = ec2("i")(ctx, "");
    return {
      id: base.id,
      state: {
        ...base.state,
        privateIp: `10.${stableByte(ctx.name, "x")}.${stableByte(ctx.name, "y")}.${(stableByte(ctx.name, "z") % 250) + 4}`,
        instanceState: "running",
        primaryNetworkInterfaceId: `eni-${stableHex(17, ctx.name, "eni")}`,
      },
    };
  },
  "aws:iam/role:Role": (ctx, name) => ({
    id: name,
    state: {
      arn: arn(ctx, "iam", `role${ctx.inputs.path ?? "/"}${name}`, { global: true }),
      uniqueId: `AROA${stableAlnum(17, ctx.name)}`,
      name,
    },
  }),
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (ctx) => {
    const host = String(ctx.inputs.url ?? "").replace(/^https:\/\//, "");
    const a = arn(ctx, "iam", `oidc-provider/${host}`, { global: true });
    return { id: a, state: { arn: a } };
  },
  "aws:iam/policy:Policy": (ctx, name) => {
    const a = arn(ctx, "iam", `policy${ctx.inputs.path ?? "/"}${name}`, { global: true });
    return { id: a, state: { arn: a, policyId: `ANPA${stableAlnum(17, ctx.name)}`, name } };
  },
  "aws:iam/rolePolicy:RolePolicy": (ctx, name) => ({ id: `${ctx.inputs.role}:${name}`, state: { name } }),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (ctx) => ({
    id: `${ctx.inputs.role}-${stableHex(8, ctx.name)}`,
  }),
  "aws:iam/instanceProfile:InstanceProfile": (ctx, name) => ({
    id: name,
    state: {
      arn: arn(ctx, "iam", `instance-profile/${name}`, { global: true }),
      uniqueId: `AIPA${stableAlnum(17, ctx.name)}`,
      name,
    },
  }),
  "aws:cloudwatch/logGroup:LogGroup": (ctx, name) => ({
    id: name,
    state: { arn: arn(ctx, "logs", `log-group:${name}`), name },
  }),
  "aws:cloudwatch/metricAlarm:MetricAlarm": (ctx, name) => ({
    id: name,
    state: { arn: arn(ctx, "cloudwatch", `alarm:${name}`), name },
  }),
  "aws:cloudwatch/eventRule:EventRule": (ctx, name) => ({
    id: name,
    state: {
      arn: arn(
        ctx,
        "events",
        `rule/${ctx.inputs.eventBusName && ctx.inputs.eventBusName !== "default" ? `${ctx.inputs.eventBusName}/` : ""}${name}`,
      ),
      name,
    },
  }),
  "aws:cloudwatch/eventTarget:EventTarget": (ctx) => ({
    id: `${ctx.inputs.rule}-${ctx.inputs.targetId ?? stableHex(8, ctx.name)}`,
  }),
  "aws:sns/topic:Topic": (ctx, name) => {
    const a = arn(ctx, "sns", name);
    return { id: a, state: { arn: a, name } };
  },
  "aws:sns/topicSubscription:TopicSubscription": (ctx) => {
    const a = `${ctx.inputs.topic}:${stableUuid(ctx.name)}`;
    return { id: a, state: { arn: a } };
  },
  "aws:sqs/queue:Queue": (ctx, name) => ({
    id: `https://sqs.${ctx.region.name}.amazonaws.com/${ctx.accountId}/${name}`,
    state: {
      arn: arn(ctx, "sqs", name),
      url: `https://sqs.${ctx.region.name}.amazonaws.com/${ctx.accountId}/${name}`,
      name,
    },
  }),
  "aws:kms/key:Key": (ctx) => {
    const keyId = stableUuid(ctx.type, ctx.name);
    return { id: keyId, state: { keyId, arn: arn(ctx, "kms", `key/${keyId}`) } };
  },
  "aws:kms/alias:Alias": (ctx, name) => ({
    id: name,
    state: { arn: arn(ctx, "kms", name), targetKeyArn: ctx.inputs.targetKeyId },
  }),
  "aws:s3/bucket:Bucket": (ctx, name) => ({
    id: name,
    state: {
      bucket: name,
      arn: `arn:${ctx.partition}:s3:::${name}`,
      bucketDomainName: `${name}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${name}.s3.${ctx.region.name}.amazonaws.com`,
      hostedZoneId: "Z3AQBSTGFYJSTF",
      region: ctx.region.name,
    },
  }),
  "aws:ecr/repository:Repository": (ctx, name) => ({
    id: name,
    state: {
      arn: arn(ctx, "ecr", `repository/${name}`),
      registryId: ctx.accountId,
      repositoryUrl: `${ctx.accountId}.dkr.ecr.${ctx.region.name}.amazonaws.com/${name}`,
      name,
    },
  }),
  "aws:ecs/cluster:Cluster": (ctx, name) => {
    const a = arn(ctx, "ecs", `cluster/${name}`);
    return { id: a, state: { arn: a, name } };
  },
  "aws:ecs/capacityProvider:CapacityProvider": (ctx, name) => {
    const a = arn(ctx, "ecs", `capacity-provider/${name}`);
    return { id: a, state: { arn: a, name } };
  },
  "aws:ecs/taskDefinition:TaskDefinition": (ctx, name) => {
    const family = String(ctx.inputs.family ?? name);
    const revision = (revisions.get(family) ?? 0) + 1;
    revisions.set(family, revision);
    const withoutRevision = arn(ctx, "ecs", `task-definition/${family}`);
    return {
      id: family,
      state: { arn: `${withoutRevision}:${revision}`, arnWithoutRevision: withoutRevision, revision, family },
    };
  },
  "aws:ecs/service:Service": (ctx, name) => {
    const clusterName = String(ctx.inputs.cluster ?? "default")
      .split("/")
      .pop();
    const a = arn(ctx, "ecs", `service/${clusterName}/${name}`);
    return { id: a, state: { name, cluster: ctx.inputs.cluster ?? arn(ctx, "ecs", "cluster/default") } };
  },
  "aws:lb/loadBalancer:LoadBalancer": (ctx, physical) => {
    const name = elbName(ctx, physical);
    const network = ctx.inputs.loadBalancerType === "network";
    const kind = network ? "net" : "app";
    const suffix = `${kind}/${name}/${stableHex(16, ctx.name)}`;
    const host = network
      ? `${name}-${stableHex(16, ctx.name, "dns")}.elb.${ctx.region.name}.amazonaws.com`
      : `${ctx.inputs.internal ? "internal-" : ""}${name}-${stableDigits(10, ctx.name)}.${ctx.region.name}.elb.amazonaws.com`;
    const a = arn(ctx, "elasticloadbalancing", `loadbalancer/${suffix}`);
    return {
      id: a,
      state: {
        arn: a,
        arnSuffix: suffix,
        name,
        dnsName: host,
        zoneId: network ? ctx.region.nlbZoneId : ctx.region.albZoneId,
        vpcId: ctx.inputs.vpcId ?? `vpc-${stableHex(17, "lb-vpc", ctx.name)}`,
        loadBalancerType: ctx.inputs.loadBalancerType ?? "application",
      },
    };
  },
  "aws:lb/targetGroup:TargetGroup": (ctx, physical) => {
    const name = elbName(ctx, physical);
    const suffix = `targetgroup/${name}/${stableHex(16, ctx.name)}`;
    const a = arn(ctx, "elasticloadbalancing", suffix);
    return { id: a, state: { arn: a, arnSuffix: suffix, name } };
  },
  "aws:lb/listener:Listener": (ctx) => {
    const lb = String(ctx.inputs.loadBalancerArn ?? "");
    const lbPart = lb.includes("loadbalancer/")
      ? lb.split("loadbalancer/")[1]
      : `app/lb/${stableHex(16, "lb")}`;
    const a = arn(ctx, "elasticloadbalancing", `listener/${lbPart}/${stableHex(16, ctx.name)}`);
    return { id: a, state: { arn: a } };
  },
  "aws:lb/listenerRule:ListenerRule": (ctx) => {
    const listener = String(ctx.inputs.listenerArn ?? "");
    const part = listener.includes("listener/")
      ? listener.split("listener/")[1]
      : `app/lb/${stableHex(16, "lb")}/${stableHex(16, "l")}`;
    const a = arn(ctx, "elasticloadbalancing", `listener-rule/${part}/${stableHex(16, ctx.name)}`);
    return { id: a, state: { arn: a } };
  },
  "aws:route53/zone:Zone": (ctx) => {
    const zoneId = `Z${stableAlnum(20, ctx.type, String(ctx.inputs.name), ctx.name)}`;
    return {
      id: zoneId,
      state: {
        zoneId,
        nameServers: nameServers(zoneId),
        arn: `arn:${ctx.partition}:route53:::hostedzone/${zoneId}`,
      },
    };
  },
  "aws:route53/record:Record": (ctx) => {
    const name = String(ctx.inputs.name ?? "").replace(/\.$/, "");
    const setId = ctx.inputs.setIdentifier ? `_${ctx.inputs.setIdentifier}` : "";
    return { id: `${ctx.inputs.zoneId}_${name}_${ctx.inputs.type}${setId}`, state: { fqdn: name } };
  },
  "aws:route53/healthCheck:HealthCheck": (ctx) => {
    const id = stableUuid(ctx.type, ctx.name);
    return { id, state: { arn: `arn:${ctx.partition}:route53:::healthcheck/${id}` } };
  },
  "aws:acm/certificate:Certificate": (ctx) => {
    const id = stableUuid(ctx.type, ctx.name, ctx.region.name);
    const a = arn(ctx, "acm", `certificate/${id}`);
    const names: string[] = [ctx.inputs.domainName, ...(ctx.inputs.subjectAlternativeNames ?? [])].filter(
      Boolean,
    );
    return {
      id: a,
      state: {
        arn: a,
        status: "ISSUED",
        domainValidationOptions: [...new Set(names)].map((domain) => {
          // ACM's validation record depends only on the domain and the account, so the same
          // name validated in two regions yields the same record (hence allowOverwrite).
          const label = `_${stableHex(32, ctx.accountId, domain.replace(/^\*\./, ""))}`;
          return {
            domainName: domain,
            resourceRecordName: `${label}.${domain.replace(/^\*\./, "")}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_${stableHex(32, "value", ctx.accountId, domain)}.${stableAlnum(10, domain).toLowerCase()}.acm-validations.aws.`,
          };
        }),
        validationMethod: ctx.inputs.validationMethod ?? "DNS",
      },
    };
  },
  "aws:acm/certificateValidation:CertificateValidation": (ctx) => ({
    id: String(ctx.inputs.certificateArn ?? stableHex(8, ctx.name)),
  }),
  "aws:dynamodb/table:Table": (ctx, name) => {
    const a = arn(ctx, "dynamodb", `table/${name}`);
    const label = "2026-11-01T00:00:00.000";
    return {
      id: name,
      state: {
        arn: a,
        name,
        streamArn: ctx.inputs.streamEnabled ? `${a}/stream/${label}` : undefined,
        streamLabel: ctx.inputs.streamEnabled ? label : undefined,
      },
    };
  },
  "aws:lambda/function:Function": (ctx, name) => {
    const a = arn(ctx, "lambda", `function:${name}`);
    return {
      id: name,
      state: {
        arn: a,
        name,
        qualifiedArn: `${a}:$LATEST`,
        invokeArn: `arn:${ctx.partition}:apigateway:${ctx.region.name}:lambda:path/2015-03-31/functions/${a}/invocations`,
        version: "$LATEST",
        sourceCodeHash: stableHex(44, ctx.name),
      },
    };
  },
  "aws:lambda/eventSourceMapping:EventSourceMapping": (ctx) => {
    const uuid = stableUuid(ctx.type, ctx.name);
    return {
      id: uuid,
      state: { uuid, arn: arn(ctx, "lambda", `event-source-mapping:${uuid}`), state: "Enabled" },
    };
  },
  "aws:lambda/permission:Permission": (ctx) => ({ id: String(ctx.inputs.statementId ?? ctx.name) }),
  "aws:appautoscaling/target:Target": (ctx) => ({
    id: String(ctx.inputs.resourceId),
    state: { arn: arn(ctx, "application-autoscaling", `scalable-target/${stableHex(26, ctx.name)}`) },
  }),
  "aws:appautoscaling/policy:Policy": (ctx, name) => ({
    id: name,
    state: {
      arn: arn(
        ctx,
        "autoscaling",
        `scalingPolicy:${stableUuid(ctx.name)}:resource/${ctx.inputs.resourceId}:policyName/${name}`,
      ),
      name,
      alarmArns: [],
    },
  }),
  "aws:appautoscaling/scheduledAction:ScheduledAction": (ctx, name) => ({
    id: name,
    state: {
      arn: arn(
        ctx,
        "autoscaling",
        `scheduledAction:${stableUuid(ctx.name)}:resource/${ctx.inputs.resourceId}:scheduledActionName/${name}`,
      ),
      name,
    },
  }),
  "aws:autoscaling/group:Group": (ctx, name) => ({
    id: name,
    state: {
      arn: arn(ctx, "autoscaling", `autoScalingGroup:${stableUuid(ctx.name)}:autoScalingGroupName/${name}`),
      name,
    },
  }),
  "aws:ssm/parameter:Parameter": (ctx, name) => ({
    id: name,
    state: { arn: arn(ctx, "ssm", `parameter/${name.replace(/^\//, "")}`), version: 1, name },
  }),
  "aws:secretsmanager/secret:Secret": (ctx, name) => {
    const a = arn(ctx, "secretsmanager", `secret:${name}-${stableAlnum(6, ctx.name)}`);
    return { id: a, state: { arn: a, name } };
  },
  "aws:scheduler/schedule:Schedule": (ctx, name) => ({
    id: `default/${name}`,
    state: { arn: arn(ctx, "scheduler", `schedule/default/${name}`), name },
  }),
};

/** Four Route 53 name servers, spread over the four TLDs as Route 53 assigns them. */
export function nameServers(zoneId: string): string[] {
  const n = (i: number) => parseInt(stableHex(4, zoneId, String(i)), 16);
  return [
    `ns-${n(1) % 2048}.awsdns-${String(n(2) % 64).padStart(2, "0")}.org`,
    `ns-${n(3) % 2048}.awsdns-${String(n(4) % 64).padStart(2, "0")}.co.uk`,
    `ns-${n(5) % 1024}.awsdns-${String(n(6) % 64).padStart(2, "0")}.com`,
    `ns-${n(7) % 1024}.awsdns-${String(n(8) % 64).padStart(2, "0")}.net`,
  ];
}

/** Splits `aws:ec2/vpc:Vpc` into its service (`ec2`) and resource word (`vpc`). */
function tokenParts(type: string): { service: string; resource: string } {
  const m = /^[^:]+:([^/:]+)(?:\/([^:]+))?:(.+)$/.exec(type);
  return { service: m?.[1] ?? "unknown", resource: (m?.[2] ?? m?.[3] ?? "resource").toLowerCase() };
}

/** The fake cloud's answer for a custom AWS resource: realistic id and outputs. */
export function fakeAwsResource(ctx: FakeContext): FakeState {
  const name = physicalName(ctx);
  const faker = FAKERS[ctx.type];
  let result: { id: string; state?: Record<string, any> };
  if (faker) {
    result = faker(ctx, name);
  } else {
    const { service, resource } = tokenParts(ctx.type);
    result = {
      id: UNNAMED.has(ctx.type) ? `${resource}-${stableHex(17, ctx.type, ctx.name)}` : name,
      state: { arn: arn(ctx, service, `${resource}/${name}`) },
    };
  }
  const named =
    !UNNAMED.has(ctx.type) && (!ctx.type.startsWith("aws:ec2/") || NAMED_EC2.has(ctx.type)) ? { name } : {};
  return {
    id: result.id,
    state: { ...named, ...ctx.inputs, ...stripUndefined(result.state ?? {}), id: result.id },
  };
}

function stripUndefined(o: Record<string, any>): Record<string, any> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
