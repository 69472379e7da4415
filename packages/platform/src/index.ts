export { platform } from "./platform";
export * from "./environment";
export * from "./config/errors";
export * from "./config/regions";
export * from "./config/schema";
export * from "./config/load";
export * from "./tags";
export * from "./catalogue";
export * from "./bootstrap";
