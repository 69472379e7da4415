import { ConfigError } from "./errors";

/** AWS commercial regions, for validating `aws:region` and region-valued config. */
export const AWS_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-south-1",
  "eu-south-2",
  "eu-north-1",
  "il-central-1",
  "me-south-1",
  "me-central-1",
  "mx-central-1",
  "sa-east-1",
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

export function isAwsRegion(value: unknown): value is AwsRegion {
  return typeof value === "string" && (AWS_REGIONS as readonly string[]).includes(value);
}

/**
 * `aws:region` from the stack's config, or a ConfigError naming `file`, the value and `fix`
 * (what to set it to). The one reader of `aws:region` for every stack's config.
 */
export function configRegion(all: Readonly<Record<string, string>>, file: string, fix: string): AwsRegion {
  const region = all["aws:region"];
  if (isAwsRegion(region)) return region;
  const shown = region === undefined ? "missing" : `is ${JSON.stringify(region)}`;
  throw new ConfigError(`${file}: aws:region ${shown}, which is not an AWS region; ${fix}`);
}
