// PATCH bodies, applied the way kube-apiserver v1.32 applies them
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go):
//
// - `json`: RFC 6902 operations. Applied with fast-json-patch (installed
//   dependency; a faithful RFC 6902 implementation, so there is no reason to
//   write our own). Any failure while applying becomes the API server's
//   generic 422 (`NewGenericServerResponse(422, ...)`): reason Invalid, message
//   `the server rejected our request due to an error in our request`, empty
//   details; kubectl prints `The request is invalid: <message>`.
// - `merge`: RFC 7386 JSON merge patch.
// - `strategic`: strategic merge patch, driven by the patch merge keys and
//   strategies of the built-in types (k8s.io/api `patchStrategy` /
//   `patchMergeKey` tags), with the `$patch`, `$retainKeys`,
//   `$deleteFromPrimitiveList/` and `$setElementOrder/` directives.
//
// `createApplyPatch` computes the strategic patch `kubectl apply` sends for an
// existing object (the three-way merge of last-applied, manifest and live).
import jsonpatch from 'fast-json-patch';
import type { KObject } from '../types/k8s.js';
import { badRequest, StatusError, type StatusReason } from './errors.js';

export type PatchType = 'strategic' | 'merge' | 'json';

type JMap = Record<string, unknown>;

const isMap = (v: unknown): v is JMap => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

/** A Go error that is not an API status: the server answers 500 with reason Unknown ("Error from server: ..."). */
const REASON_UNKNOWN = '' as StatusReason;
function plainServerError(message: string): StatusError {
  return new StatusError(500, REASON_UNKNOWN, message);
}

/** The 422 the patch handler returns for a JSON patch that does not apply. */
function genericUnprocessable(): StatusError {
  return new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

// ------------------------------------------------------------------ entry point

export function applyPatch(original: KObject, patch: unknown, type: PatchType, kind: string): KObject {
  switch (type) {
    case 'json':
      return applyJsonPatch(original, patch) as KObject;
    case 'merge':
      if (!isMap(patch)) throw badRequest(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`);
      return mergePatch(clone(original), patch) as KObject;
    case 'strategic': {
      const schema = schemaForKind(kind);
      if (!schema) {
        throw new StatusError(
          415,
          'UnsupportedMediaType' as StatusReason,
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        );
      }
      if (!isMap(patch)) throw badRequest(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`);
      return strategicMergePatch(original, patch, kind) as KObject;
    }
  }
}

function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'object';
}

// ------------------------------------------------------------------ RFC 6902

function applyJsonPatch(original: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw badRequest(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of patch) {
    if (!isMap(op)) throw badRequest(`json: cannot unmarshal ${goJsonKind(op)} into Go value of type map[string]*json.RawMessage`);
  }
  let doc = clone(original);
  try {
    for (const op of patch as jsonpatch.Operation[]) doc = applyOneOperation(doc, op);
  } catch {
    throw genericUnprocessable();
  }
  return doc;
}

/**
 * One RFC 6902 operation, as evanphx/json-patch v4 (the API server's library)
 * applies it. validate=true makes fast-json-patch refuse what evanphx refuses
 * (missing paths for remove/move/copy, out-of-range indexes, failed tests,
 * unknown ops). One v4 quirk is reproduced by hand: `replace` of a missing key
 * of an existing object sets the key instead of failing.
 */
function applyOneOperation(doc: unknown, op: jsonpatch.Operation): unknown {
  if (op.op === 'replace' && typeof op.path === 'string') {
    const cut = op.path.lastIndexOf('/');
    if (cut >= 0) {
      let parent: unknown;
      try {
        parent = jsonpatch.getValueByPointer(doc, op.path.slice(0, cut));
      } catch {
        parent = undefined;
      }
      const key = unescapePointer(op.path.slice(cut + 1));
      if (isMap(parent) && !(key in parent)) {
        return jsonpatch.applyOperation(doc, { op: 'add', path: op.path, value: op.value }, true, true, true).newDocument;
      }
    }
  }
  return jsonpatch.applyOperation(doc, op, true, true, true).newDocument;
}

