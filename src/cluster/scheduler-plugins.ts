// The plugins of the default scheduler profile (kube-scheduler v1.32,
// pkg/scheduler/framework/plugins/*): each filter owns its failure reasons, each
// score its formula and normalisation (scheduler.md §2, §5). Pure functions over
// a snapshot of the cluster, so unit tests can drive them without an engine.
import type { Container, KObject, LabelSelector, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, Taint, Toleration } from '../types/k8s.js';
import { parseQuantity } from '../util/quantity.js';
import { labelSelectorFromObject, matchesLabelSelector, type ParsedLabelSelector } from '../apiserver/selectors.js';
import { imageInfo, normalizeImage } from '../runtime/images.js';

/** A node as the scheduler sees it: the node and what its pods already request. */
export interface NodeInfo {
  node: Node;
  pods: Pod[];
  requested: Record<string, number>;
  /** Normalized references of the images present on the node. */
  images?: string[];
  /** What was derived from `pods` (filled on first use; dropped when `pods` changes). */
  memo?: NodeInfoMemo;
}

interface NodeInfoMemo {
  pods: Pod[];
  length: number;
  /** The requests of `pods`, summed in order (plain and non-zero). */
  requested?: Record<string, number>;
  nonZeroRequested?: Record<string, number>;
  /** `pods` per namespace, in order. */
  byNamespace?: Map<string, Pod[]>;
  /** The pods with required anti-affinity terms. */
  antiAffinityPods?: Pod[];
  /** countMatchingOn per namespace, then selector (see selectorKey). */
  matching?: Map<string, Map<string, number>>;
}

/** The memo of `info`, new if its pod list was replaced or grew since. */
function memoOf(info: NodeInfo): NodeInfoMemo {
  const m = info.memo;
  if (m && m.pods === info.pods && m.length === info.pods.length) return m;
  return (info.memo = { pods: info.pods, length: info.pods.length });
}

/** Read access to the rest of the cluster (PVCs, storage classes, owners, services). */import { podClaimNames, volumeBindingFilter, volumePreFilter, volumeRestrictionsFilter } from './volume-binding.js';

export interface ClusterView {
  get(resource: string, namespace: string | undefined, name: string): KObject | undefined;
  list(resource: string, namespace?: string): KObject[];
}

export const NO_CLUSTER: ClusterView = { get: () => undefined, list: () => [] };

export interface FilterResult {
  reasons: string[];
  /** UnschedulableAndUnresolvable: preemption cannot help on this node. */
  unresolvable: boolean;
  /** The plugin that refused the node (set by the scheduling cycle, for the trail). */
  plugin?: string;
}

/** What PreFilter computed once per scheduling cycle. */
export interface CycleState {
  pod: Pod;
  nodes: NodeInfo[];
  cluster: ClusterView;
  /** Pods counted by topology spreading and inter-pod affinity (assigned, not terminal). */
  allPods: Pod[];
  spread: SpreadConstraint[];
  /** Memo per cycle: domainCounts per constraint. */
  domainCounts?: Map<SpreadConstraint, Map<string, number>>;
  /** Memo per cycle: the node of each name. */
  nodeByName?: Map<string, Node>;
  /** Memo per cycle: the assigned pods with required anti-affinity terms. */
  antiAffinityPods?: Pod[];
}

export interface FilterPlugin {
  name: string;
  filter(pod: Pod, info: NodeInfo, state: CycleState): FilterResult | undefined;
}

export interface ScorePlugin {
  name: string;
  weight: number;
  /** Raw score per feasible node (same order as `nodes`). */
  score(pod: Pod, nodes: NodeInfo[], state: CycleState): number[];
}

const fail = (unresolvable: boolean, ...reasons: string[]): FilterResult => ({ reasons, unresolvable });

export const MAX_NODE_SCORE = 100;

// ---------------------------------------------------------------- requests

function containerRequests(c: Container): Record<string, number> {
  const out: Record<string, number> = {};
  // A limit without a request is a request (the API server defaults it; be safe for raw objects).
  for (const [k, v] of Object.entries(c.resources?.limits ?? {})) out[k] = parseQuantity(v);
  for (const [k, v] of Object.entries(c.resources?.requests ?? {})) out[k] = parseQuantity(v);
  return out;
}

