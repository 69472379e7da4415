export { bootstrap } from "./bootstrap";
export * from "./config";
export * from "./registry";
export * from "./ci-roles";
export * from "./ci-policies";
