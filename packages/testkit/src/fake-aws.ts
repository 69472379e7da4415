import * as pulumi from "@pulumi/pulumi";
import { stableHex } from "./ids";
import { regionFacts } from "./regions";
import { FakeContext } from "./fake/context";
import { fakeAwsInvoke } from "./fake/invokes";
import { fakeAwsResource } from "./fake/resources";
import { qualifyStackName, unknownStackError } from "./stack-reference";

export interface FakeAwsOptions {
  /** @default "123456789012" */
  readonly accountId?: string;
  /** @default "aws" */
  readonly partition?: string;
  /** Existing hosted zones (e.g. the parent `app.com`), by domain name. */
  readonly zones?: Readonly<Record<string, { zoneId: string; private?: boolean }>>;
  /** SSM parameters that exist in the account, beyond AWS's public ones. */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * Local Zone and Wavelength Zone groups the account has opted in to (e.g. `us-west-2-lax-1`):
   * `getAvailabilityZones` lists their zones next to the AZs unless the caller filters on
   * `opt-in-status: opt-in-not-required`. `[]` is a fresh account.
   * @default every group the fake knows (src/regions.ts), so a program that does not filter picks one up
   */
  readonly optedInZoneGroups?: readonly string[];
  /**
   * The stacks the backend holds, with their outputs. A StackReference name is read as the
   * backend reads it ({@link qualifyStackName}: `stack` and `org/stack` are completed with the
   * run's organization and project); record keys are completed the same way, so `{ dev: … }` is
   * `<run org>/<project>/dev` and a reference to another organization's `dev` is an error. A
   * function receives the fully qualified name and returns undefined (or throws) for a stack
   * that does not exist.
   */
  readonly stackReferences?:
    | Readonly<Record<string, Record<string, unknown>>>
    | ((name: string) => Record<string, unknown> | undefined);
}

interface ProviderFacts {
  readonly region?: string;
  readonly defaultTags: Record<string, string>;
}

function parseMaybeJson(v: unknown): any {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/**
 * A fake AWS account behind Pulumi's runtime mocks: every resource and data-source call
 * is answered with the values AWS would return (ARNs with partition, region and account,
 * the region's real AZs, load-balancer DNS names and zone ids, name servers, …).
 */
export class FakeAws implements pulumi.runtime.Mocks {
  readonly accountId: string;
  readonly partition: string;
  private readonly providers = new Map<string, ProviderFacts>();

  constructor(private readonly options: FakeAwsOptions = {}) {
    this.accountId = options.accountId ?? "123456789012";
    this.partition = options.partition ?? "aws";
  }

  /** The stack's region (`aws:region`), as the default provider would use it. */
  defaultRegion(): string {
    const region = pulumi.runtime.getConfig("aws:region") ?? process.env.AWS_REGION;
    if (!region)
      throw new Error("testkit: aws:region is not set; set it in the stack config (or RunOptions.region)");
    return region;
  }

  private defaultTags(): Record<string, string> {
    const raw = parseMaybeJson(pulumi.runtime.getConfig("aws:defaultTags"));
    return raw?.tags ?? {};
  }

  private providerFacts(ref: string | undefined): ProviderFacts | undefined {
    if (!ref) return undefined;
    const id = ref.split("::").pop() ?? "";
    return this.providers.get(id);
  }

  /** Region for a resource or call: its own `region` input, then its provider's, then the stack's. */
  regionFor(inputs: Record<string, any>, providerRef?: string): string {
    return inputs.region ?? this.providerFacts(providerRef)?.region ?? this.defaultRegion();
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs: Record<string, any> = args.inputs ?? {};
    if (args.type.startsWith("pulumi:providers:")) {
      const id = `provider-${stableHex(12, args.type, args.name)}`;
      const tags = parseMaybeJson(inputs.defaultTags)?.tags ?? {};
      this.providers.set(id, { region: inputs.region, defaultTags: tags });
      return { id, state: inputs };
    }
    if (args.type === "pulumi:pulumi:StackReference") {
      const name = String(inputs.name);
      return { id: name, state: { name, outputs: this.stackOutputs(name), secretOutputNames: [] } };
    }
    // awsx components are remote (registered as components, not custom resources): answer
    // their outputs before the component short-cut below.
    if (args.type === "awsx:ecr:Image") {
      const digest = stableHex(64, args.name, JSON.stringify(inputs));
      return { id: undefined, state: { ...inputs, imageUri: `${inputs.repositoryUrl}@sha256:${digest}` } };
    }
    if (!args.custom) return { id: undefined, state: inputs };
    if (!args.type.startsWith("aws:")) {
      return { id: `${args.name}-${stableHex(8, args.type, args.name)}`, state: inputs };
    }
    const region = regionFacts(this.regionFor(inputs, args.provider));
    const ctx: FakeContext = {
      type: args.type,
      name: args.name,
      inputs,
      region,
      accountId: this.accountId,
      partition: this.partition,
    };
    const { id, state } = fakeAwsResource(ctx);
    const tags = inputs.tags ?? undefined;
    const defaults = { ...this.defaultTags(), ...(this.providerFacts(args.provider)?.defaultTags ?? {}) };
    const tagsAll = tags || Object.keys(defaults).length ? { ...defaults, ...(tags ?? {}) } : undefined;
    return { id, state: tagsAll ? { ...state, tagsAll } : state };
  }

  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    const inputs: Record<string, any> = args.inputs ?? {};
    if (!args.token.startsWith("aws:")) {
      throw new Error(
        `testkit: no fake for the call ${args.token}; add one to packages/testkit/src/fake/invokes.ts`,
      );
    }
    return fakeAwsInvoke({
      token: args.token,
      inputs,
      region: regionFacts(this.regionFor(inputs, args.provider)),
      accountId: this.accountId,
      partition: this.partition,
      zones: this.options.zones ?? {},
      parameters: this.options.parameters ?? {},
      optedInZoneGroups: this.options.optedInZoneGroups,
    });
  }

  private stackOutputs(name: string): Record<string, unknown> {
    const refs = this.options.stackReferences;
    const scope = { organization: pulumi.getOrganization(), project: pulumi.getProject() };
    const qualified = qualifyStackName(name, scope);
    if (typeof refs === "function") {
      const found = refs(qualified);
      if (!found) throw unknownStackError(name, qualified, []);
      return found;
    }
    const known = Object.entries(refs ?? {}).map(([k, v]) => [qualifyStackName(k, scope), v] as const);
    const found = known.find(([k]) => k === qualified)?.[1];
    if (!found) {
      throw unknownStackError(
        name,
        qualified,
        known.map(([k]) => k),
      );
    }
    return found;
  }
}
