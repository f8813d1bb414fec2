import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { freshMeta } from '../../src/cluster/session.js';
import { EVENTS, recordEvent, sweepExpiredEvents, EVENT_TTL_MS, type EventSpec } from '../../src/cluster/events.js';
import type { Event, KObject } from '../../src/types/k8s.js';

const openStore = (dir = mkdtempSync(join(tmpdir(), 'kubesim-events-'))) => Store.open(dir, () => freshMeta({}));
const pod = (name: string, uid: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid } });
const spec = (object: KObject, message = 'Back-off restarting failed container'): EventSpec => ({
  object,
  fieldPath: 'spec.containers{c}',
  type: 'Warning',
  reason: 'BackOff',
  message,
  source: { component: 'kubelet', host: 'node-1' },
});
const events = (store: Store) => (store.list(EVENTS, 'default') as Event[]).map((e) => `${e.involvedObject.name} ${e.message} x${e.count}`);

describe('the event correlator', () => {
  it('aggregates a repeated event and keeps different ones apart', () => {
    const store = openStore();
    const a = pod('a', 'uid-a');
    recordEvent(store, 1000, spec(a));
    recordEvent(store, 2000, spec(a));
    recordEvent(store, 3000, spec(a), 3, 5000);
    recordEvent(store, 3000, spec(a, 'other'));
    recordEvent(store, 3000, spec(pod('b', 'uid-b')));
    expect(events(store).sort()).toEqual(['a Back-off restarting failed container x5', 'a other x1', 'b Back-off restarting failed container x1']);
    const first = store.list(EVENTS, 'default').find((e) => (e as Event).count === 5) as Event;
    expect(first.lastTimestamp).toBe(new Date(5000).toISOString().replace('.000', ''));
  });

  it('follows the store: a deleted event is not aggregated into, an event moved to another object is found there', () => {
    const store = openStore();
    const a = pod('a', 'uid-a');
    const ev = recordEvent(store, 1000, spec(a));
    store.remove(EVENTS, 'default', ev.metadata.name!);
    recordEvent(store, 2000, spec(a));
    expect(events(store)).toEqual(['a Back-off restarting failed container x1']);
    // A client rewrites the event to be about another object (as `kubectl replace` could).
    const stored = store.list(EVENTS, 'default')[0] as Event;
    store.put(EVENTS, { ...stored, involvedObject: { ...stored.involvedObject, name: 'b', uid: 'uid-b' } } as Event);
    recordEvent(store, 3000, spec(pod('b', 'uid-b')));
    recordEvent(store, 3000, spec(a));
    expect(events(store).sort()).toEqual(['a Back-off restarting failed container x1', 'b Back-off restarting failed container x2']);
  });

  it('aggregates into the first matching event in name order', () => {
    const store = openStore();
    const a = pod('a', 'uid-a');
    const ev = recordEvent(store, 1000, spec(a));
    // Two copies of it under other names, one before it and one after.
    for (const name of ['a.0', 'a.zzz']) store.put(EVENTS, { ...structuredClone(ev), metadata: { ...ev.metadata, name, uid: name } } as Event);
    recordEvent(store, 2000, spec(a));
    const counts = Object.fromEntries((store.list(EVENTS, 'default') as Event[]).map((e) => [e.metadata.name, e.count]));
    expect(counts['a.0']).toBe(2);
    expect(counts['a.zzz']).toBe(1);
    expect(counts[ev.metadata.name!]).toBe(1);
  });

  it('aggregates into events stored by an earlier session, and sweeps expired ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-events-'));
    const first = openStore(dir);
    recordEvent(first, 1000, spec(pod('a', 'uid-a')));
    recordEvent(first, 1000, spec(pod('b', 'uid-b')));
    first.commit();
    const second = openStore(dir);
    recordEvent(second, 2000, spec(pod('a', 'uid-a')));
    sweepExpiredEvents(second, 1000 + EVENT_TTL_MS);
    expect(events(second)).toEqual(['a Back-off restarting failed container x2']);
    // The swept event is gone from the index too: b's next event is a new one.
    recordEvent(second, 1000 + EVENT_TTL_MS, spec(pod('b', 'uid-b')));
    expect(events(second).sort()).toEqual(['a Back-off restarting failed container x2', 'b Back-off restarting failed container x1']);
  });
});
