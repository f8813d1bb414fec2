import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fnv32a, safeEncodeString, computeHash } from '../../src/cluster/controllers/hash.js';
import { fenceposts, type Deployment } from '../../src/cluster/controllers/deployment.js';
import { withCluster, type ClusterSession } from '../../src/cluster/session.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import type { KObject, Pod } from '../../src/types/k8s.js';

const R = (n: string) => resolveResource(n)!;

beforeAll(() => {
  process.env.KUBESIM_CLOCK = 'manual';
});

function home(): string {
  return mkdtempSync(join(tmpdir(), 'kubesim-ctl-'));
}

function deployment(name: string, replicas: number, image = 'nginx:1.14.2'): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
    },
  };
}

const podsOf = (s: ClusterSession, app: string) => s.api.list(R('pods'), 'default', { labelSelector: `app=${app}` }) as Pod[];
const live = (pods: Pod[]) => pods.filter((p) => !p.metadata.deletionTimestamp);

describe('pod-template-hash', () => {
  it('FNV-32a matches the published test vectors', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });

  it('renders the decimal hash with SafeEncodeString', () => {
    // 2166136261 = FNV-32a offset basis; digits map 0-9 to 4 5 6 7 8 9 b c d f.
    expect(safeEncodeString('2166136261')).toBe('65bb57b6b5');
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('is stable per template and changes with the template or the collision count', () => {
    const t = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const h = computeHash(t);
    expect(h).toMatch(/^[4-9bcdf]{8,10}$/);
    expect(computeHash(structuredClone(t))).toBe(h);
    expect(computeHash({ ...t, spec: { containers: [{ name: 'c', image: 'nginx:1.16.1' }] } })).not.toBe(h);
    expect(computeHash(t, 1)).not.toBe(h);
  });

  it('resolves maxSurge up and maxUnavailable down', () => {
    const d = deployment('x', 3) as Deployment;
    expect(fenceposts(d)).toEqual([1, 0]);
    (d.spec.replicas as number) = 5;
    expect(fenceposts(d)).toEqual([2, 1]);
  });
});

describe('Deployment and ReplicaSet controllers', () => {
  it('creates a ReplicaSet NAME-HASH with pods NAME-HASH-xxxxx, scales up and down', async () => {
    const h = home();
    await withCluster({ home: h }, (s) => {
      s.api.create(R('deployments.apps'), 'default', deployment('web', 3));
      const rss = s.api.list(R('replicasets.apps'), 'default');
      expect(rss).toHaveLength(1);
      const rs = rss[0]!;
      const hash = rs.metadata.labels!['pod-template-hash']!;
      expect(rs.metadata.name).toBe(`web-${hash}`);
      expect(rs.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('1');
      const pods = podsOf(s, 'web');
      expect(pods).toHaveLength(3);
      for (const p of pods) {
        expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
        expect(p.metadata.ownerReferences![0]).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata.name, controller: true, blockOwnerDeletion: true });
      }
      s.advance(60_000);
      const d = s.api.get(R('deployments.apps'), 'default', 'web');
      expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
      s.api.patch(R('deployments.apps'), 'default', 'web', 'merge', { spec: { replicas: 5 } });
      expect(live(podsOf(s, 'web'))).toHaveLength(5);
      s.api.patch(R('deployments.apps'), 'default', 'web', 'merge', { spec: { replicas: 2 } });
      expect(live(podsOf(s, 'web'))).toHaveLength(2);
      const events = s.api.list(R('events'), 'default').map((e) => (e as { message?: string }).message);
      expect(events).toContain(`Scaled up replica set ${rs.metadata.name} from 0 to 3`);
      expect(events).toContain(`Scaled up replica set ${rs.metadata.name} from 3 to 5`);
      expect(events).toContain(`Scaled down replica set ${rs.metadata.name} from 5 to 2`);
    });
  });

  it('replaces a deleted pod at once', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(R('deployments.apps'), 'default', deployment('heal', 2));
      s.advance(30_000);
      const victim = podsOf(s, 'heal')[0]!;
      s.api.delete(R('pods'), 'default', victim.metadata.name!);
      const names = live(podsOf(s, 'heal')).map((p) => p.metadata.name);
      expect(names).toHaveLength(2);
      expect(names).not.toContain(victim.metadata.name);
    });
  });

  it('rolls out a new template to a new ReplicaSet and keeps the old one at 0', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(R('deployments.apps'), 'default', deployment('roll', 3));
      s.advance(60_000);
      s.api.patch(R('deployments.apps'), 'default', 'roll', 'json', [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:1.16.1' }]);
      s.advance(120_000);
      const rss = s.api.list(R('replicasets.apps'), 'default').map((r) => [(r.spec as { replicas: number }).replicas, r.metadata.annotations!['deployment.kubernetes.io/revision']]);
      expect(rss.sort()).toEqual([[0, '1'], [3, '2']]);
      const d = s.api.get(R('deployments.apps'), 'default', 'roll');
      expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
      expect((d.status as { conditions: { type: string; reason: string }[] }).conditions.map((c) => `${c.type}/${c.reason}`)).toEqual([
        'Available/MinimumReplicasAvailable',
        'Progressing/NewReplicaSetAvailable',
      ]);
    });
  });

  it('garbage-collects ReplicaSets and pods of a deleted Deployment', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(R('deployments.apps'), 'default', deployment('gone', 2));
      s.advance(30_000);
      s.api.delete(R('deployments.apps'), 'default', 'gone', { propagationPolicy: 'Background' });
      expect(s.api.list(R('replicasets.apps'), 'default')).toHaveLength(0);
      s.waitFor(() => podsOf(s, 'gone').length === 0, 60_000);
      expect(podsOf(s, 'gone')).toHaveLength(0);
    });
  });
});

