import { describe, expect, it } from 'vitest';
import { describeMany, describeObject } from '../../src/printers/describe/index.js';
import type { Event, Node, Pod } from '../../src/types/k8s.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const iso = (s: number): string => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z');
const TS = (s: number): string => `Wed, 01 May 2024 10:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')} +0000`;

const condition = (type: string, status: string, reason: string, message: string) => ({
  type, status, reason, message, lastHeartbeatTime: iso(30), lastTransitionTime: iso(0),
});
const resources = { cpu: '4', 'ephemeral-storage': '61202244Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '8Gi', pods: '110' };

/** The kind-like worker node of FORMAT.md. */
const worker: Node = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: 'kubesim-worker', uid: 'node-uid', creationTimestamp: iso(0),
    labels: {
      'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'kubesim-worker', 'kubernetes.io/os': 'linux',
    },
    annotations: {
      'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
      'node.alpha.kubernetes.io/ttl': '0',
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    },
  },
  spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'], providerID: 'kind://docker/kubesim/kubesim-worker' },
  status: {
    capacity: resources,
    allocatable: resources,
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: [{ type: 'InternalIP', address: '172.18.0.3' }, { type: 'Hostname', address: 'kubesim-worker' }],
    nodeInfo: {
      machineID: '0123456789abcdef0123456789abcdef', systemUUID: '01234567-89ab-cdef-0123-456789abcdef',
      bootID: 'fedcba98-7654-3210-fedc-ba9876543210', kernelVersion: '6.8.0-1017-gcp',
      osImage: 'Debian GNU/Linux 12 (bookworm)', containerRuntimeVersion: 'containerd://1.7.24',
      kubeletVersion: 'v1.32.0', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64',
    },
  },
};

function pod(ns: string, name: string, requests: Record<string, string>, limits: Record<string, string>, phase = 'Running'): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: ns, creationTimestamp: iso(0) },
    spec: { nodeName: 'kubesim-worker', containers: [{ name: 'c', image: 'x', resources: { requests, limits } }] },
    status: { phase },
  };
}

const pods = [
  pod('kube-system', 'kindnet-7xk2p', { cpu: '100m', memory: '50Mi' }, { cpu: '100m', memory: '50Mi' }),
  pod('kube-system', 'kube-proxy-q8v4m', {}, {}),
  pod('kube-system', 'metrics-server-5d7c8f9b6c-abcde', { cpu: '100m', memory: '200Mi' }, {}),
  pod('default', 'done', { cpu: '1' }, {}, 'Succeeded'),
];

const nodeEvent = (reason: string, component: string, message: string, uid = 'kubesim-worker'): Event => ({
  apiVersion: 'v1', kind: 'Event',
  metadata: { name: `kubesim-worker.${reason}`, namespace: 'default' },
  involvedObject: { kind: 'Node', name: 'kubesim-worker', uid },
  reason, message, type: 'Normal', source: { component }, firstTimestamp: iso(0), lastTimestamp: iso(0), count: 1,
});

const lease = {
  apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
  metadata: { name: 'kubesim-worker', namespace: 'kube-node-lease' },
  spec: { holderIdentity: 'kubesim-worker', leaseDurationSeconds: 40, renewTime: iso(90) },
};

