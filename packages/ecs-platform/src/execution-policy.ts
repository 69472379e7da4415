import * as pulumi from "@pulumi/pulumi";
import { ContainerArgs, SECRET_ARN } from "./container-definition";
import { policyDocument, Statement } from "./iam";
import { bucketArnOf } from "./volumes";

/** The ECR repository ARN an image reference pulls from, or undefined for non-ECR images. */
export function ecrRepositoryArn(image: string): string | undefined {
  const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([^:@]+)/.exec(image);
  if (!m) return undefined;
  const [, account, region, cn, repo] = m;
  return `arn:${cn ? "aws-cn" : "aws"}:ecr:${region}:${account}:repository/${repo}`;
}

/** The resource an execution role must read for a secret reference (Secrets Manager: the secret, without JSON key/stage). */
export function secretResourceArn(valueFrom: string): { service: "ssm" | "secretsmanager"; arn: string } {
  if (SECRET_ARN.test(valueFrom))
    return { service: "secretsmanager", arn: valueFrom.split(":").slice(0, 7).join(":") };
  return { service: "ssm", arn: valueFrom };
}

/** Least privilege: pull only the images' repositories, write only this log group, read only the named secrets. */
export function executionPolicy(
  containers: readonly ContainerArgs[],
  extra: {
    readonly repositoryArns?: pulumi.Input<string>[];
    readonly secretsKmsKeyArns?: pulumi.Input<string>[];
  },
  logGroupArn: pulumi.Input<string>,
): pulumi.Output<string> {
  const images = pulumi.all(containers.map((c) => pulumi.output(c.image)));
  const valueFroms = pulumi.all(
    containers.flatMap((c) => (c.secrets ?? []).map((s) => pulumi.output(s.valueFrom))),
  );
  const extraRepos = pulumi.all((extra.repositoryArns ?? []).map((r) => pulumi.output(r)));
  const kmsKeys = pulumi.all((extra.secretsKmsKeyArns ?? []).map((k) => pulumi.output(k)));
  const envFiles = pulumi.all(
    containers.flatMap((c) => (c.environmentFiles ?? []).map((f) => pulumi.output(f))),
  );
  const statements = pulumi
    .all([images, valueFroms, extraRepos, kmsKeys, pulumi.output(logGroupArn), envFiles])
    .apply(([imgs, refs, extra, keys, logGroupArn, files]) => {
      const repos = [
        ...new Set([...imgs.map(ecrRepositoryArn).filter((a): a is string => a !== undefined), ...extra]),
      ].sort();
      const out: Statement[] = [];
      if (repos.length > 0) {
        // GetAuthorizationToken has no resource-level permissions: AWS requires "*".
        out.push({ Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" });
        out.push({
          Sid: "EcrPull",
          Effect: "Allow",
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
          Resource: repos,
        });
      }
      out.push({
        Sid: "Logs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroupArn}:log-stream:*`,
      });
      const secrets = refs.map(secretResourceArn);
      const ssm = [...new Set(secrets.filter((s) => s.service === "ssm").map((s) => s.arn))].sort();
      const sm = [...new Set(secrets.filter((s) => s.service === "secretsmanager").map((s) => s.arn))].sort();
      if (ssm.length > 0)
        out.push({ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: ssm });
      if (sm.length > 0)
        out.push({
          Sid: "ReadSecrets",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: sm,
        });
      if (files.length > 0) {
        // ECS reads environment files with the execution role: GetObject on exactly those
        // objects, GetBucketLocation on their buckets.
        // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/use-environment-file.html
        out.push({
          Sid: "ReadEnvironmentFiles",
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: [...new Set(files)].sort(),
        });
        out.push({
          Sid: "LocateEnvironmentFileBuckets",
          Effect: "Allow",
          Action: "s3:GetBucketLocation",
          Resource: [...new Set(files.map(bucketArnOf))].sort(),
        });
      }
      if (keys.length > 0)
        out.push({
          Sid: "DecryptSecrets",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: [...new Set(keys)].sort(),
        });
      return out;
    });
  return policyDocument(statements);
}