describe('Job controller', () => {
  it('runs completions one at a time and completes', async () => {
    await withCluster({ home: home() }, (s) => {
      const job = s.api.create(R('jobs.batch'), 'default', {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'count' },
        spec: { completions: 2, template: { spec: { containers: [{ name: 'c', image: 'busybox:1.28', command: ['true'] }], restartPolicy: 'Never' } } },
      });
      const uid = job.metadata.uid!;
      expect(job.spec).toMatchObject({ backoffLimit: 6, completionMode: 'NonIndexed', parallelism: 1, suspend: false, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } } });
      const finish = () => {
        // Whatever the runtime does with `true`, the pod ends Succeeded: write that outcome directly.
        for (const p of s.api.list(R('pods'), 'default', { labelSelector: 'job-name=count' }) as Pod[]) {
          if (p.status?.phase === 'Succeeded') continue;
          expect(p.metadata.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'count', 'controller-uid': uid });
          s.store.put('pods', { ...p, status: { ...(p.status ?? {}), phase: 'Succeeded', conditions: [] } } as Pod);
        }
        s.engine.runUntil(s.now);
      };
      expect(s.api.list(R('pods'), 'default', { labelSelector: 'job-name=count' })).toHaveLength(1);
      finish();
      expect(s.api.list(R('pods'), 'default', { labelSelector: 'job-name=count' })).toHaveLength(2);
      finish();
      const done = s.api.get(R('jobs.batch'), 'default', 'count');
      expect(done.status).toMatchObject({ succeeded: 2, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
      expect((done.status as { conditions: { type: string; reason: string }[] }).conditions.map((c) => `${c.type}/${c.reason}`)).toEqual([
        'SuccessCriteriaMet/CompletionsReached',
        'Complete/CompletionsReached',
      ]);
    });
  });
});

describe('DaemonSet controller', () => {
  it('runs one pod per node whose taints it tolerates', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(R('daemonsets.apps'), 'default', {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent' },
        spec: { selector: { matchLabels: { name: 'agent' } }, template: { metadata: { labels: { name: 'agent' } }, spec: { containers: [{ name: 'a', image: 'busybox:1.28' }] } } },
      });
      const pods = s.api.list(R('pods'), 'default', { labelSelector: 'name=agent' }) as Pod[];
      expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(['kubesim-worker', 'kubesim-worker2']);
      expect(pods[0]!.spec.tolerations!.map((t) => t.key)).toContain('node.kubernetes.io/unschedulable');
    });
  });

  it('the default cluster add-ons are real workloads', async () => {
    await withCluster({ home: home() }, (s) => {
      const rs = s.api.get(R('replicasets.apps'), 'kube-system', 'coredns-668d6bf9bc');
      expect(rs.status).toMatchObject({ replicas: 2 });
      expect(rs.metadata.ownerReferences![0]).toMatchObject({ kind: 'Deployment', name: 'coredns' });
      const coredns = s.api.list(R('pods'), 'kube-system', { labelSelector: 'k8s-app=kube-dns' }) as Pod[];
      expect(coredns.map((p) => p.spec.nodeName)).toEqual(['kubesim-control-plane', 'kubesim-control-plane']);
      const ds = s.api.get(R('daemonsets.apps'), 'kube-system', 'kube-proxy');
      expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3 });
    });
  });
});

describe('node lifecycle: spec.unschedulable, whoever sets it', () => {
  it('a plain patch gets the unschedulable taint and the kubelet event; clearing it removes the taint', async () => {
    const h = home();
    await withCluster({ home: h }, (s) => {
      s.api.patch(R('nodes'), undefined, 'kubesim-worker', 'merge', { spec: { unschedulable: true } });
    });
    await withCluster({ home: h }, (s) => {
      const node = s.api.get(R('nodes'), undefined, 'kubesim-worker') as KObject & { spec: { taints?: { key: string; effect: string }[] } };
      expect(node.spec.taints).toEqual([expect.objectContaining({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })]);
      const events = s.api.list(R('events'), 'default').filter((e) => (e as { reason?: string }).reason === 'NodeNotSchedulable');
      expect(events.map((e) => (e as { message?: string }).message)).toEqual(['Node kubesim-worker status is now: NodeNotSchedulable']);
      s.api.patch(R('nodes'), undefined, 'kubesim-worker', 'merge', { spec: { unschedulable: null } });
    });
    await withCluster({ home: h }, (s) => {
      const node = s.api.get(R('nodes'), undefined, 'kubesim-worker') as KObject & { spec: { taints?: unknown[] } };
      expect(node.spec.taints).toBeUndefined();
    });
  });
});
