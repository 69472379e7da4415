import * as assert from "node:assert/strict";
import {
  overlyBroadStatements,
  parsePolicy,
  Recording,
  runPulumi,
  runPulumiExpectingError,
  securityGroupRules,
  statementsGranting,
} from "@acs/testkit";
import { TaskDefinition, TaskDefinitionArgs, validateTaskDefinitionArgs } from "./task-definition";
import { EfsVolume, EfsVolumeArgs, validateEfsVolumeArgs } from "./volumes";
import { IMAGE } from "./test/fixtures";

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const POLICY = "aws:iam/rolePolicy:RolePolicy";
const ENV_FILE = "arn:aws:s3:::acs-config-dev/app/dev.env";
const ENV_FILE_2 = "arn:aws:s3:::acs-config-dev/app/flags.env";

const efsArgs: EfsVolumeArgs = {
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-iso-a", "subnet-iso-b"],
  clientSecurityGroupIds: ["sg-app"],
};

/** The app's task definition with a shared EFS volume, a scratch bind volume and env files. */
function withVolumes(extra: Partial<TaskDefinitionArgs> = {}, efsExtra: Partial<EfsVolumeArgs> = {}) {
  const efs = new EfsVolume("uploads", { ...efsArgs, ...efsExtra });
  return new TaskDefinition("app", {
    cpu: 512,
    memory: 1024,
    ephemeralStorageGiB: 40,
    volumes: [
      { name: "uploads", type: "efs", efs },
      { name: "scratch", type: "bind" },
    ],
    containers: [
      {
        name: "app",
        image: IMAGE,
        portMappings: [{ containerPort: 8080 }],
        mountPoints: [
          { sourceVolume: "uploads", containerPath: "/srv/uploads" },
          { sourceVolume: "scratch", containerPath: "/tmp" },
        ],
        environmentFiles: [ENV_FILE, ENV_FILE_2],
      },
    ],
    ...extra,
  });
}

