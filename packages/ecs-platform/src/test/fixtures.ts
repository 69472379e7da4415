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
