import * as aws from "@pulumi/aws";
import { Environment } from "../environment";

/**
 * The URL of an `acs/*` repository in this environment's region. The repositories belong to the
 * bootstrap stack (src/bootstrap/registry.ts), which replicates them to every environment's
 * region, so an environment never creates the repository of an image it runs.
 */
export function repositoryUrlIn(env: Environment, name: string) {
  const account = aws.getCallerIdentityOutput({}, { provider: env.providers.primary }).accountId;
  return account.apply((a) => `${a}.dkr.ecr.${env.cfg.region}.amazonaws.com/${name}`);
}