/** Effective pod requests: max(sum of containers, each init container) + overhead (scheduler.md §2.1). */
export function podRequests(pod: Pod, perContainer: (c: Container) => Record<string, number> = containerRequests): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const c of pod.spec.containers ?? []) for (const [k, v] of Object.entries(perContainer(c))) sum[k] = (sum[k] ?? 0) + v;
  const running: Record<string, number> = {};
  for (const ic of pod.spec.initContainers ?? []) {
    const req = perContainer(ic);
    if (ic.restartPolicy === 'Always') {
      for (const [k, v] of Object.entries(req)) {
        sum[k] = (sum[k] ?? 0) + v;
        running[k] = (running[k] ?? 0) + v;
      }
      continue;
    }
    for (const [k, v] of Object.entries(req)) sum[k] = Math.max(sum[k] ?? 0, v + (running[k] ?? 0));
  }
  for (const [k, v] of Object.entries(pod.spec.overhead ?? {})) sum[k] = (sum[k] ?? 0) + parseQuantity(v);
  return sum;
}

// Per-pod memos of the two request sums the scheduler uses on every cycle. Stored objects
// are replaced, never changed in place, so the pod object is a safe key.
const requestsMemo = new WeakMap<Pod, Record<string, number>>();
const nonZeroMemo = new WeakMap<Pod, Record<string, number>>();

/** podRequests(pod), memoized (the result must not be changed). */
function cachedPodRequests(pod: Pod): Record<string, number> {
  let r = requestsMemo.get(pod);
  if (!r) requestsMemo.set(pod, (r = podRequests(pod)));
  return r;
}

/** nonZeroPodRequests(pod), memoized (the result must not be changed). */
function cachedNonZeroPodRequests(pod: Pod): Record<string, number> {
  let r = nonZeroMemo.get(pod);
  if (!r) nonZeroMemo.set(pod, (r = nonZeroPodRequests(pod)));
  return r;
}

/** Scoring requests: a container without a cpu/memory request counts as 100m / 200Mi (schedutil.GetNonzeroRequests). */
export const DEFAULT_MILLI_CPU_REQUEST = 0.1;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

function nonZeroContainerRequests(c: Container): Record<string, number> {
  const req = containerRequests(c);
  return {
    cpu: req.cpu !== undefined ? req.cpu : DEFAULT_MILLI_CPU_REQUEST,
    memory: req.memory !== undefined ? req.memory : DEFAULT_MEMORY_REQUEST,
  };
}

export function nonZeroPodRequests(pod: Pod): Record<string, number> {
  return podRequests(pod, nonZeroContainerRequests);
}

export const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/**
 * What the scheduler can allocate on a node. The kubelet mirrors extended resources
 * (`example.com/dongle`) advertised in capacity into allocatable at its next status
 * sync; until it has, capacity stands in for them.
 */
export function nodeAllocatable(node: Node): Record<string, string> {
  const out: Record<string, string> = { ...(node.status?.allocatable ?? node.status?.capacity ?? {}) };
  for (const [k, v] of Object.entries(node.status?.capacity ?? {})) {
    if (out[k] === undefined && isExtendedResource(k)) out[k] = v;
  }
  return out;
}

const allocatableMemo = new WeakMap<Node, Record<string, string>>();

/** nodeAllocatable(node), memoized per node object (the result must not be changed). */
function cachedNodeAllocatable(node: Node): Record<string, string> {
  let r = allocatableMemo.get(node);
  if (!r) allocatableMemo.set(node, (r = nodeAllocatable(node)));
  return r;
}

/** Extended resources: domain-qualified names outside kubernetes.io (v1helper.IsExtendedResourceName). */
export function isExtendedResource(name: string): boolean {
  if (!name.includes('/')) return false;
  if (name.startsWith('requests.')) return false;
  const domain = name.slice(0, name.indexOf('/'));
  return domain !== 'kubernetes.io' && !domain.endsWith('.kubernetes.io');
}

export function buildNodeInfo(node: Node, pods: Pod[], images?: string[]): NodeInfo {
  const requested: Record<string, number> = {};
  for (const p of pods) for (const [k, v] of Object.entries(cachedPodRequests(p))) requested[k] = (requested[k] ?? 0) + v;
  return { node, pods, requested, ...(images ? { images } : {}) };
}

/** The requests (plain or non-zero) of the node's pods, summed in pod order (memoized on the NodeInfo). */
function requestedOn(info: NodeInfo, nonZero: boolean): Record<string, number> {
  const m = memoOf(info);
  const known = nonZero ? m.nonZeroRequested : m.requested;
  if (known) return known;
  const sum: Record<string, number> = {};
  for (const p of info.pods) for (const [k, v] of Object.entries(nonZero ? cachedNonZeroPodRequests(p) : cachedPodRequests(p))) sum[k] = (sum[k] ?? 0) + v;
  if (nonZero) m.nonZeroRequested = sum;
  else m.requested = sum;
  return sum;
}

