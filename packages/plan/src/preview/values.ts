/**
 * Property values as they cross the resource monitor's wire (google.protobuf.Struct in the
 * SDK's encoding: https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/runtime/rpc.ts), decoded
 * for the plan: unknowns stay visible as the engine's unknown sentinel, secrets are unwrapped
 * and their top-level keys reported, resource references become `{ urn, id }`, assets and
 * archives keep their path (or contents) so the engine can hash them.
 */

/** The value the engine and the SDK use for "not known until apply". */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/** How a preview shows an unknown value (as `pulumi preview` prints it). */
export const UNKNOWN_DISPLAY = "output<string>";

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** True when `v` or anything inside it is unknown. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

export interface Decoded {
  readonly values: Record<string, any>;
  /** Top-level keys whose values were secret. */
  readonly secretKeys: string[];
}

/** Decodes a property map from the wire (the `toJavaScript()` of a Struct). */
export function decodeProperties(props: Record<string, unknown> | undefined): Decoded {
  const secretKeys: string[] = [];
  const values: Record<string, any> = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    const { value, secret } = decode(v);
    if (secret) secretKeys.push(k);
    values[k] = value;
  }
  return { values, secretKeys };
}

function decode(v: unknown): { value: any; secret: boolean } {
  if (Array.isArray(v)) {
    let secret = false;
    const value = v.map((x) => {
      const d = decode(x);
      secret ||= d.secret;
      return d.value;
    });
    return { value, secret };
  }
  if (!v || typeof v !== "object") return { value: v, secret: false };
  const o = v as Record<string, any>;
  switch (o[SIG]) {
    case SECRET_SIG:
      return { value: decode(o.value).value, secret: true };
    case OUTPUT_SIG: {
      const secret = Boolean(o.secret);
      if (!("value" in o)) return { value: UNKNOWN, secret };
      return { value: decode(o.value).value, secret };
    }
    case RESOURCE_SIG:
      return {
        value: { urn: o.urn, ...(o.id !== undefined ? { id: decode(o.id).value } : {}) },
        secret: false,
      };
    case ASSET_SIG:
    case ARCHIVE_SIG:
      return { value: { ...o }, secret: false };
    default: {
      let secret = false;
      const value: Record<string, any> = {};
      for (const [k, x] of Object.entries(o)) {
        const d = decode(x);
        secret ||= d.secret;
        value[k] = d.value;
      }
      return { value, secret };
    }
  }
}

/** Every asset or archive (with its property path) inside `values`. */
export function findAssets(values: unknown, path = ""): { path: string; value: Record<string, any> }[] {
  if (Array.isArray(values)) return values.flatMap((v, i) => findAssets(v, `${path}[${i}]`));
  if (!values || typeof values !== "object") return [];
  const o = values as Record<string, any>;
  if (o[SIG] === ASSET_SIG || o[SIG] === ARCHIVE_SIG) return [{ path, value: o }];
  return Object.entries(o).flatMap(([k, v]) => findAssets(v, path ? `${path}.${k}` : k));
}
