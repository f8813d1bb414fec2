// What the workload controllers share: their API identity, owner references,
// pod readiness and availability, pods from templates, events.
import type { Condition, KObject, LabelSelector, OwnerReference, Pod, PodTemplateSpec } from '../../types/k8s.js';
import type { Change } from '../../store/store.js';
import type { Engine } from '../engine.js';
import { ApiServer, SYSTEM_USER } from '../../apiserver/api.js';
import { resolveResource, type ResourceInfo } from '../../apiserver/resources.js';
import { labelSelectorFromObject, matchesLabelSelector } from '../../apiserver/selectors.js';
import { StatusError } from '../../apiserver/errors.js';
import { recordEvent } from '../events.js';
import { rfc3339 } from '../../util/duration.js';

export const PODS = 'pods';
export const res = (name: string): ResourceInfo => resolveResource(name)!;

/**
 * The controllers' API: the full create pipeline (defaulting, admission) but
 * without settling, since a reconcile runs inside the engine.
 */
export function systemApi(engine: Engine): ApiServer {
  return new ApiServer(engine.store, engine, SYSTEM_USER);
}

export function splitKey(k: string): [string, string] {
  const i = k.indexOf('/');
  return [k.slice(0, i), k.slice(i + 1)];
}

export const keyOf = (obj: KObject) => `${obj.metadata.namespace}/${obj.metadata.name}`;

export function controllerRef(obj: KObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

export function ownerRefTo(owner: KObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** A watch mapper: the key of the `kind` object that controls the changed object. */
export function toOwner(kind: string) {
  // (Called for every change of the resource: the owner of the new and of the old version, once.)
  const ownerKey = (o: KObject | undefined) => {
    const ref = o && controllerRef(o);
    return ref && ref.kind === kind ? `${o.metadata.namespace}/${ref.name}` : undefined;
  };
  return (change: Change): string[] => {
    const now = ownerKey(change.object);
    const before = change.old === change.object ? now : ownerKey(change.old);
    if (now === undefined) return before === undefined ? [] : [before];
    return before === undefined || before === now ? [now] : [now, before];
  };
}

/** A watch mapper for the controller's own resource. */
export const self = (change: Change): string[] => (change.deleted ? [] : [keyOf(change.object)]);

/** Like `self`, but not for the controller's own status writes (they would wake it again at once). */
export const selfUnlessStatusOnly = (change: Change): string[] => {
  if (change.deleted) return [];
  const { status: _new, ...rest } = change.object;
  if (change.old) {
    const { status: _old, ...oldRest } = change.old;
    oldRest.metadata = { ...oldRest.metadata, resourceVersion: rest.metadata.resourceVersion };
    if (JSON.stringify(rest) === JSON.stringify(oldRest)) return [];
  }
  return [keyOf(change.object)];
};

// A failed sync is retried with kube's per-item exponential back-off (5 ms
// doubling, at most 1000 s); the attempt number rides on the wake-up key.
const RETRY = '#retry=';
const RETRY_BASE_MS = 5;
const RETRY_MAX_MS = 1_000_000;

export function withRetry(key: string, attempt: number): { key: string; delayMs: number } {
  return { key: `${key}${RETRY}${attempt}`, delayMs: Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt) };
}

/** Splits a wake-up key into the object key and the failed attempts so far. */
export function parseRetry(key: string): { key: string; attempt: number } {
  const i = key.indexOf(RETRY);
  return i < 0 ? { key, attempt: 0 } : { key: key.slice(0, i), attempt: Number(key.slice(i + RETRY.length)) };
}

/** Objects of `resource` in `namespace` controlled by `owner` (by uid). */
export function owned<T extends KObject>(engine: Engine, resource: string, owner: KObject): T[] {
  return engine.store
    .list(resource, owner.metadata.namespace)
    .filter((o) => controllerRef(o)?.uid === owner.metadata.uid) as T[];
}

export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  try {
    return matchesLabelSelector(labelSelectorFromObject(sel), labels);
  } catch {
    return false;
  }
}