/** The node's pods in `namespace`, in order (memoized on the NodeInfo). */
function podsInNamespace(info: NodeInfo, namespace: string): Pod[] {
  const memo = memoOf(info);
  if (!memo.byNamespace) {
    const m = new Map<string, Pod[]>();
    for (const p of info.pods) {
      const ns = p.metadata.namespace as string;
      const list = m.get(ns);
      if (list) list.push(p);
      else m.set(ns, [p]);
    }
    memo.byNamespace = m;
  }
  return memo.byNamespace.get(namespace) ?? [];
}

// ---------------------------------------------------------------- helpers

export function tolerates(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

function matchRequirement(req: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = labels[req.key];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
      return has && /^-?\d+$/.test(value!) && Number(value) > Number(values[0]);
    case 'Lt':
      return has && /^-?\d+$/.test(value!) && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

export function matchNodeSelectorTerm(term: NodeSelectorTerm, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const fields: Record<string, string> = { 'metadata.name': node.metadata.name! };
  return (
    (term.matchExpressions ?? []).every((r) => matchRequirement(r, labels)) &&
    (term.matchFields ?? []).every((r) => matchRequirement(r, fields)) &&
    (term.matchExpressions?.length ?? 0) + (term.matchFields?.length ?? 0) > 0
  );
}

/** nodeSelector and required node affinity (nodeaffinity.GetRequiredNodeAffinity). */
export function matchesRequiredNodeAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const selectorOk = Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const affinityOk = !terms || terms.some((t) => matchNodeSelectorTerm(t, node));
  return selectorOk && affinityOk;
}

function safeSelector(ls: LabelSelector | undefined | null): ParsedLabelSelector {
  try {
    return labelSelectorFromObject(ls);
  } catch {
    return { requirements: [], nothing: true } as unknown as ParsedLabelSelector;
  }
}

interface HostPort {
  port: number;
  protocol: string;
  ip: string;
}

function hostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of [...(pod.spec.initContainers ?? []).filter((i) => i.restartPolicy === 'Always'), ...(pod.spec.containers ?? [])]) {
    for (const p of (c.ports ?? []) as { hostPort?: number; protocol?: string; hostIP?: string }[]) {
      if (p.hostPort && p.hostPort > 0) out.push({ port: p.hostPort, protocol: p.protocol ?? 'TCP', ip: p.hostIP || '0.0.0.0' });
    }
  }
  return out;
}

// ---------------------------------------------------------------- pre-filter

// ---------------------------------------------------------------- topology spread

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  selector: ParsedLabelSelector;
  minDomains?: number;
  /** The system default constraints (no explicit constraints on the pod). */
  systemDefault?: boolean;
}

interface RawSpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  labelSelector?: LabelSelector;
  minDomains?: number;
  matchLabelKeys?: string[];
}

/**
 * The pod's spread constraints; without explicit ones, the system defaults
 * (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) over the selector of the
 * services and controllers that own the pod (helper.DefaultSelector).
 */
export function spreadConstraints(pod: Pod, cluster: ClusterView): SpreadConstraint[] {
  const explicit = (pod.spec as { topologySpreadConstraints?: RawSpreadConstraint[] }).topologySpreadConstraints;
  if (explicit?.length) {
    return explicit.map((c) => {
      let ls: LabelSelector | undefined = c.labelSelector;
      if (c.matchLabelKeys?.length && ls) {
        const extra = c.matchLabelKeys.filter((k) => pod.metadata.labels?.[k] !== undefined).map((k) => ({ key: k, operator: 'In', values: [pod.metadata.labels![k]!] }));
        ls = { ...ls, matchExpressions: [...(ls.matchExpressions ?? []), ...extra] };
      }
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        whenUnsatisfiable: c.whenUnsatisfiable === 'DoNotSchedule' ? 'DoNotSchedule' : 'ScheduleAnyway',
        selector: safeSelector(ls),
        ...(c.minDomains ? { minDomains: c.minDomains } : {}),
      };
    });
  }
  const selector = defaultSelector(pod, cluster);
  if (!selector) return [];
  return [
    { maxSkew: 3, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', selector, systemDefault: true },
    { maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', selector, systemDefault: true },
  ];
}

function defaultSelector(pod: Pod, cluster: ClusterView): ParsedLabelSelector | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const labels = pod.metadata.labels ?? {};
  const requirements: ParsedLabelSelector['requirements'] = [];
  let found = false;
  for (const svc of cluster.list('services', ns) as (KObject & { spec?: { selector?: Record<string, string> } })[]) {
    const sel = svc.spec?.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) continue;
    found = true;
    requirements.push(...safeSelector({ matchLabels: sel }).requirements);
  }
  for (const ref of pod.metadata.ownerReferences ?? []) {
    if (!ref.controller) continue;
    const key = { ReplicaSet: 'replicasets.apps', StatefulSet: 'statefulsets.apps', ReplicationController: 'replicationcontrollers' }[ref.kind as string];
    if (!key) continue;
    const owner = cluster.get(key, ns, ref.name) as (KObject & { spec?: { selector?: LabelSelector | Record<string, string> } }) | undefined;
    const sel = owner?.spec?.selector;
    if (sel) {
      const ls = ref.kind === 'ReplicationController' ? { matchLabels: sel as Record<string, string> } : (sel as LabelSelector);
      requirements.push(...safeSelector(ls).requirements);
      found = true;
    } else {
      // The owner is not an object yet: its pods carry the same template labels.
      requirements.push(...safeSelector({ matchLabels: labels }).requirements);
      found = true;
    }
  }
  return found ? { requirements } : undefined;
}

