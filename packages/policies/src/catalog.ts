import { Rule } from "./model";
import { COMPUTE_RULES } from "./rules/compute";
import { DATA_RULES } from "./rules/data";
import { ECS_RULES } from "./rules/ecs";
import { ELB_RULES } from "./rules/elb";
import { IAM_RULES } from "./rules/iam";
import { NETWORK_RULES } from "./rules/network";

/** Every policy of the pack, in the order of the README's table. */
export const RULES: readonly Rule[] = [
  ...NETWORK_RULES,
  ...ECS_RULES,
  ...ELB_RULES,
  ...IAM_RULES,
  ...DATA_RULES,
  ...COMPUTE_RULES,
];
