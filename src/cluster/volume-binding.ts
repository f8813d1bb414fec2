// Storage as the scheduler and the PV controller see it (kube-scheduler v1.32
// VolumeRestrictions and VolumeBinding plugins, pkg/controller/volume/
// persistentvolume/util): which PersistentVolume a claim may bind to, whether a
// pod's claims are bound or bindable on a node, with the plugins' exact reason
// strings. Pure functions over a read-only view of the cluster, so the
// scheduler, the PV controller and unit tests share them.
import type { KObject, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, Volume } from '../types/k8s.js';
import { parseQuantityExact } from '../util/quantity.js';
import { labelSelectorFromObject, matchesLabelSelector } from '../apiserver/selectors.js';

export const PVCS = 'persistentvolumeclaims';
export const PVS = 'persistentvolumes';
export const STORAGE_CLASSES = 'storageclasses.storage.k8s.io';

/** Annotations of the PV controller, the scheduler and provisioners. */
export const ANN = {
  bindCompleted: 'pv.kubernetes.io/bind-completed',
  boundByController: 'pv.kubernetes.io/bound-by-controller',
  provisionedBy: 'pv.kubernetes.io/provisioned-by',
  selectedNode: 'volume.kubernetes.io/selected-node',
  storageProvisioner: 'volume.kubernetes.io/storage-provisioner',
  betaStorageProvisioner: 'volume.beta.kubernetes.io/storage-provisioner',
  betaStorageClass: 'volume.beta.kubernetes.io/storage-class',
  defaultClass: 'storageclass.kubernetes.io/is-default-class',
  betaDefaultClass: 'storageclass.beta.kubernetes.io/is-default-class',
} as const;

export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

/** The scheduler's failure reasons for volumes (scheduler.md §2), verbatim. */
export const VOLUME_REASONS = {
  /** VolumeRestrictions / VolumeBinding PreFilter, UnschedulableAndUnresolvable. */
  claimNotFound: (claim: string) => `persistentvolumeclaim "${claim}" not found`,
  claimBeingDeleted: (claim: string) => `persistentvolumeclaim "${claim}" is being deleted`,
  claimLost: (claim: string, volume: string) => `persistentvolumeclaim "${claim}" bound to non-existent persistentvolume "${volume}"`,
  ephemeralPending: (claim: string) => `waiting for ephemeral volume controller to create the persistentvolumeclaim "${claim}"`,
  ephemeralNotOwned: (ns: string, claim: string, pod: string) => `PVC ${ns}/${claim} was not created for pod ${ns}/${pod} (pod is not owner)`,
  unboundImmediate: 'pod has unbound immediate PersistentVolumeClaims',
  /** VolumeRestrictions Filter, Unschedulable. */
  diskConflict: 'node(s) had no available disk',
  readWriteOncePodConflict: 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode',
  /** VolumeBinding Filter, UnschedulableAndUnresolvable (several may apply to one node, in this order). */
  nodeConflict: 'node(s) had volume node affinity conflict',
  bindConflict: "node(s) didn't find available persistent volumes to bind",
  pvNotExist: 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)',
} as const;

/** Read access to the cluster (the same shape as scheduler-plugins' ClusterView). */
export interface StorageView {
  get(resource: string, namespace: string | undefined, name: string): KObject | undefined;
  list(resource: string, namespace?: string): KObject[];
}

export interface PVCObject extends KObject {
  spec?: {
    accessModes?: string[];
    resources?: { requests?: Record<string, string> };
    selector?: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
    storageClassName?: string;
    volumeMode?: string;
    volumeName?: string;
    volumeAttributesClassName?: string;
    dataSource?: unknown;
  };
  status?: { phase?: string; accessModes?: string[]; capacity?: Record<string, string>; conditions?: unknown[] };
}

export interface ClaimRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface PVObject extends KObject {
  spec?: {
    accessModes?: string[];
    capacity?: Record<string, string>;
    claimRef?: ClaimRef;
    storageClassName?: string;
    volumeMode?: string;
    persistentVolumeReclaimPolicy?: string;
    nodeAffinity?: { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } };
    hostPath?: { path?: string; type?: string };
    local?: { path?: string };
    [source: string]: unknown;
  };
  status?: { phase?: string; message?: string; reason?: string; lastPhaseTransitionTime?: string };
}

