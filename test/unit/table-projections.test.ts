// Table projections (src/store/table-projections.ts): a `get` table laid out from projected
// objects is the table laid out from whole ones, and the store uses a projection only when it was
// made from the shard file as it is.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCluster } from '../../src/cluster/session.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { tableLayout } from '../../src/printers/output.js';
import { TABLE_PROJECTIONS } from '../../src/store/table-projections.js';
import type { KObject } from '../../src/types/k8s.js';

process.env.KUBESIM_CLOCK = 'manual';
const pods = resolveResource('pods')!;

const pod = (name: string, spec: Record<string, unknown>, labels: Record<string, string> = { app: name }): KObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec }) as unknown as KObject;
const sh = (script: string) => ['sh', '-c', script];

/** Pods in many states: running, crash-looping, init containers (one failing), a sidecar, a readiness gate, unschedulable, completed, terminating. */
async function cluster(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-tables-'));
  await withCluster({ home }, (s) => {
    const create = (o: KObject) => s.api.create(pods, 'default', o);
    create(pod('web', { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] }));
    create(pod('crash', { containers: [{ name: 'c', image: 'busybox:1.28', command: sh('exit 1') }] }));
    create(pod('init', { initContainers: [{ name: 'wait', image: 'busybox:1.28', command: sh('sleep 3600') }], containers: [{ name: 'app', image: 'nginx:1.27' }] }));
    create(pod('badinit', { initContainers: [{ name: 'fail', image: 'busybox:1.28', command: sh('exit 2') }], containers: [{ name: 'app', image: 'nginx:1.27' }] }));
    create(pod('sidecar', { initContainers: [{ name: 'log', image: 'busybox:1.28', restartPolicy: 'Always', command: sh('sleep 36000') }], containers: [{ name: 'app', image: 'nginx:1.27' }] }));
    create(pod('gated', { readinessGates: [{ conditionType: 'example.com/ready' }], containers: [{ name: 'app', image: 'nginx:1.27' }] }, {}));
    create(pod('huge', { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '1000' } } }] }));
    create(pod('done', { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.28', command: sh('echo hi') }] }));
    create(pod('slow-stop', { terminationGracePeriodSeconds: 600, containers: [{ name: 'app', image: 'busybox:1.28', command: sh("trap '' TERM; sleep 36000") }] }));
    s.advance(200_000);
    s.api.delete(pods, 'default', 'slow-stop');
    s.advance(1000);
  });
  return home;
}

describe('table projections', () => {
  it('lay out the same pod tables as whole pods: plain, wide, labels, all namespaces', async () => {
    const home = await cluster();
    await withCluster({ home }, (s) => {
      const whole = s.store.list('pods');
      const projected = whole.map(TABLE_PROJECTIONS.get('pods')!);
      const statuses = new Set(tableLayout({ resource: pods, objects: whole }, { now: s.now }).rows.map((r) => r[2]));
      expect([...statuses].sort()).toEqual(['Completed', 'CrashLoopBackOff', 'Init:0/1', 'Init:CrashLoopBackOff', 'Pending', 'Running', 'Terminating']);
      expect(JSON.stringify(projected).length).toBeLessThan(JSON.stringify(whole).length / 2);
      for (const opts of [{}, { output: 'wide' }, { showLabels: true }, { labelColumns: ['app', 'tier'] }, { allNamespaces: true, output: 'wide' }]) {
        const lay = (objects: KObject[]) => tableLayout({ resource: pods, objects }, { ...opts, now: s.now });
        expect(lay(projected)).toEqual(lay(whole));
      }
    });
  }, 60_000);

  it('are read for a table only when made from the shard as it is', async () => {
    const home = await cluster();
    const shard = join(home, 'state', 'objects', 'pods', 'default.json');
    const table = join(home, 'state', 'tables', 'pods', 'default.json');
    const names = (s: { api: { listByNamespace: (r: typeof pods, ns: string, o: object) => Iterable<KObject[]> } }) =>
      [...s.api.listByNamespace(pods, 'default', { forTable: true })].flat().map((o) => `${o.metadata.name} ${'volumes' in ((o as { spec?: object }).spec ?? {}) ? 'whole' : 'projected'}`);
    // Written with the shard: a table reads the projection, everyone else the shard.
    expect(readFileSync(table, 'utf8').split('\n')[0]).toMatch(/^\d+ \d+(\.\d+)?$/);
    await withCluster({ home, readOnly: true }, (s) => {
      expect(names(s).every((n) => n.endsWith(' projected'))).toBe(true);
      expect(s.api.list(pods, 'default').every((o) => 'volumes' in (o as { spec: object }).spec)).toBe(true);
      expect([...s.api.listByNamespace(pods, 'default', { forTable: true, fieldSelector: 'status.phase=Running' })].flat().every((o) => 'volumes' in (o as { spec: object }).spec)).toBe(true);
    });
    // A shard written without its projection (a commit cut short between the two): the shard is read.
    writeFileSync(shard, readFileSync(shard, 'utf8') + ' ');
    await withCluster({ home, readOnly: true }, (s) => expect(names(s).every((n) => n.endsWith(' whole'))).toBe(true));
    // A damaged projection: the shard is read.
    writeFileSync(table, `${readFileSync(table, 'utf8').split('\n')[0]}\n{"web":`);
    await withCluster({ home, readOnly: true }, (s) => expect(names(s).length).toBe(9));
  }, 60_000);
});
