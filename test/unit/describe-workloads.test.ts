import { describe, expect, it } from 'vitest';
import { describeObject } from '../../src/printers/describe/index.js';
import type { DescribeContext } from '../../src/printers/describe/index.js';
import type { Event, KObject, Pod } from '../../src/types/k8s.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const iso = (s: number): string => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z');
const ctx = (related?: DescribeContext['related'], events: Event[] = []): DescribeContext => ({ now: T0 + 60_000, events, showEvents: true, related });

const template = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: {
    containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {},
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' }],
    restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', securityContext: {}, schedulerName: 'default-scheduler',
  },
});

const deployment: KObject = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'nginx-deployment', namespace: 'default', uid: 'd-uid', creationTimestamp: iso(0), labels: { app: 'nginx' },
    annotations: { 'deployment.kubernetes.io/revision': '1' }, generation: 1 },
  spec: {
    replicas: 3, selector: { matchLabels: { app: 'nginx' } }, template: template({ app: 'nginx' }),
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
  },
  status: {
    replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "nginx-deployment-77d8468669" has successfully progressed.' },
    ],
  },
};

const rs: KObject = {
  apiVersion: 'apps/v1', kind: 'ReplicaSet',
  metadata: {
    name: 'nginx-deployment-77d8468669', namespace: 'default', uid: 'rs-uid', creationTimestamp: iso(0),
    labels: { app: 'nginx', 'pod-template-hash': '77d8468669' },
    annotations: { 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4', 'deployment.kubernetes.io/revision': '1' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx-deployment', uid: 'd-uid', controller: true, blockOwnerDeletion: true }],
  },
  spec: {
    replicas: 3, selector: { matchLabels: { app: 'nginx', 'pod-template-hash': '77d8468669' } },
    template: template({ app: 'nginx', 'pod-template-hash': '77d8468669' }),
  },
  status: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3 },
};

const scaled: Event = {
  apiVersion: 'v1', kind: 'Event', metadata: { name: 'nginx-deployment.1', namespace: 'default' },
  involvedObject: { kind: 'Deployment', name: 'nginx-deployment', namespace: 'default', uid: 'd-uid' },
  reason: 'ScalingReplicaSet', message: 'Scaled up replica set nginx-deployment-77d8468669 from 0 to 3',
  type: 'Normal', source: { component: 'deployment-controller' }, firstTimestamp: iso(50), lastTimestamp: iso(50), count: 1,
};

describe('describe deployment and replicaset', () => {
  it('prints a rolled-out Deployment', () => {
    expect(describeObject(deployment, ctx({ replicaSets: [rs] }, [scaled]))).toBe(`Name:                   nginx-deployment
Namespace:              default
CreationTimestamp:      Wed, 01 May 2024 10:00:00 +0000
Labels:                 app=nginx
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=nginx
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:         nginx:1.14.2
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   nginx-deployment-77d8468669 (3/3 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  10s   deployment-controller  Scaled up replica set nginx-deployment-77d8468669 from 0 to 3
`);
  });

  it('lists every old ReplicaSet, those scaled to 0 too, oldest first (as real kubectl v1.32)', () => {
    const old = (name: string, at: number, replicas: number): KObject => ({
      ...rs,
      metadata: { ...rs.metadata, name, uid: `${name}-uid`, creationTimestamp: iso(at) },
      spec: { ...(rs.spec as object), replicas, template: template({ app: 'nginx', version: name }) },
      status: { replicas },
    });
    const text = describeObject(deployment, ctx({ replicaSets: [old('nginx-deployment-b', 20, 1), rs, old('nginx-deployment-a', 10, 0)] }));
    expect(text).toContain('OldReplicaSets:  nginx-deployment-a (0/0 replicas created), nginx-deployment-b (1/1 replicas created)\nNewReplicaSet:   nginx-deployment-77d8468669 (3/3 replicas created)\n');
  });

  it('prints a ReplicaSet with its pods by phase', () => {
    const pod = (name: string, phase: string, owner = 'rs-uid'): Pod => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'nginx' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: owner, controller: true }] },
      spec: { containers: [] }, status: { phase },
    });
    const pods = [pod('a', 'Running'), pod('b', 'Running'), pod('c', 'Pending'), pod('d', 'Running', 'other')];
    expect(describeObject(rs, { ...ctx({ pods }), showEvents: false })).toBe(`Name:           nginx-deployment-77d8468669
Namespace:      default
Selector:       app=nginx,pod-template-hash=77d8468669
Labels:         app=nginx
                pod-template-hash=77d8468669
Annotations:    deployment.kubernetes.io/desired-replicas: 3
                deployment.kubernetes.io/max-replicas: 4
                deployment.kubernetes.io/revision: 1
Controlled By:  Deployment/nginx-deployment
Replicas:       3 current / 3 desired
Pods Status:    2 Running / 1 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=nginx
           pod-template-hash=77d8468669
  Containers:
   nginx:
    Image:         nginx:1.14.2
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
`);
  });
});

