// LimitRanger (plugin/pkg/admission/limitranger): pods created in a namespace
// with LimitRange objects get the default requests/limits of its Container
// items (and the `kubernetes.io/limit-ranger` annotation saying so), then are
// checked against min / max / maxLimitRequestRatio of Container and Pod items.
// Also the LimitRange defaulting the API server does on the object itself.
import type { Container, KObject, Pod, ResourceList } from '../../types/k8s.js';
import type { AdmissionPlugin } from '../admission.js';
import { forbidden } from '../errors.js';
import { baseStrategy, registerStrategy } from '../strategies.js';
import { canonicalQuantity, parseQuantityExact, quantityMilliValue, quantityToString, type Quantity } from '../../util/quantity.js';
import { podQosClass } from '../../printers/pod-status.js';

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

interface LimitRangeItem {
  type: string;
  max?: ResourceList;
  min?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

interface LimitRange extends KObject {
  spec: { limits: LimitRangeItem[] };
}

/** SetDefaults_LimitRangeItem: Container items get default from max, defaultRequest from default or min. */
export function defaultLimitRange(lr: LimitRange): void {
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    for (const [k, v] of Object.entries(item.max ?? {})) {
      item.default ??= {};
      if (!(k in item.default)) item.default[k] = v;
    }
    for (const [k, v] of Object.entries(item.default ?? {})) {
      item.defaultRequest ??= {};
      if (!(k in item.defaultRequest)) item.defaultRequest[k] = v;
    }
    for (const [k, v] of Object.entries(item.min ?? {})) {
      item.defaultRequest ??= {};
      if (!(k in item.defaultRequest)) item.defaultRequest[k] = v;
    }
  }
}

registerStrategy('LimitRange', {
  ...baseStrategy(),
  prepareForCreate(obj) {
    defaultLimitRange(obj as LimitRange);
  },
  prepareForUpdate(obj) {
    defaultLimitRange(obj as LimitRange);
  },
});

function mergeContainer(c: Container, defaults: { requests: ResourceList; limits: ResourceList }, prefix: string, notes: string[]): void {
  const setRequests: string[] = [];
  const setLimits: string[] = [];
  const res = (c.resources ??= {});
  for (const [k, v] of Object.entries(defaults.limits)) {
    if (res.limits && k in res.limits) continue;
    res.limits = { ...(res.limits ?? {}), [k]: v };
    setLimits.push(k);
  }
  for (const [k, v] of Object.entries(defaults.requests)) {
    if (res.requests && k in res.requests) continue;
    res.requests = { ...(res.requests ?? {}), [k]: v };
    setRequests.push(k);
  }
  const sorted = (l: ResourceList) => Object.fromEntries(Object.entries(l).sort(([x], [y]) => (x < y ? -1 : 1)));
  if (res.limits) res.limits = sorted(res.limits);
  if (res.requests) res.requests = sorted(res.requests);
  if (setRequests.length) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${c.name}`);
  if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${c.name}`);
}

const q = (s: string): Quantity => parseQuantityExact(s);
const str = (s: string) => quantityToString(q(s));

function minConstraint(type: string, name: string, enforced: string, req: ResourceList | undefined, lim: ResourceList | undefined): string | undefined {
  const r = req?.[name];
  const l = lim?.[name];
  const e = quantityMilliValue(q(enforced));
  if (r === undefined) return `minimum ${name} usage per ${type} is ${str(enforced)}.  No request is specified`;
  if (quantityMilliValue(q(r)) < e) return `minimum ${name} usage per ${type} is ${str(enforced)}, but request is ${str(r)}`;
  if (l !== undefined && quantityMilliValue(q(l)) < e) return `minimum ${name} usage per ${type} is ${str(enforced)}, but limit is ${str(l)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: string, req: ResourceList | undefined, lim: ResourceList | undefined): string | undefined {
  const r = req?.[name];
  const l = lim?.[name];
  const e = quantityMilliValue(q(enforced));
  if (l === undefined) return `maximum ${name} usage per ${type} is ${str(enforced)}.  No limit is specified`;
  if (quantityMilliValue(q(l)) > e) return `maximum ${name} usage per ${type} is ${str(enforced)}, but limit is ${str(l)}`;
  if (r !== undefined && quantityMilliValue(q(r)) > e) return `maximum ${name} usage per ${type} is ${str(enforced)}, but request is ${str(r)}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: string, req: ResourceList | undefined, lim: ResourceList | undefined): string | undefined {
  const r = req?.[name] !== undefined ? quantityMilliValue(q(req[name]!)) : 0n;
  const l = lim?.[name] !== undefined ? quantityMilliValue(q(lim[name]!)) : 0n;
  if (req?.[name] === undefined || r === 0n) return `${name} max limit to request ratio per ${type} is ${str(enforced)}, but no request is specified or request is 0`;
  if (lim?.[name] === undefined || l === 0n) return `${name} max limit to request ratio per ${type} is ${str(enforced)}, but no limit is specified or limit is 0`;
  const observed = Number(l) / Number(r);
  if (observed * 1000 > Number(quantityMilliValue(q(enforced)))) {
    return `${name} max limit to request ratio per ${type} is ${str(enforced)}, but provided ratio is ${observed.toFixed(6)}`;
  }
  return undefined;
}

