import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withCluster, stateDir } from '../../src/cluster/session.js';
import { runWatch, type WatchRequest } from '../../src/client/watch.js';
import { journalOf, touchWatchMarker, JOURNAL_LIMIT } from '../../src/store/journal.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import type { KObject } from '../../src/types/k8s.js';

const pods = resolveResource('pods')!;
const configmaps = resolveResource('configmaps')!;
const saved = process.env.KUBESIM_CLOCK;
afterEach(() => {
  if (saved === undefined) delete process.env.KUBESIM_CLOCK;
  else process.env.KUBESIM_CLOCK = saved;
});

const home = () => mkdtempSync(join(tmpdir(), 'kubesim-watch-'));
const podBody = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }) as KObject;
const cm = (name: string, v: string): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v } }) as KObject;

/** Runs a watch to its end; `printed.text` is what it has printed so far. */
async function watch(h: string, req: Partial<WatchRequest>, manual: boolean, extra: { pollMs?: number } = {}, printed = { text: '' }): Promise<string> {
  await runWatch(
    { resource: pods, names: [], ...req },
    { open: (fn) => withCluster({ home: h }, (s) => fn(s, 'default')), stateDir: stateDir(h), write: (t) => (printed.text += t), manual, ...extra },
  );
  return printed.text;
}

describe('get -w, manual clock', () => {
  it('a quiet watch prints the table once and moves the clock by the timeout', async () => {
    process.env.KUBESIM_CLOCK = 'manual';
    const h = home();
    const t0 = await withCluster({ home: h }, (s) => {
      s.api.create(pods, 'default', podBody('redis'));
      s.advance(30_000);
      return s.now;
    });
    const out = await watch(h, { names: ['redis'], timeoutMs: 5000 }, true);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
    expect(lines.length).toBe(2);
    expect(lines[1]).toMatch(/^redis +1\/1 +Running +0 +30s$/);
    const t1 = await withCluster({ home: h }, (s) => s.now);
    expect(t1 - t0).toBe(5000);
  });

  it('prints each change as simulated time passes', async () => {
    process.env.KUBESIM_CLOCK = 'manual';
    const h = home();
    await withCluster({ home: h }, (s) => void s.api.create(pods, 'default', podBody('web')));
    const out = await watch(h, { timeoutMs: 20_000 }, true);
    const lines = out.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^web +0\/1 +ContainerCreating/);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.at(-1)).toMatch(/^web +1\/1 +Running +0 +\d+s$/);
    // Nothing re-prints the header.
    expect(lines.filter((l) => l.startsWith('NAME')).length).toBe(1);
  });

  it('--watch-only without a timeout ends once the objects are quiet', async () => {
    process.env.KUBESIM_CLOCK = 'manual';
    const h = home();
    await withCluster({ home: h }, (s) => {
      s.api.create(configmaps, 'default', cm('a', '1'));
    });
    const out = await watch(h, { resource: configmaps, watchOnly: true }, true);
    expect(out).toBe('');
  });
});

describe('the watch journal', () => {
  it('keeps changes for a watcher in another session, with the object as it was', async () => {
    delete process.env.KUBESIM_CLOCK;
    const h = home();
    const rev0 = await withCluster({ home: h }, (s) => s.store.meta.revision);
    touchWatchMarker(stateDir(h));
    await withCluster({ home: h }, (s) => {
      s.api.create(configmaps, 'default', cm('a', '1'));
      s.api.update(configmaps, 'default', cm('a', '2'));
      s.api.delete(configmaps, 'default', 'a');
    });
    const got = await withCluster({ home: h }, (s) => journalOf(s.store)!.since(rev0));
    const mine = got.entries.filter((e) => e.resource === 'configmaps');
    expect(mine.map((e) => [e.type, (e.object as { data?: { v?: string } }).data?.v])).toEqual([
      ['ADDED', '1'],
      ['MODIFIED', '2'],
      ['DELETED', '2'],
    ]);
  });

  it('says when changes are missing (no watcher marker)', async () => {
    delete process.env.KUBESIM_CLOCK;
    const h = home();
    const rev0 = await withCluster({ home: h }, (s) => s.store.meta.revision);
    await withCluster({ home: h }, (s) => void s.api.create(configmaps, 'default', cm('b', '1')));
    const got = await withCluster({ home: h }, (s) => journalOf(s.store)!.since(rev0));
    expect(got.complete).toBe(false);
  });

  it('hides what is changed unrecorded, without a gap (here and in another process)', async () => {
    delete process.env.KUBESIM_CLOCK;
    const h = home();
    touchWatchMarker(stateDir(h));
    const rev0 = await withCluster({ home: h }, (s) => {
      const rev = s.store.meta.revision;
      const journal = journalOf(s.store)!;
      s.api.create(configmaps, 'default', cm('a', '1'));
      journal.unrecorded(() => s.api.create(configmaps, 'default', cm('b', '1')));
      s.api.create(configmaps, 'default', cm('c', '1'));
      const got = journal.since(rev);
      expect([got.complete, got.entries.map((e) => e.name)]).toEqual([true, ['a', 'c']]);
      return rev;
    });
    const later = await withCluster({ home: h }, (s) => journalOf(s.store)!.since(rev0));
    expect([later.complete, later.entries.map((e) => e.name)]).toEqual([true, ['a', 'c']]);
  });

  it('stays bounded', async () => {
    delete process.env.KUBESIM_CLOCK;
    const h = home();
    touchWatchMarker(stateDir(h));
    await withCluster({ home: h }, (s) => {
      for (let i = 0; i < JOURNAL_LIMIT + 20; i++) s.api.create(configmaps, 'default', cm(`c${i}`, '1'));
    });
    const { readFileSync } = await import('node:fs');
    const doc = JSON.parse(readFileSync(join(stateDir(h), 'journal.json'), 'utf8')) as { entries: unknown[]; droppedThrough: number };
    expect(doc.entries.length).toBe(JOURNAL_LIMIT);
    expect(doc.droppedThrough).toBeGreaterThan(0);
  });
});

describe('get -w, wall clock', () => {
  it('polls and prints changes other sessions make, until the timeout', async () => {
    delete process.env.KUBESIM_CLOCK;
    const h = home();
    await withCluster({ home: h }, (s) => void s.api.create(configmaps, 'default', cm('w', '1')));
    const started = Date.now();
    const printed = { text: '' };
    // A timeout long enough for the two updates on a loaded machine; they start once the table is printed.
    const watching = watch(h, { resource: configmaps, names: ['w'], timeoutMs: 4000 }, false, { pollMs: 50 }, printed);
    while (!printed.text.includes('\nw ')) await new Promise((r) => setTimeout(r, 20));
    await withCluster({ home: h }, (s) => void s.api.update(configmaps, 'default', cm('w', '2')));
    await withCluster({ home: h }, (s) => void s.api.update(configmaps, 'default', cm('w', '3')));
    const out = await watching;
    expect(Date.now() - started).toBeGreaterThanOrEqual(3900);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +DATA +AGE$/);
    expect(lines.length).toBe(4);
  });

  it('stops on abort (Ctrl-C)', async () => {
    delete process.env.KUBESIM_CLOCK;
    const h = home();
    await withCluster({ home: h }, () => undefined);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const started = Date.now();
    await runWatch(
      { resource: configmaps, names: [] },
      { open: (fn) => withCluster({ home: h }, (s) => fn(s, 'default')), stateDir: stateDir(h), write: () => undefined, manual: false, signal: ac.signal, pollMs: 50 },
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
