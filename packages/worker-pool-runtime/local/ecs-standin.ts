/**
 * In-process ECS stand-in: a small HTTP server speaking the awsJson1_1
 * protocol for the actions the hot pool uses (RunTask, DescribeTasks,
 * StopTask, ListTasks, DescribeTaskDefinition, RegisterTaskDefinition).
 * Point the SDK at it with AWS_ENDPOINT_URL_ECS. It listens on 127.0.0.1 only.
 *
 * Failure injection: throttling per action, RunTask `failures[]` (capacity,
 * ENI limits), out-of-band task changes (stop, vanish, start running, workers
 * that die at start), and AWS's real failure semantics:
 * - eventual consistency (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html):
 *   a new task is invisible to ListTasks and to DescribeTasks for independent lags, and a
 *   stopped task keeps `lastStatus` RUNNING for a while (`desiredStatus` is STOPPED at once);
 * - lost answers: a call is carried out and its caller gets a 500 instead of the answer
 *   (by count per action, or at a seeded rate).
 * Like ECS it honours RunTask's `clientToken` for 8 hours, accepts `count` 1–10 and only
 * registered task definitions, pages ListTasks (≤100), caps DescribeTasks at 100 ARNs,
 * returns tags only with `include: ["TAGS"]`, and rejects ListTasks with startedBy combined
 * with another filter.
 * Task addresses are loopback addresses: they are data, nothing connects to them.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";

export const CAPACITY_REASON =
  "Capacity is unavailable at this time. Please try again later or in a different availability zone";
export const ENI_REASON = "RESOURCE:ENI";

export interface StandInTask {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  startedBy?: string;
  group?: string;
  tags: { key: string; value: string }[];
  lastStatus: "PROVISIONING" | "PENDING" | "RUNNING" | "STOPPED";
  desiredStatus: "RUNNING" | "STOPPED";
  createdAt: number;
  stoppedAt?: number;
  stoppedReason?: string;
  ip: string;
}

interface StandInTaskDef {
  taskDefinitionArn: string;
  family: string;
  revision: number;
  status: "ACTIVE" | "INACTIVE";
  body: Record<string, unknown>;
}

export interface EcsStandInOptions {
  /** Clock in epoch ms, shared with the code under test. @default Date.now */
  now?: () => number;
  region?: string;
  accountId?: string;
  /** "immediate": RunTask returns tasks already RUNNING. @default "manual" (PROVISIONING until {@link EcsStandIn.runPending}) */
  startMode?: "manual" | "immediate";
  /** Eventual consistency and lost answers; see {@link EcsFaults}. @default none */
  faults?: Partial<EcsFaults>;
}

/** AWS's real failure semantics, all off by default. Times are on the stand-in's clock. */
export interface EcsFaults {
  /** A new task is missing from ListTasks for this long. */
  listLagMs: number;
  /** A new task is MISSING in DescribeTasks for this long. */
  describeLagMs: number;
  /** After StopTask (or a crash), `lastStatus` stays as it was for this long; `desiredStatus` is STOPPED at once. */
  stopLagMs: number;
  /** Share of calls (0–1) carried out whose answer is lost (a 500 to the caller). */
  lossRate: number;
  /** Seed of the loss draws (a small PRNG, so a run can be replayed). */
  seed: number;
}

/** RunTask's clientToken is honoured for 8 hours. */
export const CLIENT_TOKEN_TTL_MS = 8 * 3600_000;