export interface StorageClassObject extends KObject {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowedTopologies?: { matchLabelExpressions?: { key: string; values?: string[] }[] }[];
  parameters?: Record<string, string>;
}

// ---------------------------------------------------------------- claims and classes

/** storagehelpers.GetPersistentVolumeClaimClass: the beta annotation, else spec.storageClassName, else "". */
export function claimClass(pvc: PVCObject): string {
  const beta = pvc.metadata.annotations?.[ANN.betaStorageClass];
  if (beta !== undefined) return beta;
  return pvc.spec?.storageClassName ?? '';
}

/** storagehelpers.GetPersistentVolumeClass. */
export function volumeClass(pv: PVObject): string {
  const beta = pv.metadata.annotations?.[ANN.betaStorageClass];
  if (beta !== undefined) return beta;
  return pv.spec?.storageClassName ?? '';
}

/** Whether the claim names a class at all (PersistentVolumeClaimHasClass). */
export function claimHasClass(pvc: PVCObject): boolean {
  return pvc.metadata.annotations?.[ANN.betaStorageClass] !== undefined || pvc.spec?.storageClassName !== undefined;
}

/** The default StorageClass: the newest of those marked default, ties by name (util.GetDefaultClass). */
export function defaultStorageClass(view: StorageView): StorageClassObject | undefined {
  const defaults = (view.list(STORAGE_CLASSES) as StorageClassObject[]).filter(
    (sc) => sc.metadata.annotations?.[ANN.defaultClass] === 'true' || sc.metadata.annotations?.[ANN.betaDefaultClass] === 'true',
  );
  defaults.sort((a, b) => {
    const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
    const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
    if (ta !== tb) return tb - ta;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  });
  return defaults[0];
}

export function storageClassOf(pvc: PVCObject, view: StorageView): StorageClassObject | undefined {
  const name = claimClass(pvc);
  return name ? (view.get(STORAGE_CLASSES, undefined, name) as StorageClassObject | undefined) : undefined;
}

/** IsDelayBindingMode: the claim's class binds only once a consumer is scheduled. */
export function isDelayBinding(pvc: PVCObject, view: StorageView): boolean {
  return storageClassOf(pvc, view)?.volumeBindingMode === 'WaitForFirstConsumer';
}

export function isClaimBound(pvc: PVCObject): boolean {
  return !!pvc.spec?.volumeName && pvc.status?.phase === 'Bound';
}

/** The PVC names a pod uses, with whether each comes from a generic ephemeral volume. */
export function podClaimNames(pod: Pod): { claim: string; ephemeral: boolean; volume: string }[] {
  const out: { claim: string; ephemeral: boolean; volume: string }[] = [];
  for (const v of (pod.spec?.volumes ?? []) as Volume[]) {
    if (v.persistentVolumeClaim?.claimName) out.push({ claim: v.persistentVolumeClaim.claimName, ephemeral: false, volume: v.name });
    else if (v.ephemeral !== undefined) out.push({ claim: `${pod.metadata.name}-${v.name}`, ephemeral: true, volume: v.name });
  }
  return out;
}

/** Whether `pod` references the claim (directly or through a generic ephemeral volume). */
export function podUsesClaim(pod: Pod, claimName: string): boolean {
  return podClaimNames(pod).some((c) => c.claim === claimName);
}

// ---------------------------------------------------------------- matching

function qty(s: string | undefined): bigint {
  if (!s) return 0n;
  try {
    return parseQuantityExact(s).nanos;
  } catch {
    return 0n;
  }
}

export const requestedStorage = (pvc: PVCObject): bigint => qty(pvc.spec?.resources?.requests?.storage);
export const volumeStorage = (pv: PVObject): bigint => qty(pv.spec?.capacity?.storage);

