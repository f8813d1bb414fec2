import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeShard, encodeShard } from '../../src/store/codec.js';
import { parseShard } from '../../src/store/store.js';
import type { KObject } from '../../src/types/k8s.js';

/** An event as the recorder writes it. */
const usual = (name = 'web-1.181ad55c99df52d0'): KObject =>
  ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default', uid: 'u-1', creationTimestamp: '2025-01-15T10:00:00Z', resourceVersion: '12' },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'p-1', resourceVersion: '11', fieldPath: 'spec.containers{web}' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container web in pod web-1_default(p-1)',
    source: { component: 'kubelet', host: 'kubesim-worker' },
    firstTimestamp: '2025-01-15T10:00:00Z',
    lastTimestamp: '2025-01-15T10:05:00Z',
    count: 7,
    type: 'Warning',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: 'kubesim-worker',
  }) as unknown as KObject;

/** `edit` applied to a copy of the usual event. */
const odd = (edit: (e: Record<string, any>) => void): KObject => {
  const e = structuredClone(usual()) as unknown as Record<string, any>;
  edit(e);
  return e as unknown as KObject;
};

const events: [string, KObject][] = [
  ['usual', usual()],
  ['a node event (no namespace, no resourceVersion, no fieldPath, no host)', odd((e) => {
    e.involvedObject = { apiVersion: 'v1', kind: 'Node', name: 'kubesim-worker', uid: 'n-1' };
    e.source = { component: 'kube-proxy' };
    e.reportingInstance = '';
  })],
  ['a name not after its object', odd((e) => (e.involvedObject.name = 'other'))],
  ['a name without a dot', odd((e) => (e.metadata.name = 'plain'))],
  ['an object in another namespace', odd((e) => (e.involvedObject.namespace = 'kube-system'))],
  ['first time not the creation time, last equal to first', odd((e) => ((e.firstTimestamp = '2025-01-15T09:00:00Z'), (e.lastTimestamp = e.firstTimestamp)))],
  ['another reporting instance', odd((e) => (e.reportingInstance = 'x'))],
  ['a reporting instance equal to an empty host', odd((e) => ((e.source = { component: 'kubelet', host: '' }), (e.reportingInstance = '')))],
  ['another reporting component', odd((e) => (e.reportingComponent = 'other'))],
  ['eventTime set (events.k8s.io/v1)', odd((e) => (e.eventTime = '2025-01-15T10:00:00.000000Z'))],
  ['series and related', odd((e) => ((e.series = { count: 2, lastObservedTime: '2025-01-15T10:05:00.000000Z' }), (e.related = { kind: 'Node', name: 'n' })))],
  ['action', odd((e) => (e.action = 'Binding'))],
  ['labels', odd((e) => (e.metadata.labels = { a: 'b' }))],
  ['a missing count', odd((e) => delete e.count)],
  ['a missing message', odd((e) => delete e.message)],
  ['null timestamps', odd((e) => ((e.firstTimestamp = null), (e.lastTimestamp = null)))],
  ['members in another order', odd((e) => {
    const { reason, ...rest } = e;
    for (const k of Object.keys(e)) delete e[k];
    Object.assign(e, rest, { reason });
  })],
  ['involvedObject members in another order', odd((e) => (e.involvedObject = { uid: 'p-1', ...e.involvedObject }))],
  ['an undefined optional member', odd((e) => (e.involvedObject.fieldPath = undefined))],
  ['an undefined member', odd((e) => (e.message = undefined))],
  ['a number where a string is', odd((e) => (e.involvedObject.resourceVersion = 11))],
  ['a zero count', odd((e) => (e.count = 0))],
  ['another apiVersion', odd((e) => (e.apiVersion = 'events.k8s.io/v1'))],
];

/** Every event of the list in one shard, under names of their own. */
const shardOf = (list: [string, KObject][]) =>
  Object.fromEntries(
    list.map(([, e], i) => {
      const copy = structuredClone(e);
      copy.metadata.name = `web-1.${i.toString(16)}`;
      return [copy.metadata.name, copy];
    }),
  );

/** The shard written and read back as the store does it. */
const roundTrip = (objects: Record<string, KObject>, namespace = 'default') =>
  parseShard('shard.json', 'events', namespace, JSON.stringify(encodeShard('events', namespace, objects)));

describe('stored forms (src/store/codec.ts)', () => {
  it.each(events)('an event reads back as the same JSON text: %s', (_, event) => {
    const name = event.metadata.name!;
    const back = roundTrip({ [name]: event });
    expect(JSON.stringify(back[name])).toBe(JSON.stringify(event));
  });

  it('the usual event is stored in its form, odd ones as themselves', () => {
    const stored = encodeShard('events', 'default', { a: usual('a'), b: odd((e) => ((e.metadata.name = 'b'), (e.eventTime = 'x'))) });
    expect(Array.isArray(stored.a)).toBe(true);
    expect(Array.isArray(stored.b)).toBe(false);
    expect(JSON.stringify(stored.a).length).toBeLessThan(JSON.stringify(usual('a')).length / 2);
  });

  it('an event whose namespace is not its shard is stored as itself', () => {
    expect(Array.isArray(encodeShard('events', 'kube-system', { [usual().metadata.name!]: usual() })[usual().metadata.name!])).toBe(false);
  });

  it('other resources are stored as themselves', () => {
    const objects = { e: usual('e') };
    expect(encodeShard('pods', 'default', objects)).toBe(objects);
  });

  it('reads an old shard of plain objects', () => {
    const objects = shardOf(events);
    const back = parseShard('shard.json', 'events', 'default', JSON.stringify(objects));
    expect(JSON.stringify(back)).toBe(JSON.stringify(objects));
  });

  it('a stored form that does not decode is a damaged shard', () => {
    expect(() => parseShard('shard.json', 'events', 'default', JSON.stringify({ x: [1, 'short'] }))).toThrow(/shard.json is damaged .*the object "x"/);
    expect(() => parseShard('shard.json', 'pods', 'default', JSON.stringify({ x: [1] }))).toThrow(/damaged/);
    const bad: string[] = [];
    decodeShard('events', 'default', { x: [2] }, (n) => bad.push(n));
    expect(bad).toEqual(['x']);
  });

  it('keeps a shard written to disk and read back whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codec-'));
    mkdirSync(join(dir, 'events'));
    const file = join(dir, 'events', 'default.json');
    const objects = shardOf(events);
    writeFileSync(file, JSON.stringify(encodeShard('events', 'default', objects)));
    expect(JSON.stringify(parseShard(file, 'events', 'default', readFileSync(file, 'utf8')))).toBe(JSON.stringify(objects));
  });
});
