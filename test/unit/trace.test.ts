import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { freshMeta, withCluster } from '../../src/cluster/session.js';
import { attachTrail, compact, trailOf, type TrailEntry } from '../../src/cluster/trace.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { trailView } from '../../src/client/trace.js';
import { klogLine, loggedApi } from '../../src/client/request-log.js';
import type { KObject, Pod } from '../../src/types/k8s.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `kubesim-trace-${p}-`));
const obj = (name: string, uid: string, namespace = 'default'): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, uid } });

function openStore() {
  const dir = tmp('store');
  return Store.open(dir, () => freshMeta({}));
}

describe('the trail recorder', () => {
  it('keeps each object to itself, in the order recorded', () => {
    const store = openStore();
    let now = 1000;
    const trail = attachTrail(store, () => now);
    trail.record(obj('a', 'uid-a'), 'x', 'first of a');
    now = 2000;
    trail.record(obj('b', 'uid-b'), 'x', 'only b');
    trail.record(obj('a', 'uid-a'), 'y', 'second of a', ['detail']);
    // Read before and after the commit: the buffer and the file give the same answer.
    const before = trail.read('default', ['uid-a']);
    trail.commit();
    const after = attachTrail(store, () => now).read('default', ['uid-a']);
    for (const entries of [before, after]) {
      expect(entries.map((e) => [e.at, e.component, e.message, e.details])).toEqual([
        [1000, 'x', 'first of a', undefined],
        [2000, 'y', 'second of a', ['detail']],
      ]);
    }
  });

  it('costs nothing on a store without a trail, and a commit never reads the file', () => {
    const store = openStore();
    expect(trailOf(store)).toBeUndefined(); // the hooks are `trailOf(store)?.x(...)`: nothing happens
    const trail = attachTrail(store, () => 0);
    trail.commit(); // nothing buffered: no file
    expect(existsSync(join(store.dir, 'trails'))).toBe(false);
    mkdirSync(join(store.dir, 'trails'));
    const file = join(store.dir, 'trails', 'default.jsonl');
    writeFileSync(file, '{"cut short by a kill\n');
    trail.record(obj('a', 'uid-a'), 'x', 'after the damage');
    trail.commit(); // appends without parsing what is there
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('{"cut short by a kill');
    expect(trail.read('default', ['uid-a']).map((e) => e.message)).toEqual(['after the damage']);
  });

  it('drops a request that storage never accepted', () => {
    const store = openStore();
    const trail = attachTrail(store, () => 0);
    trail.begin('configmaps', 'default', 'a', 'kube-apiserver', 'POST ...');
    trail.step('admission', 'X (validating) rejected: no');
    trail.begin('configmaps', 'default', 'b', 'kube-apiserver', 'POST ... b');
    store.put('configmaps', obj('b', 'uid-b'));
    store.put('configmaps', obj('a', 'uid-a'));
    expect(trail.read('default', ['uid-a'])).toEqual([]);
    expect(trail.read('default', ['uid-b']).map((e) => e.component)).toEqual(['kube-apiserver', 'etcd']);
  });

  it('is bounded per object and in all', () => {
    const dir = tmp('compact');
    const file = join(dir, 'default.jsonl');
    const entry = (uid: string, i: number): TrailEntry => ({ uid, at: i, component: 'c', message: `m${i}` });
    for (let i = 0; i < 50; i++) appendFileSync(file, JSON.stringify(entry('busy', i)) + '\n' + JSON.stringify(entry(`quiet-${i}`, i)) + '\n');
    compact(file, 10, 30);
    const kept = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrailEntry);
    expect(kept).toHaveLength(30);
    const busy = kept.filter((e) => e.uid === 'busy');
    expect(busy.map((e) => e.at)).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48, 49]); // the newest ten
    expect(kept[kept.length - 1]!.uid).toBe('quiet-49'); // order kept
  });

  it('drops what a kill cut short when it compacts: a glued line and an unfinished last one', () => {
    const file = join(tmp('compact-cut'), 'default.jsonl');
    const line = (uid: string, i: number) => JSON.stringify({ uid, at: i, component: 'c', message: `m "quoted" {"uid":"x"} ${i}`, details: ['a}'] } satisfies TrailEntry);
    const cut = line('cut', 1).slice(0, 30);
    writeFileSync(file, `${line('a', 0)}\n${cut}${line('b', 2)}\n${line('c', 3)}\n${line('d', 4).slice(0, -2)}`);
    compact(file);
    const kept = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrailEntry);
    expect(kept.map((e) => e.uid)).toEqual(['a', 'c']);
    expect(kept[0]!.message).toBe('m "quoted" {"uid":"x"} 0');
  });

  it("records a pod's admission patches, its scheduling verdicts and its kubelet", async () => {
    const home = tmp('cluster');
    const pods = resolveResource('pods')!;
    await withCluster({ home }, (s) => {
      const pod = s.api.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } as Pod);
      const view = trailView(s, pods, pod);
      const text = view.entries.map((e) => `${e.component}: ${e.message}\n${(e.details ?? []).join('\n')}`).join('\n');
      expect(text).toContain('RBAC allowed create: ClusterRoleBinding kubeadm:cluster-admins -> ClusterRole cluster-admin');
      expect(text).toContain('admission: DefaultTolerationSeconds (mutating) changed the object');
      expect(text).toContain('kubesim-control-plane: refused by TaintToleration: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');
      expect(text).toMatch(/kubelet \(kubesim-worker2?\): sandbox ready, IP 10\.244\./);
    });
  });
});

