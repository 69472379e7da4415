/**
 * Lost answers for DynamoDB: an SDK middleware that lets a write reach the table and then
 * throws a retryable error instead of returning its answer, as a timeout, a reset connection
 * or a 500 after the fact would. It sits after the SDK's retry step, so the SDK (and then the
 * runtime's own `call()` retry) sends the same request again, exactly as in production.
 */
import { seededRandom } from "./ecs-standin";

/** The writes whose answers can be lost. */
export const WRITE_COMMANDS = ["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"] as const;

export interface DynamoFaultOptions {
  /** Share of writes (0–1) whose answer is lost after they were carried out. @default 0 */
  lossRate?: number;
  /** Seed of the draws, so a run can be replayed. @default 1 */
  seed?: number;
}

type Next = (args: unknown) => Promise<unknown>;
type Stack = { middlewareStack: { add: (...a: any[]) => void } };

export class DynamoFaults {
  lossRate: number;
  /** Answers lost per command (the write was carried out). */
  readonly lost: Record<string, number> = {};
  private readonly random: () => number;
  private readonly planned = new Map<string, { times: number; match?: (input: any) => boolean }[]>();

  constructor(opts: DynamoFaultOptions = {}) {
    this.lossRate = opts.lossRate ?? 0;
    this.random = seededRandom(opts.seed ?? 1);
  }

  /**
   * The next `times` calls of `command` (e.g. "UpdateItem"; "*" for any write) whose input
   * (as sent: attribute values marshalled) matches `match` are carried out and their answer lost.
   */
  loseNext(command: (typeof WRITE_COMMANDS)[number] | "*", times = 1, match?: (input: any) => boolean): void {
    const list = this.planned.get(command) ?? [];
    list.push({ times, ...(match ? { match } : {}) });
    this.planned.set(command, list);
  }

  /** Installs the middleware on a client (a DynamoDBDocumentClient shares its client's stack). */
  attach(client: Stack): void {
    client.middlewareStack.add(
      (next: Next, context: { commandName?: string }) => async (args: unknown) => {
        const name = (context.commandName ?? "").replace(/Command$/, "");
        const out = await next(args);
        if ((WRITE_COMMANDS as readonly string[]).includes(name) && this.shouldLose(name, args)) {
          this.lost[name] = (this.lost[name] ?? 0) + 1;
          throw Object.assign(new Error("socket hang up (answer lost after the write was carried out)"), {
            name: "TimeoutError",
            code: "ECONNRESET",
            $metadata: {},
          });
        }
        return out;
      },
      // After the SDK's retry middleware (finalizeRequest, priority high): the SDK re-sends it.
      { step: "finalizeRequest", priority: "low", name: "acsLoseAnswers" },
    );
  }

  private shouldLose(name: string, args: unknown): boolean {
    const input = (args as { input?: unknown }).input;
    for (const key of [name, "*"]) {
      const list = this.planned.get(key) ?? [];
      const i = list.findIndex((p) => !p.match || p.match(input));
      if (i >= 0) {
        const p = list[i]!;
        if (--p.times <= 0) list.splice(i, 1);
        return true;
      }
    }
    return this.lossRate > 0 && this.random() < this.lossRate;
  }
}
