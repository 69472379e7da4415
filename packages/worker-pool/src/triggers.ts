import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { imagePushedPattern, poolStreamFilters, taskStatePattern } from "./event-patterns";
import { scheduleProblem } from "./schedule";

export interface TriggersArgs {
  /** The reconcile function. */
  readonly manager: aws.lambda.Function;
  /** The pipeline function. */
  readonly pipeline: aws.lambda.Function;
  /**
   * How often the manager reconciles regardless of events: `rate(...)` or `cron(...)`, at least a minute apart.
   * @default "rate(15 minutes)"
   */
  readonly schedule?: string;
  /** The plan table's stream: a ScaleTo or Pooling change reconciles at once. */
  readonly planStreamArn: pulumi.Input<string>;
  /** The pool table's stream: claims and removals refill at once. */
  readonly poolStreamArn: pulumi.Input<string>;
  /** Where stream batches that keep failing are sent. */
  readonly deadLetterQueueArn: pulumi.Input<string>;
  /** The workers' cluster. */
  readonly clusterArn: pulumi.Input<string>;
  /** Any revision of the worker's task definition (the rule matches every revision of the family). */
  readonly taskDefinitionArn: pulumi.Input<string>;
  /** The manager's `startedBy` tag. */
  readonly startedBy: string;
  /** The worker image repository's name. */
  readonly repositoryName: pulumi.Input<string>;
}

export const DEFAULT_SCHEDULE = "rate(15 minutes)";

/** Throws on invalid args, naming the arg, the value and the fix. Pure; exported for tests. */
export function validateTriggersArgs(args: Pick<TriggersArgs, "schedule">): void {
  const schedule = args.schedule ?? DEFAULT_SCHEDULE;
  const problem = scheduleProblem(schedule);
  if (problem) throw new Error(`Triggers: schedule is "${schedule}": ${problem}`);
}

/**
 * What invokes the hot pool's functions: a schedule, the plan and pool tables' streams (the pool's
 * filtered to claims and removals), ECS task-state changes (workers RUNNING or STOPPED), and ECR
 * pushes and replications to the worker repository (the pipeline). Each EventBridge rule has its own invoke permission.
 */
export class Triggers extends pulumi.ComponentResource {
  /** The periodic reconcile. */
  public readonly scheduleRule: aws.cloudwatch.EventRule;
  /** Worker tasks RUNNING or STOPPED → manager (named `task-stopped` until it matched RUNNING too; aliased). */
  public readonly taskStateRule: aws.cloudwatch.EventRule;
  /** Successful pushes and replications to the worker repository → pipeline. */
  public readonly imagePushedRule: aws.cloudwatch.EventRule;
  /** Pool-table stream → manager (claims and removals only). */
  public readonly poolStream: aws.lambda.EventSourceMapping;
  /** Plan-table stream → manager. */
  public readonly planStream: aws.lambda.EventSourceMapping;

  constructor(name: string, args: TriggersArgs, opts?: pulumi.ComponentResourceOptions) {
    validateTriggersArgs(args);
    super("acs:worker-pool:Triggers", name, {}, opts);

    // `formerSuffix`: the suffix the rule's resources had before a rename; aliases carry their state
    // over (no replacement, the auto-named rule keeps its physical name).
    // https://www.pulumi.com/docs/iac/operations/stack-management/refactoring-with-aliases/
    const rule = (
      suffix: string,
      target: aws.lambda.Function,
      ruleArgs: aws.cloudwatch.EventRuleArgs,
      formerSuffix?: string,
    ) => {
      const was = (tail: string) => (formerSuffix ? [{ name: `${name}-${formerSuffix}${tail}` }] : undefined);
      const r = new aws.cloudwatch.EventRule(`${name}-${suffix}`, ruleArgs, {
        parent: this,
        aliases: was(""),
      });
      const permission = new aws.lambda.Permission(
        `${name}-${suffix}-invoke`,
        {
          action: "lambda:InvokeFunction",
          function: target.name,
          principal: "events.amazonaws.com",
          sourceArn: r.arn,
        },
        { parent: this, aliases: was("-invoke") },
      );
      new aws.cloudwatch.EventTarget(
        `${name}-${suffix}-target`,
        { rule: r.name, arn: target.arn },
        { parent: this, dependsOn: [permission], aliases: was("-target") },
      );
      return r;
    };

    this.scheduleRule = rule("schedule", args.manager, {
      description: "Reconcile the hot pool periodically",
      scheduleExpression: args.schedule ?? DEFAULT_SCHEDULE,
    });
    this.taskStateRule = rule(
      "task-state",
      args.manager,
      {
        description: "A hot-pool worker task runs (make it claimable) or stopped (reap its row and refill)",
        eventPattern: pulumi
          .all([args.clusterArn, args.taskDefinitionArn])
          .apply(([clusterArn, taskDefinitionArn]) =>
            JSON.stringify(taskStatePattern({ clusterArn, taskDefinitionArn, startedBy: args.startedBy })),
          ),
      },
      "task-stopped",
    );
    this.imagePushedRule = rule("image-pushed", args.pipeline, {
      description:
        "A worker image was pushed or replicated: register a task-definition revision and a plan row",
      eventPattern: pulumi
        .output(args.repositoryName)
        .apply((repo) => JSON.stringify(imagePushedPattern(repo))),
    });

    const stream = (suffix: string, eventSourceArn: pulumi.Input<string>, filters?: object[]) =>
      new aws.lambda.EventSourceMapping(
        `${name}-${suffix}`,
        {
          eventSourceArn,
          functionName: args.manager.arn,
          startingPosition: "LATEST",
          batchSize: 100,
          // Coalesce a burst of claims into one reconcile.
          maximumBatchingWindowInSeconds: 5,
          maximumRetryAttempts: 2,
          maximumRecordAgeInSeconds: 3600,
          filterCriteria: filters
            ? { filters: filters.map((p) => ({ pattern: JSON.stringify(p) })) }
            : undefined,
          destinationConfig: { onFailure: { destinationArn: args.deadLetterQueueArn } },
        },
        { parent: this, dependsOn: [args.manager] },
      );
    this.poolStream = stream("pool-stream", args.poolStreamArn, poolStreamFilters());
    this.planStream = stream("plan-stream", args.planStreamArn);

    this.registerOutputs({});
  }
}
