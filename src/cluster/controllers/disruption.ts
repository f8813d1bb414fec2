// The disruption controller (kube-controller-manager's pkg/controller/disruption):
// for every PodDisruptionBudget, how many of its pods are expected, healthy and
// desired, how many may be disrupted now, and the DisruptionAllowed condition.
// The eviction API's disruptedPods entries are kept until their pod is deleting,
// gone, or two minutes old.
import type { Condition, KObject, Labels, LabelSelector, OwnerReference, Pod, PodDisruptionBudget } from '../../types/k8s.js';
import type { Controller, Engine } from '../engine.js';
import type { Change, Store } from '../../store/store.js';
import { compact, controllerRef, event, isReady, keyOf, PODS, self, selectorMatches, splitKey, writeStatus } from './common.js';
import { rfc3339 } from '../../util/duration.js';
import { scaledValue } from './deployment.js';
import { setAllowedCondition } from '../../apiserver/disruption-condition.js';
import { RESOURCES } from '../../apiserver/resources.js';

export const PDBS = 'poddisruptionbudgets.policy';
/** The controller manager's event source for this controller (not `disruption-controller`). */
const COMPONENT = 'controllermanager';
/** How long an evicted pod may stay undeleted before it counts again (DeletionTimeout). */
export const DELETION_TIMEOUT_MS = 120_000;

const POD = 'pod:';
const GONE = 'gone:';

type Status = NonNullable<PodDisruptionBudget['status']>;

/** What a sync computes from the budget and its pods (the pure part, unit-tested). */
export interface Computed {
  expectedPods: number;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
  disruptedPods: Record<string, string>;
  /** When the earliest kept disruptedPods entry expires (the controller's recheck). */
  recheckAt?: number;
  /** Pods without a controller, when the count needs their controllers' scale. */
  unmanaged: string[];
}

/** A pod's controller and its desired replicas; `error` when the controller cannot be scaled. */
export type ScaleOf = (ref: OwnerReference, pod: Pod) => { uid: string; replicas: number } | { error: string };

/**
 * Expected pods and desired healthy (getExpectedPodCount): a plain minAvailable integer counts the
 * matching pods; a percentage or maxUnavailable sums the scale of the pods' controllers.
 * Throws the controller's error text when a pod's controller has no scale.
 */
export function expectedCount(pdb: PodDisruptionBudget, pods: Pod[], scaleOf: ScaleOf): { expected: number; desired: number; unmanaged: string[] } {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const { expected, unmanaged } = expectedScale(pods, scaleOf);
    return { expected, desired: Math.max(0, expected - scaledValue(spec.maxUnavailable, expected, true, '0')), unmanaged };
  }
  if (spec.minAvailable === undefined || spec.minAvailable === null) return { expected: 0, desired: 0, unmanaged: [] };
  if (typeof spec.minAvailable === 'number') return { expected: pods.length, desired: spec.minAvailable, unmanaged: [] };
  const { expected, unmanaged } = expectedScale(pods, scaleOf);
  return { expected, desired: scaledValue(spec.minAvailable, expected, true, '0'), unmanaged };
}

/** getExpectedScale: the sum of the scales of the distinct controllers of `pods`. */
function expectedScale(pods: Pod[], scaleOf: ScaleOf): { expected: number; unmanaged: string[] } {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = controllerRef(pod);
    if (!ref) {
      unmanaged.push(pod.metadata.name!);
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = scaleOf(ref, pod);
    if ('error' in found) throw new ScaleError(found.error);
    scales.set(found.uid, found.replicas);
  }
  let expected = 0;
  for (const n of scales.values()) expected += n;
  return { expected, unmanaged };
}

export class ScaleError extends Error {}

/** buildDisruptedPodMap: the entries whose pod is still there, not deleting, and not expired. */
export function keptDisruptions(pdb: PodDisruptionBudget, pods: Pod[], now: number): { kept: Record<string, string>; expired: Pod[]; recheckAt?: number } {
  const recorded = pdb.status?.disruptedPods;
  const kept: Record<string, string> = {};
  const expired: Pod[] = [];
  let recheckAt: number | undefined;
  if (!recorded) return { kept, expired };
  for (const pod of pods) {
    const at = recorded[pod.metadata.name!];
    if (pod.metadata.deletionTimestamp || at === undefined) continue;
    const deadline = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (deadline < now) {
      expired.push(pod);
      continue;
    }
    kept[pod.metadata.name!] = at;
    recheckAt = Math.min(recheckAt ?? Infinity, deadline);
  }
  return { kept, expired, recheckAt };
}

/** countHealthyPods: Ready, not deleting, and not just evicted. */
export function countHealthy(pods: Pod[], disrupted: Record<string, string>, now: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = disrupted[pod.metadata.name!];
    if (at !== undefined && Date.parse(at) + DELETION_TIMEOUT_MS > now) continue;
    if (isReady(pod)) healthy++;
  }
  return healthy;
}