describe('describe job', () => {
  it('prints a completed Job', () => {
    const job: KObject = {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: { name: 'pi', namespace: 'default', uid: 'job-uid', labels: { 'batch.kubernetes.io/controller-uid': 'job-uid', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'job-uid', 'job-name': 'pi' } },
      spec: {
        parallelism: 1, completions: 1, completionMode: 'NonIndexed', suspend: false, backoffLimit: 4,
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } },
        template: {
          metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'job-uid', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'job-uid', 'job-name': 'pi' } },
          spec: { containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }], restartPolicy: 'Never' },
        },
      },
      status: { startTime: iso(0), completionTime: iso(42), succeeded: 1, ready: 0, active: 0 },
    };
    expect(describeObject(job, { ...ctx(), showEvents: false })).toBe(`Name:             pi
Namespace:        default
Selector:         batch.kubernetes.io/controller-uid=job-uid
Labels:           batch.kubernetes.io/controller-uid=job-uid
                  batch.kubernetes.io/job-name=pi
                  controller-uid=job-uid
                  job-name=pi
Annotations:      <none>
Parallelism:      1
Completions:      1
Completion Mode:  NonIndexed
Suspend:          false
Backoff Limit:    4
Start Time:       Wed, 01 May 2024 10:00:00 +0000
Completed At:     Wed, 01 May 2024 10:00:42 +0000
Duration:         42s
Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed
Pod Template:
  Labels:  batch.kubernetes.io/controller-uid=job-uid
           batch.kubernetes.io/job-name=pi
           controller-uid=job-uid
           job-name=pi
  Containers:
   pi:
    Image:      perl:5.34.0
    Port:       <none>
    Host Port:  <none>
    Command:
      perl
      -Mbignum=bpi
      -wle
      print bpi(2000)
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
`);
  });
});

describe('describe persistent volumes and claims', () => {
  it('prints a bound hostPath PV (10-configure-persistent-volume-storage)', () => {
    const pv: KObject = {
      apiVersion: 'v1', kind: 'PersistentVolume',
      metadata: { name: 'task-pv-volume', uid: 'pv-uid', labels: { type: 'local' }, finalizers: ['kubernetes.io/pv-protection'],
        annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' } },
      spec: {
        storageClassName: 'manual', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/mnt/data', type: '' }, persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem',
        claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'task-pv-claim' },
      },
      status: { phase: 'Bound' },
    };
    expect(describeObject(pv, ctx())).toBe(`Name:            task-pv-volume
Labels:          type=local
Annotations:     pv.kubernetes.io/bound-by-controller: yes
Finalizers:      [kubernetes.io/pv-protection]
StorageClass:    manual
Status:          Bound
Claim:           default/task-pv-claim
Reclaim Policy:  Retain
Access Modes:    RWO
VolumeMode:      Filesystem
Capacity:        10Gi
Node Affinity:   <none>
Message:         
Source:
    Type:          HostPath (bare host directory volume)
    Path:          /mnt/data
    HostPathType:  
Events:            <none>
`);
  });

  it('prints node affinity terms of a local-path PV', () => {
    const pv: KObject = {
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pvc-1' },
      spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['kubesim-worker'] }] }] } } },
      status: { phase: 'Bound' },
    };
    expect(describeObject(pv, { ...ctx(), showEvents: false })).toContain(
      'Node Affinity:     \n  Required Terms:  \n    Term 0:        kubernetes.io/hostname in [kubesim-worker]\nMessage:           \n',
    );
  });

  it('prints a bound claim with the pods using it', () => {
    const pvc: KObject = {
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: { name: 'task-pv-claim', namespace: 'default', uid: 'pvc-uid', finalizers: ['kubernetes.io/pvc-protection'],
        annotations: { 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' } },
      spec: { storageClassName: 'manual', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '3Gi' } }, volumeName: 'task-pv-volume', volumeMode: 'Filesystem' },
      status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } },
    };
    const user: Pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'task-pv-pod', namespace: 'default' },
      spec: { containers: [], volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'task-pv-claim' } }] },
    };
    expect(describeObject(pvc, ctx({ pods: [user] }))).toBe(`Name:          task-pv-claim
Namespace:     default
StorageClass:  manual
Status:        Bound
Volume:        task-pv-volume
Labels:        <none>
Annotations:   pv.kubernetes.io/bind-completed: yes
               pv.kubernetes.io/bound-by-controller: yes
Finalizers:    [kubernetes.io/pvc-protection]
Capacity:      10Gi
Access Modes:  RWO
VolumeMode:    Filesystem
Used By:       task-pv-pod
Events:        <none>
`);
  });
});
