// ResourceQuota (plugin/pkg/admission/resourcequota + pkg/quota/v1/evaluator):
// the last admission plugin. A create that would take a namespace over a
// quota's hard limits is refused with `exceeded quota: ...`; a pod that does
// not state a compute resource a quota tracks is refused with `failed quota:
// ...`. The quota controller keeps `status.used` current.
//
// Usage is computed from the objects in the store (what the quota controller
// would have recorded), so admission and status always agree.
import type { KObject, Pod, ResourceList } from '../../types/k8s.js';
import type { Store } from '../../store/store.js';
import type { AdmissionPlugin } from '../admission.js';
import type { Controller, Engine } from '../../cluster/engine.js';
import { forbidden } from '../errors.js';
import { resolveResource, storageKey } from '../resources.js';
import { parseQuantityExact, quantityToString, type Quantity } from '../../util/quantity.js';

interface ResourceQuota extends KObject {
  spec?: { hard?: ResourceList; scopes?: string[] };
  status?: { hard?: ResourceList; used?: ResourceList };
}

const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];
const VALIDATION_SET = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

/** Object-count names (`services`, `count/deployments.apps`) and the storage key they count. */
const LEGACY_COUNTS: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

function countedKey(name: string): string | undefined {
  if (LEGACY_COUNTS[name]) return LEGACY_COUNTS[name];
  if (!name.startsWith('count/')) return undefined;
  const r = resolveResource(name.slice('count/'.length));
  return r ? storageKey(r) : undefined;
}

const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Whether a pod still counts (QuotaV1Pod: not terminal, not past its deletion grace). */
function podCounts(p: Pod, now: number): boolean {
  if (isTerminal(p)) return false;
  if (p.metadata.deletionTimestamp && Date.parse(p.metadata.deletionTimestamp) + (p.metadata.deletionGracePeriodSeconds ?? 0) * 1000 < now) return false;
  return true;
}

const q = (s: string): Quantity => parseQuantityExact(s);

/** The pod's usage of compute resources (podComputeUsageHelper over the pod's effective requests/limits). */
export function podUsage(pod: Pod): Map<string, bigint> {
  const total = (field: 'requests' | 'limits') => {
    const sum = new Map<string, bigint>();
    for (const c of pod.spec.containers) for (const [k, v] of Object.entries(c.resources?.[field] ?? {})) sum.set(k, (sum.get(k) ?? 0n) + q(v).nanos);
    for (const c of pod.spec.initContainers ?? []) {
      for (const [k, v] of Object.entries(c.resources?.[field] ?? {})) if (q(v).nanos > (sum.get(k) ?? 0n)) sum.set(k, q(v).nanos);
    }
    return sum;
  };
  const out = new Map<string, bigint>([['pods', 1_000_000_000n], ['count/pods', 1_000_000_000n]]);
  for (const [k, v] of total('requests')) {
    out.set(`requests.${k}`, v);
    if (COMPUTE.includes(k)) out.set(k, v);
  }
  for (const [k, v] of total('limits')) out.set(`limits.${k}`, v);
  return out;
}

const formatOf = (name: string) => (name.endsWith('cpu') || countedKey(name) ? 'DecimalSI' : 'BinarySI');
const show = (name: string, nanos: bigint) => quantityToString({ nanos, format: formatOf(name) });

/** What the namespace uses of each resource `names` lists. */
export function namespaceUsage(store: Store, namespace: string, names: string[], now: number): Map<string, bigint> {
  const used = new Map<string, bigint>(names.map((n) => [n, 0n]));
  const pods = (store.list('pods', namespace) as Pod[]).filter((p) => podCounts(p, now));
  for (const n of names) {
    const key = countedKey(n);
    if (key === 'pods') used.set(n, BigInt(pods.length) * 1_000_000_000n);
    else if (key) used.set(n, BigInt(store.list(key, namespace).length) * 1_000_000_000n);
  }
  const computeNames = names.filter((n) => !countedKey(n));
  if (computeNames.length) {
    for (const p of pods) {
      const u = podUsage(p);
      for (const n of computeNames) used.set(n, (used.get(n) ?? 0n) + (u.get(n) ?? 0n));
    }
  }
  return used;
}