/** The whole computation of one sync, given the pods the selector matches. */
export function computeStatus(pdb: PodDisruptionBudget, pods: Pod[], scaleOf: ScaleOf, now: number): Computed {
  const { expected, desired, unmanaged } = expectedCount(pdb, pods, scaleOf);
  const { kept, recheckAt } = keptDisruptions(pdb, pods, now);
  const currentHealthy = countHealthy(pods, kept, now);
  // Nothing may be disrupted while no pods are expected: the budget's first pods are safe
  // before the controller has seen them.
  const allowed = expected <= 0 ? 0 : Math.max(0, currentHealthy - desired);
  return { expectedPods: expected, desiredHealthy: desired, currentHealthy, disruptionsAllowed: allowed, disruptedPods: kept, recheckAt, unmanaged };
}

/** The status the controller writes (Go field order; an empty disruptedPods is omitted). */
export function nextStatus(pdb: PodDisruptionBudget, c: Computed, now: number): Status {
  const generation = pdb.metadata.generation ?? 1;
  const allowed = c.disruptionsAllowed > 0;
  const conditions = setAllowedCondition(pdb.status?.conditions, now, {
    status: allowed ? 'True' : 'False',
    reason: allowed ? 'SufficientPods' : 'InsufficientPods',
    message: '',
    observedGeneration: generation,
  });
  return {
    observedGeneration: generation,
    ...(Object.keys(c.disruptedPods).length ? { disruptedPods: c.disruptedPods } : {}),
    disruptionsAllowed: c.disruptionsAllowed,
    currentHealthy: c.currentHealthy,
    desiredHealthy: c.desiredHealthy,
    expectedPods: c.expectedPods,
    conditions,
  };
}

// ---------------------------------------------------------------- controllers' scale

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');
const SCALABLE = new Set(['ReplicationController.', 'ReplicaSet.apps', 'ReplicaSet.extensions', 'Deployment.apps', 'Deployment.extensions', 'StatefulSet.apps']);

function replicasOf(o: KObject): number {
  return ((o.spec as { replicas?: number } | undefined)?.replicas) ?? 1;
}

/** The object `ref` names, if it still is the one (same uid). */
function referenced(engine: Engine, resource: string, ns: string, ref: { name: string; uid: string }): KObject | undefined {
  const o = engine.store.get(resource, ns, ref.name);
  return o && o.metadata.uid === ref.uid ? o : undefined;
}

/**
 * The finders in the controller's order: ReplicationController, the Deployment of a ReplicaSet,
 * a ReplicaSet, a StatefulSet, then any scale subresource (a ReplicaSet whose Deployment is gone
 * is found there).
 */
function scaleFinder(engine: Engine): ScaleOf {
  return (ref, pod) => {
    const ns = pod.metadata.namespace!;
    const group = groupOf(ref.apiVersion);
    const noController = { error: `found no controllers for pod "${pod.metadata.name}"` };
    if (ref.kind === 'ReplicaSet' && (group === 'apps' || group === 'extensions')) {
      const rs = referenced(engine, 'replicasets.apps', ns, ref);
      if (!rs) return noController;
      const owner = controllerRef(rs);
      const d = owner?.kind === 'Deployment' && ['apps', 'extensions'].includes(groupOf(owner.apiVersion)) ? referenced(engine, 'deployments.apps', ns, owner) : undefined;
      return d ? { uid: d.metadata.uid!, replicas: replicasOf(d) } : { uid: rs.metadata.uid!, replicas: replicasOf(rs) };
    }
    const r = RESOURCES.find((x) => x.kind === ref.kind && x.group === group && x.served);
    if (!r) return { error: `no matches for kind "${ref.kind}" in version "${ref.apiVersion}"` };
    if (!SCALABLE.has(`${ref.kind}.${group}`)) return { error: `${r.group ? `${r.name}.${r.group}` : r.name} does not implement the scale subresource` };
    const owner = referenced(engine, r.group ? `${r.name}.${r.group}` : r.name, ns, ref);
    return owner ? { uid: owner.metadata.uid!, replicas: replicasOf(owner) } : noController;
  };
}

// ---------------------------------------------------------------- the controller