describe('the trail of a catch-up', () => {
  it('shows what a catch-up recorded ahead of its instant at its own time, in time order', async () => {
    const home = tmp('ahead');
    const pods = resolveResource('pods')!;
    await withCluster({ home }, (s) => {
      const spec = { containers: [{ name: 'c', image: 'busybox:1.28', command: ['sleep', '3600'], livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 } }] };
      s.api.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } as unknown as Pod);
      s.advance(30_000); // one catch-up: the probe's three failures and the kill are taken when the container starts
      const pod = s.api.get(pods, 'default', 'p') as Pod;
      const view = trailView(s, pods, pod);
      const ats = view.entries.map((e) => e.at);
      expect(ats).toEqual([...ats].sort((a, b) => a - b));
      const at = (what: string) => view.entries.find((e) => e.message.startsWith(what))!.at;
      const started = at('event Started');
      expect(at('event Unhealthy')).toBe(started + 5000);
      expect(at('event Killing')).toBe(started + 15_000);
    });
  });
});

describe('kubectl -v request lines', () => {
  it('uses klog\'s header', () => {
    expect(klogLine('round_trippers.go:560', 'GET x 200 OK in 1 milliseconds')).toMatch(/^I\d{4} \d\d:\d\d:\d\d\.\d{6} {1,7}\d+ round_trippers\.go:560\] GET x 200 OK in 1 milliseconds$/);
  });

  it('logs each API call as the REST request kubectl sends', async () => {
    const home = tmp('vlog');
    const lines: string[] = [];
    const pods = resolveResource('pods')!;
    await withCluster({ home }, (s) => {
      const api = loggedApi(s.api, { level: 6, server: 'https://127.0.0.1:6443', verb: 'get', write: (l) => lines.push(l) });
      api.list(pods, 'default', { labelSelector: 'app=web' });
      expect(() => api.get(pods, 'default', 'nope')).toThrow();
    });
    expect(lines[0]).toMatch(/\] GET https:\/\/127\.0\.0\.1:6443\/api\/v1\/namespaces\/default\/pods\?labelSelector=app%3Dweb&limit=500 200 OK in \d+ milliseconds$/);
    expect(lines[1]).toMatch(/\] GET https:\/\/127\.0\.0\.1:6443\/api\/v1\/namespaces\/default\/pods\/nope 404 Not Found in \d+ milliseconds$/);
    expect(lines).toHaveLength(2);
  });
});