/** The message `validate` (a direct call of a component's validator) throws. */
function rejected(validate: () => void): string {
  try {
    validate();
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail("accepted");
}

describe("EfsVolume: validation happens before any child is registered", () => {
  it("WHEN the args are invalid THEN the constructor throws the validator's message and registers nothing", async () => {
    const args: EfsVolumeArgs = { ...efsArgs, path: "/" };
    const err = await runPulumiExpectingError(() => new EfsVolume("uploads", args));
    assert.equal(
      err.message,
      'ecs-platform EfsVolume "uploads": `path` is "/"; use an absolute directory below the root, e.g. /data',
    );
    assert.equal(
      err.message,
      rejected(() => validateEfsVolumeArgs("uploads", args)),
    );
    assert.deepEqual(
      err.recording.custom.map((r) => r.urn),
      [],
      "bad input registered resources",
    );
  });
});

describe("task volumes and environment files", () => {
  let rec: Recording;
  before(async () => {
    rec = await runPulumi(() => withVolumes());
  });

  describe("EfsVolume", () => {
    it("encrypts the file system at rest and backs it up", () => {
      const fs = rec.one("aws:efs/fileSystem:FileSystem");
      assert.equal(fs.inputs.encrypted, true, fs.urn);
      assert.deepEqual(rec.one("aws:efs/backupPolicy:BackupPolicy").inputs.backupPolicy, {
        status: "ENABLED",
      });
    });

    it("puts one mount target in each isolated subnet, behind its own security group", () => {
      const sg = rec.one("aws:ec2/securityGroup:SecurityGroup", "uploads-sg");
      const targets = rec.ofType("aws:efs/mountTarget:MountTarget");
      assert.deepEqual(
        targets.map((t) => t.inputs.subnetId),
        ["subnet-iso-a", "subnet-iso-b"],
      );
      for (const t of targets) assert.deepEqual(t.inputs.securityGroups, [sg.outputs.id], t.urn);
    });

    it("admits NFS (2049/tcp) from the tasks' security group only: no CIDR, no other port, no egress", () => {
      const sg = rec.one("aws:ec2/securityGroup:SecurityGroup", "uploads-sg");
      assert.deepEqual(securityGroupRules(rec, sg.outputs.id, "ingress"), ["tcp 2049 from sg-app"]);
      assert.equal(sg.inputs.ingress, undefined);
      assert.equal(sg.inputs.egress, undefined);
      assert.equal(rec.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").length, 0);
    });

    it("refuses unencrypted connections in the file system policy", () => {
      const doc = JSON.parse(rec.one("aws:efs/fileSystemPolicy:FileSystemPolicy").inputs.policy);
      assert.deepEqual(doc.Statement, [
        {
          Sid: "DenyUnencryptedTransport",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: "*",
          Resource: rec.one("aws:efs/fileSystem:FileSystem").outputs.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]);
    });

    it("gives the access point a fixed POSIX user and its own root directory", () => {
      const ap = rec.one("aws:efs/accessPoint:AccessPoint");
      assert.deepEqual(ap.inputs.posixUser, { uid: 1000, gid: 1000 });
      assert.deepEqual(ap.inputs.rootDirectory, {
        path: "/data",
        creationInfo: { ownerUid: 1000, ownerGid: 1000, permissions: "750" },
      });
    });
  });

  describe("TaskDefinition", () => {
    it("mounts EFS through the access point with TLS and IAM authorization, and a bind volume, on 40 GiB of ephemeral storage", () => {
      const td = rec.one(TD);
      assert.deepEqual(td.inputs.volumes, [
        {
          name: "uploads",
          efsVolumeConfiguration: {
            fileSystemId: rec.one("aws:efs/fileSystem:FileSystem").outputs.id,
            transitEncryption: "ENABLED",
            authorizationConfig: {
              accessPointId: rec.one("aws:efs/accessPoint:AccessPoint").outputs.id,
              iam: "ENABLED",
            },
          },
        },
        { name: "scratch" },
      ]);
      assert.deepEqual(td.inputs.ephemeralStorage, { sizeInGib: 40 });
      const app = JSON.parse(td.inputs.containerDefinitions)[0];
      assert.deepEqual(app.mountPoints, [
        { sourceVolume: "uploads", containerPath: "/srv/uploads", readOnly: false },
        { sourceVolume: "scratch", containerPath: "/tmp", readOnly: false },
      ]);
      assert.equal(app.readonlyRootFilesystem, true, "volumes are where a read-only container writes");
    });

    it("lets the task role mount and write that file system only through its access point", () => {
      const doc = rec.one(POLICY, "app-task").inputs.policy;
      assert.deepEqual(overlyBroadStatements(doc), []);
      const [s] = statementsGranting(doc, "elasticfilesystem:ClientWrite");
      assert.deepEqual(s?.Resource, [rec.one("aws:efs/fileSystem:FileSystem").outputs.arn]);
      assert.deepEqual(s?.Condition, {
        StringEquals: {
          "elasticfilesystem:AccessPointArn": rec.one("aws:efs/accessPoint:AccessPoint").outputs.arn,
        },
      });
      assert.equal(statementsGranting(doc, "elasticfilesystem:ClientRootAccess").length, 0, "never root");
    });

    it("grants ClientMount without ClientWrite for a read-only EFS volume", async () => {
      const ro = await runPulumi(() => {
        const efs = new EfsVolume("uploads", efsArgs);
        return new TaskDefinition("app", {
          cpu: 256,
          memory: 512,
          volumes: [{ name: "uploads", type: "efs", efs, readOnly: true }],
          containers: [
            {
              name: "app",
              image: IMAGE,
              mountPoints: [{ sourceVolume: "uploads", containerPath: "/srv", readOnly: true }],
            },
          ],
        });
      });
      const doc = ro.one(POLICY, "app-task").inputs.policy;
      assert.equal(statementsGranting(doc, "elasticfilesystem:ClientMount").length, 1);
      assert.equal(statementsGranting(doc, "elasticfilesystem:ClientWrite").length, 0);
    });

    it("loads the environment files and lets the execution role read exactly those objects", () => {
      const app = JSON.parse(rec.one(TD).inputs.containerDefinitions)[0];
      assert.deepEqual(app.environmentFiles, [
        { value: ENV_FILE, type: "s3" },
        { value: ENV_FILE_2, type: "s3" },
      ]);
      const doc = rec.one(POLICY, "app-execution").inputs.policy;
      assert.deepEqual(overlyBroadStatements(doc), []);
      assert.deepEqual(
        statementsGranting(doc, "s3:GetObject").map((s) => s.Resource),
        [[ENV_FILE, ENV_FILE_2]],
      );
      assert.deepEqual(
        statementsGranting(doc, "s3:GetBucketLocation").map((s) => s.Resource),
        [["arn:aws:s3:::acs-config-dev"]],
      );
      assert.equal(statementsGranting(doc, "s3:ListBucket").length, 0);
      assert.equal(statementsGranting(doc, "s3:PutObject").length, 0);
    });

    it("WHEN there are no volumes or environment files THEN none are declared and no S3 or EFS grant exists", async () => {
      const plain = await runPulumi(
        () =>
          new TaskDefinition("app", {
            cpu: 256,
            memory: 512,
            containers: [{ name: "app", image: IMAGE }],
          }),
      );
      const td = plain.one(TD);
      assert.equal(td.inputs.volumes, undefined);
      assert.equal(td.inputs.ephemeralStorage, undefined);
      const app = JSON.parse(td.inputs.containerDefinitions)[0];
      assert.equal(app.mountPoints, undefined);
      assert.equal(app.environmentFiles, undefined);
      const exec = plain.one(POLICY, "app-execution").inputs.policy;
      assert.equal(parsePolicy(exec).filter((s) => s.Action.some((a) => a.startsWith("s3:"))).length, 0);
      assert.equal(plain.ofType(POLICY).filter((p) => p.name === "app-task").length, 0);
    });
  });

  describe("rejects bad input before creating anything", () => {
    const td = (extra: Partial<TaskDefinitionArgs>) => () =>
      validateTaskDefinitionArgs("app", {
        cpu: 256,
        memory: 512,
        containers: [{ name: "app", image: IMAGE }],
        ...extra,
      });

    it("EFS mount targets in public subnets", () => {
      assert.match(
        rejected(() => validateEfsVolumeArgs("uploads", { ...efsArgs, subnetTier: "public" as any })),
        /EfsVolume "uploads": `subnetTier` is "public"; EFS mount targets go in the isolated or private subnets, never public ones/,
      );
    });
    it("an EFS volume no task may reach", () => {
      assert.match(
        rejected(() => validateEfsVolumeArgs("uploads", { ...efsArgs, clientSecurityGroupIds: [] })),
        /`clientSecurityGroupIds` is empty; give the security group of the tasks that mount it/,
      );
    });
    it("an access point at the file system's root", () => {
      assert.match(
        rejected(() => validateEfsVolumeArgs("uploads", { ...efsArgs, path: "/" })),
        /`path` is "\/"; use an absolute directory below the root, e.g. \/data/,
      );
    });
    it("a mount of a volume that does not exist", () => {
      assert.match(
        rejected(
          td({
            volumes: [{ name: "scratch", type: "bind" }],
            containers: [
              { name: "app", image: IMAGE, mountPoints: [{ sourceVolume: "data", containerPath: "/data" }] },
            ],
          }),
        ),
        /`containers\[0\]\.mountPoints\[0\]\.sourceVolume` is "data", which is not a volume of the task definition; use one of scratch/,
      );
    });
    it("a relative container path", () => {
      assert.match(
        rejected(
          td({
            volumes: [{ name: "scratch", type: "bind" }],
            containers: [
              { name: "app", image: IMAGE, mountPoints: [{ sourceVolume: "scratch", containerPath: "tmp" }] },
            ],
          }),
        ),
        /`containers\[0\]\.mountPoints\[0\]\.containerPath` is "tmp"; use an absolute path such as \/data/,
      );
    });
    it("two volumes with one name, or an unknown volume type", () => {
      assert.match(
        rejected(
          td({
            volumes: [
              { name: "v", type: "bind" },
              { name: "v", type: "bind" },
            ],
          }),
        ),
        /`volumes\[1\]\.name` is "v", used twice/,
      );
      assert.match(
        rejected(td({ volumes: [{ name: "v", type: "docker" } as any] })),
        /`volumes\[0\]\.type` is "docker"; use "bind" or "efs"/,
      );
    });
    it("ephemeral storage outside Fargate's 21–200 GiB", () => {
      assert.match(
        rejected(td({ ephemeralStorageGiB: 500 })),
        /`ephemeralStorageGiB` is 500; use whole GiB from 21 to 200/,
      );
    });
    it("an environment file that is not an S3 .env object", () => {
      for (const arn of ["arn:aws:s3:::acs-config-dev/app/dev.json", "s3://acs-config-dev/app/dev.env"])
        assert.match(
          rejected(td({ containers: [{ name: "app", image: IMAGE, environmentFiles: [arn] }] })),
          /`containers\[0\]\.environmentFiles\[0\]` is ".*"; use the ARN of an S3 object with the \.env extension/,
        );
    });
    it("more than ten environment files", () => {
      const files = Array.from({ length: 11 }, (_, i) => `arn:aws:s3:::acs-config-dev/app/${i}.env`);
      assert.match(
        rejected(td({ containers: [{ name: "app", image: IMAGE, environmentFiles: files }] })),
        /list 11 environment files; ECS reads at most 10 per task definition/,
      );
    });
  });
});
