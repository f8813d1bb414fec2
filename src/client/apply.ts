// kubectl apply's client side: the last-applied annotation, and the three-way
// strategic merge patch between last-applied, the new manifest and the live object.
import type { KObject } from '../types/k8s.js';
import type { ApiServer } from '../apiserver/api.js';
import { apiVersionOf, qualifiedKind, resourceForKind, type ResourceInfo } from '../apiserver/resources.js';
import { StatusError } from '../apiserver/errors.js';
import { createApplyPatch } from '../apiserver/patch.js';
import { ClientError } from './command.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Go's json.Marshal of a map: keys sorted at every level, compact. */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function resourceOrFail(obj: KObject, source: string, _namespace?: string): ResourceInfo {
  const r = resourceForKind(obj.apiVersion, obj.kind);
  if (!r || !r.served) {
    const version = obj.apiVersion;
    // The builder fails before it defaults the namespace: the text has the manifest's own (often "").
    throw new ClientError(
      `resource mapping not found for name: "${obj.metadata.name ?? ''}" namespace: "${obj.metadata.namespace ?? ''}" from "${source}": no matches for kind "${obj.kind}" in version "${version}"\nensure CRDs are installed first`,
    );
  }
  return r;
}

/** Puts the object in its namespace: the manifest's, else the context's (-n must agree). */
export function placeInNamespace(obj: KObject, r: ResourceInfo, namespace: string, explicit: boolean): void {
  if (!r.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const own = obj.metadata.namespace;
  if (own && explicit && own !== namespace) {
    throw new ClientError(
      `the namespace from the provided object "${own}" does not match the namespace "${namespace}". You must pass '--namespace=${own}' to perform this operation.`,
    );
  }
  obj.metadata.namespace = own || namespace;
}

/**
 * The manifest as apply's modified configuration has it (GetModifiedConfiguration): its annotations
 * an object (empty if it had none) without the last-applied one.
 */
function withoutLastApplied(obj: KObject): KObject {
  const copy = structuredClone(obj);
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}) };
  delete copy.metadata.annotations[LAST_APPLIED];
  return copy;
}

/** The manifest with its own last-applied annotation, as apply sends it on create. */
export function withLastApplied(obj: KObject): KObject {
  const copy = structuredClone(obj);
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [LAST_APPLIED]: sortedJson(withoutLastApplied(obj)) + '\n' };
  return copy;
}

export type ApplyResult = 'created' | 'configured' | 'unchanged';

export interface ApplyOutcome {
  result: ApplyResult;
  object: KObject;
  warning?: string;
}

/**
 * apply's GET of the live object failed (other than NotFound): kubectl names what it looked up,
 * `error when retrieving current configuration of:\nResource: ...\nName: ..., Namespace: ...\nfrom server for: "FILE": ...`.
 */
export class LiveLookupError extends Error {
  constructor(
    readonly status: StatusError,
    readonly r: ResourceInfo,
    readonly namespace: string | undefined,
    readonly objectName: string,
  ) {
    super(status.message);
  }

  /** The verb for formatStatusError: resource.Info's String() between kubectl's words. */
  get verb(): string {
    const gv = apiVersionOf(this.r).includes('/') ? apiVersionOf(this.r) : `/${apiVersionOf(this.r)}`;
    const info = `Resource: "${gv}, Resource=${this.r.name}", GroupVersionKind: "${gv}, Kind=${this.r.kind}"\nName: "${this.objectName}", Namespace: "${this.r.namespaced ? (this.namespace ?? '') : ''}"`;
    return `retrieving current configuration of:\n${info}\nfrom server for:`;
  }
}

/**
 * Applies one manifest object (already placed in its namespace). `annotate: false` is `kubectl
 * diff`'s merge: the patch leaves the last-applied-configuration annotation as it is, and a new
 * object is created without one.
 */
export function applyObject(api: ApiServer, r: ResourceInfo, manifest: KObject, opts: { dryRun?: boolean; annotate?: boolean } = {}): ApplyOutcome {
  const name = manifest.metadata.name;
  if (!name) throw new ClientError('error when retrieving current configuration: resource name may not be empty');
  const desired = opts.annotate === false ? withoutLastApplied(manifest) : withLastApplied(manifest);
  let live: KObject | undefined;
  try {
    live = api.find(r, manifest.metadata.namespace, name);
  } catch (e) {
    throw e instanceof StatusError ? new LiveLookupError(e, r, manifest.metadata.namespace, name) : e;
  }
  if (!live) {
    return { result: 'created', object: api.create(r, manifest.metadata.namespace, opts.annotate === false ? manifest : desired, { dryRun: opts.dryRun }) };
  }
  const previous = live.metadata.annotations?.[LAST_APPLIED];
  const warning = previous
    ? undefined
    : `Warning: resource ${r.name}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`;
  const lastApplied = previous ? (JSON.parse(previous) as unknown) : undefined;
  const patch = createApplyPatch(lastApplied, desired, live, r.kind) as Record<string, unknown>;
  if (!patch || Object.keys(patch).length === 0) return { result: 'unchanged', object: live, warning };
  const updated = api.patch(r, manifest.metadata.namespace, name, 'strategic', patch, { dryRun: opts.dryRun });
  return { result: 'configured', object: updated, warning };
}

export function nameLine(r: ResourceInfo, name: string, verb: string, dryRun?: string): string {
  return `${qualifiedKind(r)}/${name} ${verb}${dryRun ? ` (${dryRun} dry run)` : ''}\n`;
}

