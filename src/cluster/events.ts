// The event recorder: what client-go's EventRecorder and correlator do for the
// scheduler, the kubelets and the controllers. Repeated events for the same
// object, reason, message and source are aggregated (count, lastTimestamp).
import type { Event, KObject } from '../types/k8s.js';
import type { Store } from '../store/store.js';
import { rfc3339 } from '../util/duration.js';
import { newUid } from '../util/ids.js';
import { trailOf } from './trace.js';

export const EVENTS = 'events';

export interface EventSource {
  component: string;
  host?: string;
}

export interface EventSpec {
  object: KObject;
  /** e.g. `spec.containers{nginx}` for container events. */
  fieldPath?: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  source: EventSource;
}

let sequence = 0;

/** Events live one hour after their last occurrence (kube-apiserver's --event-ttl default). */
export const EVENT_TTL_MS = 3_600_000;

export function eventExpired(ev: Event, now: number): boolean {
  const last = Date.parse(ev.series?.lastObservedTime ?? ev.lastTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp ?? '');
  return Number.isFinite(last) && last + EVENT_TTL_MS <= now;
}

const objectKey = (uid: unknown) => (uid === undefined || uid === null ? '' : String(uid));
const matches = (ev: Event, fieldPath: unknown, reason: unknown, message: unknown, component: unknown) =>
  (ev.involvedObject?.fieldPath ?? null) === (fieldPath ?? null) &&
  (ev.reason ?? null) === (reason ?? null) &&
  (ev.message ?? null) === (message ?? null) &&
  (ev.source?.component ?? null) === (component ?? null);

/**
 * The correlator's memory: per namespace, each object's events (by the object's uid), built from
 * the shard on first use and kept current from the store's change feed, so recording an event
 * looks at that object's few events, not at every event of its namespace. It holds the stored
 * events themselves (each change replaces its event), so a look-up reads no shard.
 */
class EventIndex {
  private readonly byNamespace = new Map<string, Map<string, Event[]>>();
  /** Namespaces whose events this session recorded: swept of expired events before saving. */
  readonly touched = new Set<string>();

  constructor(private readonly store: Store) {
    store.onChange((change) => {
      if (change.resource !== EVENTS) return;
      const index = this.byNamespace.get(change.object.metadata.namespace || 'default');
      if (!index) return;
      const ev = change.object as Event;
      const old = change.old as Event | undefined;
      // An aggregated event keeps its name and its object: it takes the place of the one it replaces.
      if (old && (change.deleted || objectKey(old.involvedObject?.uid) !== objectKey(ev.involvedObject?.uid))) this.drop(index, old);
      if (!change.deleted) this.add(index, ev);
    });
  }

  /** Adds `ev`, in the place of the one of its name if the object already has it (an aggregation). */
  private add(index: Map<string, Event[]>, ev: Event): void {
    const key = objectKey(ev.involvedObject?.uid);
    const events = index.get(key);
    if (!events) {
      index.set(key, [ev]);
      return;
    }
    const at = events.findIndex((e) => e.metadata.name === ev.metadata.name);
    if (at < 0) events.push(ev);
    else events[at] = ev;
  }

  private drop(index: Map<string, Event[]>, ev: Event): void {
    const key = objectKey(ev.involvedObject?.uid);
    const events = index.get(key);
    const at = events?.findIndex((e) => e.metadata.name === ev.metadata.name) ?? -1;
    if (at < 0) return;
    if (events!.length === 1) index.delete(key);
    else events!.splice(at, 1);
  }

  /** The namespace's index, built from its shard on first use. */
  private of(namespace: string): Map<string, Event[]> {
    let index = this.byNamespace.get(namespace);
    if (!index) {
      index = new Map<string, Event[]>();
      // A shard holds each name once: no need to look for the name among the object's events.
      for (const e of this.store.objectsIn(EVENTS, namespace) as Event[]) {
        const key = objectKey(e.involvedObject?.uid);
        const events = index.get(key);
        if (events) events.push(e);
        else index.set(key, [e]);
      }
      this.byNamespace.set(namespace, index);
    }
    return index;
  }

