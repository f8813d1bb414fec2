import { describe, expect, it } from 'vitest';
import { WatchFilter, WatchPrinter, parseRequestTimeout, type WatchRequest } from '../../src/client/watch.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import type { JournalEntry } from '../../src/store/journal.js';
import type { KObject } from '../../src/types/k8s.js';

const NOW = Date.parse('2025-01-15T10:05:00Z');
const pods = resolveResource('pods')!;

function pod(name: string, phase: string, opts: { ready?: boolean; restarts?: number; reason?: string; labels?: Record<string, string>; ns?: string } = {}): KObject {
  const state = opts.reason ? { terminated: { reason: opts.reason, exitCode: 0 } } : { running: { startedAt: '2025-01-15T10:00:00Z' } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.ns ?? 'default', labels: opts.labels, creationTimestamp: '2025-01-15T10:00:00Z', resourceVersion: '1' },
    spec: { containers: [{ name: 'c', image: 'redis' }] },
    status: {
      phase,
      containerStatuses: [{ name: 'c', ready: !!opts.ready, restartCount: opts.restarts ?? 0, image: 'redis', imageID: '', state }],
    },
  } as KObject;
}

function printer(req: Partial<WatchRequest> = {}) {
  let out = '';
  const p = new WatchPrinter({ resource: pods, names: [], ...req }, (t) => (out += t));
  return { p, text: () => out };
}

describe('WatchPrinter (tables)', () => {
  it('prints the header once and keeps column widths across rows', () => {
    const { p, text } = printer();
    p.printAll([{ type: 'ADDED', object: pod('redis', 'Running', { reason: 'Completed' }), now: NOW }]);
    p.print('MODIFIED', pod('redis', 'Running', { ready: true, restarts: 1 }), NOW);
    const lines = text().split('\n');
    expect(lines[0]).toBe('NAME    READY   STATUS      RESTARTS   AGE');
    expect(lines[1]).toBe('redis   0/1     Completed   0          5m');
    // STATUS keeps the width of "Completed"; the row after it is not re-aligned with the header.
    expect(lines[2]).toMatch(/^redis   1\/1     Running     1          5m$/);
    expect(lines.length).toBe(4);
  });

  it('aligns the initial list as one block, later rows one by one', () => {
    const { p, text } = printer();
    p.printAll([
      { type: 'ADDED', object: pod('a', 'Running'), now: NOW },
      { type: 'ADDED', object: pod('a-much-longer-name', 'Running'), now: NOW },
    ]);
    p.print('MODIFIED', pod('b', 'Running'), NOW);
    const lines = text().split('\n');
    expect(lines[1]!.startsWith('a                    0/1')).toBe(true);
    expect(lines[3]!.startsWith('b                    0/1')).toBe(true);
  });

  it('adds the EVENT column with kubectl padded event names', () => {
    const { p, text } = printer({ outputWatchEvents: true });
    p.print('ADDED', pod('x', 'Running'), NOW);
    p.print('DELETED', pod('x', 'Running'), NOW);
    const lines = text().split('\n');
    expect(lines[0]).toMatch(/^EVENT      NAME   READY/);
    expect(lines[1]).toMatch(/^ADDED      x      0\/1/);
    expect(lines[2]).toMatch(/^DELETED    x      0\/1/);
  });

  it('--no-headers prints rows only', () => {
    const { p, text } = printer({ noHeaders: true });
    p.print('ADDED', pod('x', 'Running'), NOW);
    expect(text().startsWith('x ')).toBe(true);
  });
});

describe('WatchPrinter (structured)', () => {
  it('separates yaml documents with ---', () => {
    const { p, text } = printer({ output: 'yaml' });
    p.print('ADDED', pod('x', 'Running'), NOW);
    p.print('MODIFIED', pod('x', 'Running'), NOW);
    expect(text().startsWith('apiVersion: v1\n')).toBe(true);
    expect(text().match(/^---$/gm)?.length).toBe(1);
  });

  it('prints names and jsonpath per object', () => {
    const a = printer({ output: 'name' });
    a.p.print('ADDED', pod('x', 'Running'), NOW);
    expect(a.text()).toBe('pod/x\n');
    const b = printer({ output: 'jsonpath={.metadata.name} {.status.phase}{"\\n"}' });
    b.p.print('ADDED', pod('x', 'Running'), NOW);
    b.p.print('MODIFIED', pod('x', 'Succeeded'), NOW);
    expect(b.text()).toBe('x Running\nx Succeeded\n');
  });

  it('json watch events keep type before object', () => {
    const { p, text } = printer({ output: 'json', outputWatchEvents: true });
    p.print('ADDED', pod('x', 'Running'), NOW);
    expect(text().startsWith('{\n    "type": "ADDED",\n    "object": {\n        "apiVersion": "v1",')).toBe(true);
    expect(JSON.parse(text()).object.metadata.name).toBe('x');
  });
});

describe('WatchFilter', () => {
  const entry = (type: JournalEntry['type'], object: KObject, old?: KObject): JournalEntry => ({
    revision: 1, at: NOW, type, resource: 'pods', namespace: 'default', name: object.metadata.name!, object, old,
  });

  it('filters by namespace and name', () => {
    const f = new WatchFilter({ resource: pods, names: ['x'] }, 'default');
    expect(f.event(entry('MODIFIED', pod('x', 'Running')))?.type).toBe('MODIFIED');
    expect(f.event(entry('MODIFIED', pod('y', 'Running')))).toBeUndefined();
    expect(f.event(entry('MODIFIED', pod('x', 'Running', { ns: 'other' })))).toBeUndefined();
  });

  it('turns label changes into ADDED / DELETED for a selector', () => {
    const f = new WatchFilter({ resource: pods, names: [], labelSelector: 'app=web' }, 'default');
    const on = pod('x', 'Running', { labels: { app: 'web' } });
    const off = pod('x', 'Running', { labels: { app: 'db' } });
    expect(f.event(entry('MODIFIED', on, off))?.type).toBe('ADDED');
    const gone = f.event(entry('MODIFIED', off, on));
    expect(gone?.type).toBe('DELETED');
    expect(gone?.object.metadata.labels).toEqual({ app: 'web' });
    expect(f.event(entry('MODIFIED', off, off))).toBeUndefined();
  });
});

describe('--request-timeout', () => {
  it('reads integers as seconds and Go durations', () => {
    expect(parseRequestTimeout('5')).toBe(5000);
    expect(parseRequestTimeout('5s')).toBe(5000);
    expect(parseRequestTimeout('1m30s')).toBe(90_000);
    expect(parseRequestTimeout('0')).toBe(0);
    expect(parseRequestTimeout(undefined)).toBeUndefined();
    expect(() => parseRequestTimeout('soon')).toThrow(/Invalid timeout value/);
  });
});
