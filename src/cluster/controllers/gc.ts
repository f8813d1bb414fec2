// The garbage collector: dependents (ownerReferences) of a deleted owner are
// deleted (background), owners deleted in the foreground wait for their
// blocking dependents to go, and orphaning removes the ownerReferences first.
import type { KObject } from '../../types/k8s.js';
import type { Controller, Engine } from '../engine.js';
import type { Change } from '../../store/store.js';
import { RESOURCES, storageKey, type ResourceInfo } from '../../apiserver/resources.js';
import { StatusError } from '../../apiserver/errors.js';
import { systemApi } from './common.js';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

/** Resources whose objects have owners in the same namespace. */
const DEPENDENT_KINDS = ['Pod', 'ReplicaSet', 'Job', 'ControllerRevision', 'EndpointSlice', 'Endpoints'];
/** Resources whose deletion may leave dependents behind. */
const OWNER_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'Service', 'Pod'];

const byKind = (kinds: string[]): ResourceInfo[] =>
  RESOURCES.filter((r) => r.served && r.namespaced && kinds.includes(r.kind) && !(r.kind === 'Event'));

let dependentResources: ResourceInfo[] | undefined;
const dependents = () => (dependentResources ??= byKind(DEPENDENT_KINDS));

const GONE = 'gone:';
const FIN = 'fin:';

function watcher(resource: string) {
  return (change: Change): string[] => {
    const o = change.object;
    const ns = o.metadata.namespace;
    if (!ns) return [];
    if (change.deleted) return [`${GONE}${ns}/${o.metadata.uid}`];
    const f = o.metadata.finalizers ?? [];
    if (o.metadata.deletionTimestamp && (f.includes(FOREGROUND) || f.includes(ORPHAN))) return [`${FIN}${resource}|${ns}/${o.metadata.name}`];
    return [];
  };
}

/** The dependents in `ns` that name `uid` as an owner. */
function dependentsOf(engine: Engine, ns: string, uid: string): { r: ResourceInfo; obj: KObject }[] {
  const out: { r: ResourceInfo; obj: KObject }[] = [];
  for (const r of dependents()) {
    for (const obj of engine.store.list(storageKey(r), ns)) {
      if (obj.metadata.ownerReferences?.some((ref) => ref.uid === uid)) out.push({ r, obj });
    }
  }
  return out;
}

function safeDelete(engine: Engine, r: ResourceInfo, obj: KObject, policy: 'Background' | 'Foreground'): void {
  try {
    systemApi(engine).delete(r, obj.metadata.namespace, obj.metadata.name!, { propagationPolicy: policy });
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
  }
}

function withoutOwner(obj: KObject, uid: string): KObject {
  const next = structuredClone(obj);
  next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
  if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
  return next;
}

/** Whether any other owner named by `obj` still exists. */
function hasLivingOwner(engine: Engine, obj: KObject, goneUid: string): boolean {
  return (obj.metadata.ownerReferences ?? []).some((ref) => {
    if (ref.uid === goneUid) return false;
    const r = RESOURCES.find((x) => x.kind === ref.kind && x.served && `${x.group ? x.group + '/' : ''}${x.version}` === ref.apiVersion);
    if (!r) return false;
    const owner = engine.store.get(storageKey(r), r.namespaced ? obj.metadata.namespace : undefined, ref.name);
    return owner?.metadata.uid === ref.uid;
  });
}

class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  readonly watches: Record<string, (change: Change) => string[]> = Object.fromEntries(
    byKind(OWNER_KINDS).map((r) => [storageKey(r), watcher(storageKey(r))]),
  );

  reconcile(key: string, engine: Engine): void {
    if (key.startsWith(GONE)) return this.collect(engine, key.slice(GONE.length));
    if (key.startsWith(FIN)) return this.finalize(engine, key.slice(FIN.length));
  }

  /** Background: the owner is gone; its dependents follow (or just lose the reference). */
  private collect(engine: Engine, nsUid: string): void {
    const [ns, uid] = [nsUid.slice(0, nsUid.indexOf('/')), nsUid.slice(nsUid.indexOf('/') + 1)];
    for (const { r, obj } of dependentsOf(engine, ns, uid)) {
      if (hasLivingOwner(engine, obj, uid)) {
        engine.store.put(storageKey(r), withoutOwner(obj, uid));
        continue;
      }
      if (!obj.metadata.deletionTimestamp) safeDelete(engine, r, obj, 'Background');
    }
  }

  private finalize(engine: Engine, spec: string): void {
    const bar = spec.indexOf('|');
    const resource = spec.slice(0, bar);
    const [ns, name] = [spec.slice(bar + 1, spec.indexOf('/', bar)), spec.slice(spec.indexOf('/', bar) + 1)];
    const obj = engine.store.get(resource, ns, name);
    if (!obj || !obj.metadata.deletionTimestamp) return;
    const uid = obj.metadata.uid!;
    const finalizers = obj.metadata.finalizers ?? [];
    const deps = dependentsOf(engine, ns, uid);
    if (finalizers.includes(ORPHAN)) {
      for (const { r, obj: d } of deps) engine.store.put(storageKey(r), withoutOwner(d, uid));
      return this.dropFinalizer(engine, resource, obj, ORPHAN);
    }
    // Foreground: delete the dependents, wait until none that block is left.
    let blocking = 0;
    for (const { r, obj: d } of deps) {
      const ref = d.metadata.ownerReferences!.find((x) => x.uid === uid)!;
      if (!d.metadata.deletionTimestamp) safeDelete(engine, r, d, 'Foreground');
      if (ref.blockOwnerDeletion) blocking++;
    }
    if (blocking === 0) this.dropFinalizer(engine, resource, obj, FOREGROUND);
    else engine.schedule(this.name, `${FIN}${spec}`, engine.now + 1000);
  }

  /** Removes `finalizer`; an object left with none and a past deletion time is removed. */
  private dropFinalizer(engine: Engine, resource: string, obj: KObject, finalizer: string): void {
    const next = structuredClone(obj);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    const due = Date.parse(obj.metadata.deletionTimestamp!) <= engine.now;
    if (!next.metadata.finalizers && (due || resource !== 'pods')) {
      engine.store.remove(resource, obj.metadata.namespace, obj.metadata.name!);
      return;
    }
    engine.store.put(resource, next);
  }
}

export const garbageCollector = new GarbageCollector();