/** The text evanphx/json-patch (used by `kubectl patch --local --type=json`) gives for a failing operation. */
export function jsonPatchClientError(original: unknown, patch: unknown): string | undefined {
  if (!Array.isArray(patch)) return `json: cannot unmarshal ${goJsonKind(patch)} into Go value of type jsonpatch.Patch`;
  let doc = clone(original);
  for (const raw of patch) {
    const op = raw as { op?: string; path?: string; from?: string; value?: unknown };
    const path = op.path ?? '';
    try {
      doc = applyOneOperation(doc, op as jsonpatch.Operation);
    } catch {
      const last = unescapePointer(path.split('/').pop() ?? '');
      switch (op.op) {
        case 'remove':
          return `error in remove for path: '${path}': Unable to remove nonexistent key: ${last}: missing value`;
        case 'move': {
          const from = unescapePointer((op.from ?? '').split('/').pop() ?? '');
          return `error in move for path: '${from}': Unable to remove nonexistent key: ${from}: missing value`;
        }
        case 'replace':
          return `replace operation does not apply: doc is missing path: ${path}: missing value`;
        case 'add':
          return `add operation does not apply: doc is missing path: "${path}": missing value`;
        case 'test':
          return `testing value ${path} failed: test failed`;
        default:
          return `Unexpected kind: ${op.op}`;
      }
    }
  }
  return undefined;
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

// ------------------------------------------------------------------ RFC 7386

/** JSON merge patch: objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return clone(patch);
  const out: JMap = isMap(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// ------------------------------------------------------------------ patch metadata

interface FieldMeta {
  /** `merge` (lists merged by mergeKey, or as sets of scalars), `replace`. */
  strategy?: 'merge' | 'replace';
  retainKeys?: boolean;
  mergeKey?: string;
  /** Type of the field's value, or of the list's items. */
  type?: string;
}
type TypeSchema = Record<string, FieldMeta>;

const m = (mergeKey: string | undefined, type?: string, retainKeys = false): FieldMeta => ({ strategy: 'merge', mergeKey, type, retainKeys });
const t = (type: string): FieldMeta => ({ type });
const conditions = m('type');

// Only fields that carry a patch strategy, or lead to one, are listed; any
// other map is merged key by key and any other list is replaced whole.
const TYPES: Record<string, TypeSchema> = {
  ObjectMeta: { ownerReferences: m('uid'), finalizers: m(undefined) },
  PodTemplateSpec: { metadata: t('ObjectMeta'), spec: t('PodSpec') },
  PodSpec: {
    volumes: m('name', 'Volume', true),
    initContainers: m('name', 'Container'),
    containers: m('name', 'Container'),
    ephemeralContainers: m('name', 'Container'),
    imagePullSecrets: m('name'),
    hostAliases: m('ip'),
    topologySpreadConstraints: m('topologyKey'),
    schedulingGates: m('name'),
    resourceClaims: m('name', undefined, true),
  },
  Container: {
    ports: m('containerPort'),
    env: m('name'),
    volumeMounts: m('mountPath'),
    volumeDevices: m('devicePath'),
  },
  PodStatus: {
    conditions,
    podIPs: m('ip'),
    hostIPs: m('ip'),
    resourceClaimStatuses: m('name', undefined, true),
  },
  Pod: { metadata: t('ObjectMeta'), spec: t('PodSpec'), status: t('PodStatus') },
  PodTemplate: { metadata: t('ObjectMeta'), template: t('PodTemplateSpec') },
  ReplicationController: { metadata: t('ObjectMeta'), spec: t('WorkloadSpec'), status: t('ConditionsStatus') },
  WorkloadSpec: { template: t('PodTemplateSpec') },
  ConditionsStatus: { conditions },
  Deployment: { metadata: t('ObjectMeta'), spec: t('DeploymentSpec'), status: t('ConditionsStatus') },
  DeploymentSpec: { template: t('PodTemplateSpec'), strategy: { retainKeys: true } },
  ReplicaSet: { metadata: t('ObjectMeta'), spec: t('WorkloadSpec'), status: t('ConditionsStatus') },
  DaemonSet: { metadata: t('ObjectMeta'), spec: t('WorkloadSpec'), status: t('ConditionsStatus') },
  StatefulSet: { metadata: t('ObjectMeta'), spec: t('WorkloadSpec'), status: t('ConditionsStatus') },
  Job: { metadata: t('ObjectMeta'), spec: t('WorkloadSpec'), status: t('ConditionsStatus') },
  CronJob: { metadata: t('ObjectMeta'), spec: t('CronJobSpec') },
  CronJobSpec: { jobTemplate: t('JobTemplateSpec') },
  JobTemplateSpec: { metadata: t('ObjectMeta'), spec: t('WorkloadSpec') },
  Service: { metadata: t('ObjectMeta'), spec: t('ServiceSpec'), status: t('ConditionsStatus') },
  ServiceSpec: { ports: m('port') },
  Node: { metadata: t('ObjectMeta'), spec: t('NodeSpec'), status: t('NodeStatus') },
  NodeSpec: { podCIDRs: m(undefined) },
  NodeStatus: { conditions, addresses: m('type') },
  Namespace: { metadata: t('ObjectMeta'), status: t('ConditionsStatus') },
  PersistentVolumeClaim: { metadata: t('ObjectMeta'), status: t('ConditionsStatus') },
  ServiceAccount: { metadata: t('ObjectMeta'), secrets: m('name') },
  HorizontalPodAutoscaler: { metadata: t('ObjectMeta'), status: t('ConditionsStatus') },
  PodDisruptionBudget: { metadata: t('ObjectMeta'), status: t('ConditionsStatus') },
  CustomResourceDefinition: { metadata: t('ObjectMeta'), status: t('ConditionsStatus') },
  APIService: { metadata: t('ObjectMeta'), status: t('ConditionsStatus') },
  CertificateSigningRequest: { metadata: t('ObjectMeta'), status: t('ConditionsStatus') },
  Generic: { metadata: t('ObjectMeta') },
};