function countMatching(pods: Pod[], namespace: string, selector: ParsedLabelSelector): number {
  let n = 0;
  for (const p of pods) {
    if (p.metadata.namespace !== namespace || p.metadata.deletionTimestamp) continue;
    if (matchesLabelSelector(selector, p.metadata.labels ?? {})) n++;
  }
  return n;
}

const selectorKeys = new WeakMap<ParsedLabelSelector, string>();
/** A selector's identity across cycles (each cycle parses the pod's selectors anew). */
function selectorKey(selector: ParsedLabelSelector): string {
  let key = selectorKeys.get(selector);
  if (key === undefined) selectorKeys.set(selector, (key = JSON.stringify(selector)));
  return key;
}

/**
 * countMatching over the pods of one node (through its per-namespace index), memoized on the
 * NodeInfo: spreading counts every node's matching pods in every cycle, and most nodes have not
 * changed since the last one.
 */
function countMatchingOn(info: NodeInfo, namespace: string, selector: ParsedLabelSelector): number {
  const byNamespace = (memoOf(info).matching ??= new Map());
  let memo = byNamespace.get(namespace);
  if (!memo) byNamespace.set(namespace, (memo = new Map()));
  const key = selectorKey(selector);
  let n = memo.get(key);
  if (n === undefined) memo.set(key, (n = countMatching(podsInNamespace(info, namespace), namespace, selector)));
  return n;
}

/** Matching pods per topology value, over nodes that pass the pod's node affinity and have the key (memoized per cycle). */
function domainCounts(c: SpreadConstraint, state: CycleState): Map<string, number> {
  const memo = (state.domainCounts ??= new Map());
  const known = memo.get(c);
  if (known) return known;
  const counts = new Map<string, number>();
  const ns = state.pod.metadata.namespace ?? 'default';
  for (const info of state.nodes) {
    const value = info.node.metadata.labels?.[c.topologyKey];
    if (value === undefined) continue;
    if (!matchesRequiredNodeAffinity(state.pod, info.node)) continue;
    counts.set(value, (counts.get(value) ?? 0) + countMatchingOn(info, ns, c.selector));
  }
  memo.set(c, counts);
  return counts;
}

// ---------------------------------------------------------------- inter-pod affinity

interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  namespaces?: string[];
  namespaceSelector?: LabelSelector;
  topologyKey: string;
}

interface PodAffinitySpec {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; podAffinityTerm: PodAffinityTerm }[];
}

function affinityOf(pod: Pod, kind: 'podAffinity' | 'podAntiAffinity'): PodAffinitySpec | undefined {
  return pod.spec.affinity?.[kind] as PodAffinitySpec | undefined;
}

/** Whether `target` is selected by `term`, a term of `owner` (namespaces default to the owner's). */
function termMatches(term: PodAffinityTerm, owner: Pod, target: Pod, cluster: ClusterView): boolean {
  const ns = target.metadata.namespace ?? 'default';
  let nsOk: boolean;
  if (term.namespaceSelector) {
    const sel = safeSelector(term.namespaceSelector);
    const nsObj = cluster.get('namespaces', undefined, ns);
    nsOk = (term.namespaces ?? []).includes(ns) || matchesLabelSelector(sel, nsObj?.metadata.labels ?? {});
  } else {
    nsOk = term.namespaces?.length ? term.namespaces.includes(ns) : ns === (owner.metadata.namespace ?? 'default');
  }
  if (!nsOk) return false;
  return matchesLabelSelector(safeSelector(term.labelSelector), target.metadata.labels ?? {});
}