/** IsVolumeBoundToClaim: the PV's claimRef names the claim (and its uid, if the ref has one). */
export function isVolumeBoundToClaim(pv: PVObject, pvc: PVCObject): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== pvc.metadata.name || (ref.namespace ?? '') !== (pvc.metadata.namespace ?? '')) return false;
  return !ref.uid || ref.uid === pvc.metadata.uid;
}

/** CheckAccessModes: every requested mode is offered by the volume. */
export function accessModesSatisfied(pvc: PVCObject, pv: PVObject): boolean {
  const offered = new Set(pv.spec?.accessModes ?? []);
  return (pvc.spec?.accessModes ?? []).every((m) => offered.has(m));
}

/** CheckVolumeModeMismatches (both default to Filesystem). */
export function volumeModeMismatch(pvc: PVCObject, pv: PVObject): boolean {
  return (pvc.spec?.volumeMode ?? 'Filesystem') !== (pv.spec?.volumeMode ?? 'Filesystem');
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const a = Number.parseInt(value, 10);
      const b = Number.parseInt(values[0]!, 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

function termMatches(term: NodeSelectorTerm, labels: Record<string, string>, nodeName: string | undefined): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  return (
    exprs.every((r) => requirementMatches(r, labels[r.key])) &&
    fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, nodeName))
  );
}

/** CheckNodeAffinity: a PV without required node affinity fits every node. */
export function volumeNodeAffinityMatches(pv: PVObject, node: Pick<Node, 'metadata'>): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!pv.spec?.nodeAffinity?.required) return true;
  const labels = node.metadata.labels ?? {};
  return (terms ?? []).some((t) => termMatches(t, labels, node.metadata.name));
}

function selectorMatches(pvc: PVCObject, pv: PVObject): boolean {
  const sel = pvc.spec?.selector;
  if (!sel) return true;
  try {
    return matchesLabelSelector(labelSelectorFromObject(sel), pv.metadata.labels ?? {});
  } catch {
    return false;
  }
}

/**
 * FindMatchingVolume: a volume pre-bound to the claim, else the smallest
 * Available one of the claim's class whose capacity, access modes, volume mode
 * and labels fit. With `node` (the scheduler's path) the volume's node affinity
 * must allow the node; without it (the PV controller's path) delayed-binding
 * claims match only pre-bound volumes.
 */
export function findMatchingVolume(
  pvc: PVCObject,
  volumes: PVObject[],
  opts: { node?: Pick<Node, 'metadata'>; delayBinding?: boolean; excluded?: Set<string> } = {},
): PVObject | undefined {
  const requested = requestedStorage(pvc);
  const cls = claimClass(pvc);
  let smallest: PVObject | undefined;
  // Volumes are visited in name order so that ties are reproducible.
  const sorted = [...volumes].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  for (const pv of sorted) {
    if (opts.excluded?.has(pv.metadata.name!)) continue;
    if (pv.spec?.claimRef && !isVolumeBoundToClaim(pv, pvc)) continue;
    const size = volumeStorage(pv);
    if (size < requested) continue;
    if (volumeModeMismatch(pvc, pv)) continue;
    if (pv.metadata.deletionTimestamp) continue;
    const affinityOk = !opts.node || volumeNodeAffinityMatches(pv, opts.node);
    if (isVolumeBoundToClaim(pv, pvc)) return affinityOk ? pv : undefined;
    if (!opts.node && opts.delayBinding) continue;
    if (pv.status?.phase !== 'Available') continue;
    if (!selectorMatches(pvc, pv)) continue;
    if (volumeClass(pv) !== cls) continue;
    if (!affinityOk) continue;
    if (!accessModesSatisfied(pvc, pv)) continue;
    if (!smallest || volumeStorage(smallest) > size) smallest = pv;
  }
  return smallest;
}

/** Why a PV named by a claim's spec.volumeName cannot serve it (checkVolumeSatisfyClaim), or undefined. */
export function volumeMismatch(pvc: PVCObject, pv: PVObject): string | undefined {
  if (volumeStorage(pv) < requestedStorage(pvc)) return 'requested PV is too small';
  if (volumeClass(pv) !== claimClass(pvc)) return 'storageClassName does not match';
  if (volumeModeMismatch(pvc, pv)) return 'incompatible volumeMode';
  if (!accessModesSatisfied(pvc, pv)) return 'incompatible accessMode';
  return undefined;
}