/** Built-in kinds served by the API server (strategic merge patch works for these, not for custom resources). */
const BUILTIN_KINDS = new Set([
  'Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Namespace', 'Node',
  'PersistentVolumeClaim', 'PersistentVolume', 'Pod', 'PodTemplate', 'ReplicationController', 'ResourceQuota',
  'Secret', 'ServiceAccount', 'Service', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'CustomResourceDefinition', 'APIService',
  'ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'HorizontalPodAutoscaler',
  'CronJob', 'Job', 'CertificateSigningRequest', 'Lease', 'EndpointSlice', 'FlowSchema',
  'PriorityLevelConfiguration', 'IngressClass', 'Ingress', 'NetworkPolicy', 'RuntimeClass', 'PodDisruptionBudget',
  'ClusterRoleBinding', 'ClusterRole', 'RoleBinding', 'Role', 'PriorityClass', 'CSIDriver', 'CSINode',
  'StorageClass', 'VolumeAttachment', 'CSIStorageCapacity', 'Scale', 'Eviction',
]);

class Schema {
  constructor(readonly type: string | undefined) {}
  private fields(): TypeSchema {
    return (this.type && TYPES[this.type]) || {};
  }
  lookup(key: string): { sub: Schema; meta: FieldMeta } {
    const meta = this.fields()[key] ?? {};
    return { sub: new Schema(meta.type), meta };
  }
}

function schemaForKind(kind: string): Schema | undefined {
  if (TYPES[kind] && kind !== 'Generic') return new Schema(kind);
  if (BUILTIN_KINDS.has(kind)) return new Schema('Generic');
  return undefined;
}

/** True when `kind` accepts strategic merge patches (built-in kinds). */
export function supportsStrategicMerge(kind: string): boolean {
  return schemaForKind(kind) !== undefined;
}

// ------------------------------------------------------------------ Go-flavoured helpers

/** Go's `%v` of a value decoded from JSON into interface{}. */
export function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goV(v[k])}`).join(' ')}]`;
  }
  if (typeof v === 'number') return goFloat(v);
  return String(v);
}

function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-4 || a >= 1e21)) {
    // %v of float64 uses %g: exponent with at least two digits.
    const [mant, exp] = n.toExponential().split('e');
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[-+]/, '').padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  return String(n);
}

