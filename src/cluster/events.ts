// The event recorder: what client-go's EventRecorder and correlator do for the
// scheduler, the kubelets and the controllers. Repeated events for the same
// object, reason, message and source are aggregated (count, lastTimestamp).
import type { Event, KObject } from '../types/k8s.js';
import type { Store } from '../store/store.js';
import { rfc3339 } from '../util/duration.js';
import { newUid } from '../util/ids.js';

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

/** Records (or aggregates) an event at simulated time `now`. */
export function recordEvent(store: Store, now: number, spec: EventSpec): Event {
  const obj = spec.object;
  // Events about cluster-scoped objects (nodes) live in the default namespace.
  const namespace = obj.metadata.namespace || 'default';
  const stamp = rfc3339(now);
  const existing = store.list(EVENTS, namespace).find((e) => {
    const ev = e as Event;
    return (
      ev.involvedObject.uid === obj.metadata.uid &&
      ev.involvedObject.fieldPath === spec.fieldPath &&
      ev.reason === spec.reason &&
      ev.message === spec.message &&
      ev.source?.component === spec.source.component
    );
  }) as Event | undefined;
  if (existing) {
    const updated: Event = { ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: stamp };
    return store.put(EVENTS, updated) as Event;
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
    lastTimestamp: stamp,
    count: 1,
    type: spec.type,
    eventTime: null,
    reportingComponent: spec.source.component,
    reportingInstance: spec.source.host ?? '',
  };
  return store.put(EVENTS, event) as Event;
}