// ---------------------------------------------------------------- scheduler plugins

export interface VolumeStatus {
  /** The reasons, in the plugin's order; empty when the pod passes. */
  reasons: string[];
  /** UnschedulableAndUnresolvable (preemption cannot help). */
  unresolvable: boolean;
}

const pass = (): VolumeStatus => ({ reasons: [], unresolvable: false });

/**
 * The PreFilter of VolumeRestrictions then VolumeBinding: missing, lost or
 * terminating claims, ephemeral claims not made yet, and unbound claims of
 * Immediate classes. Returns undefined when the pod may go on to the filters;
 * otherwise the whole-cluster reason (always UnschedulableAndUnresolvable), which
 * the scheduler prints as `0/N nodes are available: <reason>.`.
 */
export function volumePreFilter(pod: Pod, view: StorageView): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const claims = podClaimNames(pod);
  if (claims.length === 0) return undefined;
  // VolumeRestrictions PreFilter reads every claim first: a missing one is reported by it.
  for (const c of claims) {
    if (!c.ephemeral && !view.get(PVCS, ns, c.claim)) return VOLUME_REASONS.claimNotFound(c.claim);
  }
  // VolumeBinding PreFilter (podHasPVCs), claim by claim.
  for (const c of claims) {
    const pvc = view.get(PVCS, ns, c.claim) as PVCObject | undefined;
    if (!pvc) return c.ephemeral ? VOLUME_REASONS.ephemeralPending(c.claim) : VOLUME_REASONS.claimNotFound(c.claim);
    if (pvc.status?.phase === 'Lost') return VOLUME_REASONS.claimLost(c.claim, pvc.spec?.volumeName ?? '');
    if (pvc.metadata.deletionTimestamp) return VOLUME_REASONS.claimBeingDeleted(c.claim);
    if (c.ephemeral && !pvc.metadata.ownerReferences?.some((r) => r.controller && r.uid === pod.metadata.uid)) {
      return VOLUME_REASONS.ephemeralNotOwned(ns, c.claim, pod.metadata.name ?? '');
    }
  }
  for (const c of claims) {
    const pvc = view.get(PVCS, ns, c.claim) as PVCObject;
    if (isClaimBound(pvc)) continue;
    if (!isDelayBinding(pvc, view)) return VOLUME_REASONS.unboundImmediate;
  }
  return undefined;
}

/** ReadWriteOncePod claims of `pod` that another live pod already uses (any node). */
function rwopConflicts(pod: Pod, view: StorageView, allPods: Pod[]): number {
  const ns = pod.metadata.namespace ?? 'default';
  let count = 0;
  for (const c of podClaimNames(pod)) {
    const pvc = view.get(PVCS, ns, c.claim) as PVCObject | undefined;
    if (!pvc?.spec?.accessModes?.includes('ReadWriteOncePod')) continue;
    for (const other of allPods) {
      if (other.metadata.uid === pod.metadata.uid || other.metadata.namespace !== ns) continue;
      if (!other.spec?.nodeName) continue;
      if (other.status?.phase === 'Succeeded' || other.status?.phase === 'Failed') continue;
      if (podUsesClaim(other, c.claim)) count++;
    }
  }
  return count;
}

/**
 * VolumeRestrictions Filter for one node: a ReadWriteOncePod claim already in
 * use by another scheduled pod fails every node (Unschedulable, so preemption
 * is considered). `allPods`: the pods the scheduler knows (assigned or not).
 * Inline-disk conflicts (GCE PD, EBS, RBD, iSCSI) are not simulated.
 */
export function volumeRestrictionsFilter(pod: Pod, _node: Node, view: StorageView, allPods: Pod[]): VolumeStatus {
  if (rwopConflicts(pod, view, allPods) > 0) return { reasons: [VOLUME_REASONS.readWriteOncePodConflict], unresolvable: false };
  return pass();
}

