export * from "./names";
export * from "./delegated-zone";
export * from "./certificate";