/** LabelSelector.String() (the generated protobuf form), as the UnmanagedPods event prints it. */
export function goLabelSelector(sel: LabelSelector | null | undefined): string {
  if (!sel) return '<nil>';
  const labels = Object.keys(sel.matchLabels ?? {}).sort().map((k) => `${k}: ${sel.matchLabels![k]},`).join('');
  const exprs = (sel.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/** Whether a pod change can move a budget's numbers (what they count, not every status write). */
function podChangeMatters(p: Pod, o: Pod | undefined, deleted: boolean | undefined): boolean {
  if (!o || deleted || o === p) return true;
  return isReady(o) !== isReady(p) || !!o.metadata.deletionTimestamp !== !!p.metadata.deletionTimestamp || JSON.stringify(o.metadata.labels) !== JSON.stringify(p.metadata.labels) || controllerRef(o)?.uid !== controllerRef(p)?.uid;
}

class DisruptionController implements Controller {
  readonly name = 'disruption';
  /** The store of the engine it is attached to: a pod change in a namespace without budgets is nothing to it. */
  private store?: Store;
  readonly watches = {
    // Every change, its own status writes included: the real controller resyncs on each update.
    [PDBS]: self,
    [PODS]: (change: Change): string[] => {
      const p = change.object as Pod;
      if (!podChangeMatters(p, change.old as Pod | undefined, change.deleted)) return [];
      if (this.store && this.store.objectsIn(PDBS, p.metadata.namespace ?? '').length === 0) return [];
      // A deleted pod's labels go with the key: the budget it belonged to is found by them.
      if (change.deleted) return [`${GONE}${p.metadata.namespace}/${JSON.stringify(p.metadata.labels ?? {})}`];
      return [`${POD}${keyOf(p)}`];
    },
  };

  attached(engine: Engine): void {
    this.store = engine.store;
  }

  reconcile(key: string, engine: Engine): void {
    if (key.startsWith(POD)) return this.podChanged(engine, key.slice(POD.length));
    if (key.startsWith(GONE)) {
      const [ns, labels] = splitKey(key.slice(GONE.length));
      const pdb = this.budgetsFor(engine, ns, JSON.parse(labels) as Labels)[0];
      if (pdb) engine.schedule(this.name, keyOf(pdb), engine.now);
      return;
    }
    const [ns, name] = splitKey(key);
    const pdb = engine.store.get(PDBS, ns, name) as PodDisruptionBudget | undefined;
    if (pdb) this.sync(engine, pdb);
  }

  /** The budgets of the namespace whose selector matches (policy/v1: an empty selector matches all). */
  private budgetsFor(engine: Engine, ns: string, labels: Labels | undefined): PodDisruptionBudget[] {
    return (engine.store.list(PDBS, ns) as PodDisruptionBudget[]).filter((b) => b.spec?.selector && selectorMatches(b.spec.selector, labels));
  }

  /** getPdbForPod: only the first matching budget is synced; more than one is a warning on the pod. */
  private podChanged(engine: Engine, podKey: string): void {
    const [ns, name] = splitKey(podKey);
    const pod = engine.store.get(PODS, ns, name) as Pod | undefined;
    if (!pod) return;
    const budgets = this.budgetsFor(engine, ns, pod.metadata.labels);
    if (budgets.length === 0) return;
    const chosen = budgets[0]!;
    if (budgets.length > 1) {
      event(engine, pod, 'Warning', 'MultiplePodDisruptionBudgets', `Pod "${ns}"/"${name}" matches multiple PodDisruptionBudgets.  Chose "${chosen.metadata.name}" arbitrarily.`, COMPONENT);
    }
    engine.schedule(this.name, keyOf(chosen), engine.now);
  }

  private sync(engine: Engine, pdb: PodDisruptionBudget): void {
    const sel = pdb.spec?.selector;
    const pods = sel ? (engine.store.list(PODS, pdb.metadata.namespace) as Pod[]).filter((p) => selectorMatches(sel, p.metadata.labels)) : [];
    if (pods.length === 0) event(engine, pdb, 'Normal', 'NoPods', 'No matching pods found', COMPONENT);
    let computed: Computed;
    try {
      computed = computeStatus(pdb, pods, scaleFinder(engine), engine.now);
    } catch (e) {
      if (!(e instanceof ScaleError)) throw e;
      return this.failSafe(engine, pdb, e.message);
    }
    if (computed.unmanaged.length > 0) {
      const message = `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelector(sel)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`;
      event(engine, pdb, 'Warning', 'UnmanagedPods', message, COMPONENT);
    }
    for (const pod of keptDisruptions(pdb, pods, engine.now).expired) {
      // (The real message names the namespace twice: kept as kube-controller-manager prints it.)
      event(engine, pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.namespace} to be deleted but it wasn't`, COMPONENT);
    }
    writeStatus(engine, PDBS, pdb, nextStatus(pdb, computed, engine.now));
    // An entry still counts at its deadline and is dropped just after it (a strict comparison).
    if (computed.recheckAt !== undefined) engine.schedule(this.name, keyOf(pdb), computed.recheckAt + 1);
  }

  /** failSafe: when the count cannot be made, nothing may be disrupted (the condition says why). */
  private failSafe(engine: Engine, pdb: PodDisruptionBudget, message: string): void {
    event(engine, pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${message}`, COMPONENT);
    const old = pdb.status ?? emptyStatus();
    const conditions = setAllowedCondition(old.conditions, engine.now, { status: 'False', reason: 'SyncFailed', message, observedGeneration: old.observedGeneration ?? 0 });
    const status: Status = compact({
      observedGeneration: old.observedGeneration,
      disruptedPods: old.disruptedPods,
      disruptionsAllowed: 0,
      currentHealthy: old.currentHealthy,
      desiredHealthy: old.desiredHealthy,
      expectedPods: old.expectedPods,
      conditions,
    });
    writeStatus(engine, PDBS, pdb, status);
  }
}

/** The status a new budget is created with (the registry resets it; no field is omitempty). */
export function emptyStatus(): Status {
  return { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
}

export const disruptionController = new DisruptionController();
