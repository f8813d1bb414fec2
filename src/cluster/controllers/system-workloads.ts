// The default cluster's add-ons as real workloads: the coredns, metrics-server
// and local-path-provisioner Deployments (with the ReplicaSets kind's cluster
// has, under their well-known pod-template-hashes) and the kindnet and
// kube-proxy DaemonSets. Their pods are created here, already on the nodes
// kind puts them on, owned by those controllers, so the controllers find
// nothing to do and the layout stays the one FORMAT.md describes.
import type { KObject, Pod, PodTemplateSpec, Toleration } from '../../types/k8s.js';
import { ApiServer } from '../../apiserver/api.js';
import { randomSuffix } from '../../util/ids.js';
import { ownerRefTo, podFromTemplate, res } from './common.js';
import { daemonPod, daemonRevisionHash, type DaemonSet } from './daemonset.js';
import { DESIRED_REPLICAS, HASH_LABEL, MAX_REPLICAS, REVISION, type Deployment, type ReplicaSet } from './deployment.js';

const KUBE_VERSION = 'v1.32.0';
const CONTROL_PLANE = 'kubesim-control-plane';
const CP_TOLERATIONS: Toleration[] = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
];
const TOLERATE_ALL: Toleration[] = [{ effect: 'NoExecute', operator: 'Exists' }, { effect: 'NoSchedule', operator: 'Exists' }];

interface AddOn {
  name: string;
  namespace: string;
  hash: string;
  replicas: number;
  nodes: string[];
  selector: Record<string, string>;
  labels: Record<string, string>;
  template: PodTemplateSpec;
  maxUnavailable?: number;
}

type SecurityContext = NonNullable<PodTemplateSpec['spec']['containers'][number]['securityContext']>;

function template(
  labels: Record<string, string>,
  container: { name: string; image: string; requests?: Record<string, string>; limits?: Record<string, string>; securityContext?: SecurityContext },
  extra: Partial<PodTemplateSpec['spec']> = {},
): PodTemplateSpec {
  const resources: Record<string, Record<string, string>> = {};
  if (container.limits) resources.limits = container.limits;
  if (container.requests) resources.requests = container.requests;
  const sc = container.securityContext ? { securityContext: container.securityContext } : {};
  return {
    metadata: { labels },
    spec: { containers: [{ name: container.name, image: container.image, resources, ...sc }], ...extra },
  };
}

/** kind's node-level hostPath volumes (PodSecurity's baseline checks see them). */
const hostPath = (name: string, path: string, type?: string) => ({ name, hostPath: { path, ...(type ? { type } : {}) } });

