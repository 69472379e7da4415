export * from "./schema";
export * as runtime from "./runtime";