function nodeOf(state: CycleState, name: string | undefined): Node | undefined {
  if (!state.nodeByName) {
    // The first node of each name, as a search from the front would find.
    state.nodeByName = new Map();
    for (const n of state.nodes) if (!state.nodeByName.has(n.node.metadata.name!)) state.nodeByName.set(n.node.metadata.name!, n.node);
  }
  return name === undefined ? undefined : state.nodeByName.get(name);
}

/** The node's pods with required anti-affinity terms (memoized on the NodeInfo). */
function antiAffinityPods(info: NodeInfo): Pod[] {
  return (memoOf(info).antiAffinityPods ??= info.pods.filter((p) => (affinityOf(p, 'podAntiAffinity')?.requiredDuringSchedulingIgnoredDuringExecution ?? []).length > 0));
}

function sameDomain(a: Node | undefined, b: Node, key: string): boolean {
  const va = a?.metadata.labels?.[key];
  return va !== undefined && va === b.metadata.labels?.[key];
}

// ---------------------------------------------------------------- filters

export const FILTERS: FilterPlugin[] = [
  {
    name: 'NodeUnschedulable',
    filter(pod, { node }) {
      if (!node.spec?.unschedulable) return undefined;
      const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
      return tolerates(pod.spec.tolerations ?? [], taint) ? undefined : fail(true, 'node(s) were unschedulable');
    },
  },
  {
    name: 'NodeName',
    filter(pod, { node }) {
      return pod.spec.nodeName && pod.spec.nodeName !== node.metadata.name ? fail(true, "node(s) didn't match the requested node name") : undefined;
    },
  },
  {
    name: 'TaintToleration',
    filter(pod, { node }) {
      const taint = (node.spec?.taints ?? []).find(
        (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.spec.tolerations ?? [], t),
      );
      return taint ? fail(true, `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`) : undefined;
    },
  },
  {
    name: 'NodeAffinity',
    filter(pod, { node }) {
      return matchesRequiredNodeAffinity(pod, node) ? undefined : fail(true, "node(s) didn't match Pod's node affinity/selector");
    },
  },
  {
    name: 'NodePorts',
    filter(pod, info) {
      const wanted = hostPorts(pod);
      if (wanted.length === 0) return undefined;
      const used = info.pods.flatMap(hostPorts);
      const conflict = wanted.some((w) =>
        used.some((u) => u.port === w.port && u.protocol === w.protocol && (u.ip === w.ip || u.ip === '0.0.0.0' || w.ip === '0.0.0.0')),
      );
      return conflict ? fail(false, "node(s) didn't have free ports for the requested pod ports") : undefined;
    },
  },
  {
    name: 'NodeResourcesFit',
    filter(pod, info) {
      const allocatable = cachedNodeAllocatable(info.node);
      const reasons: string[] = [];
      const maxPods = parseQuantity(allocatable.pods ?? '110');
      if (info.pods.length + 1 > maxPods) reasons.push('Too many pods');
      const requests = cachedPodRequests(pod);
      // fit.go checks cpu, memory, ephemeral-storage, then the scalar resources.
      const order = ['cpu', 'memory', 'ephemeral-storage', ...Object.keys(requests).filter((k) => !['cpu', 'memory', 'ephemeral-storage', 'pods'].includes(k)).sort()];
      for (const res of order) {
        const want = requests[res];
        if (!want) continue;
        const have = allocatable[res] === undefined ? 0 : parseQuantity(allocatable[res]!);
        if (want > have - (info.requested[res] ?? 0)) reasons.push(`Insufficient ${res}`);
      }
      return reasons.length ? fail(false, ...reasons) : undefined;
    },
  },
  {
    // ReadWriteOncePod conflicts (src/cluster/volume-binding.ts owns the rules and texts).
    name: 'VolumeRestrictions',
    filter(pod, info, state) {
      if (podClaimNames(pod).length === 0) return undefined; // no claims, no conflicts (and no need to list every pod)
      const r = volumeRestrictionsFilter(pod, info.node, state.cluster, state.allPods);
      return r.reasons.length ? fail(false, ...r.reasons) : undefined;
    },
  },
  {
    // PV matching, PV node affinity and provisioning on this node.
    name: 'VolumeBinding',
    filter(pod, info, state) {
      const r = volumeBindingFilter(pod, info.node, state.cluster);
      return r.reasons.length ? fail(true, ...r.reasons) : undefined;
    },
  },
  {
    name: 'PodTopologySpread',
    filter(pod, info, state) {
      const ns = pod.metadata.namespace ?? 'default';
      for (const c of state.spread) {
        if (c.whenUnsatisfiable !== 'DoNotSchedule') continue;
        const value = info.node.metadata.labels?.[c.topologyKey];
        if (value === undefined) return fail(true, "node(s) didn't match pod topology spread constraints (missing required label)");
        const counts = domainCounts(c, state);
        let min = counts.size ? Math.min(...counts.values()) : 0;
        if (c.minDomains && counts.size < c.minDomains) min = 0;
        const self = matchesLabelSelector(c.selector, pod.metadata.labels ?? {}) ? 1 : 0;
        const here = counts.get(value) ?? countMatchingOn(info, ns, c.selector);
        if (here + self - min > c.maxSkew) return fail(false, "node(s) didn't match pod topology spread constraints");
      }
      return undefined;
    },
  },
  {
    name: 'InterPodAffinity',
    filter(pod, info, state) {
      // Existing pods' required anti-affinity against the incoming pod (only pods that have such terms can fail it).
      for (const other of (state.antiAffinityPods ??= state.nodes.flatMap(antiAffinityPods))) {
        for (const term of affinityOf(other, 'podAntiAffinity')?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
          if (termMatches(term, other, pod, state.cluster) && sameDomain(nodeOf(state, other.spec.nodeName), info.node, term.topologyKey)) {
            return fail(false, "node(s) didn't satisfy existing pods anti-affinity rules");
          }
        }
      }
      const affinity = affinityOf(pod, 'podAffinity')?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
      if (affinity.length) {
        const satisfied = affinity.every((term) =>
          state.allPods.some((other) => termMatches(term, pod, other, state.cluster) && sameDomain(nodeOf(state, other.spec.nodeName), info.node, term.topologyKey)),
        );
        if (!satisfied) {
          // The first pod of a group that selects itself may go anywhere with the topology key.
          const noneAnywhere = affinity.every((term) => !state.allPods.some((other) => termMatches(term, pod, other, state.cluster)));
          const selfMatch = affinity.every((term) => termMatches(term, pod, pod, state.cluster));
          const hasKeys = affinity.every((term) => info.node.metadata.labels?.[term.topologyKey] !== undefined);
          if (!(noneAnywhere && selfMatch && hasKeys)) return fail(true, "node(s) didn't match pod affinity rules");
        }
      }
      for (const term of affinityOf(pod, 'podAntiAffinity')?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
        if (state.allPods.some((other) => termMatches(term, pod, other, state.cluster) && sameDomain(nodeOf(state, other.spec.nodeName), info.node, term.topologyKey))) {
          return fail(false, "node(s) didn't match pod anti-affinity rules");
        }
      }
      return undefined;
    },
  },
];

