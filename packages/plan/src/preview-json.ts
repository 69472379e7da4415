import { REDACTED, type Recording, type StackSettings } from "@acs/testkit";

/** One step of `pulumi preview --json`. */
export interface PreviewStep {
  readonly op: "create" | "read";
  readonly urn: string;
  readonly provider?: string;
  readonly newState: {
    readonly urn: string;
    readonly type: string;
    readonly id: string;
    readonly custom: boolean;
    readonly parent?: string;
    readonly protect: boolean;
    readonly retainOnDelete?: boolean;
    readonly dependencies: readonly string[];
    readonly provider?: string;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
  };
}

/** The plan in the shape of `pulumi preview --json`. */
export interface PreviewJson {
  readonly config: Record<string, string>;
  readonly steps: readonly PreviewStep[];
  readonly outputs: Record<string, unknown>;
  readonly changeSummary: Record<string, number>;
}

function redact(values: Record<string, unknown>, secretKeys: readonly string[]): Record<string, unknown> {
  if (secretKeys.length === 0) return values;
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, secretKeys.includes(k) ? REDACTED : v]),
  );
}

/** Converts a recorded run into `pulumi preview --json` form (secret inputs shown as "[secret]"). */
export function toPreviewJson(recording: Recording, settings?: StackSettings): PreviewJson {
  const steps: PreviewStep[] = recording.resources.map((r) => ({
    op: r.read ? "read" : "create",
    urn: r.urn,
    ...(r.options.provider ? { provider: r.options.provider } : {}),
    newState: {
      urn: r.urn,
      type: r.type,
      id: r.id ?? "",
      custom: r.custom,
      ...(r.parent ? { parent: r.parent } : {}),
      protect: r.options.protect,
      ...(r.options.retainOnDelete ? { retainOnDelete: true } : {}),
      dependencies: r.options.dependencies,
      ...(r.options.provider ? { provider: r.options.provider } : {}),
      inputs: redact(r.inputs, r.secretInputs),
      outputs: redact(r.outputs, r.secretInputs),
    },
  }));
  const changeSummary: Record<string, number> = {};
  for (const s of steps) changeSummary[s.op] = (changeSummary[s.op] ?? 0) + 1;
  const config = settings ? { ...settings.config } : {};
  return { config, steps, outputs: recording.outputs, changeSummary };
}
