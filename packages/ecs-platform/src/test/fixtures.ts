import { LoadBalancerArgs } from "../load-balancer";

/** Shared test inputs: fake ids in the shape the network and DNS components produce. */
export const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
export const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/acs/app:1.4.2";
export const lbArgs: LoadBalancerArgs = {
  name: "acs-dev",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-pub-a", "subnet-pub-b"],
  securityGroupIds: ["sg-lb"],
  certificateArn: CERT,
};

/** Existing resources another stack exports, as a bring-your-own caller passes them. */
export const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/acs-dev";
export const TASK_DEFINITION_ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/team-api:7";
export const LISTENER_ARN =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/acs-dev/50dc6c495c0c9188/f2f7dc8efc522ab2";
export const TARGET_GROUP_ARN =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/team-api/73e2d6bc24d8a067";
export const NLB_ARN =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/acs-dev-nlb/8a4f9ef3e2e3a1b2";
export const VPC_ID = "vpc-0123456789abcdef0";