// ---------------------------------------------------------------- scores

/** framework.DefaultNormalizeScore. */
export function normalize(scores: number[], reverse = false): number[] {
  const max = Math.max(0, ...scores);
  if (max === 0) return scores.map(() => (reverse ? MAX_NODE_SCORE : 0));
  return scores.map((s) => {
    const v = Math.floor((MAX_NODE_SCORE * s) / max);
    return reverse ? MAX_NODE_SCORE - v : v;
  });
}

function fractionsFor(pod: Pod, info: NodeInfo, nonZero: boolean): { alloc: number; used: number }[] {
  const allocatable = cachedNodeAllocatable(info.node);
  const mine = nonZero ? cachedNonZeroPodRequests(pod) : cachedPodRequests(pod);
  // The node's pods' requests, summed in pod order (as a reduce over info.pods would).
  const onNode = requestedOn(info, nonZero);
  return (['cpu', 'memory'] as const).map((res) => {
    const alloc = parseQuantity(allocatable[res] ?? '0');
    const used = (onNode[res] ?? 0) + (mine[res] ?? 0);
    return { alloc, used };
  });
}

export const SCORES: ScorePlugin[] = [
  {
    // LeastAllocated, cpu and memory weight 1, non-zero requests.
    name: 'NodeResourcesFit',
    weight: 1,
    score(pod, nodes) {
      return nodes.map((info) => {
        const parts = fractionsFor(pod, info, true).map(({ alloc, used }) =>
          alloc <= 0 || used > alloc ? 0 : Math.floor(((alloc - used) * MAX_NODE_SCORE) / alloc),
        );
        return Math.floor((parts[0]! + parts[1]!) / 2);
      });
    },
  },
  {
    name: 'NodeResourcesBalancedAllocation',
    weight: 1,
    score(pod, nodes) {
      return nodes.map((info) => {
        const f = fractionsFor(pod, info, false).map(({ alloc, used }) => (alloc <= 0 ? 1 : Math.min(1, used / alloc)));
        const std = Math.abs(f[0]! - f[1]!) / 2;
        return Math.floor((1 - std) * MAX_NODE_SCORE);
      });
    },
  },
  {
    name: 'ImageLocality',
    weight: 1,
    score(pod, nodes, state) {
      const MB = 1024 * 1024;
      const containers = [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])];
      const minThreshold = 23 * MB;
      const maxThreshold = 1000 * MB * containers.length;
      const total = state.nodes.length || 1;
      const spread = new Map<string, number>();
      for (const c of containers) {
        const ref = normalizeImage(c.image ?? '');
        spread.set(ref, state.nodes.filter((n) => n.images?.includes(ref)).length);
      }
      return nodes.map((info) => {
        let sum = 0;
        for (const c of containers) {
          const ref = normalizeImage(c.image ?? '');
          if (info.images?.includes(ref)) sum += imageInfo(ref).sizeBytes * ((spread.get(ref) ?? 0) / total);
        }
        const clamped = Math.min(Math.max(sum, minThreshold), maxThreshold);
        return Math.floor((MAX_NODE_SCORE * (clamped - minThreshold)) / (maxThreshold - minThreshold));
      });
    },
  },
  {
    name: 'NodeAffinity',
    weight: 2,
    score(pod, nodes) {
      const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
      const raw = nodes.map((info) => preferred.reduce((s, p) => s + (p.weight && matchNodeSelectorTerm(p.preference, info.node) ? p.weight : 0), 0));
      return normalize(raw);
    },
  },
  {
    name: 'TaintToleration',
    weight: 3,
    score(pod, nodes) {
      const tolerations = (pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
      const raw = nodes.map((info) => (info.node.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerates(tolerations, t)).length);
      return normalize(raw, true);
    },
  },
  {
    name: 'PodTopologySpread',
    weight: 2,
    score(pod, nodes, state) {
      const constraints = state.spread.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
      if (constraints.length === 0) return nodes.map(() => 0);
      const ns = pod.metadata.namespace ?? 'default';
      const raw: (number | undefined)[] = nodes.map((info) => {
        let total = 0;
        for (const c of constraints) {
          const value = info.node.metadata.labels?.[c.topologyKey];
          if (value === undefined) {
            // System defaults skip nodes without the key; explicit constraints rank them last.
            if (c.systemDefault) continue;
            return undefined;
          }
          const counts = domainCounts(c, state);
          const count = c.topologyKey === 'kubernetes.io/hostname' ? countMatchingOn(info, ns, c.selector) : (counts.get(value) ?? 0);
          const weight = Math.log(Math.max(counts.size, 1) + 2);
          total += (count + c.maxSkew - 1) * weight;
        }
        return Math.round(total);
      });
      const known = raw.filter((r): r is number => r !== undefined);
      if (known.length === 0) return nodes.map(() => 0);
      const max = Math.max(...known);
      const min = Math.min(...known);
      return raw.map((r) => (r === undefined ? 0 : max === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max + min - r)) / max)));
    },
  },
  {
    name: 'InterPodAffinity',
    weight: 2,
    score(pod, nodes, state) {
      const raw = nodes.map((info) => {
        let s = 0;
        for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
          const sign = kind === 'podAffinity' ? 1 : -1;
          for (const p of affinityOf(pod, kind)?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
            for (const other of state.allPods) {
              if (termMatches(p.podAffinityTerm, pod, other, state.cluster) && sameDomain(nodeOf(state, other.spec.nodeName), info.node, p.podAffinityTerm.topologyKey)) {
                s += sign * p.weight;
              }
            }
          }
        }
        return s;
      });
      const max = Math.max(...raw);
      const min = Math.min(...raw);
      if (max === min) return raw.map(() => 0);
      return raw.map((r) => Math.floor((MAX_NODE_SCORE * (r - min)) / (max - min)));
    },
  },
];

