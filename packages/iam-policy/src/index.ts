export * from "./statement";
export * from "./wildcards";
export * from "./key-policy";
export * from "./trust-policy";