const kindOf = (v: unknown): string => (v === null ? 'nil' : Array.isArray(v) ? 'slice' : typeof v === 'object' ? 'map' : typeof v);
const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isMap(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';

interface MergeOptions {
  mergeParallelList: boolean;
  ignoreUnmatchedNulls: boolean;
}

// ------------------------------------------------------------------ strategic merge

/** Applies a strategic merge patch to an object of a built-in kind (server semantics). */
export function strategicMergePatch(original: unknown, patch: JMap, kind: string): unknown {
  const schema = schemaForKind(kind) ?? new Schema('Generic');
  return mergeMap(isMap(original) ? clone(original) : {}, clone(patch), schema, {
    mergeParallelList: true,
    ignoreUnmatchedNulls: true,
  });
}

function mergeMap(original: JMap | null, patch: JMap, schema: Schema, opts: MergeOptions): JMap {
  if (DIRECTIVE in patch) {
    const d = patch[DIRECTIVE];
    if (d === 'replace') {
      delete patch[DIRECTIVE];
      return opts.mergeParallelList ? stripForStorage(patch) : patch;
    }
    if (d === 'delete') return {};
    throw plainServerError(`unknown patch type: ${goV(d)} in map: ${goV(patch)}`);
  }
  const orig: JMap = original ?? {};
  applyRetainKeys(orig, patch, opts);
  mergeSetElementOrder(orig, patch, schema, opts);

  for (let [k, patchV] of Object.entries(patch)) {
    let isDeleteList = false;
    if (k.startsWith(DELETE_PRIMITIVE)) {
      if (!opts.mergeParallelList) {
        orig[k] = patchV;
        continue;
      }
      k = k.slice(DELETE_PRIMITIVE.length);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete orig[k];
      if (opts.ignoreUnmatchedNulls) continue;
    }
    if (!(k in orig)) {
      if (!isDeleteList) orig[k] = opts.ignoreUnmatchedNulls ? discardNulls(patchV) : patchV;
      continue;
    }
    const origV = orig[k];
    if (kindOf(origV) !== kindOf(patchV)) {
      if (!isDeleteList) orig[k] = opts.ignoreUnmatchedNulls ? discardNulls(patchV) : patchV;
      continue;
    }
    if (isMap(origV)) {
      const { sub, meta } = schema.lookup(k);
      orig[k] = meta.strategy === 'replace' ? patchV : mergeMap(origV, patchV as JMap, sub, opts);
    } else if (Array.isArray(origV)) {
      const { sub, meta } = schema.lookup(k);
      orig[k] = mergeSliceHandler(origV, patchV as unknown[], sub, meta, isDeleteList, opts);
    } else {
      orig[k] = patchV;
    }
  }
  return orig;
}

/** Values taken whole from a patch: nulls dropped (IgnoreUnmatchedNulls) and directives dropped, as the typed decode would. */
function discardNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(discardNulls);
  if (isMap(v)) {
    const out: JMap = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null) continue;
      if (k.startsWith('$')) continue;
      out[k] = discardNulls(x);
    }
    return out;
  }
  return v;
}

function stripForStorage(v: JMap): JMap {
  return discardNulls(v) as JMap;
}

function applyRetainKeys(original: JMap, patch: JMap, opts: MergeOptions): void {
  if (!(RETAIN_KEYS in patch)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!opts.mergeParallelList) {
    if (RETAIN_KEYS in original) {
      if (!deepEqual(original[RETAIN_KEYS], retain)) {
        throw plainServerError(`${goV(original[RETAIN_KEYS])} and ${goV(retain)} are not deep equal: this may happen when calculating the 3-way diff patch`);
      }
    } else {
      original[RETAIN_KEYS] = retain;
    }
    return;
  }
  if (!Array.isArray(retain)) throw badRequest('invalid patch format of retainKeys');
  // mergepatch.ErrBadPatchFormatForRetainKeys: BadRequest via interpretStrategicMergePatchError.
  const keep = new Set(retain.map((x) => String(x)));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_PRIMITIVE) || k.startsWith(SET_ORDER)) continue;
    if (!keep.has(k)) throw badRequest('invalid patch format of retainKeys');
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function mergeSetElementOrder(original: JMap, patch: JMap, schema: Schema, opts: MergeOptions): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const order = patch[key];
    if (!opts.mergeParallelList) {
      original[key] = order;
      delete patch[key];
      continue;
    }
    delete patch[key];
    if (!Array.isArray(order)) throw badRequest('invalid patch format of setElementOrder list');
    const field = key.slice(SET_ORDER.length);
    const originalList = Array.isArray(original[field]) ? (original[field] as unknown[]) : [];
    const patchList = Array.isArray(patch[field]) ? (patch[field] as unknown[]) : [];
    const { sub, meta } = schema.lookup(field);
    const mergeKey = meta.mergeKey ?? '';
    let merged: unknown[];
    if (originalList.length === 0 && patchList.length === 0) merged = [];
    else if (originalList.length === 0) merged = patchList.map(discardNulls);
    else if (patchList.length === 0) merged = originalList;
    else merged = mergeSliceHandler(originalList, patchList, sub, meta, false, opts);
    const [inOrder, serverOnly] = partition(merged, order, mergeKey);
    original[field] = normalizeElementOrder(inOrder, serverOnly, order, originalList, mergeKey);
    delete patch[field];
  }
}

