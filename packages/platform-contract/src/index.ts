/**
 * `@acs/platform-contract`: what every environment stack of the platform exports, and how a
 * team's program reads and checks it. See the README's "A team's service, step by step".
 */
export * from "./outputs";
export * from "./reader";
export * from "./routes";
