// The PersistentVolume controller of kube-controller-manager (controllers.md §6;
// pkg/controller/volume/persistentvolume, pvcprotection, pvprotection) and kind's
// local-path provisioner (rancher.io/local-path) for the `standard` class.
//
// Binding: an unbound claim gets the smallest Available volume of its class
// whose capacity, access modes, volume mode and selector fit (or the one
// pre-bound to it); delayed-binding classes (WaitForFirstConsumer) wait for the
// scheduler to name a node (`volume.kubernetes.io/selected-node`), then bind a
// volume reachable from that node or hand the claim to the class's provisioner.
// Phases: PV Pending -> Available -> Bound -> Released (Retain) / deleted
// (Delete) / Failed; PVC Pending -> Bound (Lost if its volume vanishes).
// Protection: a claim used by a scheduled pod and a Bound volume keep their
// finalizers (`kubernetes.io/pvc-protection`, `kubernetes.io/pv-protection`)
// and stay Terminating until they are free.
//
// The controller resyncs waiting claims like the real one (every 15 s) so that
// repeated events aggregate (`x4 over 60s`); after 25 repeats it slows to one
// every 5 minutes, as client-go's event spam filter does, so a claim that waits
// for days costs a bounded number of steps.
import type { Event, KObject, Node, Pod } from '../../types/k8s.js';
import type { Change } from '../../store/store.js';
import type { Controller, Engine } from '../engine.js';
import { StatusError } from '../../apiserver/errors.js';
import { rfc3339 } from '../../util/duration.js';
import { EVENTS } from '../events.js';
import { event, res, splitKey, systemApi } from './common.js';
import { PV_PROTECTION, PVC_PROTECTION } from '../../apiserver/admission/default-storage-class.js';
import {
  ANN,
  NO_PROVISIONER,
  PVCS,
  PVS,
  STORAGE_CLASSES,
  claimHasClass,
  claimRefTo,
  defaultStorageClass,
  findMatchingVolume,
  isDelayBinding,
  isVolumeBoundToClaim,
  podClaimNames,
  storageClassOf,
  volumeMismatch,
  type PVCObject,
  type PVObject,
  type StorageClassObject,
  type StorageView,
} from '../volume-binding.js';
import './storage-strategies.js';

export const PV_CONTROLLER_COMPONENT = 'persistentvolume-controller';
export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
export const LOCAL_PATH_ROOT = '/var/local-path-provisioner';
const LOCAL_PATH_NAMESPACE = 'local-path-storage';
/** How long local-path takes to make a volume (its helper pod creates the directory on the node). */
export const PROVISION_DELAY_MS = 2_000;
const CREATE = 'create:';
const PODS = 'pods';

/** The PV controller's resync period, and the slower pace once the event spam filter kicks in. */
export const PV_RESYNC_MS = 15_000;
const SPAM_REFILL_MS = 5 * 60_000;
const SPAM_BURST = 25;

const CLAIM = 'claim:';
const VOLUME = 'pv:';
/** Re-examines every unbound claim (a new volume or class may satisfy one). */
const UNBOUND = '*unbound*';

const view = (engine: Engine): StorageView => ({
  get: (r, ns, name) => engine.store.get(r, ns, name),
  list: (r, ns) => engine.store.list(r, ns),
});

const claimKey = (ns: string | undefined, name: string) => `${CLAIM}${ns ?? 'default'}/${name}`;

function withAnnotation<T extends KObject>(obj: T, key: string, value: string): T {
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [key]: value };
  return obj;
}

/** The number of times `reason` was already reported for `obj` by `component` (the event's count). */
function eventCount(engine: Engine, obj: KObject, reason: string, component: string): number {
  let n = 0;
  for (const e of engine.store.list(EVENTS, obj.metadata.namespace || 'default') as Event[]) {
    if (e.involvedObject.uid === obj.metadata.uid && e.reason === reason && e.source?.component === component) n += e.count ?? 1;
  }
  return n;
}

/** A scheduled pod that mounts the claim keeps it (pvcprotection: podUsesPVC). */
function claimInUse(engine: Engine, pvc: PVCObject): boolean {
  for (const p of engine.store.list(PODS, pvc.metadata.namespace) as Pod[]) {
    if (!p.spec?.nodeName) continue;
    const shutDown = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
    for (const c of podClaimNames(p)) {
      if (c.claim !== pvc.metadata.name) continue;
      if (!c.ephemeral || !shutDown) return true;
    }
  }
  return false;
}