  /** Removes the touched namespaces' expired events from storage, as etcd's TTL does. */
  sweep(now: number): void {
    for (const namespace of this.touched) {
      const expired: string[] = [];
      for (const events of this.of(namespace).values()) {
        // (An event a formula derives is looked at as of now: the index may hold it as of earlier.)
        for (const e of events) if (eventExpired(e, now) && eventExpired((this.store.get(EVENTS, namespace, e.metadata.name!) as Event | undefined) ?? e, now)) expired.push(e.metadata.name!);
      }
      for (const name of expired.sort()) this.store.remove(EVENTS, namespace, name);
    }
    this.touched.clear();
  }

  /** The first matching event in name order, as a scan of the namespace's events would find. */
  find(namespace: string, uid: unknown, fieldPath: unknown, reason: unknown, message: unknown, component: unknown): Event | undefined {
    let found: Event | undefined;
    for (const ev of this.of(namespace).get(objectKey(uid)) ?? []) {
      if (matches(ev, fieldPath, reason, message, component) && (!found || ev.metadata.name! < found.metadata.name!)) found = ev;
    }
    return found;
  }
}

const indexes = new WeakMap<Store, EventIndex>();
function eventIndex(store: Store): EventIndex {
  let index = indexes.get(store);
  if (!index) indexes.set(store, (index = new EventIndex(store)));
  return index;
}

/**
 * Drops expired events of the namespaces this session recorded events in. Called once the session
 * has settled (readers never see expired events anyway: see heartbeats.ts), so that a catch-up that
 * updates events out of time order (the kubelet's fast-forward) is never swept half-way.
 */
export function sweepExpiredEvents(store: Store, now: number): void {
  indexes.get(store)?.sweep(now);
}

/** The stored event that recording `spec` now would aggregate into, if any. */
export function existingEvent(store: Store, spec: EventSpec): Event | undefined {
  const obj = spec.object;
  return eventIndex(store).find(obj.metadata.namespace || 'default', obj.metadata.uid, spec.fieldPath, spec.reason, spec.message, spec.source.component);
}

/**
 * `<object>.<hex nanoseconds>`, as client-go names events, from simulated time: the sub-millisecond
 * digits count this process's events, and skip a name an earlier command already stored at the
 * same instant (each command counts from zero, and the simulated clock may not have moved).
 */
function newEventName(store: Store, namespace: string, object: string, now: number): string {
  for (;;) {
    const nanos = BigInt(now) * 1_000_000n + BigInt(sequence++ % 1_000_000);
    const name = `${object}.${nanos.toString(16)}`;
    if (!store.get(EVENTS, namespace, name)) return name;
  }
}

/**
 * Records (or aggregates) an event at simulated time `now`; with `count`, one that happened that
 * many times, the last at `last` (a catch-up's batch), in one write.
 */
export function recordEvent(store: Store, now: number, spec: EventSpec, count = 1, last = now): Event {
  const obj = spec.object;
  // Events about cluster-scoped objects (nodes) live in the default namespace.
  const namespace = obj.metadata.namespace || 'default';
  const stamp = rfc3339(now);
  const lastStamp = rfc3339(last);
  eventIndex(store).touched.add(namespace);
  const existing = eventIndex(store).find(namespace, obj.metadata.uid, spec.fieldPath, spec.reason, spec.message, spec.source.component);
  trailOf(store)?.record(obj, spec.source.host ? `${spec.source.component} (${spec.source.host})` : spec.source.component, `event ${spec.reason}: ${spec.message}`, undefined, now);
  if (existing) {
    const updated: Event = { ...existing, count: (existing.count ?? 1) + count, lastTimestamp: lastStamp };
    return store.put(EVENTS, updated) as Event;
  }
  const event: Event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: newEventName(store, namespace, obj.metadata.name!, now),
      namespace,
      uid: newUid(),
      creationTimestamp: stamp,
    },
    involvedObject: {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
      uid: obj.metadata.uid,
      ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}),
      ...(spec.fieldPath ? { fieldPath: spec.fieldPath } : {}),
    },
    reason: spec.reason,
    message: spec.message,
    source: { component: spec.source.component, ...(spec.source.host ? { host: spec.source.host } : {}) },
    firstTimestamp: stamp,
    lastTimestamp: lastStamp,
    count,
    type: spec.type,
    eventTime: null,
    reportingComponent: spec.source.component,
    reportingInstance: spec.source.host ?? '',
  };
  return store.put(EVENTS, event) as Event;
}