function objectUsage(storage: string, obj: KObject): Map<string, bigint> {
  if (storage === 'pods') return podUsage(obj as Pod);
  const out = new Map<string, bigint>();
  for (const [name, key] of Object.entries(LEGACY_COUNTS)) if (key === storage) out.set(name, 1_000_000_000n);
  const r = resolveResource(storage);
  if (r) out.set(`count/${r.group ? `${r.name}.${r.group}` : r.name}`, 1_000_000_000n);
  return out;
}

const pretty = (m: Map<string, bigint>) =>
  [...m.keys()].sort().map((k) => `${k}=${show(k, m.get(k)!)}`).join(',');

/** evaluator.Constraints for pods: every container must state what a quota tracks. */
function podConstraints(pod: Pod, required: string[]): string | undefined {
  const req = required.filter((r) => VALIDATION_SET.has(r));
  if (!req.length) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    const have = new Set<string>();
    for (const k of Object.keys(c.resources?.requests ?? {})) { have.add(`requests.${k}`); if (COMPUTE.includes(k)) have.add(k); }
    for (const k of Object.keys(c.resources?.limits ?? {})) have.add(`limits.${k}`);
    for (const r of req) if (!have.has(r)) (missing.get(r) ?? missing.set(r, new Set()).get(r)!).add(c.name);
  }
  if (!missing.size) return undefined;
  return `must specify ${[...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`).join('; ')}`;
}

export const resourceQuota: AdmissionPlugin = {
  name: 'ResourceQuota',
  validate(req) {
    if (req.operation !== 'CREATE' || !req.resource.namespaced) return;
    const ns = req.object.metadata.namespace!;
    const quotas = req.api.store.list('resourcequotas', ns) as ResourceQuota[];
    if (!quotas.length) return;
    const storage = storageKey(req.resource);
    const usage = objectUsage(storage, req.object);
    for (const quota of quotas) {
      const hard = quota.spec?.hard ?? {};
      const names = Object.keys(hard);
      const tracked = storage === 'pods' ? names.filter((n) => usage.has(n) || VALIDATION_SET.has(n)) : names.filter((n) => usage.has(n));
      if (!tracked.length) continue;
      if (storage === 'pods') {
        const why = podConstraints(req.object as Pod, tracked);
        if (why) throw forbidden(req.resource, req.object.metadata.name, `failed quota: ${quota.metadata.name}: ${why}`);
      }
      const used = namespaceUsage(req.api.store, ns, tracked, req.api.now);
      const requested = new Map<string, bigint>();
      const usedOver = new Map<string, bigint>();
      const limited = new Map<string, bigint>();
      for (const n of tracked) {
        const add = usage.get(n) ?? 0n;
        const limit = q(hard[n]!).nanos;
        if (add > 0n && used.get(n)! + add > limit) {
          requested.set(n, add);
          usedOver.set(n, used.get(n)!);
          limited.set(n, limit);
        }
      }
      if (requested.size) {
        throw forbidden(
          req.resource,
          req.object.metadata.name,
          `exceeded quota: ${quota.metadata.name}, requested: ${pretty(requested)}, used: ${pretty(usedOver)}, limited: ${pretty(limited)}`,
        );
      }
    }
  },
};

/** The quota controller: recomputes `status` of a namespace's quotas when what they count changes. */
class QuotaController implements Controller {
  readonly name = 'resourcequota';
  readonly watches: Controller['watches'];

  constructor() {
    const byNamespace = (change: { object: KObject }) => (change.object.metadata.namespace ? [change.object.metadata.namespace] : []);
    const keys = ['resourcequotas', 'pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'daemonsets.apps', 'jobs.batch', 'cronjobs.batch'];
    this.watches = Object.fromEntries(keys.map((k) => [k, byNamespace]));
  }

  reconcile(namespace: string, engine: Engine): void {
    for (const quota of engine.store.list('resourcequotas', namespace) as ResourceQuota[]) {
      const hard = quota.spec?.hard ?? {};
      const names = Object.keys(hard).sort();
      const used = namespaceUsage(engine.store, namespace, names, engine.now);
      const status = {
        hard: Object.fromEntries(names.map((n) => [n, hard[n]!])),
        used: Object.fromEntries(names.map((n) => [n, show(n, used.get(n) ?? 0n)])),
      };
      if (JSON.stringify(status) === JSON.stringify(quota.status ?? {})) continue;
      engine.store.put('resourcequotas', { ...structuredClone(quota), status });
    }
  }
}

export const quotaController = new QuotaController();