/** Pods that use the claim and are not scheduled yet (for WaitForPodScheduled). Only pods the scheduler already tried count. */
function unscheduledConsumers(engine: Engine, pvc: PVCObject): string[] {
  const out: string[] = [];
  for (const p of engine.store.list(PODS, pvc.metadata.namespace) as Pod[]) {
    if (p.spec?.nodeName || p.metadata.deletionTimestamp) continue;
    if (!podClaimNames(p).some((c) => c.claim === pvc.metadata.name)) continue;
    const tried = p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False');
    if (tried) out.push(p.metadata.name!);
  }
  return out.sort();
}

function setVolumePhase(engine: Engine, pv: PVObject, phase: string, message?: string): PVObject {
  const next = structuredClone(pv);
  const status = { ...(next.status ?? {}) };
  if (status.phase !== phase) status.lastPhaseTransitionTime = rfc3339(engine.now);
  status.phase = phase;
  if (message) status.message = message;
  else delete status.message;
  // Go field order: lastPhaseTransitionTime, message, phase, reason.
  next.status = {
    ...(status.lastPhaseTransitionTime ? { lastPhaseTransitionTime: status.lastPhaseTransitionTime } : {}),
    ...(status.message ? { message: status.message } : {}),
    phase: status.phase,
    ...(status.reason ? { reason: status.reason } : {}),
  };
  return engine.store.put(PVS, next) as PVObject;
}

function setClaimPending(engine: Engine, pvc: PVCObject): PVCObject {
  if (pvc.status?.phase === 'Pending') return pvc;
  const next = structuredClone(pvc);
  next.status = { ...(next.status ?? {}), phase: 'Pending' };
  return engine.store.put(PVCS, next) as PVCObject;
}

/** Drops `finalizer` from a deleted object; an object left with none is removed. */
function dropFinalizer(engine: Engine, resource: string, obj: KObject, finalizer: string): void {
  const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  if (finalizers.length === 0) {
    engine.store.remove(resource, obj.metadata.namespace, obj.metadata.name!);
    return;
  }
  const next = structuredClone(obj);
  next.metadata.finalizers = finalizers;
  engine.store.put(resource, next);
}

class PersistentVolumeController implements Controller {
  readonly name = 'persistentvolume-binder';
  readonly watches = {
    [PVCS]: (change: Change): string[] => {
      const pvc = change.object as PVCObject;
      const keys = change.deleted ? [] : [claimKey(pvc.metadata.namespace, pvc.metadata.name!)];
      const volume = pvc.spec?.volumeName ?? (change.old as PVCObject | undefined)?.spec?.volumeName;
      if (change.deleted && volume) keys.push(`${VOLUME}${volume}`);
      return keys;
    },
    [PVS]: (change: Change): string[] => {
      const pv = change.object as PVObject;
      const keys: string[] = [];
      if (!change.deleted) keys.push(`${VOLUME}${pv.metadata.name}`);
      const ref = pv.spec?.claimRef;
      if (ref?.name) keys.push(claimKey(ref.namespace, ref.name));
      if (!change.deleted && pv.status?.phase === 'Available' && (change.old as PVObject | undefined)?.status?.phase !== 'Available') keys.push(UNBOUND);
      return keys;
    },
    [STORAGE_CLASSES]: (change: Change): string[] => (change.deleted ? [] : [UNBOUND]),
    [PODS]: (change: Change): string[] => {
      const pod = change.object as Pod;
      const claims = podClaimNames(pod);
      if (claims.length === 0) return [];
      const old = change.old as Pod | undefined;
      const terminal = (p?: Pod) => p?.status?.phase === 'Succeeded' || p?.status?.phase === 'Failed';
      const unschedulable = (p?: Pod) => !!p?.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False');
      // Pods matter for protection (a user going away) and for WaitForPodScheduled.
      if (change.deleted || (terminal(pod) && !terminal(old)) || (unschedulable(pod) && !unschedulable(old))) {
        return claims.map((c) => claimKey(pod.metadata.namespace, c.claim));
      }
      return [];
    },
  };