/** Weighted total score per node, in the order given. */
export function scoreNodes(pod: Pod, nodes: NodeInfo[], state: CycleState): number[] {
  const totals = nodes.map(() => 0);
  for (const plugin of SCORES) {
    const s = plugin.score(pod, nodes, state);
    for (let i = 0; i < nodes.length; i++) totals[i]! += s[i]! * plugin.weight;
  }
  return totals;
}

// ---------------------------------------------------------------- messages

/** FitError.Error() with the DefaultPreemption post-filter message (scheduler.md §3). */
export function failureMessage(total: number, results: FilterResult[], pod: Pod, preFilterMsg?: string): string {
  if (total === 0) return 'no nodes available to schedule pods';
  let msg = `0/${total} nodes are available:`;
  if (preFilterMsg) {
    msg += ` ${preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const r of results) for (const reason of r.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    const parts = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
    msg += ` ${parts.join(', ')}.`;
  }
  if (pod.spec.preemptionPolicy === 'Never') return `${msg} preemption: not eligible due to preemptionPolicy=Never..`;
  const pre = new Map<string, number>();
  for (const r of results) {
    const reason = r.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod';
    pre.set(reason, (pre.get(reason) ?? 0) + 1);
  }
  const preParts = [...pre].map(([reason, n]) => `${n} ${reason}`).sort();
  msg += ` preemption: 0/${total} nodes are available: ${preParts.join(', ')}..`;
  return msg.length > 1024 ? msg.slice(0, 1024) : msg;
}

export interface ScheduleResult {
  /** The chosen node, if any. */
  node?: string;
  /** The FailedScheduling text when no node fits. */
  message?: string;
  /** Per node: the first failing filter's result (undefined if it passed). */
  verdicts: Map<string, FilterResult | undefined>;
  scores: Map<string, number>;
  /** How many nodes the Filter phase looked at (all of them unless enough were feasible early). */
  processed: number;
}

/** Below this many nodes every node is filtered and scored (minFeasibleNodesToFind). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;

/**
 * How many feasible nodes the scheduler looks for before it stops filtering (numFeasibleNodesToFind
 * with the adaptive default percentageOfNodesToScore: 50% minus 1% per 125 nodes, at least 5%, at
 * least 100 nodes). Clusters under 100 nodes are searched whole.
 */
export function numFeasibleNodesToFind(all: number): number {
  if (all < MIN_FEASIBLE_NODES_TO_FIND) return all;
  const percentage = Math.max(5, 50 - Math.floor(all / 125));
  const n = Math.floor((all * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/**
 * One scheduling cycle over a snapshot: PreFilter, Filter, Score, select. Filtering starts at node
 * `start` (the scheduler's nextStartNodeIndex) and wraps around; in a cluster of 100 nodes or more it
 * stops once numFeasibleNodesToFind nodes passed, as kube-scheduler does.
 */
export function schedulePod(pod: Pod, nodes: NodeInfo[], cluster: ClusterView = NO_CLUSTER, start = 0): ScheduleResult {
  let allPods: Pod[] | undefined;
  const state: CycleState = {
    pod,
    nodes,
    cluster,
    // Listed on first use: most pods need no other pod's spec.
    get allPods() {
      return (allPods ??= nodes.flatMap((n) => n.pods));
    },
    spread: spreadConstraints(pod, cluster),
  };
  const verdicts = new Map<string, FilterResult | undefined>();
  const scores = new Map<string, number>();
  const pre = volumePreFilter(pod, cluster);
  if (pre) {
    const results = nodes.map((n) => {
      const r = { ...fail(true, pre), plugin: 'VolumeBinding' };
      verdicts.set(n.node.metadata.name!, r);
      return r;
    });
    return { message: failureMessage(nodes.length, results, pod, pre), verdicts, scores, processed: nodes.length };
  }
  const feasible: NodeInfo[] = [];
  const failures: FilterResult[] = [];
  const toFind = numFeasibleNodesToFind(nodes.length);
  const first = nodes.length ? start % nodes.length : 0;
  for (let i = 0; i < nodes.length && feasible.length < toFind; i++) {
    const info = nodes[(first + i) % nodes.length]!;
    let failed: FilterResult | undefined;
    for (const f of FILTERS) {
      failed = f.filter(pod, info, state);
      if (failed) {
        failed = { ...failed, plugin: f.name };
        break;
      }
    }
    verdicts.set(info.node.metadata.name!, failed);
    if (failed) failures.push(failed);
    else feasible.push(info);
  }
  const processed = feasible.length + failures.length;
  if (feasible.length === 0) return { message: failureMessage(nodes.length, failures, pod), verdicts, scores, processed };
  const totals = scoreNodes(pod, feasible, state);
  let best = 0;
  feasible.forEach((info, i) => {
    scores.set(info.node.metadata.name!, totals[i]!);
    // Ties: the first node in name order (a real scheduler picks one at random).
    if (totals[i]! > totals[best]!) best = i;
  });
  return { node: feasible[best]!.node.metadata.name!, verdicts, scores, processed };
}
