// The default cluster: what `kind create cluster` with two workers and
// metrics-server leaves behind (tutorials/FORMAT.md). It is built through the
// same API layer as everything else, a minute of simulated time before the
// learner's first command, so the system pods went through the same scheduler
// and kubelets and are Running when the learner looks.
import type { KObject, Node } from '../types/k8s.js';
import type { ApiServer } from '../apiserver/api.js';
import { resolveResource, type ResourceInfo } from '../apiserver/resources.js';
import { newUid, randomHex } from '../util/ids.js';
import { rfc3339 } from '../util/duration.js';
import { recordEvent } from './events.js';
import { preloadImages } from './kubelet.js';
import { createSystemWorkloads } from './controllers/system-workloads.js';
import { bootstrapRbac } from '../apiserver/auth/default-roles.js';

const res = (name: string): ResourceInfo => resolveResource(name)!;

export const NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage'];

interface NodeSpecRow {
  name: string;
  ip: string;
  cidr: string;
  controlPlane: boolean;
}

export const DEFAULT_NODES: NodeSpecRow[] = [
  { name: 'kubesim-control-plane', ip: '172.18.0.2', cidr: '10.244.0.0/24', controlPlane: true },
  { name: 'kubesim-worker', ip: '172.18.0.3', cidr: '10.244.1.0/24', controlPlane: false },
  { name: 'kubesim-worker2', ip: '172.18.0.4', cidr: '10.244.2.0/24', controlPlane: false },
];

const KUBE_VERSION = 'v1.32.0';

const uuidOf = () => newUid();

export interface NodeOptions {
  name: string;
  ip: string;
  cidr: string;
  controlPlane?: boolean;
  os?: 'linux' | 'windows';
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
}

/** A kind node object as the kubelet registers it. */
export function nodeObject(opts: NodeOptions, now: number): Node {
  const os = opts.os ?? 'linux';
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': os,
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': opts.name,
    'kubernetes.io/os': os,
    ...(opts.controlPlane
      ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' }
      : {}),
    ...(opts.labels ?? {}),
  };
  const stamp = rfc3339(now);
  const capacity = {
    cpu: opts.cpu ?? '4',
    'ephemeral-storage': '263174212Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: opts.memory ?? '8Gi',
    pods: '110',
  };
  const condition = (type: string, status: string, reason: string, message: string) => ({
    lastHeartbeatTime: stamp,
    lastTransitionTime: stamp,
    message,
    reason,
    status,
    type,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      labels,
      name: opts.name,
    },
    spec: {
      podCIDR: opts.cidr,
      podCIDRs: [opts.cidr],
      providerID: `kind://docker/kubesim/${opts.name}`,
      ...(opts.controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}),
    },
    status: {
      addresses: [
        { address: opts.ip, type: 'InternalIP' },
        { address: opts.name, type: 'Hostname' },
      ],
      allocatable: { ...capacity },
      capacity,
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: [],
      nodeInfo: {
        architecture: 'amd64',
        bootID: uuidOf(),
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.8.0-1019-gcp',
        kubeProxyVersion: '',
        kubeletVersion: KUBE_VERSION,
        machineID: randomHex(16),
        operatingSystem: os,
        osImage: os === 'windows' ? 'Windows Server 2022 Datacenter' : 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: uuidOf(),
      },
    },
  };
}

/** Registers a node: the Node object, its Lease, and the kubelet's start-up events. */
export function registerNode(api: ApiServer, opts: NodeOptions): Node {
  const now = api.now;
  const node = api.create(res('nodes'), undefined, nodeObject(opts, now)) as Node;
  api.create(res('leases'), 'kube-node-lease', {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: opts.name,
      namespace: 'kube-node-lease',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: opts.name, uid: node.metadata.uid! }],
    },
    spec: { holderIdentity: opts.name, leaseDurationSeconds: 40, renewTime: new Date(now).toISOString().replace('Z', '000Z') },
  });
  const ev = (component: string, reason: string, message: string) =>
    recordEvent(api.store, now, { object: node, type: 'Normal', reason, message, source: { component, host: component === 'kubelet' ? opts.name : undefined } });
  ev('kube-proxy', 'Starting', '');
  ev('kubelet', 'Starting', 'Starting kubelet.');
  ev('kubelet', 'NodeHasSufficientMemory', `Node ${opts.name} status is now: NodeHasSufficientMemory`);
  ev('kubelet', 'NodeHasNoDiskPressure', `Node ${opts.name} status is now: NodeHasNoDiskPressure`);
  ev('kubelet', 'NodeHasSufficientPID', `Node ${opts.name} status is now: NodeHasSufficientPID`);
  ev('kubelet', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
  ev('node-controller', 'RegisteredNode', `Node ${opts.name} event: Registered Node ${opts.name} in Controller`);
  ev('kubelet', 'NodeReady', `Node ${opts.name} status is now: NodeReady`);
  return node;
}

