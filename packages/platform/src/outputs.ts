import type * as contract from "@acs/platform-contract";
import * as pulumi from "@pulumi/pulumi";

/**
 * A value of the contract as the program returns it: a string may be an Output, a string list a
 * list of Outputs or one Output of a list; literal unions (`role`) and numbers stay plain.
 */
type StackOutput<V> = V extends string
  ? string extends V
    ? pulumi.Input<string>
    : V
  : V extends readonly string[]
    ? pulumi.Input<string>[] | pulumi.Output<string[]>
    : V extends object
      ? { readonly [K in keyof V]: StackOutput<V[K]> }
      : V;

/**
 * One group of `@acs/platform-contract`'s outputs as `platform()` returns it (values may be
 * Outputs): the contract, its documentation and its key table have one home, that package; the
 * compiler checks what the wiring returns against it.
 */
export type StackOutputs<T> = { readonly [K in keyof T]: StackOutput<T[K]> };

// Interfaces rather than aliases: a stack's inferred export type names them through
// @acs/platform, without a dependency of its own on the contract package.
/* eslint-disable @typescript-eslint/no-empty-object-type */
/** The environment: who it is and where it runs (`@acs/platform-contract` `EnvironmentOutputs`). */
export interface EnvironmentOutputs extends StackOutputs<contract.EnvironmentOutputs> {}
/** The VPC (`@acs/platform-contract` `NetworkOutputs`). */
export interface NetworkOutputs extends StackOutputs<contract.NetworkOutputs> {}
/** Zone, names and certificate (`@acs/platform-contract` `DnsOutputs`). */
export interface DnsOutputs extends StackOutputs<contract.DnsOutputs> {}
/** The failover record pair (`@acs/platform-contract` `FailoverOutputs`). */
export interface FailoverOutputs extends StackOutputs<contract.FailoverOutputs> {}
/** Cluster, load balancer and service (`@acs/platform-contract` `EcsOutputs`). */
export interface EcsOutputs extends StackOutputs<contract.EcsOutputs> {}
/** The hot pool (`@acs/platform-contract` `WorkerPoolOutputs`). */
export interface WorkerPoolOutputs extends StackOutputs<contract.WorkerPoolOutputs> {}

/**
 * What `platform()` returns: the stack outputs of every environment stack, the documented
 * contract (`@acs/platform-contract` `PlatformOutputs`) other stacks and teams build on.
 */
export interface PlatformOutputs extends StackOutputs<contract.PlatformOutputs> {}
/* eslint-enable @typescript-eslint/no-empty-object-type */

/** Every key of {@link PlatformOutputs}, with when it is present (the contract package's table). */
export { PLATFORM_OUTPUT_KEYS } from "@acs/platform-contract";
