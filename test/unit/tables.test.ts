import { describe, expect, it } from 'vitest';
import { hasPrinter, printTable, type Table } from '../../src/printers/tables.js';
import type { KObject } from '../../src/types/k8s.js';

const NOW = Date.parse('2025-01-15T10:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.000Z$/, 'Z');

function obj(kind: string, name: string, fields: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: { name, creationTimestamp: ago(300), ...meta },
    ...fields,
  };
}

const header = (t: Table, wide = false) => t.columns.filter((c) => wide || c.priority === 0).map((c) => c.name);
const visible = (t: Table, i = 0, wide = false) =>
  t.rows[i]!.cells.filter((_, j) => wide || t.columns[j]!.priority === 0);
const one = (kind: string, o: KObject) => printTable(kind, [o], NOW);

describe('printTable', () => {
  it('every row has one cell per column', () => {
    const kinds = [
      'Pod', 'Node', 'Namespace', 'Event', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolume',
      'PersistentVolumeClaim', 'StorageClass', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job',
      'CronJob', 'Service', 'Endpoints', 'LimitRange', 'ResourceQuota', 'Role', 'ClusterRole', 'RoleBinding',
      'ClusterRoleBinding', 'CustomResourceDefinition', 'APIService', 'RuntimeClass', 'PriorityClass', 'Lease',
      'CronTab',
    ];
    for (const kind of kinds) {
      const spec = kind === 'Pod' ? { spec: { containers: [{ name: 'c' }] } } : {};
      const t = one(kind, obj(kind, 'x', spec));
      expect(t.rows[0]!.cells.length, kind).toBe(t.columns.length);
    }
  });

  it('hasPrinter', () => {
    expect(hasPrinter('Pod')).toBe(true);
    expect(hasPrinter('LimitRange')).toBe(true);
    expect(hasPrinter('CronTab')).toBe(false);
    expect(hasPrinter('toString')).toBe(false);
  });

  it('Pod', () => {
    const pod = obj('Pod', 'nginx', {
      spec: { containers: [{ name: 'nginx' }], nodeName: 'node1', readinessGates: [{ conditionType: 'x/y' }] },
      status: {
        phase: 'Running',
        podIPs: [{ ip: '10.244.0.5' }],
        conditions: [{ type: 'x/y', status: 'True' }],
        containerStatuses: [
          { name: 'nginx', ready: true, restartCount: 0, image: '', imageID: '', state: { running: {} } },
        ],
      },
    }, { creationTimestamp: ago(123) });
    const t = one('Pod', pod);
    expect(header(t)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(header(t, true).slice(5)).toEqual(['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(t.rows[0]!.cells).toEqual(['nginx', '1/1', 'Running', '0', '2m3s', '10.244.0.5', 'node1', '<none>', '1/1']);
  });

  it('Pod wide defaults', () => {
    const t = one('Pod', obj('Pod', 'p', { spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending' } }));
    expect(t.rows[0]!.cells.slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });

  it('Node', () => {
    const node = obj('Node', 'cp', {
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '192.168.49.2' }, { type: 'Hostname', address: 'cp' }],
        nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '6.5.0', containerRuntimeVersion: 'containerd://1.7.22' },
      },
    }, { labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/': '' }, creationTimestamp: ago(2 * 86400) });
    const t = one('Node', node);
    expect(header(t)).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(t.rows[0]!.cells).toEqual([
      'cp', 'Ready,SchedulingDisabled', 'control-plane,master', '2d', 'v1.32.0',
      '192.168.49.2', '<none>', 'Ubuntu 22.04.4 LTS', '6.5.0', 'containerd://1.7.22',
    ]);
  });

  it('Node status without/with a non-True Ready condition', () => {
    expect(one('Node', obj('Node', 'a', { status: {} })).rows[0]!.cells.slice(1, 3)).toEqual(['Unknown', '<none>']);
    const notReady = obj('Node', 'b', { status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } });
    expect(one('Node', notReady).rows[0]!.cells[1]).toBe('NotReady');
    expect(one('Node', notReady).rows[0]!.cells.slice(8)).toEqual(['<unknown>', '<unknown>']);
  });

  it('Namespace', () => {
    expect(one('Namespace', obj('Namespace', 'default', { status: { phase: 'Active' } })).rows[0]!.cells).toEqual([
      'default', 'Active', '5m',
    ]);
  });

  it('Event', () => {
    const ev = obj('Event', 'nginx.17a', {
      involvedObject: { kind: 'Pod', name: 'nginx', fieldPath: 'spec.containers{nginx}' },
      reason: 'Pulled',
      message: '  Successfully pulled image "nginx"\n',
      source: { component: 'kubelet', host: 'minikube' },
      firstTimestamp: ago(90),
      lastTimestamp: ago(30),
      count: 0,
      type: 'Normal',
    });
    const t = one('Event', ev);
    expect(header(t)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(header(t, true)).toEqual([
      'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME',
    ]);
    expect(t.rows[0]!.cells).toEqual([
      '30s', 'Normal', 'Pulled', 'pod/nginx', 'spec.containers{nginx}', 'kubelet, minikube',
      'Successfully pulled image "nginx"', '90s', '1', 'nginx.17a',
    ]);
  });

  it('Event timestamps fall back to eventTime and series', () => {
    const ev = obj('Event', 'e', {
      involvedObject: { kind: 'Node' },
      eventTime: '2025-01-15T09:59:00.000000Z',
      series: { count: 4, lastObservedTime: '2025-01-15T09:59:50.000000Z' },
      reportingComponent: 'default-scheduler',
    });
    const cells = one('Event', ev).rows[0]!.cells;
    expect(cells[0]).toBe('10s');
    expect(cells[3]).toBe('node');
    expect(cells[5]).toBe('default-scheduler');
    expect(cells[7]).toBe('60s');
    expect(cells[8]).toBe('4');
  });

  it('ConfigMap, Secret, ServiceAccount', () => {
    expect(one('ConfigMap', obj('ConfigMap', 'kube-root-ca.crt', { data: { 'ca.crt': 'x' }, binaryData: { b: 'eA==' } })).rows[0]!.cells)
      .toEqual(['kube-root-ca.crt', '2', '5m']);
    expect(one('Secret', obj('Secret', 's', { type: 'Opaque', data: { a: 'YQ==', b: 'Yg==' } })).rows[0]!.cells)
      .toEqual(['s', 'Opaque', '2', '5m']);
    expect(one('ServiceAccount', obj('ServiceAccount', 'default')).rows[0]!.cells).toEqual(['default', '0', '5m']);
  });

  it('PersistentVolume', () => {
    const pv = obj('PersistentVolume', 'task-pv-volume', {
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: 'default', name: 'task-pv-claim' },
        storageClassName: 'manual',
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Bound' },
    });
    const t = one('PersistentVolume', pv);
    expect(header(t)).toEqual([
      'NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS',
      'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE',
    ]);
    expect(t.rows[0]!.cells).toEqual([
      'task-pv-volume', '10Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/task-pv-claim', 'manual', '<unset>', '',
      '5m', 'Filesystem',
    ]);
  });

  it('PersistentVolumeClaim bound and pending', () => {
    const bound = obj('PersistentVolumeClaim', 'task-pv-claim', {
      spec: { volumeName: 'task-pv-volume', storageClassName: 'manual', volumeMode: 'Filesystem' },
      status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] },
    }, { creationTimestamp: ago(5) });
    expect(visible(one('PersistentVolumeClaim', bound))).toEqual([
      'task-pv-claim', 'Bound', 'task-pv-volume', '10Gi', 'RWO', 'manual', '<unset>', '5s',
    ]);
    const pending = obj('PersistentVolumeClaim', 'c', {
      spec: {},
      status: { phase: 'Pending', capacity: { storage: '1Gi' } },
    }, { annotations: { 'volume.beta.kubernetes.io/storage-class': 'beta' } });
    expect(one('PersistentVolumeClaim', pending).rows[0]!.cells).toEqual([
      'c', 'Pending', '', '', '', 'beta', '<unset>', '5m', '<unset>',
    ]);
  });

  it('StorageClass', () => {
    const sc = obj('StorageClass', 'standard', { provisioner: 'k8s.io/minikube-hostpath' }, {
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    });
    expect(one('StorageClass', sc).rows[0]!.cells).toEqual([
      'standard (default)', 'k8s.io/minikube-hostpath', 'Delete', 'Immediate', 'false', '5m',
    ]);
  });

  const template = { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }] } };

  it('Deployment', () => {
    const d = obj('Deployment', 'web', {
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    });
    const t = one('Deployment', d);
    expect(header(t, true)).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(t.rows[0]!.cells).toEqual(['web', '2/3', '3', '2', '5m', 'nginx,side', 'nginx:1.25,busybox', 'app=web']);
    const fresh = obj('Deployment', 'z', { spec: { replicas: 0, selector: {}, template } });
    expect(one('Deployment', fresh).rows[0]!.cells.slice(1, 4)).toEqual(['0/0', '0', '0']);
    expect(one('Deployment', fresh).rows[0]!.cells[7]).toBe('');
    const bad = obj('Deployment', 'b', { spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, template } });
    expect(one('Deployment', bad).rows[0]!.cells[7]).toBe('<invalid>');
    const expr = obj('ReplicaSet', 'e', { spec: { selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] }, template } });
    expect(one('ReplicaSet', expr).rows[0]!.cells[7]).toBe('app=web,tier in (be,fe)');
  });

  it('ReplicaSet, StatefulSet, DaemonSet', () => {
    const rs = obj('ReplicaSet', 'web-7c5ddbdf54', {
      spec: { replicas: 2, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' } }, template },
      status: { replicas: 2, readyReplicas: 1 },
    });
    expect(one('ReplicaSet', rs).rows[0]!.cells).toEqual([
      'web-7c5ddbdf54', '2', '2', '1', '5m', 'nginx,side', 'nginx:1.25,busybox', 'app=web,pod-template-hash=7c5ddbdf54',
    ]);
    const sts = obj('StatefulSet', 'db', { spec: { replicas: 3, template }, status: { readyReplicas: 3 } });
    expect(header(one('StatefulSet', sts), true)).toEqual(['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES']);
    expect(visible(one('StatefulSet', sts))).toEqual(['db', '3/3', '5m']);
    const ds = obj('DaemonSet', 'fluentd', {
      spec: { selector: { matchLabels: { name: 'fluentd' } }, template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
      status: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1, updatedNumberScheduled: 1, numberAvailable: 1 },
    });
    expect(visible(one('DaemonSet', ds))).toEqual(['fluentd', '1', '1', '1', '1', '1', 'kubernetes.io/os=linux', '5m']);
  });

  it('Job status, completions and duration', () => {
    const done = obj('Job', 'pi', {
      spec: { completions: 1, parallelism: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } }, template },
      status: {
        succeeded: 1,
        startTime: ago(200),
        completionTime: ago(70),
        conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }],
      },
    });
    expect(visible(one('Job', done))).toEqual(['pi', 'Complete', '1/1', '2m10s', '5m']);
    expect(one('Job', done).rows[0]!.cells[7]).toBe('batch.kubernetes.io/controller-uid=abc');
    const running = obj('Job', 'r', { spec: { parallelism: 3, template }, status: { startTime: ago(5) } });
    expect(visible(one('Job', running))).toEqual(['r', 'Running', '0/1 of 3', '5s', '5m']);
    const fresh = obj('Job', 'f', { spec: { template }, status: {} }, { deletionTimestamp: ago(1) });
    expect(visible(one('Job', fresh))).toEqual(['f', 'Terminating', '0/1', '', '5m']);
  });

  it('CronJob', () => {
    const cj = obj('CronJob', 'hello', { spec: { schedule: '* * * * *', suspend: false, jobTemplate: { spec: { template } } }, status: {} }, { creationTimestamp: ago(10) });
    const t = one('CronJob', cj);
    expect(header(t)).toEqual(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    expect(visible(t)).toEqual(['hello', '* * * * *', '<none>', 'False', '0', '<none>', '10s']);
    expect(t.rows[0]!.cells[9]).toBe('<none>');
  });

  it('Service types', () => {
    const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
      one('Service', obj('Service', name, { spec, status })).rows[0]!.cells;
    expect(svc('kubernetes', { type: 'ClusterIP', clusterIPs: ['10.96.0.1'], ports: [{ port: 443, protocol: 'TCP' }] }))
      .toEqual(['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '5m', '<none>']);
    expect(svc('np', { type: 'NodePort', clusterIPs: ['10.96.1.2'], selector: { app: 'web' }, ports: [
      { port: 80, nodePort: 31234, protocol: 'TCP' }, { port: 443, nodePort: 30443, protocol: 'TCP' },
    ] })).toEqual(['np', 'NodePort', '10.96.1.2', '<none>', '80:31234/TCP,443:30443/TCP', '5m', 'app=web']);
    expect(svc('lb', { type: 'LoadBalancer', clusterIPs: ['10.0.0.1'], ports: [{ port: 80, nodePort: 30000 }] })[3]).toBe('<pending>');
    expect(svc('lb2', { type: 'LoadBalancer', externalIPs: ['1.1.1.1'] }, {
      loadBalancer: { ingress: [{ ip: '5.5.5.5' }, { hostname: 'a.example.com' }, { ip: '5.5.5.5' }] },
    })[3]).toBe('5.5.5.5,a.example.com,1.1.1.1');
    expect(svc('ext', { type: 'ExternalName', externalName: 'my.database.example.com' }).slice(1, 5))
      .toEqual(['ExternalName', '<none>', 'my.database.example.com', '<none>']);
    expect(svc('headless', { type: 'ClusterIP', clusterIPs: ['None'], ports: [{ port: 80, protocol: 'UDP' }] }).slice(2, 5))
      .toEqual(['None', '<none>', '80/UDP']);
  });

  it('Endpoints', () => {
    const ep = (subsets: unknown) => one('Endpoints', obj('Endpoints', 'web', { subsets })).rows[0]!.cells[1];
    expect(ep(undefined)).toBe('<none>');
    const addrs = ['10.244.0.5', '10.244.0.6', '10.244.0.7', '10.244.0.8', '10.244.0.9'].map((ip) => ({ ip }));
    expect(ep([{ addresses: addrs, ports: [{ port: 80 }] }])).toBe('10.244.0.5:80,10.244.0.6:80,10.244.0.7:80 + 2 more...');
    expect(ep([{ addresses: addrs.slice(0, 2), ports: [{ port: 80 }, { port: 443 }] }]))
      .toBe('10.244.0.5:80,10.244.0.6:80,10.244.0.5:443 + 1 more...');
    expect(ep([{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }])).toBe('[fd00::1]:80');
    expect(ep([{ addresses: addrs.slice(0, 1) }])).toBe('10.244.0.5');
    expect(ep([{ notReadyAddresses: addrs, ports: [{ port: 80 }] }])).toBe('');
  });

  it('default CREATED AT tables', () => {
    for (const kind of ['LimitRange', 'Role', 'ClusterRole', 'CustomResourceDefinition']) {
      const t = one(kind, obj(kind, 'x', {}, { creationTimestamp: '2024-05-01T10:00:00Z' }));
      expect(header(t), kind).toEqual(['NAME', 'CREATED AT']);
      expect(t.rows[0]!.cells).toEqual(['x', '2024-05-01T10:00:00Z']);
    }
  });

  it('ResourceQuota', () => {
    const rq = obj('ResourceQuota', 'compute-resources', {
      status: {
        hard: { 'requests.memory': '1Gi', 'limits.cpu': '2', 'requests.cpu': '1', 'limits.memory': '2Gi', pods: '4' },
        used: { 'requests.cpu': '0', 'requests.memory': '0', pods: '1', 'limits.memory': '1024Mi' },
      },
    }, { creationTimestamp: ago(10) });
    const t = one('ResourceQuota', rq);
    expect(header(t)).toEqual(['NAME', 'AGE', 'REQUEST', 'LIMIT']);
    expect(t.rows[0]!.cells).toEqual([
      'compute-resources', '10s', 'pods: 1/4, requests.cpu: 0/1, requests.memory: 0/1Gi', 'limits.cpu: 0/2, limits.memory: 1Gi/2Gi',
    ]);
  });

  it('RoleBinding', () => {
    const rb = obj('RoleBinding', 'read-pods', {
      roleRef: { kind: 'Role', name: 'pod-reader', apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [
        { kind: 'User', name: 'jane' }, { kind: 'User', name: 'bob' }, { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'default', namespace: 'dev' },
      ],
    });
    const t = one('RoleBinding', rb);
    expect(header(t, true)).toEqual(['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
    expect(t.rows[0]!.cells).toEqual(['read-pods', 'Role/pod-reader', '5m', 'jane, bob', 'devs', 'dev/default']);
  });

  it('APIService, RuntimeClass, PriorityClass, Lease', () => {
    expect(one('APIService', obj('APIService', 'v1.apps', { spec: {}, status: { conditions: [{ type: 'Available', status: 'True' }] } })).rows[0]!.cells)
      .toEqual(['v1.apps', 'Local', 'True', '5m']);
    expect(one('APIService', obj('APIService', 'v1beta1.metrics.k8s.io', {
      spec: { service: { namespace: 'kube-system', name: 'metrics-server' } },
      status: { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints' }] },
    })).rows[0]!.cells.slice(1, 3)).toEqual(['kube-system/metrics-server', 'False (MissingEndpoints)']);
    expect(one('RuntimeClass', obj('RuntimeClass', 'gvisor', { handler: 'runsc' })).rows[0]!.cells).toEqual(['gvisor', 'runsc', '5m']);
    const pc = one('PriorityClass', obj('PriorityClass', 'system-cluster-critical', { value: 2000000000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' }));
    expect(header(pc)).toEqual(['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY']);
    expect(pc.rows[0]!.cells).toEqual(['system-cluster-critical', '2000000000', 'false', '5m', 'PreemptLowerPriority']);
    expect(one('Lease', obj('Lease', 'node1', { spec: { holderIdentity: 'node1' } })).rows[0]!.cells).toEqual(['node1', 'node1', '5m']);
  });

  it('generic NAME AGE for unknown kinds; <unknown> age without a timestamp', () => {
    const t = one('CronTab', obj('CronTab', 'my-cron', {}, { creationTimestamp: undefined }));
    expect(header(t)).toEqual(['NAME', 'AGE']);
    expect(t.rows[0]!.cells).toEqual(['my-cron', '<unknown>']);
  });

  it('keeps the objects with their rows', () => {
    const a = obj('ConfigMap', 'a');
    const b = obj('ConfigMap', 'b');
    const t = printTable('ConfigMap', [a, b], NOW);
    expect(t.rows.map((r) => r.object)).toEqual([a, b]);
    expect(printTable('ConfigMap', [], NOW).rows).toEqual([]);
  });
});