// The control plane's static pods (etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler) come from kubeadm's manifests in the node's
// /etc/kubernetes/manifests (src/runtime/node-fs.ts): the kubelet's static pod
// source (src/cluster/static-pods.ts) makes their mirror pods when the node
// registers.

function createAll(api: ApiServer, resource: string, namespace: string | undefined, objects: KObject[]): void {
  for (const o of objects) api.create(res(resource), namespace, o);
}

/** Builds the default cluster through `api` (the engine clock is at the bootstrap instant). */
export function bootstrapCluster(api: ApiServer): void {
  bootstrapRbac(api);
  createAll(api, 'priorityclasses', undefined, [
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-cluster-critical' }, value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.', preemptionPolicy: 'PreemptLowerPriority', globalDefault: false },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-node-critical' }, value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.', preemptionPolicy: 'PreemptLowerPriority', globalDefault: false },
  ]);
  for (const ns of NAMESPACES) {
    api.create(res('namespaces'), undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }
  // Images first: a node's static pods start as soon as it registers.
  for (const node of DEFAULT_NODES) {
    preloadImages(api.store, node.name, [
      'docker.io/kindest/kindnetd:v20241212-9f82dd49',
      `registry.k8s.io/kube-proxy-amd64:${KUBE_VERSION}`,
      'registry.k8s.io/pause:3.10',
      ...(node.controlPlane
        ? [
            'registry.k8s.io/coredns/coredns:v1.11.3',
            'registry.k8s.io/etcd:3.5.16-0',
            `registry.k8s.io/kube-apiserver-amd64:${KUBE_VERSION}`,
            `registry.k8s.io/kube-controller-manager-amd64:${KUBE_VERSION}`,
            `registry.k8s.io/kube-scheduler-amd64:${KUBE_VERSION}`,
            'docker.io/kindest/local-path-provisioner:v20241212-8ac705d0',
          ]
        : []),
    ]);
  }
  for (const node of DEFAULT_NODES) registerNode(api, node);
  api.create(res('storageclasses'), undefined, {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  api.create(res('services'), 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  });
  // kubeadm's CoreDNS add-on Service (kind): cluster DNS at the tenth address of the service range.
  api.create(res('services'), 'kube-system', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    },
    spec: {
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  });
  createApiServices(api);
  // coredns, metrics-server, local-path-provisioner, kindnet, kube-proxy: real workloads.
  createSystemWorkloads(api, DEFAULT_NODES.map((n) => n.name));
}

const LOCAL_GROUPS = [
  'v1.', 'v1.admissionregistration.k8s.io', 'v1.apiextensions.k8s.io', 'v1.apps', 'v1.authentication.k8s.io',
  'v1.authorization.k8s.io', 'v1.autoscaling', 'v1.batch', 'v1.certificates.k8s.io', 'v1.coordination.k8s.io',
  'v1.discovery.k8s.io', 'v1.events.k8s.io', 'v1.flowcontrol.apiserver.k8s.io', 'v1.networking.k8s.io',
  'v1.node.k8s.io', 'v1.policy', 'v1.rbac.authorization.k8s.io', 'v1.scheduling.k8s.io', 'v1.storage.k8s.io',
  'v2.autoscaling',
];

function createApiServices(api: ApiServer): void {
  const available = { conditions: [{ lastTransitionTime: rfc3339(api.now), message: 'Local APIServices are always available', reason: 'Local', status: 'True', type: 'Available' }] };
  for (const name of LOCAL_GROUPS) {
    const dot = name.indexOf('.');
    const version = name.slice(0, dot);
    const group = name.slice(dot + 1);
    api.create(res('apiservices'), undefined, {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name, labels: { 'kube-aggregator.kubernetes.io/automanaged': 'onstart' } },
      spec: { ...(group ? { group } : {}), groupPriorityMinimum: 18000, version, versionPriority: 15 },
      status: available,
    });
  }
  api.create(res('apiservices'), undefined, {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: 'v1beta1.metrics.k8s.io', labels: { 'k8s-app': 'metrics-server' } },
    spec: {
      group: 'metrics.k8s.io',
      groupPriorityMinimum: 100,
      insecureSkipTLSVerify: true,
      service: { name: 'metrics-server', namespace: 'kube-system', port: 443 },
      version: 'v1beta1',
      versionPriority: 100,
    },
    status: { conditions: [{ lastTransitionTime: rfc3339(api.now), message: 'all checks passed', reason: 'Passed', status: 'True', type: 'Available' }] },
  });
}
