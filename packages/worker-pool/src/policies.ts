/**
 * The manager's and the pipeline's IAM policy documents, built from plain ARNs. Pure, so tests
 * parse them without a deployment. Each statement grants what one part of the runtime calls,
 * on exactly the resources it calls it on.
 */
import { clusterNameOf, familyArnPrefix } from "./names";

export interface PolicyStatementDoc {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
export interface PolicyDoc {
  Version: "2012-10-17";
  Statement: PolicyStatementDoc[];
}

/** What both functions' policies are built from (resolved outputs). */
export interface PolicyInputs {
  readonly planTableArn: string;
  readonly poolTableArn: string;
  readonly clusterArn: string;
  /** Any revision of the worker's task definition; grants cover every revision of its family. */
  readonly taskDefinitionArn: string;
  /** The worker's execution and task roles (the only roles either function may pass). */
  readonly workerRoleArns: readonly string[];
  /** The failed-invocation queue. */
  readonly deadLetterQueueArn: string;
  /** The function's own log group. */
  readonly logGroupArn: string;
}

const ECS_TASKS = "ecs-tasks.amazonaws.com";

/** The `task` ARNs of one cluster: `arn:…:ecs:<region>:<account>:task/<cluster>/*`. */
function clusterTasks(clusterArn: string): string {
  return `${clusterArn.replace(/:cluster\/.*$/, ":task/")}${clusterNameOf(clusterArn)}/*`;
}

function common(i: PolicyInputs): PolicyStatementDoc[] {
  return [
    {
      Sid: "PassWorkerRolesToEcsTasks",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: [...i.workerRoleArns],
      Condition: { StringEquals: { "iam:PassedToService": ECS_TASKS } },
    },
    { Sid: "DeadLetter", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: i.deadLetterQueueArn },
    {
      Sid: "OwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${i.logGroupArn}:*`,
    },
  ];
}

/** The reconcile function: plan and pool tables, their streams, and the worker family's tasks in one cluster. */
export function managerPolicy(i: PolicyInputs): PolicyDoc {
  const family = `${familyArnPrefix(i.taskDefinitionArn)}*`;
  const onCluster = { ArnEquals: { "ecs:cluster": i.clusterArn } };
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadPlan",
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"],
        Resource: i.planTableArn,
      },
      {
        Sid: "ManagePool",
        Effect: "Allow",
        Action: [
          "dynamodb:BatchWriteItem",
          "dynamodb:DeleteItem",
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:Query",
          "dynamodb:UpdateItem",
        ],
        Resource: [i.poolTableArn, `${i.poolTableArn}/index/*`],
      },
      {
        Sid: "ReadTableStreams",
        Effect: "Allow",
        Action: [
          "dynamodb:DescribeStream",
          "dynamodb:GetRecords",
          "dynamodb:GetShardIterator",
          "dynamodb:ListStreams",
        ],
        Resource: [`${i.planTableArn}/stream/*`, `${i.poolTableArn}/stream/*`],
      },
      {
        Sid: "RunWorkerTasks",
        Effect: "Allow",
        Action: ["ecs:RunTask"],
        Resource: family,
        Condition: onCluster,
      },
      {
        Sid: "TagTasksAtRunTask",
        Effect: "Allow",
        Action: ["ecs:TagResource"],
        Resource: clusterTasks(i.clusterArn),
        Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } },
      },
      {
        Sid: "StopAndDescribeClusterTasks",
        Effect: "Allow",
        Action: ["ecs:DescribeTasks", "ecs:StopTask"],
        Resource: clusterTasks(i.clusterArn),
        Condition: onCluster,
      },
      // ListTasks has no resource-level permission (it lists container instances' tasks): scoped by the condition.
      {
        Sid: "ListClusterTasks",
        Effect: "Allow",
        Action: ["ecs:ListTasks"],
        Resource: "*",
        Condition: onCluster,
      },
      ...common(i),
    ],
  };
}

/** The pipeline function: registers a revision of the worker family and writes its plan row. */
export function pipelinePolicy(i: PolicyInputs): PolicyDoc {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WritePlan",
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:UpdateItem"],
        Resource: i.planTableArn,
      },
      // Describe/RegisterTaskDefinition support no resource-level permission; AWS requires "*".
      {
        Sid: "RegisterWorkerRevisions",
        Effect: "Allow",
        Action: ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"],
        Resource: "*",
      },
      {
        Sid: "TagRevisionsAtRegister",
        Effect: "Allow",
        Action: ["ecs:TagResource"],
        Resource: `${familyArnPrefix(i.taskDefinitionArn)}*`,
        Condition: { StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } },
      },
      ...common(i),
    ],
  };
}
