// Nodes and pods shaped like the default kind cluster, for the scheduler tests.
import type { Container, Node, Pod } from '../../src/types/k8s.js';
import { buildNodeInfo, type NodeInfo } from '../../src/cluster/scheduler-plugins.js';

export function node(name: string, opts: { cpu?: string; memory?: string; controlPlane?: boolean; labels?: Record<string, string>; extra?: Record<string, string> } = {}): Node {
  const capacity = { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi', pods: '110', 'ephemeral-storage': '263174212Ki', ...(opts.extra ?? {}) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-${name}`,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(opts.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
        ...(opts.labels ?? {}),
      },
    },
    spec: opts.controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
    status: { capacity, allocatable: { ...capacity }, conditions: [{ type: 'Ready', status: 'True' }] },
  } as Node;
}

let seq = 0;
export function pod(name: string, containers: Partial<Container>[] = [{}], spec: Partial<Pod['spec']> = {}, meta: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `pod-${name}-${seq++}`, ...meta },
    spec: {
      containers: containers.map((c, i) => ({ name: `c${i}`, image: 'nginx', ...c })) as Container[],
      ...spec,
    },
    status: { phase: 'Running' },
  } as Pod;
}

export const req = (requests: Record<string, string>, limits?: Record<string, string>): Partial<Container> => ({
  resources: { requests, ...(limits ? { limits } : {}) },
});

/** The default cluster: control plane with its system pods, kubesim-worker with metrics-server, kubesim-worker2. */
export function kindCluster(): NodeInfo[] {
  const cp = node('kubesim-control-plane', { controlPlane: true });
  const w1 = node('kubesim-worker');
  const w2 = node('kubesim-worker2');
  const on = (n: string, p: Pod) => ({ ...p, spec: { ...p.spec, nodeName: n } });
  const daemon = (n: string) => [on(n, pod(`kindnet-${n}`, [req({ cpu: '100m', memory: '50Mi' }, { cpu: '100m', memory: '50Mi' })])), on(n, pod(`kube-proxy-${n}`))];
  const cpPods = [
    on(cp.metadata.name!, pod('etcd', [req({ cpu: '100m', memory: '100Mi' })])),
    on(cp.metadata.name!, pod('kube-apiserver', [req({ cpu: '250m' })])),
    on(cp.metadata.name!, pod('kube-controller-manager', [req({ cpu: '200m' })])),
    on(cp.metadata.name!, pod('kube-scheduler', [req({ cpu: '100m' })])),
    on(cp.metadata.name!, pod('coredns-1', [req({ cpu: '100m', memory: '70Mi' }, { memory: '170Mi' })])),
    on(cp.metadata.name!, pod('coredns-2', [req({ cpu: '100m', memory: '70Mi' }, { memory: '170Mi' })])),
    ...daemon(cp.metadata.name!),
  ];
  const w1Pods = [on(w1.metadata.name!, pod('metrics-server', [req({ cpu: '100m', memory: '200Mi' })])), ...daemon(w1.metadata.name!)];
  const w2Pods = daemon(w2.metadata.name!);
  return [buildNodeInfo(cp, cpPods), buildNodeInfo(w1, w1Pods), buildNodeInfo(w2, w2Pods)];
}
