import { describe, expect, it } from 'vitest';
import type { KObject, Node, Pod } from '../../src/types/k8s.js';
import {
  VOLUME_REASONS,
  findMatchingVolume,
  planPodVolumes,
  podVolumesBound,
  volumeBindingFilter,
  volumeNodeAffinityMatches,
  volumePreFilter,
  volumeRestrictionsFilter,
  defaultStorageClass,
  type PVCObject,
  type PVObject,
  type StorageView,
} from '../../src/cluster/volume-binding.js';

function pv(name: string, size: string, extra: Partial<NonNullable<PVObject['spec']>> = {}, phase = 'Available', labels?: Record<string, string>): PVObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: size }, storageClassName: 'manual', hostPath: { path: '/mnt' }, ...extra },
    status: { phase },
  };
}

function pvc(name: string, size: string, extra: Partial<NonNullable<PVCObject['spec']>> = {}, status: PVCObject['status'] = { phase: 'Pending' }): PVCObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, storageClassName: 'manual', ...extra },
    status,
  };
}

function node(name: string): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } } } as Node;
}

function podWith(claims: string[], extra: Partial<Pod['spec']> = {}, name = 'p'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } })), ...extra },
  } as Pod;
}

function cluster(objects: { resource: string; obj: KObject }[]): StorageView {
  return {
    get: (r, ns, name) => objects.find((o) => o.resource === r && o.obj.metadata.name === name && (o.obj.metadata.namespace ?? '') === (ns ?? ''))?.obj,
    list: (r) => objects.filter((o) => o.resource === r).map((o) => o.obj),
  };
}

const WFFC = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' };
const LOCAL = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' };

const onNode = (n: string) => ({ nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [n] }] }] } } });

describe('findMatchingVolume', () => {
  it('picks the smallest Available volume that is large enough, of the same class', () => {
    const vols = [pv('big', '10Gi'), pv('small', '1Gi'), pv('mid', '5Gi'), pv('other', '4Gi', { storageClassName: 'fast' })];
    expect(findMatchingVolume(pvc('c', '3Gi'), vols)?.metadata.name).toBe('mid');
    expect(findMatchingVolume(pvc('c', '20Gi'), vols)).toBeUndefined();
  });

  it('requires the access modes, volume mode and selector', () => {
    const vols = [pv('rwo', '10Gi'), pv('rwx', '10Gi', { accessModes: ['ReadWriteMany', 'ReadWriteOnce'] }, 'Available', { tier: 'gold' })];
    expect(findMatchingVolume(pvc('c', '1Gi', { accessModes: ['ReadWriteMany'] }), vols)?.metadata.name).toBe('rwx');
    expect(findMatchingVolume(pvc('c', '1Gi', { selector: { matchLabels: { tier: 'gold' } } }), vols)?.metadata.name).toBe('rwx');
    expect(findMatchingVolume(pvc('c', '1Gi', { volumeMode: 'Block' }), vols)).toBeUndefined();
  });

  it('prefers a volume pre-bound to the claim and skips volumes bound elsewhere', () => {
    const vols = [pv('a', '1Gi', { claimRef: { name: 'other', namespace: 'default' } }), pv('b', '100Gi', { claimRef: { name: 'c', namespace: 'default' } })];
    expect(findMatchingVolume(pvc('c', '1Gi'), vols)?.metadata.name).toBe('b');
  });

  it('leaves delayed-binding claims to the scheduler unless a node is given', () => {
    const vols = [pv('n1', '5Gi', onNode('w1')), pv('n2', '5Gi', onNode('w2'))];
    expect(findMatchingVolume(pvc('c', '1Gi'), vols, { delayBinding: true })).toBeUndefined();
    expect(findMatchingVolume(pvc('c', '1Gi'), vols, { node: node('w2') })?.metadata.name).toBe('n2');
  });
});

describe('volumeNodeAffinityMatches', () => {
  it('matches In / NotIn / Exists terms, ORed', () => {
    const v = pv('x', '1Gi', {
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] }] } },
    });
    expect(volumeNodeAffinityMatches(v, { metadata: { name: 'n', labels: { zone: 'a' } } })).toBe(true);
    expect(volumeNodeAffinityMatches(v, { metadata: { name: 'n', labels: { ssd: '' } } })).toBe(true);
    expect(volumeNodeAffinityMatches(v, { metadata: { name: 'n', labels: { zone: 'b' } } })).toBe(false);
    expect(volumeNodeAffinityMatches(pv('y', '1Gi'), { metadata: { name: 'n' } })).toBe(true);
  });
});

