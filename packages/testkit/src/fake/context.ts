import { RegionFacts } from "../regions";

/** What a fake resource or invoke knows about where it runs. */
export interface FakeContext {
  readonly type: string;
  /** Logical (Pulumi) name. */
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly region: RegionFacts;
  readonly accountId: string;
  readonly partition: string;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function arn(
  ctx: FakeContext,
  service: string,
  resource: string,
  opts: { global?: boolean; noAccount?: boolean } = {},
): string {
  const region = opts.global ? "" : ctx.region.name;
  const account = opts.noAccount ? "" : ctx.accountId;
  return `arn:${ctx.partition}:${service}:${region}:${account}:${resource}`;
}
