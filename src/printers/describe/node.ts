// Node describer (describe.md §3).

import type { KObject, Node, Pod } from '../../types/k8s.js';
import type { Quantity } from '../../util/quantity.js';
import { relatedObject, type DescribeContext } from './context.js';
import { describeEventsOf } from './events.js';
import { cmp, printAnnotations, printLabels, printTaints, since, timestamp } from './helpers.js';
import { addInto, formatQty, qtyList, qtyMilli, qtyValue, type QtyList } from './qty.js';
import { podLimits, podRequests } from './resources.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './writer.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

interface Lease extends KObject {
  spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string };
}

/**
 * ctx.related: `pods` (non-terminated pods bound to the node, in list order;
 * omit it when pods may not be listed), `lease` (kube-node-lease/<node>, if any).
 */
export function describeNode(node: Node, ctx: DescribeContext): string {
  return tabbedString((w) => {
    describeNodeHeader(w, node);
    describeLease(w, relatedObject<Lease>(ctx, 'lease'));
    describeNodeConditions(w, node);
    describeNodeStatus(w, node);
    const pods = ctx.related?.pods;
    if (pods) describeNodeResources(w, node, nonTerminated(pods), ctx.now);
    else w.write(LEVEL_0, 'Pods:\tnot authorized\n');
    describeEventsOf(w, node, ctx);
  });
}

const nonTerminated = (pods: Pod[]): Pod[] =>
  pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');

/** findNodeRoles: `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort(cmp);
}

function describeNodeHeader(w: PrefixWriter, node: Node): void {
  const roles = nodeRoles(node);
  w.write(LEVEL_0, `Name:\t${node.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
  printLabels(w, 'Labels', node.metadata.labels);
  printAnnotations(w, 'Annotations', node.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${timestamp(node.metadata.creationTimestamp)}\n`);
  printTaints(w, 'Taints', node.spec?.taints);
  w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
}

function describeLease(w: PrefixWriter, lease: Lease | undefined): void {
  const spec = lease?.spec ?? {};
  w.write(LEVEL_0, 'Lease:\n');
  w.write(LEVEL_1, `HolderIdentity:\t${spec.holderIdentity ?? '<unset>'}\n`);
  w.write(LEVEL_1, `AcquireTime:\t${spec.acquireTime ? timestamp(spec.acquireTime) : '<unset>'}\n`);
  w.write(LEVEL_1, `RenewTime:\t${spec.renewTime ? timestamp(spec.renewTime) : '<unset>'}\n`);
}

function describeNodeConditions(w: PrefixWriter, node: Node): void {
  const conditions = node.status?.conditions ?? [];
  if (conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
  w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
  for (const c of conditions) {
    const cells = [c.type, c.status, timestamp(c.lastHeartbeatTime), timestamp(c.lastTransitionTime), c.reason ?? ''];
    w.write(LEVEL_1, cells.map((s) => `${s} \t`).join('') + `${c.message ?? ''}\n`);
  }
}

function describeNodeStatus(w: PrefixWriter, node: Node): void {
  const status = node.status ?? {};
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
  for (const [title, list] of [['Capacity', status.capacity], ['Allocatable', status.allocatable]] as const) {
    const names = Object.keys(list ?? {}).sort(cmp);
    if (names.length === 0) continue;
    w.write(LEVEL_0, `${title}:\n`);
    for (const n of names) w.write(LEVEL_0, `  ${n}:\t${formatQty(qtyList(list).get(n))}\n`);
  }
  const info: Partial<NonNullable<typeof status.nodeInfo>> = status.nodeInfo ?? {};
  w.write(LEVEL_0, 'System Info:\n');
  const rows: [string, string | undefined][] = [
    ['Machine ID', info.machineID], ['System UUID', info.systemUUID], ['Boot ID', info.bootID],
    ['Kernel Version', info.kernelVersion], ['OS Image', info.osImage], ['Operating System', info.operatingSystem],
    ['Architecture', info.architecture], ['Container Runtime Version', info.containerRuntimeVersion],
    ['Kubelet Version', info.kubeletVersion], ['Kube-Proxy Version', info.kubeProxyVersion],
  ];
  for (const [k, v] of rows) w.write(LEVEL_0, `  ${k}:\t${v ?? ''}\n`);
  const spec = node.spec ?? {};
  if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
  if ((spec.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs!.join(',')}\n`);
  if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
}

/** int64(float64(part) / float64(whole) * 100); 0 when the whole is 0. */
function percent(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0;
  return Math.trunc((Number(part) / Number(whole)) * 100);
}

/** `<q> (<p>%)`: cpu compared in millicores, everything else in whole units. */
function withPercent(name: string, q: Quantity | undefined, allocatable: QtyList): string {
  const alloc = allocatable.get(name);
  const measure = name === 'cpu' ? qtyMilli : qtyValue;
  const p = q && alloc ? percent(measure(q), measure(alloc)) : 0;
  return `${formatQty(q)} (${p}%)`;
}

function describeNodeResources(w: PrefixWriter, node: Node, pods: Pod[], now: number): void {
  const status = node.status ?? {};
  const allocatable = qtyList(Object.keys(status.allocatable ?? {}).length > 0 ? status.allocatable : status.capacity);
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const totalReqs: QtyList = new Map();
  const totalLimits: QtyList = new Map();
  for (const pod of pods) {
    const reqs = podRequests(pod);
    const limits = podLimits(pod);
    addInto(totalReqs, reqs);
    addInto(totalLimits, limits);
    const cells = [
      pod.metadata.namespace ?? '', pod.metadata.name ?? '', '',
      withPercent('cpu', reqs.get('cpu'), allocatable), withPercent('cpu', limits.get('cpu'), allocatable),
      withPercent('memory', reqs.get('memory'), allocatable), withPercent('memory', limits.get('memory'), allocatable),
      since(pod.metadata.creationTimestamp, now),
    ];
    w.write(LEVEL_1, cells.join('\t') + '\n');
  }
  describeAllocated(w, totalReqs, totalLimits, allocatable);
}

/** Neither a standard container resource (cpu, memory, ephemeral-storage, hugepages-*) nor pods. */
const isExtended = (name: string): boolean =>
  !['cpu', 'memory', 'ephemeral-storage', 'pods'].includes(name) && !name.startsWith('hugepages-');

function describeAllocated(w: PrefixWriter, reqs: QtyList, limits: QtyList, allocatable: QtyList): void {
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const names = [...allocatable.keys()].sort(cmp);
  const hugePages = names.filter((n) => n.startsWith('hugepages-'));
  const extended = names.filter(isExtended);
  for (const name of ['cpu', 'memory', 'ephemeral-storage', ...hugePages]) {
    w.write(LEVEL_1, `${name}\t${withPercent(name, reqs.get(name), allocatable)}\t${withPercent(name, limits.get(name), allocatable)}\n`);
  }
  for (const name of extended) w.write(LEVEL_1, `${name}\t${formatQty(reqs.get(name))}\t${formatQty(limits.get(name))}\n`);
}
