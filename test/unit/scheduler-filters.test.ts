import { describe, expect, it } from 'vitest';
import { FILTERS, NO_CLUSTER, buildNodeInfo, podRequests, spreadConstraints, type CycleState, type NodeInfo } from '../../src/cluster/scheduler-plugins.js';
import type { KObject, Pod } from '../../src/types/k8s.js';
import { volumePreFilter } from '../../src/cluster/volume-binding.js';
import { node, pod, req } from './scheduler-fixtures.js';

function run(plugin: string, p: Pod, info: NodeInfo, nodes: NodeInfo[] = [info]) {
  const f = FILTERS.find((x) => x.name === plugin)!;
  const state: CycleState = { pod: p, nodes, cluster: NO_CLUSTER, allPods: nodes.flatMap((n) => n.pods), spread: spreadConstraints(p, NO_CLUSTER) };
  return f.filter(p, info, state);
}

describe('scheduler filters (scheduler.md §2)', () => {
  it('runs in the v1.32 plugin order', () => {
    expect(FILTERS.map((f) => f.name)).toEqual([
      'NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit',
      'VolumeRestrictions', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity',
    ]);
  });

  it('NodeUnschedulable: cordoned nodes, unless tolerated', () => {
    const n = node('w');
    n.spec.unschedulable = true;
    expect(run('NodeUnschedulable', pod('p'), buildNodeInfo(n, []))).toEqual({ reasons: ['node(s) were unschedulable'], unresolvable: true });
    const tolerant = pod('p', [{}], { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(run('NodeUnschedulable', tolerant, buildNodeInfo(n, []))).toBeUndefined();
  });

  it('NodeName', () => {
    expect(run('NodeName', pod('p', [{}], { nodeName: 'other' }), buildNodeInfo(node('w'), []))?.reasons).toEqual(["node(s) didn't match the requested node name"]);
  });

  it('TaintToleration names the first untolerated taint, with an empty value', () => {
    const cp = buildNodeInfo(node('cp', { controlPlane: true }), []);
    expect(run('TaintToleration', pod('p'), cp)).toEqual({ reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'], unresolvable: true });
    const n = node('w');
    n.spec.taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }, { key: 'soft', effect: 'PreferNoSchedule' }];
    expect(run('TaintToleration', pod('p'), buildNodeInfo(n, []))?.reasons).toEqual(['node(s) had untolerated taint {dedicated: gpu}']);
    const tolerant = pod('p', [{}], { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu' }] });
    expect(run('TaintToleration', tolerant, buildNodeInfo(n, []))).toBeUndefined();
    expect(run('TaintToleration', pod('p', [{}], { tolerations: [{ operator: 'Exists' }] }), cp)).toBeUndefined();
  });

  it('NodeAffinity: nodeSelector and required terms', () => {
    const ssd = buildNodeInfo(node('w', { labels: { disktype: 'ssd' } }), []);
    const plain = buildNodeInfo(node('w2'), []);
    const bySelector = pod('p', [{}], { nodeSelector: { disktype: 'ssd' } });
    expect(run('NodeAffinity', bySelector, ssd)).toBeUndefined();
    expect(run('NodeAffinity', bySelector, plain)).toEqual({ reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true });
    const byAffinity = pod('p', [{}], {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] }] } } },
    });
    expect(run('NodeAffinity', byAffinity, ssd)).toBeUndefined();
    expect(run('NodeAffinity', byAffinity, plain)).toBeDefined();
  });

  it('NodePorts: a host port in use', () => {
    const hp = (n: number) => ({ ports: [{ containerPort: 80, hostPort: n }] }) as never;
    const used = buildNodeInfo(node('w'), [pod('a', [hp(8080)])]);
    expect(run('NodePorts', pod('b', [hp(8080)]), used)).toEqual({ reasons: ["node(s) didn't have free ports for the requested pod ports"], unresolvable: false });
    expect(run('NodePorts', pod('b', [hp(8081)]), used)).toBeUndefined();
  });

  it('NodeResourcesFit: cpu, memory, extended resources, pod count', () => {
    const n = buildNodeInfo(node('w', { cpu: '2' }), [pod('sys', [req({ cpu: '950m' })])]);
    expect(run('NodeResourcesFit', pod('p', [req({ cpu: '2' })]), n)).toEqual({ reasons: ['Insufficient cpu'], unresolvable: false });
    expect(run('NodeResourcesFit', pod('p', [req({ cpu: '1', memory: '1000Gi' })]), n)?.reasons).toEqual(['Insufficient memory']);
    expect(run('NodeResourcesFit', pod('p', [req({ cpu: '3', memory: '1000Gi' })]), n)?.reasons).toEqual(['Insufficient cpu', 'Insufficient memory']);
    // Extended resources: none on the node, or too few left.
    expect(run('NodeResourcesFit', pod('p', [req({ 'example.com/dongle': '2' })]), n)?.reasons).toEqual(['Insufficient example.com/dongle']);
    const dongles = node('d', { extra: { 'example.com/dongle': '4' } });
    const taken = buildNodeInfo(dongles, [pod('x', [req({ 'example.com/dongle': '3' })])]);
    expect(run('NodeResourcesFit', pod('p', [req({ 'example.com/dongle': '1' })]), taken)).toBeUndefined();
    expect(run('NodeResourcesFit', pod('p', [req({ 'example.com/dongle': '2' })]), taken)?.reasons).toEqual(['Insufficient example.com/dongle']);
    // BestEffort pods always fit resources, but count toward pods.
    const full = node('f');
    full.status.allocatable!.pods = '1';
    expect(run('NodeResourcesFit', pod('p'), buildNodeInfo(full, [pod('q')]))?.reasons).toEqual(['Too many pods']);
  });

  it('extended capacity not yet mirrored into allocatable counts', () => {
    const n = node('d');
    n.status.capacity!['example.com/dongle'] = '4';
    expect(run('NodeResourcesFit', pod('p', [req({ 'example.com/dongle': '3' })]), buildNodeInfo(n, []))).toBeUndefined();
  });

  it('pod requests: max(sum of containers, init containers) + overhead', () => {
    const p = pod('p', [req({ cpu: '100m' }), req({ cpu: '200m' })], {
      initContainers: [{ name: 'i', image: 'busybox', resources: { requests: { cpu: '500m' } } }],
      overhead: { cpu: '10m' },
    });
    expect(podRequests(p).cpu).toBeCloseTo(0.51);
  });

  it('PodTopologySpread: DoNotSchedule skew and missing labels', () => {
    const spec = {
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
    } as never;
    const web = (n: string) => pod(n, [{}], {}, { labels: { app: 'web' } });
    const a = buildNodeInfo(node('a', { labels: { zone: 'z1' } }), [web('w1')]);
    const b = buildNodeInfo(node('b', { labels: { zone: 'z2' } }), []);
    const c = buildNodeInfo(node('c'), []);
    const incoming = pod('new', [{}], spec, { labels: { app: 'web' } });
    const nodes = [a, b, c];
    expect(run('PodTopologySpread', incoming, a, nodes)?.reasons).toEqual(["node(s) didn't match pod topology spread constraints"]);
    expect(run('PodTopologySpread', incoming, b, nodes)).toBeUndefined();
    expect(run('PodTopologySpread', incoming, c, nodes)).toEqual({ reasons: ["node(s) didn't match pod topology spread constraints (missing required label)"], unresolvable: true });
  });

  it('InterPodAffinity: required affinity and anti-affinity', () => {
    const term = { labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: 'kubernetes.io/hostname' };
    const a = buildNodeInfo(node('a'), [{ ...pod('cache', [{}], {}, { labels: { app: 'cache' } }), spec: { ...pod('x').spec, nodeName: 'a' } }]);
    const b = buildNodeInfo(node('b'), []);
    const nodes = [a, b];
    const near = pod('web', [{}], { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } });
    expect(run('InterPodAffinity', near, a, nodes)).toBeUndefined();
    expect(run('InterPodAffinity', near, b, nodes)).toEqual({ reasons: ["node(s) didn't match pod affinity rules"], unresolvable: true });
    const far = pod('web', [{}], { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } });
    expect(run('InterPodAffinity', far, a, nodes)).toEqual({ reasons: ["node(s) didn't match pod anti-affinity rules"], unresolvable: false });
    expect(run('InterPodAffinity', far, b, nodes)).toBeUndefined();
  });

  it('VolumeBinding PreFilter: missing and unbound immediate PVCs', () => {
    const objects: Record<string, KObject> = {};
    const cluster = { get: (r: string, ns: string | undefined, name: string) => objects[`${r}/${ns ?? ''}/${name}`], list: () => [] };
    const withClaim = pod('p', [{}], { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'task-pv-claim' } }] } as never);
    expect(volumePreFilter(withClaim, cluster)).toBe('persistentvolumeclaim "task-pv-claim" not found');
    objects['persistentvolumeclaims/default/task-pv-claim'] = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'task-pv-claim' }, spec: { storageClassName: 'manual' }, status: { phase: 'Pending' } } as KObject;
    expect(volumePreFilter(withClaim, cluster)).toBe('pod has unbound immediate PersistentVolumeClaims');
    objects['storageclasses.storage.k8s.io//manual'] = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'manual' }, volumeBindingMode: 'WaitForFirstConsumer' } as KObject;
    expect(volumePreFilter(withClaim, cluster)).toBeUndefined();
  });
});
