import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withCluster, type ClusterSession } from '../../src/cluster/session.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { StatusError } from '../../src/apiserver/errors.js';
import type { Event, KObject, Pod } from '../../src/types/k8s.js';
import { volumePreBind, type PVCObject, type PVObject } from '../../src/cluster/volume-binding.js';
import { PROVISION_DELAY_MS } from '../../src/cluster/controllers/persistentvolume.js';

const R = (n: string) => resolveResource(n)!;
const PV = R('persistentvolumes');
const PVC = R('persistentvolumeclaims');

beforeAll(() => {
  process.env.KUBESIM_CLOCK = 'manual';
});

const home = () => mkdtempSync(join(tmpdir(), 'kubesim-storage-'));

const taskPv = (): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'task-pv-volume', labels: { type: 'local' } },
  spec: { storageClassName: 'manual', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/data' } },
});

const claim = (name: string, spec: Record<string, unknown> = { storageClassName: 'manual' }): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '3Gi' } }, ...spec },
});

const podUsing = (name: string, claimName: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }],
    containers: [{ name: 'c', image: 'nginx', volumeMounts: [{ mountPath: '/data', name: 'data' }] }],
  },
});

const getPv = (s: ClusterSession, name: string) => s.store.get('persistentvolumes', undefined, name) as PVObject | undefined;
const getPvc = (s: ClusterSession, name: string) => s.store.get('persistentvolumeclaims', 'default', name) as PVCObject | undefined;

function eventsFor(s: ClusterSession, obj: KObject): string[] {
  return (s.store.list('events', obj.metadata.namespace || 'default') as Event[])
    .filter((e) => e.involvedObject.uid === obj.metadata.uid)
    .map((e) => `${e.type} ${e.reason} ${e.message}`);
}

function invalidText(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.message;
    throw e;
  }
  return '';
}

describe('static binding (configure-persistent-volume-storage)', () => {
  it('binds a manual claim to the hostPath volume and releases it on delete', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(PV, undefined, taskPv());
      let pv = getPv(s, 'task-pv-volume')!;
      expect(pv.status?.phase).toBe('Available');
      expect(pv.spec?.persistentVolumeReclaimPolicy).toBe('Retain');
      expect(pv.spec?.volumeMode).toBe('Filesystem');
      expect(pv.spec?.hostPath).toEqual({ path: '/mnt/data', type: '' });
      expect(pv.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);

      s.api.create(PVC, 'default', claim('task-pv-claim'));
      pv = getPv(s, 'task-pv-volume')!;
      const pvc = getPvc(s, 'task-pv-claim')!;
      expect(pv.status?.phase).toBe('Bound');
      expect(pv.spec?.claimRef).toMatchObject({ kind: 'PersistentVolumeClaim', name: 'task-pv-claim', namespace: 'default', uid: pvc.metadata.uid });
      expect(pv.metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).toBe('yes');
      expect(pvc.spec?.volumeName).toBe('task-pv-volume');
      expect(pvc.status).toEqual({ accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' }, phase: 'Bound' });
      expect(pvc.metadata.annotations).toMatchObject({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
      expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);

      s.api.delete(PVC, 'default', 'task-pv-claim');
      expect(getPvc(s, 'task-pv-claim')).toBeUndefined();
      expect(getPv(s, 'task-pv-volume')!.status?.phase).toBe('Released');

      // A Released volume is not Bound: its protection finalizer goes at once.
      s.api.delete(PV, undefined, 'task-pv-volume');
      expect(getPv(s, 'task-pv-volume')).toBeUndefined();
    });
  });

  it('keeps a claim used by a pod Terminating until the pod is gone', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(PV, undefined, taskPv());
      s.api.create(PVC, 'default', claim('task-pv-claim'));
      s.api.create(R('pods'), 'default', podUsing('user', 'task-pv-claim'));
      s.advance(5_000);
      s.api.delete(PVC, 'default', 'task-pv-claim');
      expect(getPvc(s, 'task-pv-claim')?.metadata.deletionTimestamp).toBeTruthy();
      // A bound PV being deleted stays too.
      s.api.delete(PV, undefined, 'task-pv-volume');
      expect(getPv(s, 'task-pv-volume')?.metadata.deletionTimestamp).toBeTruthy();
      s.api.delete(R('pods'), 'default', 'user');
      s.waitFor(() => !s.store.get('pods', 'default', 'user'), 120_000);
      s.advance(1_000);
      expect(getPvc(s, 'task-pv-claim')).toBeUndefined();
      expect(getPv(s, 'task-pv-volume')).toBeUndefined();
    });
  });

  it('binds a waiting claim when a fitting volume appears, without extra events', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(PVC, 'default', claim('late'));
      s.advance(1_000);
      s.api.create(PV, undefined, taskPv());
      expect(getPvc(s, 'late')!.status?.phase).toBe('Bound');
      expect(eventsFor(s, getPvc(s, 'late')!)).toEqual(['Warning ProvisioningFailed storageclass.storage.k8s.io "manual" not found']);
    });
  });

  it('reports claims that cannot bind', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(PVC, 'default', claim('noclass', { storageClassName: '' }));
      s.api.create(PVC, 'default', claim('nosuch', { storageClassName: 'manual' }));
      expect(getPvc(s, 'noclass')!.status?.phase).toBe('Pending');
      expect(eventsFor(s, getPvc(s, 'noclass')!)).toEqual(['Normal FailedBinding no persistent volumes available for this claim and no storage class is set']);
      expect(eventsFor(s, getPvc(s, 'nosuch')!)).toEqual(['Warning ProvisioningFailed storageclass.storage.k8s.io "manual" not found']);
      s.advance(45_000);
      const ev = (s.store.list('events', 'default') as Event[]).find((e) => e.involvedObject.name === 'noclass')!;
      expect(ev.count).toBe(4);
    });
  });
});