function mergeSliceHandler(original: unknown[], patch: unknown[], schema: Schema, meta: FieldMeta, isDeleteList: boolean, opts: MergeOptions): unknown[] {
  if (meta.strategy === 'merge' || isDeleteList) return mergeSlice(original, patch, schema, meta.mergeKey ?? '', opts, isDeleteList);
  return opts.ignoreUnmatchedNulls ? (discardNulls(patch) as unknown[]) : patch;
}

function mergeSlice(original: unknown[], patch: unknown[], schema: Schema, mergeKey: string, opts: MergeOptions, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const sample = original.length ? original[0] : patch[0];
  // mergepatch.ErrNoListOfLists: the handler's generic 422.
  if (Array.isArray(sample)) throw genericUnprocessable();
  let merged: unknown[];
  let patchItems = patch;
  if (!isMap(sample)) {
    if (opts.mergeParallelList && isDeleteList) {
      return original.filter((o) => !patch.some((p) => deepEqual(o, p)));
    }
    merged = dedupe([...original, ...patch]);
  } else {
    if (!mergeKey) throw plainServerError(`cannot merge lists without merge key for ${schemaName(schema)}`);
    // $patch elements: delete removes by merge key, replace makes the rest of the patch the list.
    let base = original;
    const rest: unknown[] = [];
    let replace = false;
    for (const v of patch) {
      const item = v as JMap;
      if (!(DIRECTIVE in item)) {
        rest.push(v);
        continue;
      }
      const d = item[DIRECTIVE];
      if (d === 'delete') {
        if (!(mergeKey in item)) throw plainServerError(`map: ${goV(item)} does not contain declared merge key: ${mergeKey}`);
        base = base.filter((o) => !(isMap(o) && deepEqual(o[mergeKey], item[mergeKey])));
      } else if (d === 'replace') {
        replace = true;
      } else if (d === 'merge') {
        throw plainServerError('merging lists cannot yet be specified in the patch');
      } else {
        throw plainServerError(`unknown patch type: ${goV(d)} in map: ${goV(item)}`);
      }
    }
    if (replace) {
      base = opts.ignoreUnmatchedNulls ? (rest.map(discardNulls) as unknown[]) : rest;
      patchItems = [];
    } else {
      patchItems = rest;
    }
    merged = [...base];
    for (const v of patchItems) {
      const item = v as JMap;
      if (!(mergeKey in item)) throw plainServerError(`map: ${goV(item)} does not contain declared merge key: ${mergeKey}`);
      const idx = merged.findIndex((o) => isMap(o) && deepEqual(o[mergeKey], item[mergeKey]));
      if (idx >= 0) merged[idx] = mergeMap(merged[idx] as JMap, item, schema, opts);
      else merged.push(opts.ignoreUnmatchedNulls ? discardNulls(item) : item);
    }
  }
  const [inPatch, serverOnly] = partition(merged, patchItems, isMap(sample) ? mergeKey : '');
  return normalizeElementOrder(inPatch, serverOnly, patchItems, original, isMap(sample) ? mergeKey : '');
}

function schemaName(s: Schema): string {
  return s.type ?? '';
}

function dedupe(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of list) if (!out.some((o) => deepEqual(o, v))) out.push(v);
  return out;
}

function keyOf(v: unknown, mergeKey: string): unknown {
  return mergeKey ? (isMap(v) ? v[mergeKey] : undefined) : v;
}

function indexIn(list: unknown[], v: unknown, mergeKey: string): number {
  const key = keyOf(v, mergeKey);
  return list.findIndex((x) => {
    if (mergeKey && !isMap(x)) return false;
    return deepEqual(keyOf(x, mergeKey), key);
  });
}