export const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
/** Counted by ReplicaSets and Jobs: not finished and not being deleted. */
export const isActive = (p: Pod) => !isTerminal(p) && !p.metadata.deletionTimestamp;

export function readyCondition(p: Pod): Condition | undefined {
  return p.status?.conditions?.find((c) => c.type === 'Ready');
}

export const isReady = (p: Pod) => readyCondition(p)?.status === 'True';

/**
 * podutil.IsPodAvailable: Ready for at least minReadySeconds. Returns the
 * instant it becomes available when that is still to come.
 */
export function availability(p: Pod, minReadySeconds: number, now: number): { available: boolean; at?: number } {
  const c = readyCondition(p);
  if (c?.status !== 'True') return { available: false };
  if (!minReadySeconds) return { available: true };
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : now;
  const at = since + minReadySeconds * 1000;
  return at <= now ? { available: true } : { available: false, at };
}

/** A pod built from a template (controller.GetPodFromTemplate). */
export function podFromTemplate(template: PodTemplateSpec, owner: KObject, name: { generateName?: string; name?: string }, extraLabels: Record<string, string> = {}): Pod {
  const meta = structuredClone(template.metadata ?? {});
  const labels = { ...(meta.labels ?? {}), ...extraLabels };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(name.name ? { name: name.name } : { generateName: name.generateName }),
      namespace: owner.metadata.namespace,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ...(meta.finalizers ? { finalizers: meta.finalizers } : {}),
      ownerReferences: [ownerRefTo(owner)],
    },
    spec: structuredClone(template.spec),
  };
}

/** Creates a pod through the API; on refusal records FailedCreate and returns the error text. */
export function createPod(engine: Engine, pod: Pod, owner: KObject, component: string): Pod | string {
  try {
    return systemApi(engine).create(res('pods'), owner.metadata.namespace, pod) as Pod;
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    event(engine, owner, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, component);
    return e.message;
  }
}

export function deletePod(engine: Engine, pod: Pod): void {
  try {
    systemApi(engine).delete(res('pods'), pod.metadata.namespace, pod.metadata.name!);
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
  }
}

export function event(engine: Engine, obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
  recordEvent(engine.store, engine.now, { object: obj, type, reason, message, source: { component } });
}

/**
 * Sets a workload condition. `lastTransitionTime` moves only when the status
 * changes; `lastUpdateTime` (Deployments) when anything changes.
 */
export function setCondition(
  conditions: Condition[],
  now: number,
  c: { type: string; status: string; reason: string; message: string },
  opts: { updateTime?: boolean; probeTime?: boolean } = {},
): Condition[] {
  const stamp = rfc3339(now);
  const i = conditions.findIndex((x) => x.type === c.type);
  const old = i >= 0 ? conditions[i] : undefined;
  if (old && old.status === c.status && old.reason === c.reason && old.message === c.message) return conditions;
  const next: Condition = {
    ...(opts.probeTime ? { lastProbeTime: stamp } : {}),
    lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : stamp,
    ...(opts.updateTime ? { lastUpdateTime: stamp } : {}),
    message: c.message,
    reason: c.reason,
    status: c.status,
    type: c.type,
  };
  if (opts.updateTime) {
    // Deployment conditions print lastTransitionTime after lastUpdateTime (Go field order).
    const ordered: Condition = { lastTransitionTime: next.lastTransitionTime, lastUpdateTime: stamp, message: c.message, reason: c.reason, status: c.status, type: c.type };
    Object.assign(next, ordered);
  }
  const out = [...conditions];
  if (i >= 0) out[i] = next;
  else out.push(next);
  return out;
}

/** Writes `status` when it differs from the stored one (a no-op write is not a write). */
export function writeStatus(engine: Engine, resource: string, obj: KObject, status: Record<string, unknown>): KObject {
  const current = engine.store.get(resource, obj.metadata.namespace, obj.metadata.name!);
  if (!current) return obj;
  const next = { ...structuredClone(current), status };
  return engine.store.put(resource, next);
}

/** Returns a copy of `o` without properties whose value is undefined. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}
