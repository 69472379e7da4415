export * from "./names";
export * from "./delegated-zone";
export * from "./certificate";
export * from "./load-balancer-alias";
export * from "./resolve-failover";
export * from "./health-check";
export * from "./failover";
export * from "./health-check-alarm";