/** Whether a claim may be provisioned for `node` (checkVolumeProvisions, without capacity tracking). */
export function canProvisionOn(pvc: PVCObject, node: Pick<Node, 'metadata'>, view: StorageView): boolean {
  const sc = storageClassOf(pvc, view);
  if (!sc || !sc.provisioner || sc.provisioner === NO_PROVISIONER) return false;
  const topologies = sc.allowedTopologies ?? [];
  if (topologies.length === 0) return true;
  const labels = node.metadata.labels ?? {};
  return topologies.some((t) => (t.matchLabelExpressions ?? []).every((e) => (e.values ?? []).includes(labels[e.key] ?? '\u0000')));
}

/**
 * VolumeBinding Filter for one node (FindPodVolumes): bound claims need their PV
 * to exist and to allow the node; unbound delayed-binding claims need an
 * Available PV reachable from the node, or a class that can provision there.
 * Call it only after volumePreFilter passed. Reasons are UnschedulableAndUnresolvable.
 */
export function volumeBindingFilter(pod: Pod, node: Node, view: StorageView): VolumeStatus {
  const ns = pod.metadata.namespace ?? 'default';
  let boundSatisfied = true;
  let boundFound = true;
  let unboundSatisfied = true;
  const chosen = new Set<string>();
  let volumes: PVObject[] | undefined;
  for (const c of podClaimNames(pod)) {
    const pvc = view.get(PVCS, ns, c.claim) as PVCObject | undefined;
    if (!pvc) continue;
    if (isClaimBound(pvc)) {
      const pv = view.get(PVS, undefined, pvc.spec!.volumeName!) as PVObject | undefined;
      if (!pv) boundFound = false;
      else if (!volumeNodeAffinityMatches(pv, node)) boundSatisfied = false;
      continue;
    }
    if (!isDelayBinding(pvc, view)) continue;
    // A claim the scheduler already sent to another node waits for that node's provisioning.
    const selected = pvc.metadata.annotations?.[ANN.selectedNode];
    if (selected && pvc.metadata.annotations?.[ANN.storageProvisioner] && selected !== node.metadata.name) {
      unboundSatisfied = false;
      continue;
    }
    volumes ??= view.list(PVS) as PVObject[];
    const match = findMatchingVolume(pvc, volumes, { node, excluded: chosen });
    if (match) {
      chosen.add(match.metadata.name!);
      continue;
    }
    if (!canProvisionOn(pvc, node, view)) unboundSatisfied = false;
  }
  const reasons: string[] = [];
  if (!boundSatisfied) reasons.push(VOLUME_REASONS.nodeConflict);
  if (!unboundSatisfied) reasons.push(VOLUME_REASONS.bindConflict);
  if (!boundFound) reasons.push(VOLUME_REASONS.pvNotExist);
  return { reasons, unresolvable: reasons.length > 0 };
}

/** What PreBind does for the chosen node: static PVs to bind, claims to hand to a provisioner. */
export interface VolumeBindingPlan {
  bind: { claim: PVCObject; volume: PVObject }[];
  provision: PVCObject[];
}

/** AssumePodVolumes: the bindings and provisionings that scheduling `pod` to `node` implies. */
export function planPodVolumes(pod: Pod, node: Node, view: StorageView): VolumeBindingPlan {
  const ns = pod.metadata.namespace ?? 'default';
  const plan: VolumeBindingPlan = { bind: [], provision: [] };
  const chosen = new Set<string>();
  let volumes: PVObject[] | undefined;
  for (const c of podClaimNames(pod)) {
    const pvc = view.get(PVCS, ns, c.claim) as PVCObject | undefined;
    if (!pvc || isClaimBound(pvc) || !isDelayBinding(pvc, view)) continue;
    volumes ??= view.list(PVS) as PVObject[];
    const match = findMatchingVolume(pvc, volumes, { node, excluded: chosen });
    if (match) {
      chosen.add(match.metadata.name!);
      plan.bind.push({ claim: pvc, volume: match });
    } else plan.provision.push(pvc);
  }
  return plan;
}

