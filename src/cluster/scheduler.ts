// The default scheduler as a controller: takes pending pods through one
// scheduling cycle (the plugins of scheduler-plugins.ts), binds them or records
// FailedScheduling, and retries unschedulable pods on the cluster events that
// can make them fit, or after 5 minutes (scheduler.md §4).
import type { KObject, Node, Pod } from '../types/k8s.js';
import type { Change } from '../store/store.js';
import { CLUSTER_SCOPE, sameJson } from '../store/store.js';
import type { Controller, Engine } from './engine.js';
import { recordEvent } from './events.js';
import { rfc3339 } from '../util/duration.js';
import { normalizeImage } from '../runtime/images.js';
import { KUBELET_RECORDS } from './kubelet.js';
import { BIND_POLL_MS, volumePreBind } from './volume-binding.js';
import { traceScheduling } from './scheduler-trail.js';
import { buildNodeInfo, isTerminal, schedulePod, type ClusterView, type NodeInfo } from './scheduler-plugins.js';

export {
  FILTERS,
  SCORES,
  podRequests,
  nonZeroPodRequests,
  matchNodeSelectorTerm,
  failureMessage,
  schedulePod,
  buildNodeInfo,
  nodeAllocatable,
  type NodeInfo,
  type FilterResult,
  type FilterPlugin,
} from './scheduler-plugins.js';

const PODS = 'pods';
const NODES = 'nodes';

/** How long an unschedulable pod waits before a retry in a quiet cluster (podMaxInUnschedulablePodsDuration). */
export const UNSCHEDULABLE_RETRY_MS = 5 * 60_000;

/** The annotation the scheduler sets on a WaitForFirstConsumer claim. */
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';

/** The wake-up key that requeues every unschedulable pod. */
const RETRY_PENDING = '*unschedulable*:';

/** Cluster events that can make an unschedulable pod schedulable. */
type ClusterEvent = 'node' | 'pod' | 'pvc';

/** Which failures a freed pod slot or a claim change can cure; node changes can cure any. */
const RELEVANT: Record<Exclude<ClusterEvent, 'node'>, RegExp> = {
  pod: /Insufficient|Too many pods|free ports|pod affinity|anti-affinity|topology spread/,
  pvc: /[Pp]ersistent[Vv]olume[Cc]laim|volume/,
};

const podKey = (p: KObject) => `${p.metadata.namespace}/${p.metadata.name}`;