  reconcile(key: string, engine: Engine): void {
    if (key === UNBOUND) {
      // Only claims that a new volume or class can help now; the others wait for their resync.
      const v = view(engine);
      const volumes = engine.store.list(PVS) as PVObject[];
      const hasDefault = !!defaultStorageClass(v);
      for (const pvc of engine.store.list(PVCS) as PVCObject[]) {
        if (pvc.spec?.volumeName || pvc.metadata.deletionTimestamp) continue;
        const selected = pvc.metadata.annotations?.[ANN.selectedNode];
        const node = selected ? (engine.store.get('nodes', undefined, selected) as Node | undefined) : undefined;
        const match = node ? findMatchingVolume(pvc, volumes, { node }) : findMatchingVolume(pvc, volumes, { delayBinding: isDelayBinding(pvc, v) });
        if (match || (!claimHasClass(pvc) && hasDefault)) this.syncClaim(engine, pvc);
      }
      return;
    }
    if (key.startsWith(CLAIM)) {
      const [ns, name] = splitKey(key.slice(CLAIM.length));
      const pvc = engine.store.get(PVCS, ns, name) as PVCObject | undefined;
      if (pvc) this.syncClaim(engine, pvc);
      return;
    }
    if (key.startsWith(VOLUME)) {
      const pv = engine.store.get(PVS, undefined, key.slice(VOLUME.length)) as PVObject | undefined;
      if (pv) this.syncVolume(engine, pv);
    }
  }

  // ---------------------------------------------------------------- claims

  private syncClaim(engine: Engine, pvc: PVCObject): void {
    if (pvc.metadata.deletionTimestamp) return this.protectClaim(engine, pvc);
    if (!pvc.spec?.volumeName) {
      // Retroactive default StorageClass assignment for claims created before a default existed.
      if (!claimHasClass(pvc)) {
        const def = defaultStorageClass(view(engine));
        if (def) {
          const next = structuredClone(pvc);
          next.spec = { ...(next.spec ?? {}), storageClassName: def.metadata.name! };
          engine.store.put(PVCS, next);
          return;
        }
      }
      return this.syncUnboundClaim(engine, pvc);
    }
    return this.syncBoundClaim(engine, pvc);
  }

  private protectClaim(engine: Engine, pvc: PVCObject): void {
    const finalizers = pvc.metadata.finalizers ?? [];
    if (finalizers.length === 0) {
      engine.store.remove(PVCS, pvc.metadata.namespace, pvc.metadata.name!);
      return;
    }
    if (!finalizers.includes(PVC_PROTECTION) || claimInUse(engine, pvc)) return;
    dropFinalizer(engine, PVCS, pvc, PVC_PROTECTION);
  }

  private resync(engine: Engine, pvc: PVCObject, reason: string): void {
    const slow = eventCount(engine, pvc, reason, PV_CONTROLLER_COMPONENT) >= SPAM_BURST;
    engine.schedule(this.name, claimKey(pvc.metadata.namespace, pvc.metadata.name!), engine.now + (slow ? SPAM_REFILL_MS : PV_RESYNC_MS));
  }

  /** Records a repeating "still waiting" event, then comes back at the next resync. */
  private waiting(engine: Engine, pvc: PVCObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const current = setClaimPending(engine, pvc);
    event(engine, current, type, reason, message, PV_CONTROLLER_COMPONENT);
    this.resync(engine, current, reason);
  }