/** A claimRef naming `pvc` (what the binder writes into pv.spec.claimRef). */
export function claimRefTo(pvc: PVCObject): ClaimRef {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    name: pvc.metadata.name,
    namespace: pvc.metadata.namespace,
    resourceVersion: pvc.metadata.resourceVersion,
    uid: pvc.metadata.uid,
  };
}

/** The minimal writer PreBind needs (an engine's store fits). */
export interface StorageWriter extends StorageView {
  put(resource: string, object: KObject): KObject;
}

/**
 * VolumeBinding PreBind for `pod` on `nodeName`: binds matching static PVs
 * (claimRef + `pv.kubernetes.io/bound-by-controller`; the PV controller then
 * completes the claim side) and marks the claims that need provisioning with
 * `volume.kubernetes.io/selected-node` (the PV controller and the provisioner
 * act on it). Call it before writing the pod's nodeName.
 */
export function preBindPodVolumes(store: StorageWriter, pod: Pod, nodeName: string): void {
  const node = store.get('nodes', undefined, nodeName) as Node | undefined;
  if (!node) return;
  const plan = planPodVolumes(pod, node, store);
  for (const { claim, volume } of plan.bind) {
    const pv = structuredClone(volume);
    if (!pv.spec?.claimRef) {
      pv.spec = { ...(pv.spec ?? {}), claimRef: claimRefTo(claim) };
      pv.metadata.annotations = { ...(pv.metadata.annotations ?? {}), [ANN.boundByController]: 'yes' };
    } else if (!pv.spec.claimRef.uid) {
      pv.spec.claimRef = claimRefTo(claim);
    }
    store.put(PVS, pv);
  }
  for (const claim of plan.provision) {
    if (claim.metadata.annotations?.[ANN.selectedNode] === nodeName) continue;
    const updated = structuredClone(claim);
    updated.metadata.annotations = { ...(updated.metadata.annotations ?? {}), [ANN.selectedNode]: nodeName };
    store.put(PVCS, updated);
  }
}

/** Whether every claim of `pod` is Bound (what PreBind's checkBindings waits for). */
export function podVolumesBound(pod: Pod, view: StorageView): boolean {
  const ns = pod.metadata.namespace ?? 'default';
  return podClaimNames(pod).every((c) => {
    const pvc = view.get(PVCS, ns, c.claim) as PVCObject | undefined;
    return !!pvc && isClaimBound(pvc);
  });
}

/** How often PreBind re-checks the bindings, and how long it waits before giving up (kube-scheduler's bindTimeout). */
export const BIND_POLL_MS = 1_000;
export const BIND_TIMEOUT_MS = 600_000;

/**
 * The whole VolumeBinding PreBind step: writes the bindings and selected-node
 * annotations, then says whether the pod may be bound now ('bound') or must
 * wait for the PV controller and the provisioner ('waiting': re-check after
 * BIND_POLL_MS, keeping the pod Pending without an event).
 */
export function volumePreBind(store: StorageWriter, pod: Pod, nodeName: string): 'bound' | 'waiting' {
  preBindPodVolumes(store, pod, nodeName);
  return podVolumesBound(pod, store) ? 'bound' : 'waiting';
}

// ---------------------------------------------------------------- kubelet side

/**
 * What a pod's PVC volume mounts (for the kubelet): the bound PV's source, or
 * the FailedMount-style reason why it cannot be mounted yet.
 */
export function resolveClaimVolume(
  view: StorageView,
  namespace: string,
  claimName: string,
): { volume: PVObject; claim: PVCObject } | { error: string } {
  const pvc = view.get(PVCS, namespace, claimName) as PVCObject | undefined;
  if (!pvc) return { error: `error processing PVC ${namespace}/${claimName}: persistentvolumeclaim "${claimName}" not found` };
  if (pvc.status?.phase !== 'Bound' || !pvc.spec?.volumeName) return { error: `error processing PVC ${namespace}/${claimName}: PVC is not bound` };
  const pv = view.get(PVS, undefined, pvc.spec.volumeName) as PVObject | undefined;
  if (!pv) return { error: `error processing PVC ${namespace}/${claimName}: persistentvolume "${pvc.spec.volumeName}" not found` };
  return { volume: pv, claim: pvc };
}