const EXPECTED = `Name:               kubesim-worker
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=kubesim-worker
                    kubernetes.io/os=linux
Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///run/containerd/containerd.sock
                    node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  ${TS(0)}
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  kubesim-worker
  AcquireTime:     <unset>
  RenewTime:       ${TS(90)}
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   ${TS(30)}   ${TS(0)}   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   ${TS(30)}   ${TS(0)}   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   ${TS(30)}   ${TS(0)}   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    ${TS(30)}   ${TS(0)}   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  172.18.0.3
  Hostname:    kubesim-worker
Capacity:
  cpu:                4
  ephemeral-storage:  61202244Ki
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             8Gi
  pods:               110
Allocatable:
  cpu:                4
  ephemeral-storage:  61202244Ki
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             8Gi
  pods:               110
System Info:
  Machine ID:                 0123456789abcdef0123456789abcdef
  System UUID:                01234567-89ab-cdef-0123-456789abcdef
  Boot ID:                    fedcba98-7654-3210-fedc-ba9876543210
  Kernel Version:             6.8.0-1017-gcp
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.24
  Kubelet Version:            v1.32.0
  Kube-Proxy Version:         
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
ProviderID:                   kind://docker/kubesim/kubesim-worker
Non-terminated Pods:          (3 in total)
  Namespace                   Name                               CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                               ------------  ----------  ---------------  -------------  ---
  kube-system                 kindnet-7xk2p                      100m (2%)     100m (2%)   50Mi (0%)        50Mi (0%)      2m
  kube-system                 kube-proxy-q8v4m                   0 (0%)        0 (0%)      0 (0%)           0 (0%)         2m
  kube-system                 metrics-server-5d7c8f9b6c-abcde    100m (2%)     0 (0%)      200Mi (2%)       0 (0%)         2m
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                200m (5%)   100m (2%)
  memory             250Mi (3%)  50Mi (0%)
  ephemeral-storage  0 (0%)      0 (0%)
  hugepages-1Gi      0 (0%)      0 (0%)
  hugepages-2Mi      0 (0%)      0 (0%)
Events:
  Type    Reason          Age   From             Message
  ----    ------          ----  ----             -------
  Normal  Starting        2m    kube-proxy       
  Normal  Starting        2m    kubelet          Starting kubelet.
  Normal  RegisteredNode  2m    node-controller  Node kubesim-worker event: Registered Node kubesim-worker in Controller
`;

describe('describe node', () => {
  const events = [
    nodeEvent('Starting', 'kube-proxy', ''),
    nodeEvent('Starting', 'kubelet', 'Starting kubelet.'),
    nodeEvent('RegisteredNode', 'node-controller', 'Node kubesim-worker event: Registered Node kubesim-worker in Controller', 'node-uid'),
    { ...nodeEvent('Starting', 'kubelet', 'other node'), involvedObject: { kind: 'Node', name: 'kubesim-worker2', uid: 'kubesim-worker2' } },
  ];
  const ctx = { now: T0 + 120_000, events, showEvents: true, related: { pods, lease } };

  it('prints the kind-like worker as kubectl v1.32 does (01-assign-memory-resource)', () => {
    expect(describeObject(worker, ctx)).toBe(EXPECTED);
  });

  it('lists roles and sorted taints of the control plane', () => {
    const cp: Node = {
      ...worker,
      metadata: { ...worker.metadata, name: 'kubesim-control-plane', labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { ...worker.spec, taints: [
        { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
        { key: 'example.com/x', value: 'y', effect: 'NoExecute' },
      ] },
    };
    const out = describeObject(cp, { ...ctx, events: [] });
    expect(out).toContain('Roles:              control-plane\nLabels:             node-role.kubernetes.io/control-plane=\n');
    expect(out).toContain('Taints:             example.com/x=y:NoExecute\n                    node-role.kubernetes.io/control-plane:NoSchedule\n');
  });

  it('prints "not authorized" without pods, <unset> lease fields, and extended resources', () => {
    const out = describeObject(worker, { now: T0, events: [], showEvents: false });
    expect(out).toContain('Lease:\n  HolderIdentity:  <unset>\n  AcquireTime:     <unset>\n  RenewTime:       <unset>\n');
    expect(out.endsWith('ProviderID:                   kind://docker/kubesim/kubesim-worker\nPods:                         not authorized\n')).toBe(true);
    const dongle: Node = { ...worker, status: { ...worker.status, allocatable: { ...resources, 'example.com/dongle': '4' } } };
    const p = pod('default', 'extended-resource-demo', { 'example.com/dongle': '3' }, { 'example.com/dongle': '3' });
    const out2 = describeObject(dongle, { now: T0, events: [], showEvents: false, related: { pods: [p] } });
    expect(out2).toContain('  hugepages-2Mi       0 (0%)    0 (0%)\n  example.com/dongle  3         3\n');
  });

  it('joins several descriptions with two blank lines', () => {
    expect(describeMany(['a\n', 'b\n'])).toBe('a\n\n\nb\n');
  });
});