const ADDONS: AddOn[] = [
  {
    name: 'coredns',
    namespace: 'kube-system',
    hash: '668d6bf9bc',
    replicas: 2,
    nodes: [CONTROL_PLANE, CONTROL_PLANE],
    selector: { 'k8s-app': 'kube-dns' },
    labels: { 'k8s-app': 'kube-dns' },
    maxUnavailable: 1,
    template: template(
      { 'k8s-app': 'kube-dns' },
      { name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3', requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } },
      { priorityClassName: 'system-cluster-critical', nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: CP_TOLERATIONS, serviceAccountName: 'coredns' },
    ),
  },
  {
    name: 'local-path-provisioner',
    namespace: 'local-path-storage',
    hash: '58cc7856b6',
    replicas: 1,
    nodes: [CONTROL_PLANE],
    selector: { app: 'local-path-provisioner' },
    labels: {},
    template: template(
      { app: 'local-path-provisioner' },
      { name: 'local-path-provisioner', image: 'docker.io/kindest/local-path-provisioner:v20241212-8ac705d0' },
      { nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: CP_TOLERATIONS, serviceAccountName: 'local-path-provisioner-service-account' },
    ),
  },
  {
    name: 'metrics-server',
    namespace: 'kube-system',
    hash: '6f9d8c7b5d',
    replicas: 1,
    nodes: ['kubesim-worker'],
    selector: { 'k8s-app': 'metrics-server' },
    labels: { 'k8s-app': 'metrics-server' },
    maxUnavailable: 0,
    template: template(
      { 'k8s-app': 'metrics-server' },
      { name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', requests: { cpu: '100m', memory: '200Mi' } },
      { priorityClassName: 'system-cluster-critical', nodeSelector: { 'kubernetes.io/os': 'linux' }, serviceAccountName: 'metrics-server' },
    ),
  },
];

interface Daemon {
  name: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  template: PodTemplateSpec;
}

const DAEMONS: Daemon[] = [
  {
    name: 'kindnet',
    labels: { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' },
    selector: { app: 'kindnet' },
    template: template(
      { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' },
      {
        name: 'kindnet-cni',
        image: 'docker.io/kindest/kindnetd:v20241212-9f82dd49',
        requests: { cpu: '100m', memory: '50Mi' },
        limits: { cpu: '100m', memory: '50Mi' },
        securityContext: { capabilities: { add: ['NET_RAW', 'NET_ADMIN'] }, privileged: false },
      },
      {
        hostNetwork: true,
        tolerations: TOLERATE_ALL,
        serviceAccountName: 'kindnet',
        volumes: [hostPath('cni-cfg', '/etc/cni/net.d'), hostPath('xtables-lock', '/run/xtables.lock', 'FileOrCreate'), hostPath('lib-modules', '/lib/modules')],
      },
    ),
  },
  {
    name: 'kube-proxy',
    labels: { 'k8s-app': 'kube-proxy' },
    selector: { 'k8s-app': 'kube-proxy' },
    template: template(
      { 'k8s-app': 'kube-proxy' },
      { name: 'kube-proxy', image: `registry.k8s.io/kube-proxy-amd64:${KUBE_VERSION}`, securityContext: { privileged: true } },
      {
        hostNetwork: true,
        priorityClassName: 'system-node-critical',
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: TOLERATE_ALL,
        serviceAccountName: 'kube-proxy',
        volumes: [hostPath('xtables-lock', '/run/xtables.lock', 'FileOrCreate'), hostPath('lib-modules', '/lib/modules')],
      },
    ),
  },
];

/** The add-ons' service accounts (their pods name them; admission requires them). */
function serviceAccount(api: ApiServer, namespace: string, name: string): void {
  if (api.tryGet(res('serviceaccounts'), namespace, name)) return;
  api.create(res('serviceaccounts'), namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
}

/**
 * Creates the add-on workloads and their pods through `api`'s store without
 * settling in between (the controllers then find every object in place).
 */
export function createSystemWorkloads(settling: ApiServer, nodes: string[]): void {
  const api = new ApiServer(settling.store, settling.engine, settling.user);
  for (const a of ADDONS) {
    serviceAccount(api, a.namespace, a.template.spec.serviceAccountName!);
    const d = api.create(res('deployments.apps'), a.namespace, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: a.name, namespace: a.namespace, ...(Object.keys(a.labels).length ? { labels: a.labels } : {}), annotations: { [REVISION]: '1' } },
      spec: {
        replicas: a.replicas,
        selector: { matchLabels: a.selector },
        template: structuredClone(a.template),
        ...(a.maxUnavailable !== undefined ? { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: a.maxUnavailable } } } : {}),
      },
    }) as Deployment;
    const tpl = structuredClone(d.spec.template);
    tpl.metadata = { ...(tpl.metadata ?? {}), labels: { ...(tpl.metadata?.labels ?? {}), [HASH_LABEL]: a.hash } };
    const rs = api.create(res('replicasets.apps'), a.namespace, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${a.name}-${a.hash}`,
        namespace: a.namespace,
        labels: { ...(a.template.metadata?.labels ?? {}), [HASH_LABEL]: a.hash },
        annotations: { [DESIRED_REPLICAS]: String(a.replicas), [MAX_REPLICAS]: String(a.replicas + 1), [REVISION]: '1' },
        ownerReferences: [ownerRefTo(d)],
      },
      spec: { replicas: a.replicas, selector: { matchLabels: { ...a.selector, [HASH_LABEL]: a.hash } }, template: tpl },
    }) as ReplicaSet;
    for (const node of a.nodes) {
      const pod = podFromTemplate(rs.spec.template, rs, { name: `${rs.metadata.name}-${randomSuffix(5)}` });
      pod.spec.nodeName = node;
      api.create(res('pods'), a.namespace, pod);
    }
  }
  for (const dm of DAEMONS) {
    serviceAccount(api, 'kube-system', dm.template.spec.serviceAccountName!);
    const ds = api.create(res('daemonsets.apps'), 'kube-system', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: dm.name, namespace: 'kube-system', labels: dm.labels, annotations: { 'deprecated.daemonset.template.generation': '1' } },
      spec: { selector: { matchLabels: dm.selector }, template: structuredClone(dm.template) },
    }) as DaemonSet;
    const hash = daemonRevisionHash(ds);
    for (const node of nodes) {
      const pod: Pod = daemonPod(ds, node, hash);
      pod.metadata.name = `${dm.name}-${randomSuffix(5)}`;
      delete pod.metadata.generateName;
      pod.spec.nodeName = node;
      api.create(res('pods'), 'kube-system', pod);
    }
  }
}

export type { KObject };
