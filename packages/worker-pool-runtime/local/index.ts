/**
 * The local stand-ins, for tests and local runs of code that uses the runtime (the sample
 * application's tests and `dev` script): dynalite with the pool's tables, the ECS stand-in and
 * the harness that wires runtime deps to them. Exported as TypeScript source under
 * `@acs/worker-pool-runtime/local` for workspace tests run through tsx; not part of the build.
 */
export * from "./dynamo";
export * from "./ecs-standin";
export * from "./harness";