describe('volumePreFilter', () => {
  it('reports a missing claim, a claim being deleted and unbound immediate claims', () => {
    expect(volumePreFilter(podWith(['task-pv-claim']), cluster([]))).toBe('persistentvolumeclaim "task-pv-claim" not found');
    const deleting = pvc('c', '1Gi');
    deleting.metadata.deletionTimestamp = '2025-01-15T10:00:00Z';
    expect(volumePreFilter(podWith(['c']), cluster([{ resource: 'persistentvolumeclaims', obj: deleting }]))).toBe(VOLUME_REASONS.claimBeingDeleted('c'));
    expect(volumePreFilter(podWith(['c']), cluster([{ resource: 'persistentvolumeclaims', obj: pvc('c', '1Gi') }]))).toBe('pod has unbound immediate PersistentVolumeClaims');
  });

  it('lets bound claims and WaitForFirstConsumer claims through', () => {
    const bound = pvc('b', '1Gi', { volumeName: 'v' }, { phase: 'Bound' });
    const wffc = pvc('w', '1Gi', { storageClassName: 'standard' });
    const view = cluster([
      { resource: 'persistentvolumeclaims', obj: bound },
      { resource: 'persistentvolumeclaims', obj: wffc },
      { resource: 'storageclasses.storage.k8s.io', obj: WFFC },
    ]);
    expect(volumePreFilter(podWith(['b', 'w']), view)).toBeUndefined();
    expect(podVolumesBound(podWith(['b']), view)).toBe(true);
    expect(podVolumesBound(podWith(['b', 'w']), view)).toBe(false);
  });

  it('reports a Lost claim and an ephemeral claim not created yet', () => {
    const lost = pvc('l', '1Gi', { volumeName: 'gone' }, { phase: 'Lost' });
    expect(volumePreFilter(podWith(['l']), cluster([{ resource: 'persistentvolumeclaims', obj: lost }]))).toBe('persistentvolumeclaim "l" bound to non-existent persistentvolume "gone"');
    const eph = { ...podWith([]), spec: { containers: [], volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: {} } }] } } as unknown as Pod;
    expect(volumePreFilter(eph, cluster([]))).toBe('waiting for ephemeral volume controller to create the persistentvolumeclaim "p-scratch"');
  });
});

describe('volumeBindingFilter', () => {
  it('fails nodes outside a bound volume\'s node affinity, and bound claims whose volume is gone', () => {
    const claim = pvc('c', '1Gi', { volumeName: 'v' }, { phase: 'Bound' });
    const view = cluster([
      { resource: 'persistentvolumeclaims', obj: claim },
      { resource: 'persistentvolumes', obj: pv('v', '1Gi', onNode('w1'), 'Bound') },
    ]);
    expect(volumeBindingFilter(podWith(['c']), node('w1'), view).reasons).toEqual([]);
    expect(volumeBindingFilter(podWith(['c']), node('w2'), view)).toEqual({ reasons: [VOLUME_REASONS.nodeConflict], unresolvable: true });
    const orphan = cluster([{ resource: 'persistentvolumeclaims', obj: claim }]);
    expect(volumeBindingFilter(podWith(['c']), node('w1'), orphan).reasons).toEqual(['node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)']);
  });

  it('needs an Available local volume on the node when the class cannot provision', () => {
    const claim = pvc('c', '1Gi', { storageClassName: 'local' });
    const view = cluster([
      { resource: 'persistentvolumeclaims', obj: claim },
      { resource: 'storageclasses.storage.k8s.io', obj: LOCAL },
      { resource: 'persistentvolumes', obj: pv('lv', '5Gi', { storageClassName: 'local', ...onNode('w1') }) },
    ]);
    expect(volumeBindingFilter(podWith(['c']), node('w1'), view).reasons).toEqual([]);
    expect(volumeBindingFilter(podWith(['c']), node('w2'), view).reasons).toEqual(["node(s) didn't find available persistent volumes to bind"]);
    const plan = planPodVolumes(podWith(['c']), node('w1'), view);
    expect(plan.bind.map((b) => b.volume.metadata.name)).toEqual(['lv']);
    expect(plan.provision).toEqual([]);
  });

  it('lets a provisioning class through on any node, then only on the selected one', () => {
    const claim = pvc('c', '1Gi', { storageClassName: 'standard' });
    const view = cluster([
      { resource: 'persistentvolumeclaims', obj: claim },
      { resource: 'storageclasses.storage.k8s.io', obj: WFFC },
    ]);
    expect(volumeBindingFilter(podWith(['c']), node('w2'), view).reasons).toEqual([]);
    expect(planPodVolumes(podWith(['c']), node('w2'), view).provision.map((c) => c.metadata.name)).toEqual(['c']);
    claim.metadata.annotations = { 'volume.kubernetes.io/selected-node': 'w1', 'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path' };
    expect(volumeBindingFilter(podWith(['c']), node('w1'), view).reasons).toEqual([]);
    expect(volumeBindingFilter(podWith(['c']), node('w2'), view).reasons).toEqual([VOLUME_REASONS.bindConflict]);
  });
});

describe('volumeRestrictionsFilter', () => {
  it('refuses a second user of a ReadWriteOncePod claim', () => {
    const claim = pvc('c', '1Gi', { accessModes: ['ReadWriteOncePod'], volumeName: 'v' }, { phase: 'Bound' });
    const view = cluster([{ resource: 'persistentvolumeclaims', obj: claim }]);
    const first = podWith(['c'], { nodeName: 'w1' }, 'first');
    const second = podWith(['c'], {}, 'second');
    expect(volumeRestrictionsFilter(second, node('w2'), view, [first])).toEqual({ reasons: [VOLUME_REASONS.readWriteOncePodConflict], unresolvable: false });
    expect(volumeRestrictionsFilter(second, node('w2'), view, []).reasons).toEqual([]);
  });
});

describe('defaultStorageClass', () => {
  it('picks the newest default class', () => {
    const a = { ...WFFC, metadata: { ...WFFC.metadata, name: 'a', creationTimestamp: '2025-01-01T00:00:00Z' } };
    const b = { ...WFFC, metadata: { ...WFFC.metadata, name: 'b', creationTimestamp: '2025-01-02T00:00:00Z' } };
    const view = cluster([{ resource: 'storageclasses.storage.k8s.io', obj: a }, { resource: 'storageclasses.storage.k8s.io', obj: b }, { resource: 'storageclasses.storage.k8s.io', obj: LOCAL }]);
    expect(defaultStorageClass(view)?.metadata.name).toBe('b');
  });
});