/** Pod totals: the sum over app containers, or the largest init container when larger. */
function podTotals(pod: Pod, field: 'requests' | 'limits'): ResourceList {
  const sum = new Map<string, bigint>();
  for (const c of pod.spec.containers) {
    for (const [k, v] of Object.entries(c.resources?.[field] ?? {})) sum.set(k, (sum.get(k) ?? 0n) + q(v).nanos);
  }
  for (const c of pod.spec.initContainers ?? []) {
    for (const [k, v] of Object.entries(c.resources?.[field] ?? {})) if (q(v).nanos > (sum.get(k) ?? 0n)) sum.set(k, q(v).nanos);
  }
  const out: ResourceList = {};
  for (const [k, n] of sum) out[k] = quantityToString({ nanos: n, format: k === 'cpu' ? 'DecimalSI' : 'BinarySI' });
  return out;
}

const sortedEntries = (l: ResourceList | undefined) => Object.entries(l ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));

export function validatePodLimits(pod: Pod, ranges: LimitRange[]): string[] {
  const errs: string[] = [];
  const check = (type: string, item: LimitRangeItem, req: ResourceList | undefined, lim: ResourceList | undefined) => {
    for (const [k, v] of sortedEntries(item.min)) { const e = minConstraint(type, k, v, req, lim); if (e) errs.push(e); }
    for (const [k, v] of sortedEntries(item.max)) { const e = maxConstraint(type, k, v, req, lim); if (e) errs.push(e); }
    for (const [k, v] of sortedEntries(item.maxLimitRequestRatio)) { const e = ratioConstraint(type, k, v, req, lim); if (e) errs.push(e); }
  };
  for (const lr of ranges) {
    for (const item of lr.spec?.limits ?? []) {
      if (item.type === 'Container') {
        for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) check('Container', item, c.resources?.requests, c.resources?.limits);
      } else if (item.type === 'Pod') {
        check('Pod', item, podTotals(pod, 'requests'), podTotals(pod, 'limits'));
      }
    }
  }
  return errs;
}

const isPod = (r: { name: string; group: string }) => r.name === 'pods' && r.group === '';

export const limitRanger: AdmissionPlugin = {
  name: 'LimitRanger',
  mutate(req) {
    if (req.operation !== 'CREATE' || !isPod(req.resource)) return;
    const ranges = req.api.store.list('limitranges', req.object.metadata.namespace!) as LimitRange[];
    if (!ranges.length) return;
    const pod = req.object as Pod;
    const before = pod.status?.qosClass;
    for (const lr of ranges) {
      const defaults = { requests: {} as ResourceList, limits: {} as ResourceList };
      for (const item of lr.spec?.limits ?? []) {
        if (item.type !== 'Container') continue;
        for (const [k, v] of Object.entries(item.defaultRequest ?? {})) defaults.requests[k] = canonicalQuantity(v);
        for (const [k, v] of Object.entries(item.default ?? {})) defaults.limits[k] = canonicalQuantity(v);
      }
      const notes: string[] = [];
      for (const c of pod.spec.containers) mergeContainer(c, defaults, 'container', notes);
      for (const c of pod.spec.initContainers ?? []) mergeContainer(c, defaults, 'init container', notes);
      if (notes.length) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
    }
    // The pod strategy computed the QoS class before admission; the apiserver
    // computes it after mutating admission (PrepareForCreate), so recompute it.
    if (pod.status && before !== undefined) pod.status.qosClass = podQosClass(pod);
  },
  validate(req) {
    if (req.operation !== 'CREATE' || !isPod(req.resource)) return;
    const ranges = req.api.store.list('limitranges', req.object.metadata.namespace!) as LimitRange[];
    if (!ranges.length) return;
    const errs = validatePodLimits(req.object as Pod, ranges);
    if (errs.length) throw forbidden(req.resource, req.object.metadata.name, errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`);
  },
};
