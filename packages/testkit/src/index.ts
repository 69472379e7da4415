export * from "./regions";
export * from "./fake-aws";
export * from "./recorder";
export * from "./recording";
export * from "./run";
export { renderPolicyDocument } from "./fake/policy-document";
export * from "./policy";
export * from "./stack-config";
export * from "./stack-program";