/** Splits `merged` into the items named in `list` and the others ("server-only"). */
function partition(merged: unknown[], list: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const inList: unknown[] = [];
  const others: unknown[] = [];
  for (const v of merged) (indexIn(list, v, mergeKey) >= 0 ? inList : others).push(v);
  return [inList, others];
}

function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string): unknown[] {
  const deletes: unknown[] = [];
  const keep: unknown[] = [];
  for (const v of toSort) (mergeKey && isMap(v) && v[DIRECTIVE] === 'delete' ? deletes : keep).push(v);
  const decorated = keep.map((v, i) => ({ v, i, o: indexIn(order, v, mergeKey) }));
  decorated.sort((a, b) => a.o - b.o || a.i - b.i);
  return [...decorated.map((d) => d.v), ...deletes];
}

/** Patch items in patch order, server-only items in server order, interleaved by the server's order. */
function normalizeElementOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string): unknown[] {
  const right = normalizeSliceOrder(patchItems, patchOrder, mergeKey);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

// ------------------------------------------------------------------ three-way patch (kubectl apply)

interface DiffOptions {
  ignoreDeletions: boolean;
  ignoreChangesAndAdditions: boolean;
  setElementOrder: boolean;
  buildRetainKeysDirective: boolean;
}

/**
 * The strategic merge patch `kubectl apply` sends for an existing object:
 * changes from `current` (live) to `modified` (the manifest, which should
 * already carry the new last-applied-configuration annotation), without
 * deletions, plus the deletions from `lastApplied` to `modified`.
 * An empty object means "unchanged".
 */
export function createApplyPatch(lastApplied: unknown, modified: unknown, current: unknown, kind: string): unknown {
  const schema = schemaForKind(kind) ?? new Schema('Generic');
  const orig = isMap(lastApplied) ? clone(lastApplied) : {};
  const mod = isMap(modified) ? clone(modified) : {};
  const cur = isMap(current) ? clone(current) : {};
  const delta = diffMaps(cur, mod, schema, {
    ignoreDeletions: true,
    ignoreChangesAndAdditions: false,
    setElementOrder: true,
    buildRetainKeysDirective: false,
  });
  const deletions = diffMaps(orig, mod, schema, {
    ignoreDeletions: false,
    ignoreChangesAndAdditions: true,
    setElementOrder: true,
    buildRetainKeysDirective: false,
  });
  return mergeMap(deletions, delta, schema, { mergeParallelList: false, ignoreUnmatchedNulls: false });
}

/** Two-way strategic patch from `original` to `modified` (like CreateTwoWayMergePatch). */
export function createTwoWayPatch(original: unknown, modified: unknown, kind: string): unknown {
  const schema = schemaForKind(kind) ?? new Schema('Generic');
  return diffMaps(isMap(original) ? original : {}, isMap(modified) ? modified : {}, schema, {
    ignoreDeletions: false,
    ignoreChangesAndAdditions: false,
    setElementOrder: true,
    buildRetainKeysDirective: false,
  });
}

function diffMaps(original: JMap, modified: JMap, schema: Schema, opts: DiffOptions): JMap {
  const patch: JMap = {};
  const retainKeys: string[] = [];
  for (const [key, modV] of Object.entries(modified)) {
    if (opts.buildRetainKeysDirective && modV !== null) retainKeys.push(key);
    if (!(key in original)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modV;
      continue;
    }
    const origV = original[key];
    if (kindOf(origV) !== kindOf(modV)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modV;
      continue;
    }
    if (isMap(origV)) {
      const { sub, meta } = schema.lookup(key);
      if (meta.strategy === 'replace') {
        if (!opts.ignoreChangesAndAdditions) patch[key] = modV;
      } else {
        const p = diffMaps(origV, modV as JMap, sub, { ...opts, buildRetainKeysDirective: !!meta.retainKeys });
        if (Object.keys(p).length > 0) patch[key] = p;
      }
    } else if (Array.isArray(origV)) {
      const { sub, meta } = schema.lookup(key);
      if (meta.strategy === 'merge') {
        const [add, del, order] = diffLists(origV, modV as unknown[], sub, meta.mergeKey ?? '', {
          ...opts,
          buildRetainKeysDirective: !!meta.retainKeys,
        });
        if (add.length > 0) patch[key] = add;
        if (del.length > 0) patch[DELETE_PRIMITIVE + key] = del;
        if (order.length > 0) patch[SET_ORDER + key] = order;
      } else if (!opts.ignoreChangesAndAdditions && !deepEqual(origV, modV)) {
        patch[key] = modV;
      }
    } else if (!opts.ignoreChangesAndAdditions && !deepEqual(origV, modV)) {
      patch[key] = modV;
    }
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  }
  const hasAdditional = Object.entries(original).some(([k, v]) => v !== null && !(k in modified));
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasAdditional)) {
    patch[RETAIN_KEYS] = sortScalars(retainKeys);
  }
  return patch;
}

