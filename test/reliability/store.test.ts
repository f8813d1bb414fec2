// Issue 12, quick proofs 1, 2 and 4: concurrent writers lose nothing, a writer
// killed at random points leaves a store that loads with every acknowledged
// write, a commit cut between shard files never hands a resourceVersion out
// twice, and a damaged home gets a clear error and a repair. The long runs are
// test/stress/ (`npm run stress`).
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, concurrencyRun, crashRun, looksLikeCrash, newHome, storedObjects } from './lib.js';

const homes: string[] = [];
const home = (tag: string) => {
  const h = newHome(tag);
  homes.push(h);
  return h;
};
afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

describe('reliability: store', () => {
  it('4 concurrent writers: every acknowledged write stored, resourceVersions unique and increasing', async () => {
    const f = await concurrencyRun(home('conc'), 4, 4000);
    console.log('concurrency', JSON.stringify({ ...f, failures: f.failures.length, missing: f.missing.length }));
    expect(f.failures).toEqual([]);
    expect(f.missing).toEqual([]);
    expect(f.duplicateRVs).toBe(0);
    expect(f.nonIncreasing).toBe(0);
    expect(f.acknowledgedWrites).toBeGreaterThan(8);
  }, 60_000);

  it('writers killed at random points: the store loads and keeps every acknowledged write', async () => {
    let seed = 12;
    const rng = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const f = await crashRun(home('crash'), 6, 250, rng);
    console.log('crashes', JSON.stringify(f));
    expect(f.loadFailures).toEqual([]);
    expect(f.lostAcknowledged).toEqual([]);
    expect(f.partialObjects).toEqual([]);
    expect(f.duplicateRVs).toBe(0);
  }, 60_000);

  it('a commit cut after the shards but before meta.json never reuses a resourceVersion', async () => {
    const h = home('torn');
    await cli(h, ['create', 'configmap', 'before', '--from-literal=a=1']);
    const meta = join(h, 'state', 'meta.json');
    copyFileSync(meta, `${meta}.old`);
    const r = await cli(h, ['create', 'configmap', 'torn', '--from-literal=a=1', '-o', 'jsonpath={.metadata.resourceVersion}']);
    const tornRV = Number(r.stdout);
    // What a kill between the last shard and meta.json leaves: new shards, the old meta, the marker.
    copyFileSync(`${meta}.old`, meta);
    writeFileSync(join(h, 'state', 'commit.json'), JSON.stringify({ revision: tornRV + 1 }));
    expect(JSON.parse(readFileSync(meta, 'utf8')).revision).toBeLessThan(tornRV);
    const after = await cli(h, ['create', 'configmap', 'after', '--from-literal=a=1', '-o', 'jsonpath={.metadata.resourceVersion}']);
    expect(after.code).toBe(0);
    expect(Number(after.stdout)).toBeGreaterThan(tornRV);
    const rvs = storedObjects(h).map((o) => o.obj.metadata.resourceVersion);
    expect(new Set(rvs).size).toBe(rvs.length);
  }, 30_000);

  it('a damaged home: a clear error naming the file and the way out, then `kubesim repair` keeps the rest', async () => {
    const h = home('damaged');
    await cli(h, ['create', 'configmap', 'keep', '--from-literal=a=1']);
    await cli(h, ['create', 'secret', 'generic', 'lost', '--from-literal=a=1']);
    const shard = join(h, 'state', 'objects', 'secrets', 'default.json');
    writeFileSync(shard, readFileSync(shard, 'utf8').slice(0, 40)); // truncated
    const r = await cli(h, ['get', 'secrets']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: the cluster state file ${shard} is damaged`);
    expect(r.stderr).toContain('kubesim reset');
    expect(looksLikeCrash(r.stderr)).toBeUndefined();
    const meta = join(h, 'state', 'meta.json');
    writeFileSync(meta, '{"revision": "seven"}'); // hand-edited
    const m = await cli(h, ['get', 'configmaps']);
    expect(m.stderr).toMatch(/meta\.json is damaged \("revision" is not a number\)/);
    const repair = await cli(h, ['repair'], { as: 'kubesim' });
    expect(repair.code).toBe(0);
    expect(repair.stdout).toContain('default.json.damaged');
    const after = await cli(h, ['get', 'configmap', 'keep', '-o', 'name']);
    expect(after.stdout.trim()).toBe('configmap/keep');
    expect((await cli(h, ['create', 'configmap', 'new', '--from-literal=a=1'])).code).toBe(0);
    const rvs = storedObjects(h).map((o) => o.obj.metadata.resourceVersion);
    expect(new Set(rvs).size).toBe(rvs.length);
  }, 30_000);
});
