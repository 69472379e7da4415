/**
 * Which input properties force a replacement when they change, per resource type in use.
 *
 * `@pulumi/aws` does not ship its schema in the npm package (no `replaceOnChanges` or
 * `forceNew` metadata in node_modules: only generated classes), so this table is kept by hand
 * for the resource types the stacks use. Source: the Terraform AWS provider's `ForceNew`
 * arguments, which the bridged Pulumi provider inherits, as documented per resource at
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<name>
 * ("Changing this forces a new resource") and, for the Route 53 health check interval,
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
 * ("You can't change the value of RequestInterval after you create a health check").
 * Pulumi AWS v7's per-resource `region` also forces a new resource
 * (https://www.pulumi.com/registry/packages/aws/how-to-guides/7-0-migration/).
 *
 * A type missing here is diffed without replacement knowledge (the diff says so); a
 * resource's own `replaceOnChanges` option is honoured as well.
 */
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
  "aws:acm/certificate:Certificate": [
    "domainName",
    "subjectAlternativeNames",
    "keyAlgorithm",
    "certificateAuthorityArn",
  ],
  "aws:acm/certificateValidation:CertificateValidation": ["certificateArn", "validationRecordFqdns"],
  "aws:appautoscaling/policy:Policy": ["name", "resourceId", "scalableDimension", "serviceNamespace"],
  "aws:appautoscaling/target:Target": ["resourceId", "scalableDimension", "serviceNamespace"],
  "aws:cloudwatch/eventRule:EventRule": ["name", "namePrefix", "eventBusName"],
  "aws:cloudwatch/eventTarget:EventTarget": ["rule", "targetId", "eventBusName"],
  "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix", "logGroupClass"],
  "aws:cloudwatch/metricAlarm:MetricAlarm": ["name"],
  "aws:dynamodb/table:Table": ["name", "hashKey", "rangeKey", "localSecondaryIndexes"],
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ["vpcId"],
  "aws:ec2/eip:Eip": ["domain", "networkBorderGroup", "publicIpv4Pool"],
  "aws:ec2/flowLog:FlowLog": [
    "vpcId",
    "subnetId",
    "eniId",
    "trafficType",
    "logDestination",
    "logDestinationType",
    "logFormat",
    "iamRoleArn",
    "maxAggregationInterval",
    "destinationOptions",
  ],
  "aws:ec2/internetGateway:InternetGateway": [],
  "aws:ec2/natGateway:NatGateway": ["allocationId", "subnetId", "connectivityType", "privateIp"],
  "aws:ec2/route:Route": [
    "routeTableId",
    "destinationCidrBlock",
    "destinationIpv6CidrBlock",
    "destinationPrefixListId",
  ],
  "aws:ec2/routeTable:RouteTable": ["vpcId"],
  "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId", "gatewayId"],
  "aws:ec2/securityGroup:SecurityGroup": ["name", "namePrefix", "description", "vpcId"],
  "aws:ec2/subnet:Subnet": [
    "vpcId",
    "cidrBlock",
    "availabilityZone",
    "availabilityZoneId",
    "outpostArn",
    "ipv6Native",
  ],
  "aws:ec2/vpc:Vpc": ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcId", "serviceName", "vpcEndpointType"],
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": ["repository"],
  "aws:ecr/replicationConfiguration:ReplicationConfiguration": [],
  "aws:ecr/repository:Repository": ["name", "encryptionConfigurations"],
  "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": ["prefix"],
  "aws:ecs/cluster:Cluster": ["name"],
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": ["clusterName"],
  "aws:ecs/service:Service": ["name", "cluster", "launchType", "iamRole", "schedulingStrategy"],
  // A task definition revision is immutable: every argument but tags replaces it (a new revision).
  "aws:ecs/taskDefinition:TaskDefinition": [
    "family",
    "containerDefinitions",
    "cpu",
    "memory",
    "executionRoleArn",
    "taskRoleArn",
    "networkMode",
    "requiresCompatibilities",
    "runtimePlatform",
    "volumes",
    "ephemeralStorage",
    "placementConstraints",
    "proxyConfiguration",
    "pidMode",
    "ipcMode",
  ],
  "aws:iam/role:Role": ["name", "namePrefix", "path"],
  "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix", "role"],
  "aws:kms/key:Key": ["customerMasterKeySpec", "keySpec", "keyUsage", "multiRegion", "customKeyStoreId"],
  "aws:lambda/eventSourceMapping:EventSourceMapping": [
    "eventSourceArn",
    "startingPosition",
    "startingPositionTimestamp",
    "selfManagedEventSource",
    "topics",
    "queues",
  ],
  "aws:lambda/function:Function": ["name", "packageType"],
  "aws:lambda/permission:Permission": [
    "action",
    "function",
    "principal",
    "sourceArn",
    "sourceAccount",
    "statementId",
    "statementIdPrefix",
    "qualifier",
    "eventSourceToken",
    "principalOrgId",
  ],
  "aws:lb/listener:Listener": ["loadBalancerArn"],
  "aws:lb/listenerRule:ListenerRule": ["listenerArn"],
  "aws:lb/loadBalancer:LoadBalancer": ["name", "namePrefix", "internal", "loadBalancerType"],
  "aws:lb/targetGroup:TargetGroup": [
    "name",
    "namePrefix",
    "port",
    "protocol",
    "protocolVersion",
    "targetType",
    "vpcId",
    "ipAddressType",
  ],
  "aws:route53/healthCheck:HealthCheck": ["type", "requestInterval", "measureLatency", "referenceName"],
  "aws:route53/record:Record": ["zoneId", "name"],
  "aws:route53/zone:Zone": ["name", "delegationSetId"],
  "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ["bucket", "expectedBucketOwner"],
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ["bucket"],
  "aws:s3/bucketPolicy:BucketPolicy": ["bucket"],
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ["bucket"],
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": [
    "bucket",
    "expectedBucketOwner",
  ],
  "aws:sns/topic:Topic": ["name", "namePrefix", "fifoTopic"],
  "aws:sqs/queue:Queue": ["name", "namePrefix", "fifoQueue"],
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["securityGroupId"],
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["securityGroupId"],
};

/** Properties of every AWS resource that force a replacement (v7's per-resource region). */
const AWS_REPLACE_ON_CHANGE = ["region"];

/**
 * Whether changing top-level input `property` of a `type` resource replaces it: true or
 * false from the table (and the resource's own `replaceOnChanges`), undefined when the type
 * is not in the table.
 */
export function forcesReplacement(
  type: string,
  property: string,
  replaceOnChanges: readonly string[] = [],
): boolean | undefined {
  if (replaceOnChanges.includes(property) || replaceOnChanges.includes("*")) return true;
  if (type.startsWith("aws:") && AWS_REPLACE_ON_CHANGE.includes(property)) return true;
  const known = REPLACE_ON_CHANGE[type];
  return known ? known.includes(property) : undefined;
}
