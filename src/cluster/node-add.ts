// `kubesim node add`: a node joining the cluster (kind would run another node
// container; a Windows node is what `kubeadm join` on Windows Server 2022 leaves).
import type { Node } from '../types/k8s.js';
import { ApiServer, SYSTEM_USER } from '../apiserver/api.js';
import { resolveResource } from '../apiserver/resources.js';
import { registerNode } from './bootstrap.js';
import { preloadImages } from './kubelet.js';
import { randomHex, newUid } from '../util/ids.js';

export interface AddNodeOptions {
  name: string;
  os: 'linux' | 'windows';
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
}

/** Windows Server 2022 (LTSC 2022, build 20348). */
export const WINDOWS_BUILD = '10.0.20348';
export const WINDOWS_KERNEL = '10.0.20348.2762';

/**
 * The next free InternalIP (172.18.0.N) and podCIDR (10.244.N.0/24) after the existing nodes'.
 * Past the 254th node the addresses go on in the next /24 (172.18.1.0, 10.245.0.0/24, ...),
 * as a bigger kind network and cluster CIDR would give them.
 */
export function nextAddresses(nodes: Node[]): { ip: string; cidr: string } {
  let lastIp = 1;
  let lastNet = -1;
  for (const n of nodes) {
    const ip = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    const m = ip && /^172\.18\.(\d+)\.(\d+)$/.exec(ip);
    if (m) lastIp = Math.max(lastIp, Number(m[1]) * 256 + Number(m[2]));
    const c = n.spec?.podCIDR && /^10\.(\d+)\.(\d+)\.0\/24$/.exec(n.spec.podCIDR);
    if (c && Number(c[1]) >= 244) lastNet = Math.max(lastNet, (Number(c[1]) - 244) * 256 + Number(c[2]));
  }
  let ipN = lastIp + 1;
  if (ipN % 256 === 255) ipN += 2; // no broadcast or network address
  else if (ipN % 256 === 0) ipN += 1;
  const net = lastNet + 1;
  return { ip: `172.18.${ipN >> 8}.${ipN & 255}`, cidr: `10.${244 + (net >> 8)}.${net & 255}.0/24` };
}

/**
 * Adds `count` nodes named `<name>-1` ... `<name>-<count>` (a big cluster in one session). The
 * controllers react once to the whole batch, when the session settles, rather than after each
 * node (a DaemonSet's reconcile looks at every node: once per node would be quadratic).
 */
export function addNodes(api: ApiServer, opts: AddNodeOptions, count: number): Node[] {
  const batch = new ApiServer(api.store, api.engine, SYSTEM_USER);
  const out: Node[] = [];
  let addresses = nextAddresses(batch.list(NODES, undefined) as Node[]);
  for (let i = 1; i <= count; i++) {
    const node = joinNode(batch, { ...opts, name: `${opts.name}-${i}` }, addresses);
    out.push(node);
    addresses = nextAddresses([node]);
  }
  return out;
}

const NODES = resolveResource('nodes')!;

export function addNode(api: ApiServer, opts: AddNodeOptions): Node {
  const system = api.as(SYSTEM_USER);
  return joinNode(system, opts, nextAddresses(system.list(NODES, undefined) as Node[]));
}

/** Registers the node at `addresses` through `system` (the controllers' identity). */
function joinNode(system: ApiServer, opts: AddNodeOptions, { ip, cidr }: { ip: string; cidr: string }): Node {
  const windows = opts.os === 'windows';
  const labels = { ...(windows ? { 'node.kubernetes.io/windows-build': WINDOWS_BUILD } : {}), ...(opts.labels ?? {}) };
  let node = registerNode(system, { name: opts.name, ip, cidr, os: opts.os, cpu: opts.cpu, memory: opts.memory, labels });
  if (windows) {
    // What differs on a Windows kubelet: the CRI pipe, no hugepages, Windows version strings.
    const noHugepages = { 'hugepages-1Gi': null, 'hugepages-2Mi': null };
    const status = {
      capacity: noHugepages,
      allocatable: noHugepages,
      nodeInfo: {
        kernelVersion: WINDOWS_KERNEL,
        osImage: 'Windows Server 2022 Datacenter',
        operatingSystem: 'windows',
        machineID: opts.name.toUpperCase(),
        systemUUID: newUid().toUpperCase(),
        bootID: String((parseInt(randomHex(2), 16) % 20) + 1),
      },
    };
    node = system.patch(NODES, undefined, opts.name, 'merge', {
      metadata: { annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': 'npipe:////./pipe/containerd-containerd' } },
    }) as Node;
    node = system.patch(NODES, undefined, opts.name, 'merge', { status }, { subresource: 'status' }) as Node;
    preloadImages(system.store, opts.name, ['mcr.microsoft.com/oss/kubernetes/pause:3.10']);
  } else {
    preloadImages(system.store, opts.name, ['registry.k8s.io/pause:3.10']);
  }
  return node;
}
