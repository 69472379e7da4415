import * as pulumi from "@pulumi/pulumi";

/** What the Network's child builders share: the parent, the name prefix, tagging and the VPC. */
export interface ChildContext {
  /** The Network component: every child is `{ parent }` so it inherits the provider. */
  readonly parent: pulumi.Resource;
  /** The component's name; children are named `${name}-…`. */
  readonly name: string;
  /** `{ Name, Tier?, ...args.tags }` (the provider adds the stack's default tags). */
  readonly tags: (nameTag: pulumi.Input<string>, tier?: string) => Record<string, pulumi.Input<string>>;
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: pulumi.Output<string>;
  /** The region the inherited provider deploys to. */
  readonly region: pulumi.Output<string>;
  /** Options for children that do not otherwise depend on the VPC: they wait for it (and so for the AZ check). */
  readonly afterVpc: pulumi.CustomResourceOptions;
}

export function makeTagger(userTags: Readonly<Record<string, string>> | undefined): ChildContext["tags"] {
  return (nameTag, tier) => ({ Name: nameTag, ...(tier ? { Tier: tier } : {}), ...(userTags ?? {}) });
}
