// The event recorder: what client-go's EventRecorder and correlator do for the
// scheduler, the kubelets and the controllers. Repeated events for the same
// object, reason, message and source are aggregated (count, lastTimestamp).
import type { Event, KObject } from '../types/k8s.js';
import { registerSummarizer, type Store, type Summary } from '../store/store.js';
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

/** The instant an event was last seen, as its expiry counts it (the time text it comes from). */
const lastSeenText = (ev: Event) => ev.series?.lastObservedTime ?? ev.lastTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp ?? '';
const expiredAt = (lastSeen: string, now: number) => {
  const last = Date.parse(lastSeen);
  return Number.isFinite(last) && last + EVENT_TTL_MS <= now;
};

export function eventExpired(ev: Event, now: number): boolean {
  return expiredAt(lastSeenText(ev), now);
}

const objectKey = (uid: unknown) => (uid === undefined || uid === null ? '' : String(uid));

/**
 * What the recorder reads of a stored event (Store.summaries): the correlator's key (the involved
 * object's uid, fieldPath, reason, message, source component), its count, the time text its expiry
 * counts from, and whether that text is the series' (which a new lastTimestamp does not change).
 */
type EventSummary = [uid: string, fieldPath: unknown, reason: unknown, message: unknown, component: unknown, count: number | null, lastSeen: string, fromSeries: boolean];

registerSummarizer(EVENTS, {
  of(object: KObject): EventSummary {
    const ev = object as Event;
    const fromSeries = ev.series?.lastObservedTime !== undefined && ev.series?.lastObservedTime !== null;
    return [objectKey(ev.involvedObject?.uid), ev.involvedObject?.fieldPath ?? null, ev.reason ?? null, ev.message ?? null, ev.source?.component ?? null, ev.count ?? null, lastSeenText(ev), fromSeries];
  },
  patched(summary: Summary, members: Record<string, unknown>): EventSummary {
    const s = [...summary] as EventSummary;
    if (typeof members.count === 'number') s[5] = members.count;
    if (typeof members.lastTimestamp === 'string' && !s[7]) s[6] = members.lastTimestamp;
    return s;
  },
});

/**
 * The correlator's memory: per namespace, the names of each object's events (by the object's
 * uid), made from the store's summaries of the namespace's events on first use, so recording an
 * event reads neither the events nor their shard: a catch-up that aggregates thousands of events
 * changes their summaries and the shard's log (Store.patch), not the 15 MB of the events themselves.
 */
class EventIndex {
  private readonly byNamespace = new Map<string, Map<string, Set<string>>>();
  /** Namespaces whose events this session recorded: swept of expired events before saving. */
  readonly touched = new Set<string>();
  /** Set while the recorder writes: its own changes keep the index current as they are made. */
  private writing = false;

  constructor(private readonly store: Store) {
    store.onChange((change) => {
      if (change.resource !== EVENTS || this.writing) return;
      // Another writer (the API server): the namespace's index is made again when next needed.
      this.byNamespace.delete(change.object.metadata.namespace || 'default');
    });
  }

  private summaries(namespace: string): Readonly<Record<string, EventSummary>> {
    return this.store.summaries(EVENTS, namespace) as Readonly<Record<string, EventSummary>>;
  }

  /** The namespace's index, made from its summaries on first use. */
  private of(namespace: string): Map<string, Set<string>> {
    let index = this.byNamespace.get(namespace);
    if (!index) {
      index = new Map();
      const summaries = this.summaries(namespace);
      for (const name in summaries) {
        const key = summaries[name]![0];
        const names = index.get(key);
        if (names) names.add(name);
        else index.set(key, new Set([name]));
      }
      this.byNamespace.set(namespace, index);
    }
    return index;
  }

  /** The first matching event in name order, as a scan of the namespace's events would find: its name and count. */
  find(namespace: string, uid: unknown, fieldPath: unknown, reason: unknown, message: unknown, component: unknown): { name: string; count: number | null } | undefined {
    const summaries = this.summaries(namespace);
    let found: string | undefined;
    for (const name of this.of(namespace).get(objectKey(uid)) ?? []) {
      const s = summaries[name]!;
      if (s[1] === (fieldPath ?? null) && s[2] === (reason ?? null) && s[3] === (message ?? null) && s[4] === (component ?? null) && (found === undefined || name < found)) found = name;
    }
    return found === undefined ? undefined : { name: found, count: summaries[found]![5] };
  }

  /** Stores a new event and indexes it. */
  create(event: Event): void {
    this.write(() => this.store.put(EVENTS, event));
    const index = this.byNamespace.get(event.metadata.namespace!);
    if (!index) return;
    const key = objectKey(event.involvedObject.uid);
    const names = index.get(key);
    if (names) names.add(event.metadata.name!);
    else index.set(key, new Set([event.metadata.name!]));
  }

  /** An aggregation: the event's count and last occurrence. */
  aggregate(namespace: string, name: string, count: number, lastTimestamp: string): void {
    this.write(() => this.store.patch(EVENTS, namespace, name, { count, lastTimestamp }));
  }

  private write(change: () => void): void {
    this.writing = true;
    try {
      change();
    } finally {
      this.writing = false;
    }
  }

  /** Removes the touched namespaces' expired events from storage, as etcd's TTL does. */
  sweep(now: number): void {
    for (const namespace of this.touched) {
      const summaries = this.summaries(namespace);
      const expired: string[] = [];
      for (const name in summaries) if (expiredAt(summaries[name]![6], now)) expired.push(name);
      const index = this.of(namespace);
      this.write(() => {
        for (const name of expired.sort()) {
          const key = summaries[name]![0];
          this.store.remove(EVENTS, namespace, name);
          const names = index.get(key);
          names?.delete(name);
          if (names?.size === 0) index.delete(key);
        }
      });
    }
    this.touched.clear();
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

/**
 * Records (or aggregates) an event at simulated time `now`; with `count`, one that happened that
 * many times, the last at `last` (a catch-up's batch), in one write. Returns the event's name.
 */
export function recordEvent(store: Store, now: number, spec: EventSpec, count = 1, last = now): string {
  const obj = spec.object;
  // Events about cluster-scoped objects (nodes) live in the default namespace.
  const namespace = obj.metadata.namespace || 'default';
  const stamp = rfc3339(now);
  const lastStamp = rfc3339(last);
  const index = eventIndex(store);
  index.touched.add(namespace);
  const existing = index.find(namespace, obj.metadata.uid, spec.fieldPath, spec.reason, spec.message, spec.source.component);
  trailOf(store)?.record(obj, spec.source.host ? `${spec.source.component} (${spec.source.host})` : spec.source.component, `event ${spec.reason}: ${spec.message}`, undefined, now);
  if (existing) {
    index.aggregate(namespace, existing.name, (existing.count ?? 1) + count, lastStamp);
    return existing.name;
  }
  const nanos = BigInt(now) * 1_000_000n + BigInt(sequence++ % 1_000_000);
  const event: Event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${obj.metadata.name}.${nanos.toString(16)}`,
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
  index.create(event);
  return event.metadata.name!;
}
