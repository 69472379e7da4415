import { policyDocument } from "@acs/ecs-platform";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogueEntry } from "../catalogue";
import { deployStatements, EnvironmentScope, previewStatements } from "./ci-policies";

/** GitHub Actions' OIDC issuer. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/**
 * The `sub` claims a role trusts (exact matches, no wildcards). GitHub sets `sub` to
 * `repo:<owner>/<repo>:environment:<name>` for a job that names an environment, else
 * `repo:<owner>/<repo>:pull_request` for pull requests and `repo:<owner>/<repo>:ref:<ref>` for
 * pushes; see https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
 */
export function trustedSubjects(github: { owner: string; repository: string }, env: string) {
  const repo = `repo:${github.owner}/${github.repository}`;
  return {
    /** Pull-request previews (with or without the `<env>-preview` environment) and drift checks on main. */
    preview: [`${repo}:pull_request`, `${repo}:environment:${env}-preview`, `${repo}:ref:refs/heads/main`],
    /** Only deploy jobs running in the GitHub environment of the same name (its protection rules apply). */
    deploy: [`${repo}:environment:${env}`],
  };
}

/** Trust policy: GitHub's OIDC tokens for this account's provider, audience STS, one of `subjects`. */
export function githubTrustPolicy(
  providerArn: pulumi.Input<string>,
  subjects: string[],
): pulumi.Output<string> {
  return pulumi.output(providerArn).apply((arn) =>
    JSON.stringify(
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: arn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: {
                [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com",
                [`${GITHUB_OIDC_HOST}:sub`]: subjects,
              },
            },
          },
        ],
      },
      null,
      2,
    ),
  );
}

export interface CiRoles {
  readonly previewRole: aws.iam.Role;
  readonly deployRole: aws.iam.Role;
}

export interface CiAccessArgs {
  readonly name: string;
  readonly provider: aws.Provider;
  readonly github: { readonly owner: string; readonly repository: string };
  readonly environments: readonly CatalogueEntry[];
}

export interface CiAccess {
  readonly oidcProvider: aws.iam.OpenIdConnectProvider;
  /** Per environment name. */
  readonly roles: Record<string, CiRoles>;
}

/** The regions an environment's program calls: its own, its peer's and us-east-1 (Route 53 alarms). */
export function environmentRegions(e: CatalogueEntry): string[] {
  return [...new Set([e.region, e.peerRegion, "us-east-1"])];
}

/** The DNS names an environment writes records for. */
export function environmentDnsNames(e: CatalogueEntry, all: readonly CatalogueEntry[]): string[] {
  const primary = e.role === "primary" ? e : all.find((p) => p.stack === e.primaryStack);
  return [...new Set([e.lbName, primary?.failoverName, e.role === "primary" ? e.zone : undefined])].filter(
    (n): n is string => !!n,
  );
}

/**
 * GitHub's OIDC provider and, per environment, a read-only preview role and a deploy role, both
 * trusted only by this repository's workflows (see {@link trustedSubjects}). The deploy role's
 * permissions are four managed policies (network, services, data, identity) so each stays under
 * IAM's 6,144-character limit for a managed policy.
 */
export function createCiAccess(args: CiAccessArgs): CiAccess {
  const { name, provider } = args;
  const opts = { provider };
  const account = aws.getCallerIdentityOutput({}, opts).accountId;
  const partition = aws.getPartitionOutput({}, opts).partition;
  // GitHub's certificate is validated by IAM against its trusted CAs, so no thumbprint is needed
  // (the provider's thumbprintLists documentation; AWS IAM "Create an OIDC identity provider").
  const oidcProvider = new aws.iam.OpenIdConnectProvider(
    `${name}-github`,
    { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: ["sts.amazonaws.com"] },
    opts,
  );
  const roles: Record<string, CiRoles> = {};
  for (const e of args.environments) {
    const subjects = trustedSubjects(args.github, e.env);
    const scope = pulumi.all([account, partition]).apply(([a, p]): EnvironmentScope => ({
      env: e.env,
      role: e.role,
      regions: environmentRegions(e),
      account: a,
      partition: p,
      dnsNames: environmentDnsNames(e, args.environments),
    }));
    const previewRole = new aws.iam.Role(
      `${name}-${e.env}-preview`,
      {
        name: `acs-${e.env}-ci-preview`,
        description: `pulumi preview --refresh of ${e.env} from ${args.github.owner}/${args.github.repository}: read-only`,
        assumeRolePolicy: githubTrustPolicy(oidcProvider.arn, subjects.preview),
        maxSessionDuration: 3600,
      },
      opts,
    );
    new aws.iam.RolePolicy(
      `${name}-${e.env}-preview`,
      { role: previewRole.name, policy: policyDocument(scope.apply(previewStatements)) },
      opts,
    );
    const deployRole = new aws.iam.Role(
      `${name}-${e.env}-deploy`,
      {
        name: `acs-${e.env}-ci-deploy`,
        description: `pulumi up of ${e.env} from ${args.github.owner}/${args.github.repository} (GitHub environment ${e.env})`,
        assumeRolePolicy: githubTrustPolicy(oidcProvider.arn, subjects.deploy),
        maxSessionDuration: 3600,
      },
      opts,
    );
    const groups = scope.apply(deployStatements);
    for (const group of ["network", "services", "data", "identity"] as const) {
      const policy = new aws.iam.Policy(
        `${name}-${e.env}-deploy-${group}`,
        {
          name: `acs-${e.env}-ci-deploy-${group}`,
          description: `pulumi up of ${e.env}: ${group}`,
          policy: policyDocument(groups.apply((g) => g[group])),
        },
        opts,
      );
      new aws.iam.RolePolicyAttachment(
        `${name}-${e.env}-deploy-${group}`,
        { role: deployRole.name, policyArn: policy.arn },
        opts,
      );
    }
    roles[e.env] = { previewRole, deployRole };
  }
  return { oidcProvider, roles };
}
