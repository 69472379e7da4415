import { Cluster, ClusterArgs } from "../cluster";
import { ContainerArgs } from "../container-definition";
import { LoadBalancer } from "../load-balancer";
import { ServiceArgs } from "../service";
import { TaskDefinition } from "../task-definition";
import { IMAGE, lbArgs } from "./fixtures";

/** Service args beside the components it takes. */
export type Extra = Partial<Omit<ServiceArgs, "cluster" | "taskDefinition">>;

/** The components the app service takes. */
export interface Parts {
  cluster: Cluster;
  lb: LoadBalancer;
  taskDefinition: TaskDefinition;
}

/** A cluster, an ALB (with NLB) and the app's task definition (registers resources: call inside a run). */
export function parts(
  clusterArgs: ClusterArgs = { name: "acs-dev" },
  compat: ("FARGATE" | "EC2")[] = ["FARGATE"],
  container: Partial<ContainerArgs> = {},
): Parts {
  const cluster = new Cluster("main", clusterArgs);
  const lb = new LoadBalancer("web", {
    ...lbArgs,
    nlb: { name: "acs-dev-nlb", subnetIds: ["subnet-priv-a", "subnet-priv-b"] },
  });
  const taskDefinition = new TaskDefinition("app", {
    cpu: 512,
    memory: 1024,
    requiresCompatibilities: compat,
    containers: [{ name: "app", image: IMAGE, portMappings: [{ containerPort: 8080 }], ...container }],
  });
  return { cluster, lb, taskDefinition };
}

/** The app service's args over `parts`: private subnets, behind the ALB at priority 5 on /app/*, with `extra`. */
export function serviceArgs({ cluster, lb, taskDefinition }: Parts, extra: Extra = {}): ServiceArgs {
  return {
    cluster,
    taskDefinition,
    name: "app",
    subnetIds: ["subnet-priv-a", "subnet-priv-b"],
    securityGroupIds: ["sg-app"],
    alb: { loadBalancer: lb, priority: 5, pathPatterns: ["/app/*"], healthCheck: { path: "/app/health" } },
    ...extra,
  };
}
