// The events shard's summaries and log (src/store/store.ts, SUMMARIZED): recording events reads
// neither the events nor their file, and every reader sees what writing the objects would have left.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DamagedStateError, Store } from '../../src/store/store.js';
import { freshMeta } from '../../src/cluster/session.js';
import { repairState } from '../../src/cluster/repair.js';
import { EVENTS, EVENT_TTL_MS, recordEvent, sweepExpiredEvents, type EventSpec } from '../../src/cluster/events.js';
import type { Event, KObject } from '../../src/types/k8s.js';

const home = () => mkdtempSync(join(tmpdir(), 'kubesim-summaries-'));
const openStore = (dir: string) => Store.open(dir, () => freshMeta({}));
const pod = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}` } });
const spec = (name: string, message = 'Back-off restarting failed container'): EventSpec => ({
  object: pod(name),
  fieldPath: 'spec.containers{c}',
  type: 'Warning',
  reason: 'BackOff',
  message,
  source: { component: 'kubelet', host: 'node-1' },
});
const shardFile = (dir: string, ext: string) => join(dir, 'objects', EVENTS, `default${ext}`);
const onDisk = (dir: string) => JSON.parse(readFileSync(shardFile(dir, '.json'), 'utf8')) as Record<string, Event>;
/** The events as a fresh store reads them, uids and names left out (they are random). */
const stored = (dir: string) =>
  (openStore(dir).list(EVENTS, 'default') as Event[]).map((e) => `${e.involvedObject.name} ${e.message} x${e.count} last ${e.lastTimestamp} rv ${e.metadata.resourceVersion}`);

/** A home with `n` pods' events written to the events file (many new events: the log is folded in). */
function seeded(n: number): string {
  const dir = home();
  const store = openStore(dir);
  for (let i = 0; i < n; i++) recordEvent(store, 1000, spec(`p${i}`));
  store.commit();
  return dir;
}

/** The same session's work on two copies: one through the summaries, one with the objects read first. */
function bothWays(dir: string, work: (store: Store) => void): { logged: string[]; read: string[]; loggedDir: string } {
  const copy = home();
  writeFileSync(join(copy, 'meta.json'), readFileSync(join(dir, 'meta.json')));
  mkdirSync(join(copy, 'objects', EVENTS), { recursive: true });
  for (const ext of ['.json', '.summary', '.log']) if (existsSync(shardFile(dir, ext))) writeFileSync(shardFile(copy, ext), readFileSync(shardFile(dir, ext)));
  const a = openStore(dir);
  work(a);
  a.commit();
  const b = openStore(copy);
  b.list(EVENTS, 'default');
  work(b);
  b.commit();
  return { logged: stored(dir), read: stored(copy), loggedDir: dir };
}

describe('summarized event shards', () => {
  it('a catch-up aggregates and sweeps through the log: the events file is not rewritten, readers see the same events', () => {
    const dir = seeded(20);
    const before = readFileSync(shardFile(dir, '.json'), 'utf8');
    const { logged, read } = bothWays(dir, (store) => {
      for (let i = 0; i < 10; i++) recordEvent(store, 5000, spec(`p${i}`), 7, 9000);
      sweepExpiredEvents(store, 2000 + EVENT_TTL_MS);
    });
    expect(readFileSync(shardFile(dir, '.json'), 'utf8')).toBe(before);
    expect(existsSync(shardFile(dir, '.log'))).toBe(true);
    expect(logged).toEqual(read);
    expect(logged).toHaveLength(10);
    expect(logged[0]).toMatch(/^p0 Back-off restarting failed container x8 last 1970-01-01T00:00:09Z rv \d+$/);
  });

  it('aggregates into an event the log holds, across sessions, as into a stored one', () => {
    const dir = seeded(20);
    const { logged, read } = bothWays(dir, (store) => {
      recordEvent(store, 5000, spec('p1'));
      recordEvent(store, 6000, spec('p1', 'another message')); // new: held whole in the log
    });
    expect(logged).toEqual(read);
    const next = openStore(dir);
    recordEvent(next, 7000, spec('p1', 'another message'));
    recordEvent(next, 7000, spec('p1'));
    next.commit();
    expect(stored(dir).filter((l) => l.startsWith('p1 ')).sort()).toEqual([
      expect.stringMatching(/^p1 Back-off restarting failed container x3 last 1970-01-01T00:00:07Z/),
      expect.stringMatching(/^p1 another message x2 last 1970-01-01T00:00:07Z/),
    ]);
  });

  it('folds a log grown past a quarter of the events file into it', () => {
    const dir = seeded(10);
    const store = openStore(dir);
    for (let i = 10; i < 40; i++) recordEvent(store, 2000, spec(`p${i}`));
    store.commit();
    expect(existsSync(shardFile(dir, '.log'))).toBe(false);
    expect(Object.keys(onDisk(dir))).toHaveLength(40);
  });

  it('a log entry applies only over an older object (a commit cut between the two files changes nothing)', () => {
    const dir = seeded(20);
    const store = openStore(dir);
    recordEvent(store, 5000, spec('p3'), 4);
    store.commit();
    const staleLog = readFileSync(shardFile(dir, '.log'), 'utf8');
    // A later session that read the objects wrote them, newer than the log, and its log removal was cut.
    const later = openStore(dir);
    later.list(EVENTS, 'default');
    recordEvent(later, 6000, spec('p3'));
    later.commit();
    writeFileSync(shardFile(dir, '.log'), staleLog);
    expect(stored(dir).find((l) => l.startsWith('p3 '))).toMatch(/ x6 last 1970-01-01T00:00:06Z /);
  });

  it('summaries are made again from the objects when their file is missing, damaged or not trusted after a cut commit', () => {
    for (const spoil of ['missing', 'damaged', 'cut'] as const) {
      const dir = seeded(20);
      const store = openStore(dir);
      recordEvent(store, 5000, spec('p2'));
      store.commit();
      if (spoil === 'missing') rmSync(shardFile(dir, '.summary'));
      if (spoil === 'damaged') writeFileSync(shardFile(dir, '.summary'), '{"x": 1}');
      // A cut commit: the summaries on disk say p2 was seen once only.
      if (spoil === 'cut') {
        const summaries = JSON.parse(readFileSync(shardFile(dir, '.summary'), 'utf8')) as Record<string, unknown[]>;
        for (const s of Object.values(summaries)) s[5] = 1;
        writeFileSync(shardFile(dir, '.summary'), JSON.stringify(summaries));
        writeFileSync(join(dir, 'commit.json'), JSON.stringify({ revision: 1 }));
      }
      const next = openStore(dir);
      recordEvent(next, 6000, spec('p2'));
      next.commit();
      expect(stored(dir).find((l) => l.startsWith('p2 ')), spoil).toMatch(/ x3 last 1970-01-01T00:00:06Z /);
    }
  });

  it('a damaged log is an error that names the way out; repair moves it aside; recovery counts its revisions', () => {
    const dir = seeded(20);
    const store = openStore(dir);
    recordEvent(store, 5000, spec('p2'));
    store.commit();
    const revision = store.meta.revision;
    expect(Store.highestRevision(dir)).toBe(revision);
    writeFileSync(shardFile(dir, '.log'), '{"a": 1');
    expect(() => openStore(dir).get(EVENTS, 'default', 'x')).toThrow(DamagedStateError);
    const report = repairState(dir);
    expect(report.actions.join('\n')).toContain(`moved ${shardFile(dir, '.log')} aside`);
    expect(openStore(dir).list(EVENTS, 'default')).toHaveLength(20);
  });

  it('a watch that records whole objects gets them: changes then go through the objects', () => {
    const dir = seeded(20);
    const store = openStore(dir);
    const seen: Event[] = [];
    store.wantObjects();
    store.onChange((c) => seen.push(c.object as Event));
    recordEvent(store, 5000, spec('p4'));
    sweepExpiredEvents(store, 1000 + EVENT_TTL_MS);
    store.commit();
    expect(seen[0]!.count).toBe(2);
    expect(seen).toHaveLength(20);
    expect(existsSync(shardFile(dir, '.log'))).toBe(false);
  });
});