describe('DefaultStorageClass and local-path provisioning', () => {
  it('gives a class-less claim the default class and provisions it for the selected node', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(PVC, 'default', claim('www', { storageClassName: undefined }));
      let pvc = getPvc(s, 'www')!;
      expect(pvc.spec?.storageClassName).toBe('standard');
      expect(pvc.spec?.volumeMode).toBe('Filesystem');
      expect(pvc.status?.phase).toBe('Pending');
      expect(eventsFor(s, pvc)).toEqual(['Normal WaitForFirstConsumer waiting for first consumer to be created before binding']);

      s.api.create(R('pods'), 'default', podUsing('consumer', 'www'));
      s.advance(PROVISION_DELAY_MS + 1_000);
      pvc = getPvc(s, 'www')!;
      const pod = s.store.get('pods', 'default', 'consumer') as Pod;
      const node = pod.spec.nodeName!;
      expect(pvc.metadata.annotations).toMatchObject({
        'volume.kubernetes.io/selected-node': node,
        'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
        'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
        'pv.kubernetes.io/bind-completed': 'yes',
      });
      const name = `pvc-${pvc.metadata.uid}`;
      expect(pvc.spec?.volumeName).toBe(name);
      expect(pvc.status?.phase).toBe('Bound');
      const pv = getPv(s, name)!;
      expect(pv.spec?.hostPath).toEqual({ path: `/var/local-path-provisioner/${name}_default_www`, type: 'DirectoryOrCreate' });
      expect(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]?.values).toEqual([node]);
      expect(pv.spec?.persistentVolumeReclaimPolicy).toBe('Delete');
      expect(pv.status?.phase).toBe('Bound');
      const events = eventsFor(s, pvc);
      expect(events[1]).toBe(
        "Normal ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      );
      expect(events.slice(2)).toEqual(['Normal Provisioning External provisioner is provisioning volume for claim "default/www"', `Normal ProvisioningSucceeded Successfully provisioned volume ${name}`]);

      // Delete reclaim policy: the provisioned volume goes with its claim.
      s.api.delete(R('pods'), 'default', 'consumer');
      s.waitFor(() => !s.store.get('pods', 'default', 'consumer'), 120_000);
      s.api.delete(PVC, 'default', 'www');
      expect(getPvc(s, 'www')).toBeUndefined();
      expect(getPv(s, name)).toBeUndefined();
    });
  });
});

