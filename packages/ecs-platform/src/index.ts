export * from "./checks";
export * from "./fargate";
export * from "./iam";
export * from "./task-definition";
export * from "./repository";
