import { describe, expect, it } from 'vitest';
import { buildNodeInfo, schedulePod, NO_CLUSTER, type ClusterView, type NodeInfo } from '../../src/cluster/scheduler-plugins.js';
import type { KObject, Pod } from '../../src/types/k8s.js';
import { kindCluster, node, pod } from './scheduler-fixtures.js';

function place(p: Pod, nodes: NodeInfo[], cluster: ClusterView = NO_CLUSTER): string {
  const r = schedulePod(p, nodes, cluster);
  const name = r.node!;
  const info = nodes.find((n) => n.node.metadata.name === name)!;
  info.pods.push({ ...p, spec: { ...p.spec, nodeName: name } });
  return name;
}

describe('scoring (scheduler.md §5)', () => {
  it('the first ordinary pod lands on kubesim-worker2 (metrics-server is on kubesim-worker)', () => {
    expect(schedulePod(pod('nginx'), kindCluster()).node).toBe('kubesim-worker2');
  });

  it('preferred node affinity beats the resource scores', () => {
    const cluster = kindCluster();
    cluster[1]!.node.metadata.labels!.disktype = 'ssd';
    const preferred = pod('nginx', [{}], {
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } }] } },
    });
    expect(schedulePod(preferred, cluster).node).toBe('kubesim-worker');
  });

  it('PreferNoSchedule taints push pods away', () => {
    const cluster = kindCluster();
    cluster[2]!.node.spec.taints = [{ key: 'soft', effect: 'PreferNoSchedule' }];
    expect(schedulePod(pod('nginx'), cluster).node).toBe('kubesim-worker');
  });

  it('replicas of a ReplicaSet spread over the workers', () => {
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } } } } as KObject;
    const cluster: ClusterView = { get: (r, _ns, name) => (r === 'replicasets.apps' && name === 'web-1' ? rs : undefined), list: () => [] };
    const nodes = kindCluster();
    const placed: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = pod(`web-${i}`, [{}], {}, { labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs', controller: true }] });
      placed.push(place(p, nodes, cluster));
    }
    const count = (n: string) => placed.filter((x) => x === n).length;
    expect(count('kubesim-worker') + count('kubesim-worker2')).toBe(6);
    expect(Math.abs(count('kubesim-worker') - count('kubesim-worker2'))).toBeLessThanOrEqual(1);
  });

  it('image locality prefers a node that has a large image', () => {
    const a = buildNodeInfo(node('a'), [], []);
    const b = buildNodeInfo(node('b'), [], ['docker.io/library/nginx:latest']);
    expect(schedulePod(pod('nginx'), [a, b]).scores.get('b')!).toBeGreaterThan(schedulePod(pod('nginx'), [a, b]).scores.get('a')!);
  });
});
