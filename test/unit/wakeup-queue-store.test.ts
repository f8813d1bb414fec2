import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withCluster } from '../../src/cluster/session.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { DamagedStateError } from '../../src/store/store.js';

const state = (home: string) => join(home, 'state');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'main', image: 'busybox:1.28', command: ['sleep', '3600'] }] },
});

beforeAll(() => {
  process.env.KUBESIM_CLOCK = 'manual';
});

describe('the wake-up queue in wakeups.json', () => {
  it('keeps the queue out of meta.json, which notes only the earliest instant', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-wakeups-'));
    await withCluster({ home }, (s) => s.api.create(resolveResource('pods')!, 'default', pod('web')));
    const meta = readJson(join(state(home), 'meta.json'));
    const queue = readJson(join(state(home), 'wakeups.json')) as unknown as { at: number; controller: string; key: string }[];
    expect(meta.wakeups).toBeUndefined();
    expect(queue.some((w) => w.controller === 'kubelet' && w.key === 'default/web')).toBe(true);
    expect(meta.nextWakeupAt).toBe(Math.min(...queue.map((w) => w.at)));
  });

  it('a read-only session with nothing due never reads the queue; a session that writes does', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-wakeups-'));
    await withCluster({ home }, (s) => s.api.create(resolveResource('pods')!, 'default', pod('web')));
    writeFileSync(join(state(home), 'wakeups.json'), '{not json');
    const names = await withCluster({ home, readOnly: true }, (s) => s.api.list(resolveResource('pods')!, 'default').map((p) => p.metadata.name));
    expect(names).toEqual(['web']);
    await expect(withCluster({ home }, (s) => s.api.create(resolveResource('pods')!, 'default', pod('db')))).rejects.toBeInstanceOf(DamagedStateError);
  });

  it('migrates a meta.json that still holds the queue', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-wakeups-'));
    await withCluster({ home }, () => undefined);
    const metaFile = join(state(home), 'meta.json');
    const meta = readJson(metaFile);
    const at = (meta.processedUntil as number) + 3_600_000;
    // The form from before wakeups.json: the queue in the meta, no note of its earliest instant.
    delete meta.nextWakeupAt;
    meta.wakeups = [{ at, controller: 'namespace', key: 'default' }];
    writeFileSync(metaFile, JSON.stringify(meta));
    await withCluster({ home, readOnly: true }, (s) => expect(s.engine.nextWakeup()).toBe(at));
    expect(readJson(metaFile).wakeups).toBeUndefined();
    expect(readJson(metaFile).nextWakeupAt).toBe(at);
    expect(existsSync(join(state(home), 'wakeups.json'))).toBe(true);
    expect(readJson(join(state(home), 'wakeups.json'))).toEqual([{ at, controller: 'namespace', key: 'default' }]);
  });
});