  private syncUnboundClaim(engine: Engine, pvc: PVCObject): void {
    const v = view(engine);
    const delay = isDelayBinding(pvc, v);
    const selected = pvc.metadata.annotations?.[ANN.selectedNode];
    const node = delay && selected ? (engine.store.get('nodes', undefined, selected) as Node | undefined) : undefined;
    const volumes = engine.store.list(PVS) as PVObject[];
    // With a selected node, the scheduler's choice of a static volume is made here (its PreBind may have done it already).
    const pv = node ? findMatchingVolume(pvc, volumes, { node }) : findMatchingVolume(pvc, volumes, { delayBinding: delay });
    if (pv) return this.bind(engine, pv, pvc);
    if (delay && !selected) {
      const pods = unscheduledConsumers(engine, pvc);
      if (pods.length === 0) return this.waiting(engine, pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
      const message = pods.length > 1 ? `waiting for pods ${pods.join(',')} to be scheduled` : `waiting for pod ${pods[0]} to be scheduled`;
      return this.waiting(engine, pvc, 'Normal', 'WaitForPodScheduled', message);
    }
    const cls = pvc.metadata.annotations?.[ANN.betaStorageClass] ?? pvc.spec?.storageClassName ?? '';
    if (cls === '') return this.waiting(engine, pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
    return this.provisionClaim(engine, pvc, cls);
  }

  private provisionClaim(engine: Engine, pvc: PVCObject, cls: string): void {
    const sc = storageClassOf(pvc, view(engine));
    if (!sc) return this.waiting(engine, pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${cls}" not found`);
    const provisioner = sc.provisioner ?? '';
    if (provisioner === NO_PROVISIONER) return this.waiting(engine, pvc, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${provisioner}`);
    let current = pvc;
    if (pvc.metadata.annotations?.[ANN.storageProvisioner] !== provisioner || pvc.metadata.annotations?.[ANN.betaStorageProvisioner] !== provisioner) {
      const next = structuredClone(pvc);
      withAnnotation(next, ANN.betaStorageProvisioner, provisioner);
      withAnnotation(next, ANN.storageProvisioner, provisioner);
      current = engine.store.put(PVCS, next) as PVCObject;
    }
    this.waiting(
      engine,
      current,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
  }

  private syncBoundClaim(engine: Engine, pvc: PVCObject): void {
    const volumeName = pvc.spec!.volumeName!;
    const pv = engine.store.get(PVS, undefined, volumeName) as PVObject | undefined;
    if (!pv) {
      if (pvc.status?.phase === 'Bound' || pvc.status?.phase === 'Lost') {
        if (pvc.status.phase === 'Lost') return;
        const next = structuredClone(pvc);
        next.status = { phase: 'Lost' };
        const lost = engine.store.put(PVCS, next) as PVCObject;
        event(engine, lost, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!', PV_CONTROLLER_COMPONENT);
        return;
      }
      // Pre-bound to a volume that does not exist (yet).
      setClaimPending(engine, pvc);
      engine.schedule(this.name, claimKey(pvc.metadata.namespace, pvc.metadata.name!), engine.now + PV_RESYNC_MS);
      return;
    }
    if (!pv.spec?.claimRef) {
      const why = volumeMismatch(pvc, pv);
      if (why) return this.waiting(engine, pvc, 'Warning', 'VolumeMismatch', `Cannot bind to requested volume "${volumeName}": ${why}`);
      return this.bind(engine, pv, pvc);
    }
    if (isVolumeBoundToClaim(pv, pvc)) return this.bind(engine, pv, pvc);
    if (pvc.status?.phase === 'Bound') {
      if (pvc.metadata.annotations?.[ANN.boundByController]) {
        const next = structuredClone(pvc);
        next.status = { ...(next.status ?? {}), phase: 'Lost' };
        const lost = engine.store.put(PVCS, next) as PVCObject;
        event(engine, lost, 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly', PV_CONTROLLER_COMPONENT);
      }
      return;
    }
    return this.waiting(engine, pvc, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`);
  }

  /** ctrl.bind: the volume's claimRef and phase, then the claim's volumeName, annotations and status. */
  private bind(engine: Engine, volume: PVObject, claim: PVCObject): void {
    let pv = structuredClone(volume);
    const ref = pv.spec?.claimRef;
    if (!ref || !isVolumeBoundToClaim(pv, claim) || ref.uid !== claim.metadata.uid) {
      if (!ref) withAnnotation(pv, ANN.boundByController, 'yes');
      pv.spec = { ...(pv.spec ?? {}), claimRef: claimRefTo(claim) };
      pv = engine.store.put(PVS, pv) as PVObject;
    }
    pv = setVolumePhase(engine, pv, 'Bound');
    const pvc = structuredClone(engine.store.get(PVCS, claim.metadata.namespace, claim.metadata.name!) as PVCObject);
    const spec = (pvc.spec ??= {});
    if (spec.volumeName !== pv.metadata.name) {
      spec.volumeName = pv.metadata.name;
      withAnnotation(pvc, ANN.boundByController, 'yes');
    }
    withAnnotation(pvc, ANN.bindCompleted, 'yes');
    pvc.status = {
      ...(pvc.status ?? {}),
      accessModes: [...(pv.spec?.accessModes ?? [])],
      capacity: pv.spec?.capacity?.storage !== undefined ? { storage: pv.spec.capacity.storage } : {},
      phase: 'Bound',
    };
    engine.store.put(PVCS, pvc);
  }

  // ---------------------------------------------------------------- volumes

  private syncVolume(engine: Engine, volume: PVObject): void {
    let pv = volume;
    if (pv.metadata.deletionTimestamp) {
      const finalizers = pv.metadata.finalizers ?? [];
      if (finalizers.length === 0) {
        engine.store.remove(PVS, undefined, pv.metadata.name!);
        return;
      }
      if (finalizers.includes(PV_PROTECTION) && pv.status?.phase !== 'Bound') {
        dropFinalizer(engine, PVS, pv, PV_PROTECTION);
        return;
      }
    }
    const ref = pv.spec?.claimRef;
    if (!ref || !ref.uid) {
      if (pv.status?.phase !== 'Available') setVolumePhase(engine, pv, 'Available');
      if (ref?.name) engine.schedule(this.name, claimKey(ref.namespace, ref.name), engine.now);
      return;
    }
    const found = engine.store.get(PVCS, ref.namespace, ref.name!) as PVCObject | undefined;
    const claim = found && found.metadata.uid === ref.uid ? found : undefined;
    if (!claim) {
      if (pv.status?.phase === 'Released' || pv.status?.phase === 'Failed') return;
      pv = setVolumePhase(engine, pv, 'Released');
      return this.reclaim(engine, pv);
    }
    if (claim.spec?.volumeName === pv.metadata.name) {
      if (pv.status?.phase !== 'Bound') setVolumePhase(engine, pv, 'Bound');
      return;
    }
    if (!claim.spec?.volumeName) {
      // Pre-bound (by a user, a provisioner or the scheduler): the claim's sync completes the binding.
      if (pv.status?.phase !== 'Available') setVolumePhase(engine, pv, 'Available');
      engine.schedule(this.name, claimKey(claim.metadata.namespace, claim.metadata.name!), engine.now);
      return;
    }
    // The claim is bound to another volume: undo our own binding, leave a user's alone.
    if (pv.metadata.annotations?.[ANN.boundByController]) {
      const next = structuredClone(pv);
      delete next.spec!.claimRef;
      delete next.metadata.annotations![ANN.boundByController];
      if (Object.keys(next.metadata.annotations!).length === 0) delete next.metadata.annotations;
      setVolumePhase(engine, engine.store.put(PVS, next) as PVObject, 'Available');
    }
  }

  /** reclaimVolume: Retain keeps the Released volume, Delete removes it, Recycle scrubs it for reuse. */
  private reclaim(engine: Engine, pv: PVObject): void {
    const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
    if (policy === 'Retain') return;
    if (policy === 'Recycle') {
      const next = structuredClone(pv);
      delete next.spec!.claimRef;
      if (next.metadata.annotations) delete next.metadata.annotations[ANN.boundByController];
      setVolumePhase(engine, engine.store.put(PVS, next) as PVObject, 'Available');
      return;
    }
    // Delete: a provisioned volume is deleted by its provisioner; the in-tree hostPath deleter handles /tmp only.
    const provisionedBy = pv.metadata.annotations?.[ANN.provisionedBy] ?? pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by'];
    const hostPath = pv.spec?.hostPath?.path;
    if (provisionedBy || (hostPath && /^\/tmp\/.+/.test(hostPath))) {
      try {
        systemApi(engine).delete(res('persistentvolumes'), undefined, pv.metadata.name!);
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
      }
      return;
    }
    const message = hostPath
      ? `host_path deleter only supports /tmp/.+ but received provided ${hostPath}`
      : `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`;
    const failed = setVolumePhase(engine, pv, 'Failed', message);
    event(engine, failed, 'Warning', 'VolumeFailedDelete', message, PV_CONTROLLER_COMPONENT);
  }
}

export const persistentVolumeController = new PersistentVolumeController();

// ---------------------------------------------------------------- local-path provisioner

/** The running local-path-provisioner pod (its identity names the events' source), if any. */
function provisionerPod(engine: Engine): Pod | undefined {
  return (engine.store.list(PODS, LOCAL_PATH_NAMESPACE) as Pod[]).find(
    (p) => p.metadata.labels?.app === 'local-path-provisioner' && p.status?.phase === 'Running' && !p.metadata.deletionTimestamp,
  );
}

/** The directory local-path creates for a claim on its node. */
export function localPathFor(pvc: PVCObject): string {
  return `${LOCAL_PATH_ROOT}/pvc-${pvc.metadata.uid}_${pvc.metadata.namespace}_${pvc.metadata.name}`;
}

/**
 * kind's local-path-provisioner (sig-storage-lib-external-provisioner): for a
 * claim annotated with its name and, for WaitForFirstConsumer, a selected node,
 * it creates `pvc-<claim uid>`: a hostPath volume under /var/local-path-provisioner
 * with node affinity to that node, pre-bound to the claim; the PV controller
 * then binds. The helper pod that creates the directory is not simulated (the
 * kubelet creates it: hostPath type DirectoryOrCreate).
 */
class LocalPathProvisioner implements Controller {
  readonly name = 'local-path-provisioner';
  readonly watches = {
    [PVCS]: (change: Change): string[] => (change.deleted ? [] : [claimKey(change.object.metadata.namespace, change.object.metadata.name!)]),
    [PODS]: (change: Change): string[] => {
      const p = change.object as Pod;
      if (p.metadata.namespace !== LOCAL_PATH_NAMESPACE || p.metadata.labels?.app !== 'local-path-provisioner') return [];
      return p.status?.phase === 'Running' && (change.old as Pod | undefined)?.status?.phase !== 'Running' ? [UNBOUND] : [];
    },
  };

  reconcile(key: string, engine: Engine): void {
    if (key === UNBOUND) {
      for (const pvc of engine.store.list(PVCS) as PVCObject[]) this.provision(engine, pvc);
      return;
    }
    const create = key.startsWith(CREATE);
    if (!create && !key.startsWith(CLAIM)) return;
    const [ns, name] = splitKey(key.slice(create ? CREATE.length : CLAIM.length));
    const pvc = engine.store.get(PVCS, ns, name) as PVCObject | undefined;
    if (pvc) this.provision(engine, pvc, create);
  }

  /** What the provisioner would do for `pvc` now: nothing, or provision with this class, node and identity. */
  private plan(engine: Engine, pvc: PVCObject): { sc: StorageClassObject; node?: string; component: string } | undefined {
    if (pvc.metadata.deletionTimestamp || pvc.spec?.volumeName) return undefined;
    if (pvc.metadata.annotations?.[ANN.storageProvisioner] !== LOCAL_PATH_PROVISIONER) return undefined;
    const sc = storageClassOf(pvc, view(engine));
    if (sc?.provisioner !== LOCAL_PATH_PROVISIONER) return undefined;
    if (engine.store.get(PVS, undefined, `pvc-${pvc.metadata.uid}`)) return undefined;
    const pod = provisionerPod(engine);
    if (!pod) return undefined;
    const node = pvc.metadata.annotations?.[ANN.selectedNode];
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !node) return undefined;
    return { sc, node, component: `${LOCAL_PATH_PROVISIONER}_${pod.metadata.name}_${pod.metadata.uid}` };
  }

  /**
   * A claim to provision: the Provisioning event now, the volume after
   * PROVISION_DELAY_MS (the helper pod that makes the directory). `create` is
   * the delayed step.
   */
  private provision(engine: Engine, pvc: PVCObject, create = false): void {
    const plan = this.plan(engine, pvc);
    if (!plan) return;
    const { sc, node, component } = plan;
    const key = `${CREATE}${pvc.metadata.namespace}/${pvc.metadata.name}`;
    const fail = (why: string) => event(engine, pvc, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata.name}": ${why}`, component);
    if (!create) {
      if (engine.isPending(this.name, key)) return;
      event(engine, pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${pvc.metadata.namespace}/${pvc.metadata.name}"`, component);
      if (!node) return fail('configuration error, no node was specified');
      if ((pvc.spec?.accessModes ?? []).some((m) => m !== 'ReadWriteOnce' && m !== 'ReadWriteOncePod')) {
        return fail('NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes');
      }
      if (pvc.spec?.selector) return fail('claim.Spec.Selector is not supported');
      engine.schedule(this.name, key, engine.now + PROVISION_DELAY_MS);
      return;
    }
    if (!node) return;
    const pvName = `pvc-${pvc.metadata.uid}`;
    const volume: PVObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: pvName,
        annotations: { 'local.path.provisioner/selected-node': node, [ANN.provisionedBy]: LOCAL_PATH_PROVISIONER },
      },
      spec: {
        accessModes: [...(pvc.spec?.accessModes ?? [])],
        capacity: { storage: pvc.spec?.resources?.requests?.storage ?? '0' },
        claimRef: claimRefTo(pvc),
        hostPath: { path: localPathFor(pvc), type: 'DirectoryOrCreate' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
      },
    };
    try {
      systemApi(engine).create(res('persistentvolumes'), undefined, volume);
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      return fail(e.message);
    }
    event(engine, pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, component);
  }
}

export const localPathProvisioner = new LocalPathProvisioner();

/** The storage controllers, in registration order. */
export const STORAGE_CONTROLLERS: Controller[] = [persistentVolumeController, localPathProvisioner];