describe('scheduler PreBind contract', () => {
  it('marks the claim for the chosen node and reports bound once the provisioner is done', async () => {
    await withCluster({ home: home() }, (s) => {
      s.api.create(PVC, 'default', claim('data', { storageClassName: 'standard' }));
      // A pod the default scheduler leaves alone, so the test plays the scheduler.
      const pod = { ...podUsing('manual', 'data'), spec: { ...(podUsing('manual', 'data').spec as object), schedulerName: 'test-scheduler' } };
      s.api.create(R('pods'), 'default', pod);
      const stored = s.store.get('pods', 'default', 'manual') as Pod;
      expect(volumePreBind(s.store, stored, 'kubesim-worker')).toBe('waiting');
      s.engine.runUntil(s.now);
      expect(getPvc(s, 'data')!.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe('kubesim-worker');
      expect(volumePreBind(s.store, stored, 'kubesim-worker')).toBe('waiting');
      s.advance(PROVISION_DELAY_MS);
      expect(volumePreBind(s.store, stored, 'kubesim-worker')).toBe('bound');
    });
  });

  it('binds a matching static volume with node affinity directly', async () => {
    await withCluster({ home: home() }, (s) => {
      s.system.create(R('storageclasses.storage.k8s.io'), undefined, { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' });
      const local = (name: string, node: string): KObject => ({
        apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
        spec: { storageClassName: 'local', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], local: { path: '/mnt/disks/vol1' }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } },
      });
      s.api.create(PV, undefined, local('lv-1', 'kubesim-worker'));
      s.api.create(PV, undefined, local('lv-2', 'kubesim-worker2'));
      s.api.create(PVC, 'default', claim('data', { storageClassName: 'local' }));
      const pod = { ...podUsing('manual', 'data'), spec: { ...(podUsing('manual', 'data').spec as object), schedulerName: 'test-scheduler' } };
      s.api.create(R('pods'), 'default', pod);
      const stored = s.store.get('pods', 'default', 'manual') as Pod;
      volumePreBind(s.store, stored, 'kubesim-worker2');
      s.engine.runUntil(s.now);
      expect(getPvc(s, 'data')!.spec?.volumeName).toBe('lv-2');
      expect(getPv(s, 'lv-2')!.status?.phase).toBe('Bound');
      expect(getPv(s, 'lv-1')!.status?.phase).toBe('Available');
      expect(volumePreBind(s.store, stored, 'kubesim-worker2')).toBe('bound');
    });
  });
});

describe('validation', () => {
  it('rejects claims and volumes with the API server texts', async () => {
    await withCluster({ home: home() }, (s) => {
      expect(invalidText(() => s.api.create(PVC, 'default', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'bad' }, spec: {} }))).toBe(
        'PersistentVolumeClaim "bad" is invalid: spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value',
      );
      expect(invalidText(() => s.api.create(PVC, 'default', claim('bad', { accessModes: ['ReadWriteSometimes'] })))).toBe(
        'PersistentVolumeClaim "bad" is invalid: spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      );
      expect(invalidText(() => s.api.create(PV, undefined, { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'bad' }, spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } }))).toBe(
        'PersistentVolume "bad" is invalid: spec: Required value: must specify a volume type',
      );
      s.api.create(PV, undefined, taskPv());
      s.api.create(PVC, 'default', claim('task-pv-claim'));
      expect(invalidText(() => s.api.patch(PVC, 'default', 'task-pv-claim', 'merge', { spec: { accessModes: ['ReadWriteMany'] } }))).toBe(
        'PersistentVolumeClaim "task-pv-claim" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      );
      expect(invalidText(() => s.api.patch(PVC, 'default', 'task-pv-claim', 'merge', { spec: { resources: { requests: { storage: '5Gi' } } } }))).toBe(
        'persistentvolumeclaims "task-pv-claim" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
      );
    });
  });
});
