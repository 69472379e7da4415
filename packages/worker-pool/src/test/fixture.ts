/** Shared inputs for the infrastructure tests: a fake cluster, network and worker. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ManagerArgs } from "../manager";

export const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/acs-dev";
export const TASK_DEF_ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/acs-dev-worker:3";
export const EXECUTION_ROLE_ARN = "arn:aws:iam::123456789012:role/acs-dev-worker-execution";
export const TASK_ROLE_ARN = "arn:aws:iam::123456789012:role/acs-dev-worker-task";

/** Lambda code for tests: the real bundle is a build output, tests run from source. */
export const FAKE_CODE = new pulumi.asset.AssetArchive({
  "index.js": new pulumi.asset.StringAsset("exports.reconcileHandler = async () => ({});"),
});

/** Manager args with fake tables and worker; override what a test is about. */
export function managerArgs(overrides: Partial<ManagerArgs> = {}): ManagerArgs {
  return {
    env: "dev",
    planTable: {
      name: "app-dummy-service-task-definitions-dev",
      arn: "arn:aws:dynamodb:us-east-1:123456789012:table/app-dummy-service-task-definitions-dev",
    },
    poolTable: {
      name: "app-worker-manager-hotpool-dev",
      arn: "arn:aws:dynamodb:us-east-1:123456789012:table/app-worker-manager-hotpool-dev",
    },
    activityTableName: "app-dummy-service-data-dev",
    clusterArn: CLUSTER_ARN,
    subnetIds: ["subnet-0aaa", "subnet-0bbb"],
    securityGroupIds: ["sg-0app"],
    worker: {
      family: "acs-dev-worker",
      taskDefinitionArn: TASK_DEF_ARN,
      executionRoleArn: EXECUTION_ROLE_ARN,
      taskRoleArn: TASK_ROLE_ARN,
      port: 8080,
    },
    code: FAKE_CODE,
    ...overrides,
  };
}

/** A provider like the stacks': explicit, in the given region. */
export function provider(region = "us-east-1"): aws.Provider {
  return new aws.Provider(`aws-${region}`, { region });
}