/** mulberry32: a small seeded PRNG for replayable fault draws. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ListTasks filters that may not be combined with startedBy. */
const LIST_TASKS_FILTERS = [
  "containerInstance",
  "family",
  "serviceName",
  "daemonName",
  "desiredStatus",
  "launchType",
] as const;

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export class EcsStandIn {
  readonly region: string;
  readonly accountId: string;
  readonly tasks = new Map<string, StandInTask>();
  /** Calls per action, throttled ones included. */
  readonly calls: Record<string, number> = {};
  startMode: "manual" | "immediate";
  private readonly now: () => number;
  private readonly taskDefs = new Map<string, StandInTaskDef[]>();
  private readonly throttles = new Map<string, number>();
  private readonly runFailures: { reason: string; count: number }[] = [];
  private readonly clientTokens = new Map<string, { at: number; out: unknown }>();
  private readonly hiddenUntil = new Map<string, number>();
  private readonly losses = new Map<string, number>();
  private readonly pendingStops = new Map<string, { at: number; reason: string }>();
  private readonly faultRandom: () => number;
  /** Eventual consistency and loss settings; change them at any time. */
  readonly faults: EcsFaults;
  /** Answers lost per action (the call was carried out). */
  readonly lost: Record<string, number> = {};
  /** Tasks that die at start: runPending stops them instead of running them. */
  dieAtStart = false;
  /** After each RunTask that started tasks: the group and how many tasks of it are live. */
  readonly runTaskObservations: { group: string; live: number; at: number }[] = [];
  private capacity: number | undefined;
  private server: Server | undefined;
  private ipCounter = 0;
  url = "";

  constructor(opts: EcsStandInOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.region = opts.region ?? "us-east-1";
    this.accountId = opts.accountId ?? "123456789012";
    this.startMode = opts.startMode ?? "manual";
    this.faults = { listLagMs: 0, describeLagMs: 0, stopLagMs: 0, lossRate: 0, seed: 1, ...opts.faults };
    this.faultRandom = seededRandom(this.faults.seed);
  }

  /** Starts listening on 127.0.0.1 on a free port; returns the endpoint URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- failure injection and out-of-band changes -------------------------

  /** The next `times` calls of `action` answer ThrottlingException. */
  throttle(action: string, times: number): void {
    this.throttles.set(action, (this.throttles.get(action) ?? 0) + times);
  }
  /** The next `count` tasks asked of RunTask fail with `reason` in `failures[]`. */
  failNextTasks(count: number, reason: string = CAPACITY_REASON): void {
    this.runFailures.push({ reason, count });
  }
  /** At most `limit` tasks with desiredStatus RUNNING; more fail with an ENI-limit failure. */
  setCapacity(limit: number | undefined): void {
    this.capacity = limit;
  }
  /**
   * Moves every PROVISIONING/PENDING task to RUNNING (or, with {@link dieAtStart}, stops it
   * as a crash at start); returns how many moved.
   */
  runPending(): number {
    let n = 0;
    for (const t of this.tasks.values()) {
      if (t.desiredStatus === "RUNNING" && t.lastStatus !== "RUNNING") {
        if (this.dieAtStart) {
          this.markStopped(t, "Essential container in task exited");
        } else {
          t.lastStatus = "RUNNING";
          n++;
        }
      }
    }
    return n;
  }
  /** The next `times` calls of `action` are carried out, but their answer is lost (a 500). */
  loseAnswers(action: string, times = 1): void {
    this.losses.set(action, (this.losses.get(action) ?? 0) + times);
  }
  /** Stops a task as if it crashed or was stopped by someone else. */
  stopOutOfBand(taskArn: string, reason = "Essential container in task exited"): void {
    const t = this.tasks.get(taskArn);
    if (!t) throw new Error(`no task ${taskArn}`);
    this.markStopped(t, reason);
  }
  /**
   * ListTasks is eventually consistent: it leaves this task out for `forMs` (stand-in clock),
   * while DescribeTasks, StopTask and the task itself behave as usual.
   */
  hideFromList(taskArn: string, forMs: number): void {
    if (!this.tasks.has(taskArn)) throw new Error(`no task ${taskArn}`);
    this.hiddenUntil.set(taskArn, this.now() + forMs);
  }
  /** Forgets a task entirely (ECS drops stopped tasks after about an hour). */
  vanish(taskArn: string): void {
    this.tasks.delete(taskArn);
  }
  /** Registers a task definition directly (test and demo set-up). */
  seedTaskDefinition(family: string, body: Record<string, unknown> = {}): string {
    return this.register({ family, ...body }).taskDefinitionArn;
  }
  /** Tasks whose desired status is RUNNING, optionally of one worker version (by tag). */
  liveTasksOfGroup(group: string): StandInTask[] {
    return [...this.tasks.values()].filter((t) => t.desiredStatus === "RUNNING" && t.group === group);
  }
  /** Tasks whose desired status is RUNNING, optionally of one worker version (by tag). */
  liveTasks(version?: string): StandInTask[] {
    return [...this.tasks.values()].filter(
      (t) =>
        t.desiredStatus === "RUNNING" &&
        (version === undefined || t.tags.some((g) => g.key === "WorkerVersion" && g.value === version)),
    );
  }
  resetCalls(): void {
    for (const k of Object.keys(this.calls)) delete this.calls[k];
  }

  // ---- protocol ------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = String(req.headers["x-amz-target"] ?? "");
    const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    this.calls[action] = (this.calls[action] ?? 0) + 1;
    try {
      const left = this.throttles.get(action) ?? 0;
      if (left > 0) {
        this.throttles.set(action, left - 1);
        throw new ApiError("ThrottlingException", "Rate exceeded");
      }
      const body = chunks.length
        ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, any>)
        : {};
      this.settleStops();
      const out = this.dispatch(action, body);
      if (this.loseThis(action)) {
        // Carried out, answer lost: what a timeout, a reset or a 5xx after the fact looks like.
        this.lost[action] = (this.lost[action] ?? 0) + 1;
        throw new ApiError("ServerException", "answer lost after the call was carried out", 500);
      }
      this.send(res, 200, out);
    } catch (e) {
      const err =
        e instanceof ApiError ? e : new ApiError("ServerException", String((e as Error).message ?? e), 500);
      this.send(res, err.status, { __type: err.type, message: err.message });
    }
  }

  private loseThis(action: string): boolean {
    const left = this.losses.get(action) ?? 0;
    if (left > 0) {
      this.losses.set(action, left - 1);
      return true;
    }
    return this.faults.lossRate > 0 && this.faultRandom() < this.faults.lossRate;
  }

  /** Stopped tasks whose stop lag has passed reach lastStatus STOPPED. */
  private settleStops(): void {
    const now = this.now();
    for (const [arn, p] of this.pendingStops) {
      if (p.at > now) continue;
      this.pendingStops.delete(arn);
      const t = this.tasks.get(arn);
      if (t) t.lastStatus = "STOPPED";
    }
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/x-amz-json-1.1",
      "content-length": Buffer.byteLength(text),
    });
    res.end(text);
  }

  private dispatch(action: string, b: Record<string, any>): unknown {
    switch (action) {
      case "RunTask":
        return this.runTask(b);
      case "DescribeTasks":
        return this.describeTasks(b);
      case "StopTask":
        return this.stopTask(b);
      case "ListTasks":
        return this.listTasks(b);
      case "DescribeTaskDefinition":
        return this.describeTaskDefinition(b);
      case "RegisterTaskDefinition":
        return { taskDefinition: this.render(this.register(b)) };
      default:
        throw new ApiError("InvalidParameterException", `the stand-in does not implement ${action}`);
    }
  }

  private clusterArn(cluster: unknown): string {
    const c = typeof cluster === "string" && cluster ? cluster : "default";
    return c.startsWith("arn:") ? c : `arn:aws:ecs:${this.region}:${this.accountId}:cluster/${c}`;
  }

  private runTask(b: Record<string, any>): unknown {
    const token = typeof b.clientToken === "string" ? b.clientToken : undefined;
    const seen = token ? this.clientTokens.get(token) : undefined;
    if (seen && this.now() - seen.at < CLIENT_TOKEN_TTL_MS) return seen.out;
    const count = b.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 10) {
      throw new ApiError("InvalidParameterException", "count must be between 1 and 10");
    }
    const def = this.findTaskDef(String(b.taskDefinition ?? ""));
    const subnets = b.networkConfiguration?.awsvpcConfiguration?.subnets;
    if (!Array.isArray(subnets) || subnets.length === 0) {
      throw new ApiError(
        "InvalidParameterException",
        "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
      );
    }
    const clusterArn = this.clusterArn(b.cluster);
    const clusterName = clusterArn.split("/").pop() ?? "default";
    const tasks: unknown[] = [];
    const failures: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const injected = this.runFailures[0];
      if (injected) {
        injected.count--;
        if (injected.count <= 0) this.runFailures.shift();
        failures.push({ reason: injected.reason });
        continue;
      }
      if (this.capacity !== undefined && this.liveTasks().length >= this.capacity) {
        failures.push({ reason: ENI_REASON });
        continue;
      }
      const taskArn = `arn:aws:ecs:${this.region}:${this.accountId}:task/${clusterName}/${randomBytes(16).toString("hex")}`;
      const n = ++this.ipCounter;
      const task: StandInTask = {
        taskArn,
        clusterArn,
        taskDefinitionArn: def.taskDefinitionArn,
        startedBy: b.startedBy,
        group: b.group,
        tags: Array.isArray(b.tags) ? b.tags : [],
        lastStatus: this.startMode === "immediate" ? "RUNNING" : "PROVISIONING",
        desiredStatus: "RUNNING",
        createdAt: this.now(),
        ip: `127.${20 + ((n >> 16) & 0xff)}.${(n >> 8) & 0xff}.${n & 0xff}`,
      };
      this.tasks.set(taskArn, task);
      tasks.push(this.renderTask(task, false));
    }
    const out = { tasks, failures };
    if (token) this.clientTokens.set(token, { at: this.now(), out });
    if (tasks.length > 0 && typeof b.group === "string") {
      this.runTaskObservations.push({
        group: b.group,
        live: this.liveTasksOfGroup(b.group).length,
        at: this.now(),
      });
    }
    return out;
  }

  private describeTasks(b: Record<string, any>): unknown {
    const arns: string[] = Array.isArray(b.tasks) ? b.tasks : [];
    if (arns.length > 100)
      throw new ApiError("InvalidParameterException", "tasks can have at most 100 items");
    const withTags = Array.isArray(b.include) && b.include.includes("TAGS");
    const tasks: unknown[] = [];
    const failures: unknown[] = [];
    for (const arn of arns) {
      const t = this.tasks.get(arn);
      if (t && this.now() - t.createdAt >= this.faults.describeLagMs)
        tasks.push(this.renderTask(t, withTags));
      else failures.push({ arn, reason: "MISSING" });
    }
    return { tasks, failures };
  }

  private stopTask(b: Record<string, any>): unknown {
    const t = this.tasks.get(String(b.task ?? ""));
    if (!t) throw new ApiError("InvalidParameterException", "The referenced task was not found.");
    this.markStopped(t, String(b.reason ?? "Task stopped by user"));
    return { task: this.renderTask(t, false) };
  }

  private listTasks(b: Record<string, any>): unknown {
    // ECS: "When you specify startedBy as the filter, it must be the only filter that you use."
    // The cluster is not a filter in that sense (it is always applied; "default" when absent).
    const others = LIST_TASKS_FILTERS.filter((f) => b[f] !== undefined);
    if (b.startedBy !== undefined && others.length > 0) {
      throw new ApiError(
        "InvalidParameterException",
        `startedBy must be the only filter; also given: ${others.join(", ")}`,
      );
    }
    const desired = b.desiredStatus ?? "RUNNING";
    const clusterArn = this.clusterArn(b.cluster);
    const now = this.now();
    const all = [...this.tasks.values()]
      .filter((t) => t.clusterArn === clusterArn && t.desiredStatus === desired)
      .filter((t) => b.startedBy === undefined || t.startedBy === b.startedBy)
      .filter((t) => !((this.hiddenUntil.get(t.taskArn) ?? 0) > now))
      .filter((t) => now - t.createdAt >= this.faults.listLagMs)
      .map((t) => t.taskArn);
    const max = Math.min(Number(b.maxResults ?? 100), 100);
    const start = b.nextToken ? Number(b.nextToken) : 0;
    const page = all.slice(start, start + max);
    const next = start + max < all.length ? String(start + max) : undefined;
    return next ? { taskArns: page, nextToken: next } : { taskArns: page };
  }

  private describeTaskDefinition(b: Record<string, any>): unknown {
    const def = this.findTaskDef(String(b.taskDefinition ?? ""));
    const out: Record<string, unknown> = { taskDefinition: this.render(def) };
    if (Array.isArray(b.include) && b.include.includes("TAGS")) out.tags = [];
    return out;
  }

  private register(b: Record<string, any>): StandInTaskDef {
    const family = String(b.family ?? "");
    if (!family) throw new ApiError("ClientException", "family is required");
    const revs = this.taskDefs.get(family) ?? [];
    const revision = revs.length + 1;
    const body = { ...b };
    delete body.family;
    delete body.tags;
    const def: StandInTaskDef = {
      taskDefinitionArn: `arn:aws:ecs:${this.region}:${this.accountId}:task-definition/${family}:${revision}`,
      family,
      revision,
      status: "ACTIVE",
      body,
    };
    revs.push(def);
    this.taskDefs.set(family, revs);
    return def;
  }

  private findTaskDef(ref: string): StandInTaskDef {
    const name = ref.startsWith("arn:") ? (ref.split("/").pop() ?? "") : ref;
    const [family = "", rev] = name.split(":");
    const revs = this.taskDefs.get(family) ?? [];
    const def =
      rev === undefined ? [...revs].reverse().find((d) => d.status === "ACTIVE") : revs[Number(rev) - 1];
    if (!def) throw new ApiError("ClientException", "Unable to describe task definition.");
    return def;
  }

  private render(def: StandInTaskDef): unknown {
    return {
      ...def.body,
      taskDefinitionArn: def.taskDefinitionArn,
      family: def.family,
      revision: def.revision,
      status: def.status,
    };
  }

  private markStopped(t: StandInTask, reason: string): void {
    if (t.desiredStatus === "STOPPED") return; // ECS: stopping a stopped task changes nothing
    t.desiredStatus = "STOPPED";
    t.stoppedReason = reason;
    if (this.faults.stopLagMs > 0 && t.lastStatus !== "STOPPED") {
      // desiredStatus changes at once; lastStatus follows once the containers are gone.
      this.pendingStops.set(t.taskArn, { at: this.now() + this.faults.stopLagMs, reason });
    } else {
      t.lastStatus = "STOPPED";
    }
    t.stoppedAt = this.now();
  }

  private renderTask(t: StandInTask, withTags: boolean): unknown {
    const eniId = `eni-${createHash("sha1").update(t.taskArn).digest("hex").slice(0, 17)}`;
    const attached = t.lastStatus === "RUNNING" || t.lastStatus === "PENDING";
    const out: Record<string, unknown> = {
      taskArn: t.taskArn,
      clusterArn: t.clusterArn,
      taskDefinitionArn: t.taskDefinitionArn,
      lastStatus: t.lastStatus,
      desiredStatus: t.desiredStatus,
      createdAt: t.createdAt / 1000,
      launchType: "FARGATE",
      attachments: [
        {
          id: `att-${eniId}`,
          type: "ElasticNetworkInterface",
          status: attached ? "ATTACHED" : "PRECREATED",
          details: attached
            ? [
                { name: "subnetId", value: "subnet-standin" },
                { name: "networkInterfaceId", value: eniId },
                { name: "privateIPv4Address", value: t.ip },
              ]
            : [{ name: "subnetId", value: "subnet-standin" }],
        },
      ],
    };
    if (t.startedBy !== undefined) out.startedBy = t.startedBy;
    if (t.group !== undefined) out.group = t.group;
    if (t.stoppedAt !== undefined) out.stoppedAt = t.stoppedAt / 1000;
    if (t.stoppedReason !== undefined) out.stoppedReason = t.stoppedReason;
    if (withTags) out.tags = t.tags;
    return out;
  }
}
