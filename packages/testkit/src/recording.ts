import { RecordedResource } from "./recorder";

/** Everything one program run registered, with finders for tests and the plan renderer. */
export class Recording {
  constructor(
    readonly resources: readonly RecordedResource[],
    /** The stack outputs (the program's return value, resolved). */
    readonly outputs: Record<string, unknown>,
    readonly meta: { readonly project: string; readonly stack: string },
  ) {}

  /** Resources managed by a provider (not components, providers or the stack). */
  get custom(): RecordedResource[] {
    return this.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:"));
  }

  /** All resources of `type` (e.g. `aws:ec2/subnet:Subnet`). */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The resource with logical `name` (and `type` when given); throws, listing candidates, unless exactly one. */
  one(type: string, name?: string): RecordedResource {
    const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) {
      const names = this.ofType(type).map((r) => r.name);
      throw new Error(
        `expected exactly one ${type}${name ? ` named "${name}"` : ""}, found ${found.length}; ${type} names: ${names.join(", ") || "none"}`,
      );
    }
    return found[0]!;
  }

  /** The resource with this URN, or undefined. */
  byUrn(urn: string): RecordedResource | undefined {
    return this.resources.find((r) => r.urn === urn);
  }

  /** The resource whose physical id is `id` (e.g. `subnet-0abc…`), or undefined. */
  byId(id: string): RecordedResource | undefined {
    return this.resources.find((r) => r.id === id);
  }

  /** The resources whose parent is `parent` (a resource or URN). */
  childrenOf(parent: RecordedResource | string): RecordedResource[] {
    const urn = typeof parent === "string" ? parent : parent.urn;
    return this.resources.filter((r) => r.parent === urn);
  }

  /** The resources under `root` at any depth. */
  descendantsOf(root: RecordedResource | string): RecordedResource[] {
    const out: RecordedResource[] = [];
    const walk = (urn: string) => {
      for (const c of this.childrenOf(urn)) {
        out.push(c);
        walk(c.urn);
      }
    };
    walk(typeof root === "string" ? root : root.urn);
    return out;
  }

  /** Counts of custom resources per type, for quick assertions and summaries. */
  countByType(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.custom) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
  }
}
