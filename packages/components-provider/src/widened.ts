import * as pulumi from "@pulumi/pulumi";

/**
 * `T` as a Pulumi package schema can say it: string and number literal unions widened to
 * `string` and `number` (the schema analyzer of `@pulumi/pulumi` rejects unions that are not
 * enums: "Union types are not supported", https://github.com/pulumi/pulumi/pull/18848), read-only
 * arrays made plain arrays, objects mapped member by member. Inputs and resources stay as they are
 * (the schema inference: https://github.com/pulumi/pulumi/issues/18365).
 *
 * The schema-friendly args of this package must be assignable to `Widened<Pick<RealArgs, …>>`:
 * every arg exists on the real component with the same type, up to a literal union whose values
 * the real component's validator checks at construction. Pure type; no runtime code.
 */
export type Widened<T> = T extends pulumi.Resource | pulumi.OutputInstance<unknown> | Promise<unknown>
  ? T
  : T extends string
    ? string
    : T extends number
      ? number
      : T extends boolean
        ? boolean
        : T extends readonly (infer U)[]
          ? Widened<U>[]
          : T extends object
            ? { -readonly [K in keyof T]: Widened<T[K]> }
            : T;