const goLess = (a: unknown, b: unknown): number => {
  const x = goV(a);
  const y = goV(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

function sortScalars(list: unknown[]): unknown[] {
  return [...list].sort(goLess);
}

function diffLists(original: unknown[], modified: unknown[], schema: Schema, mergeKey: string, opts: DiffOptions): [unknown[], unknown[], unknown[]] {
  const sample = original.length ? original[0] : modified[0];
  if (sample === undefined) return [[], [], []];
  if (Array.isArray(sample)) throw new Error('lists of lists are not supported');
  if (isMap(sample)) {
    const [patchItems, deletes] = diffListsOfMaps(original, modified, schema, mergeKey, opts);
    let patchList = normalizeSliceOrder(patchItems, modified, mergeKey);
    const orderSame =
      original.length === modified.length &&
      original.every((o, i) => deepEqual((o as JMap)[mergeKey], (modified[i] as JMap)[mergeKey]));
    patchList = [...patchList, ...deletes];
    let order: unknown[] = [];
    if (
      opts.setElementOrder &&
      ((!opts.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) || (!opts.ignoreDeletions && patchList.length > 0))
    ) {
      order = modified.map((v) => ({ [mergeKey]: (v as JMap)[mergeKey] }));
    }
    return [patchList, [], order];
  }
  const [add, del] = diffListsOfScalars(original, modified, opts);
  const addList = normalizeSliceOrder(add, modified, '');
  let order: unknown[] = [];
  if (opts.setElementOrder && ((!opts.ignoreDeletions && del.length > 0) || (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)))) {
    order = modified;
  }
  return [addList, del, order];
}

function diffListsOfMaps(original: unknown[], modified: unknown[], schema: Schema, mergeKey: string, opts: DiffOptions): [unknown[], unknown[]] {
  const patch: unknown[] = [];
  const deletes: unknown[] = [];
  const byKey = (a: unknown, b: unknown) => goLess((a as JMap)[mergeKey], (b as JMap)[mergeKey]);
  const o = [...original].sort(byKey);
  const mo = [...modified].sort(byKey);
  let i = 0;
  let j = 0;
  while (i < o.length || j < mo.length) {
    const oe = o[i] as JMap | undefined;
    const me = mo[j] as JMap | undefined;
    const os = oe ? goV(oe[mergeKey]) : '';
    const ms = me ? goV(me[mergeKey]) : '';
    if (oe && me && os === ms) {
      const p = diffMaps(oe, me, schema, opts);
      if (Object.keys(p).length > 0) {
        p[mergeKey] = me[mergeKey];
        patch.push(p);
      }
      i++;
      j++;
    } else if (!oe || (me && os > ms)) {
      if (!opts.ignoreChangesAndAdditions) patch.push(me);
      j++;
    } else {
      if (!opts.ignoreDeletions) deletes.push({ [DIRECTIVE]: 'delete', [mergeKey]: oe[mergeKey] });
      i++;
    }
  }
  return [patch, deletes];
}

function diffListsOfScalars(original: unknown[], modified: unknown[], opts: DiffOptions): [unknown[], unknown[]] {
  const o = sortScalars(original);
  const mo = sortScalars(modified);
  const add: unknown[] = [];
  const del: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < mo.length) {
    const os = i < o.length ? goV(o[i]) : undefined;
    const ms = j < mo.length ? goV(mo[j]) : undefined;
    if (os !== undefined && ms !== undefined && os === ms) {
      i++;
      j++;
    } else if (os === undefined || (ms !== undefined && os > ms)) {
      if (!opts.ignoreChangesAndAdditions) add.push(mo[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) del.push(o[i]);
      i++;
    }
  }
  return [add, dedupe(del)];
}