function wantsDefaultScheduler(pod: Pod): boolean {
  return !pod.spec?.nodeName && (pod.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler' && !pod.metadata.deletionTimestamp;
}

function nodeImages(engine: Engine, node: Node): string[] {
  const names = new Set<string>();
  for (const img of node.status?.images ?? []) for (const n of img.names ?? []) names.add(normalizeImage(n));
  const rec = engine.store.get(KUBELET_RECORDS, CLUSTER_SCOPE, node.metadata.name!) as { images?: string[] } | undefined;
  for (const i of rec?.images ?? []) names.add(normalizeImage(i));
  return [...names];
}

/** Etcd key order of pods: namespace, then name (as store.list returns them). */
function byNamespaceAndName(a: Pod, b: Pod): number {
  const na = a.metadata.namespace!;
  const nb = b.metadata.namespace!;
  if (na !== nb) return na < nb ? -1 : 1;
  const ma = a.metadata.name!;
  const mb = b.metadata.name!;
  return ma < mb ? -1 : ma > mb ? 1 : 0;
}

const scheduled = (p: Pod | undefined): p is Pod => !!p && !!p.spec?.nodeName && !isTerminal(p);

/**
 * The scheduler's cache (kube-scheduler keeps one too): nodes and the non-terminal pods bound to
 * each, built once per session from the store and kept up to date from its change feed, with
 * each node's NodeInfo rebuilt only after something on that node changed. What a cycle sees is
 * exactly what listing the store would give.
 */
class SchedulerCache {
  private readonly nodes = new Map<string, Node>();
  private readonly podsByNode = new Map<string, Map<string, Pod>>();
  private readonly infos = new Map<string, NodeInfo>();
  private sortedNames?: string[];
  /** Where the next Filter phase starts (kube-scheduler's nextStartNodeIndex; per session here). */
  nextStartNodeIndex = 0;

  constructor(private readonly engine: Engine) {
    for (const n of engine.store.list(NODES) as Node[]) this.nodes.set(n.metadata.name!, n);
    for (const p of engine.store.list(PODS) as Pod[]) if (scheduled(p)) this.addPod(p);
    engine.store.onChange((change) => this.onChange(change));
  }

  private addPod(p: Pod): void {
    const node = p.spec.nodeName!;
    let m = this.podsByNode.get(node);
    if (!m) this.podsByNode.set(node, (m = new Map()));
    m.set(podKey(p), p);
    this.infos.delete(node);
  }

  private removePod(p: Pod): void {
    const node = p.spec.nodeName!;
    this.podsByNode.get(node)?.delete(podKey(p));
    this.infos.delete(node);
  }

  private onChange(change: Change): void {
    if (change.resource === PODS) {
      const old = change.old as Pod | undefined;
      if (scheduled(old)) this.removePod(old);
      if (!change.deleted && scheduled(change.object as Pod)) this.addPod(change.object as Pod);
    } else if (change.resource === NODES) {
      const name = change.object.metadata.name!;
      if (change.deleted) this.nodes.delete(name);
      else {
        if (!this.nodes.has(name)) this.sortedNames = undefined;
        this.nodes.set(name, change.object as Node);
      }
      if (change.deleted) this.sortedNames = undefined;
      this.infos.delete(name);
    } else if (change.resource === KUBELET_RECORDS && !change.object.metadata.namespace) {
      this.infos.delete(change.object.metadata.name!); // the node's images
    }
  }

  snapshot(): NodeInfo[] {
    // Code-unit order: for node names (DNS subdomains: lowercase letters, digits, '-' and '.') it is
    // the order localeCompare gives, without the ~6 ms its collator takes to load in every process.
    this.sortedNames ??= [...this.nodes.keys()].sort();
    return this.sortedNames.map((name) => {
      let info = this.infos.get(name);
      if (!info) {
        const node = this.nodes.get(name)!;
        const pods = [...(this.podsByNode.get(name)?.values() ?? [])].sort(byNamespaceAndName);
        info = buildNodeInfo(node, pods, nodeImages(this.engine, node));
        this.infos.set(name, info);
      }
      return info;
    });
  }
}

const caches = new WeakMap<Engine, SchedulerCache>();

function schedulerCache(engine: Engine): SchedulerCache {
  let cache = caches.get(engine);
  if (!cache) caches.set(engine, (cache = new SchedulerCache(engine)));
  return cache;
}

/** The scheduler's snapshot: every node with the non-terminal pods bound to it. */
export function nodeInfos(engine: Engine): NodeInfo[] {
  return schedulerCache(engine).snapshot();
}

function clusterView(engine: Engine): ClusterView {
  return {
    get: (resource, namespace, name) => engine.store.get(resource, namespace, name),
    list: (resource, namespace) => engine.store.list(resource, namespace),
  };
}

// Every pod status write asks whether the spec changed: compared in place, not serialized twice.
const same = (a: unknown, b: unknown) => sameJson(a ?? null, b ?? null);

/** Node updates that can make a pending pod fit (the scheduler's NodeUpdate event hints). */
function relevantNodeChange(change: Change): boolean {
  if (change.deleted) return false;
  const node = change.object as Node;
  const old = change.old as Node | undefined;
  if (!old) return true;
  const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  return (
    !same(node.metadata.labels, old.metadata.labels) ||
    !same(node.spec?.taints, old.spec?.taints) ||
    !same(node.spec?.unschedulable, old.spec?.unschedulable) ||
    !same(node.status?.allocatable, old.status?.allocatable) ||
    !same(node.status?.capacity, old.status?.capacity) ||
    ready(node) !== ready(old)
  );
}

class Scheduler implements Controller {
  readonly name = 'scheduler';
  readonly watches = {
    [PODS]: (change: Change) => {
      const pod = change.object as Pod;
      // A pod that leaves a node frees what it requested.
      if (change.deleted) return pod.spec?.nodeName ? this.pendingKeys('pod') : [];
      const old = change.old as Pod | undefined;
      if (old && pod.spec?.nodeName && !isTerminal(old) && isTerminal(pod)) return this.pendingKeys('pod');
      // Status writes (our own FailedScheduling among them) are no reason to try again.
      if (old && same(old.spec, pod.spec)) return [];
      return wantsDefaultScheduler(pod) ? [podKey(pod)] : [];
    },
    [NODES]: (change: Change) => (relevantNodeChange(change) ? this.pendingKeys('node') : []),
    persistentvolumeclaims: (change: Change) => (change.deleted ? [] : this.pendingKeys('pvc')),
  };

  /**
   * Pending pods are retried when the cluster changes. The watch callbacks do
   * not see the store, so they ask for one reconcile of this key, which
   * requeues every pod the scheduler has already found unschedulable.
   */
  private pendingKeys(event: ClusterEvent): string[] {
    return [`${RETRY_PENDING}${event}`];
  }

  /** Requeues the unschedulable pods that `event` may help (the plugins' queueing hints, by failure reason). */
  private requeuePending(engine: Engine, event: ClusterEvent): void {
    for (const p of engine.store.list(PODS) as Pod[]) {
      if (!wantsDefaultScheduler(p)) continue;
      const cond = p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
      if (!cond) continue;
      if (event !== 'node' && !RELEVANT[event].test(cond.message ?? '')) continue;
      engine.schedule(this.name, podKey(p), engine.now);
    }
  }

  reconcile(key: string, engine: Engine): void {
    if (key.startsWith(RETRY_PENDING)) return this.requeuePending(engine, key.slice(RETRY_PENDING.length) as ClusterEvent);
    const slash = key.indexOf('/');
    const pod = engine.store.get(PODS, key.slice(0, slash), key.slice(slash + 1)) as Pod | undefined;
    if (!pod || !wantsDefaultScheduler(pod)) return;
    const nodes = nodeInfos(engine);
    const result = schedulePod(pod, nodes, clusterView(engine), schedulerCache(engine).nextStartNodeIndex);
    traceScheduling(engine.store, pod, result);
    if (nodes.length) schedulerCache(engine).nextStartNodeIndex = (schedulerCache(engine).nextStartNodeIndex + result.processed) % nodes.length;
    if (result.node) this.bind(engine, pod, result.node);
    else this.unschedulable(engine, pod, result.message!);
  }

  private bind(engine: Engine, original: Pod, nodeName: string): void {
    // VolumeBinding PreBind: static volumes are bound, delayed-binding claims learn the chosen
    // node; the pod stays Pending until its claims are Bound.
    if (volumePreBind(engine.store, original, nodeName) === 'waiting') {
      engine.schedule(this.name, `${original.metadata.namespace}/${original.metadata.name}`, engine.now + BIND_POLL_MS);
      return;
    }
    const pod = structuredClone(original);
    pod.spec.nodeName = nodeName;
    const status = pod.status ?? {};
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ lastProbeTime: null, lastTransitionTime: rfc3339(engine.now), status: 'True', type: 'PodScheduled' });
    status.conditions = conditions;
    delete (status as { nominatedNodeName?: string }).nominatedNodeName;
    pod.status = status;
    engine.store.put(PODS, pod);
    recordEvent(engine.store, engine.now, {
      object: pod,
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
      source: { component: 'default-scheduler' },
    });
  }

  private unschedulable(engine: Engine, original: Pod, message: string): void {
    const pod = structuredClone(original);
    const status = pod.status ?? {};
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    const previous = original.status?.conditions?.find((c) => c.type === 'PodScheduled');
    conditions.push({
      lastProbeTime: null,
      lastTransitionTime: previous?.status === 'False' ? previous.lastTransitionTime : rfc3339(engine.now),
      message,
      reason: 'Unschedulable',
      status: 'False',
      type: 'PodScheduled',
    });
    status.conditions = conditions;
    pod.status = status;
    engine.store.put(PODS, pod);
    recordEvent(engine.store, engine.now, {
      object: pod,
      type: 'Warning',
      reason: 'FailedScheduling',
      message,
      source: { component: 'default-scheduler' },
    });
    engine.schedule(this.name, podKey(pod), engine.now + UNSCHEDULABLE_RETRY_MS);
  }
}

export const scheduler = new Scheduler();
