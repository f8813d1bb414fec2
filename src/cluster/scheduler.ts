// The default scheduler: filter plugins (each owning its failure reason, as in
// the kube-scheduler framework), a least-allocated + balanced score, binding,
// and the FailedScheduling text of v1.32 (scheduler.md).
import type { Container, KObject, Node, Pod, Taint, Toleration, NodeSelectorTerm, NodeSelectorRequirement } from '../types/k8s.js';
import type { Controller, Engine } from './engine.js';
import { recordEvent } from './events.js';
import { rfc3339 } from '../util/duration.js';
import { parseQuantity } from '../util/quantity.js';

const PODS = 'pods';
const NODES = 'nodes';

/** A node as the scheduler sees it: the node and what its pods already request. */
export interface NodeInfo {
  node: Node;
  pods: Pod[];
  requested: Record<string, number>;
}

export interface FilterResult {
  reasons: string[];
  /** UnschedulableAndUnresolvable: preemption cannot help on this node. */
  unresolvable: boolean;
}

export interface FilterPlugin {
  name: string;
  filter(pod: Pod, info: NodeInfo): FilterResult | undefined;
}

const fail = (unresolvable: boolean, ...reasons: string[]): FilterResult => ({ reasons, unresolvable });

// ---------------------------------------------------------------- requests

function containerRequests(c: Container): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(c.resources?.requests ?? {})) out[k] = parseQuantity(v);
  return out;
}

/** Effective pod requests: max(sum of containers, each init container) + overhead (scheduler.md §2.1). */
export function podRequests(pod: Pod): Record<string, number> {
  const sum: Record<string, number> = {};
  const sidecars: Record<string, number> = {};
  for (const ic of pod.spec.initContainers ?? []) {
    if (ic.restartPolicy === 'Always') for (const [k, v] of Object.entries(containerRequests(ic))) sidecars[k] = (sidecars[k] ?? 0) + v;
  }
  for (const c of pod.spec.containers) for (const [k, v] of Object.entries(containerRequests(c))) sum[k] = (sum[k] ?? 0) + v;
  for (const [k, v] of Object.entries(sidecars)) sum[k] = (sum[k] ?? 0) + v;
  const running: Record<string, number> = {};
  for (const ic of pod.spec.initContainers ?? []) {
    const req = containerRequests(ic);
    if (ic.restartPolicy === 'Always') {
      for (const [k, v] of Object.entries(req)) running[k] = (running[k] ?? 0) + v;
      continue;
    }
    for (const [k, v] of Object.entries(req)) sum[k] = Math.max(sum[k] ?? 0, v + (running[k] ?? 0));
  }
  for (const [k, v] of Object.entries(pod.spec.overhead ?? {})) sum[k] = (sum[k] ?? 0) + parseQuantity(v);
  return sum;
}

const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

// ---------------------------------------------------------------- filters

function tolerates(tolerations: Toleration[], taint: Taint): boolean {
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
      return has && Number(value) > Number(values[0]);
    case 'Lt':
      return has && Number(value) < Number(values[0]);
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
    ((term.matchExpressions?.length ?? 0) + (term.matchFields?.length ?? 0) > 0)
  );
}

export const FILTERS: FilterPlugin[] = [
  {
    name: 'NodeUnschedulable',
    filter(pod, { node }) {
      if (!node.spec.unschedulable) return undefined;
      const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
      return tolerates(pod.spec.tolerations ?? [], taint) ? undefined : fail(true, 'node(s) were unschedulable');
    },
  },
  {
    name: 'TaintToleration',
    filter(pod, { node }) {
      const taint = (node.spec.taints ?? []).find(
        (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.spec.tolerations ?? [], t),
      );
      return taint ? fail(true, `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`) : undefined;
    },
  },
  {
    name: 'NodeAffinity',
    filter(pod, { node }) {
      const labels = node.metadata.labels ?? {};
      const selectorOk = Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
      const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
      const affinityOk = !terms || terms.some((t) => matchNodeSelectorTerm(t, node));
      return selectorOk && affinityOk ? undefined : fail(true, "node(s) didn't match Pod's node affinity/selector");
    },
  },
  {
    name: 'NodeResourcesFit',
    filter(pod, info) {
      const allocatable = info.node.status.allocatable ?? info.node.status.capacity ?? {};
      const reasons: string[] = [];
      const maxPods = parseQuantity(allocatable.pods ?? '110');
      if (info.pods.length + 1 > maxPods) reasons.push('Too many pods');
      for (const [res, want] of Object.entries(podRequests(pod))) {
        if (want === 0) continue;
        const have = allocatable[res] === undefined ? 0 : parseQuantity(allocatable[res]!);
        if (want > have - (info.requested[res] ?? 0)) reasons.push(`Insufficient ${res}`);
      }
      return reasons.length ? fail(false, ...reasons) : undefined;
    },
  },
];

// ---------------------------------------------------------------- scoring

/** Pods without requests count as 100m CPU / 200Mi memory when scoring (scheduler.md §5). */
function scoringRequest(pod: Pod, res: 'cpu' | 'memory'): number {
  const v = podRequests(pod)[res];
  if (v && v > 0) return v;
  return res === 'cpu' ? 0.1 : 200 * 1024 * 1024;
}

function score(pod: Pod, info: NodeInfo): number {
  const allocatable = info.node.status.allocatable ?? {};
  const fractions = (['cpu', 'memory'] as const).map((res) => {
    const cap = parseQuantity(allocatable[res] ?? '0');
    const used = info.pods.reduce((s, p) => s + scoringRequest(p, res), 0) + scoringRequest(pod, res);
    return cap > 0 ? Math.min(1, used / cap) : 1;
  });
  const least = fractions.reduce((s, f) => s + (1 - f) * 100, 0) / fractions.length;
  const mean = (fractions[0]! + fractions[1]!) / 2;
  const std = Math.sqrt(fractions.reduce((s, f) => s + (f - mean) ** 2, 0) / fractions.length);
  const balanced = (1 - std) * 100;
  return Math.floor(least) + Math.floor(balanced);
}

// ---------------------------------------------------------------- the controller

function nodeInfos(engine: Engine): NodeInfo[] {
  const nodes = engine.store.list(NODES) as Node[];
  const pods = (engine.store.list(PODS) as Pod[]).filter((p) => p.spec.nodeName && !isTerminal(p));
  return nodes.map((node) => {
    const onNode = pods.filter((p) => p.spec.nodeName === node.metadata.name);
    const requested: Record<string, number> = {};
    for (const p of onNode) for (const [k, v] of Object.entries(podRequests(p))) requested[k] = (requested[k] ?? 0) + v;
    return { node, pods: onNode, requested };
  });
}

function failureMessage(total: number, results: FilterResult[], pod: Pod): string {
  const counts = new Map<string, number>();
  for (const r of results) for (const reason of r.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
  let msg = `0/${total} nodes are available: ${parts.join(', ')}.`;
  if (pod.spec.preemptionPolicy === 'Never') return `${msg} preemption: not eligible due to preemptionPolicy=Never..`;
  const pre = new Map<string, number>();
  for (const r of results) {
    const reason = r.unresolvable ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod';
    pre.set(reason, (pre.get(reason) ?? 0) + 1);
  }
  const preParts = [...pre].map(([reason, n]) => `${n} ${reason}`).sort();
  msg += ` preemption: 0/${total} nodes are available: ${preParts.join(', ')}..`;
  return msg;
}

/** How long an unschedulable pod waits before a retry in a quiet cluster. */
const UNSCHEDULABLE_RETRY_MS = 5 * 60_000;

class Scheduler implements Controller {
  readonly name = 'scheduler';
  readonly watches = {
    [PODS]: (change: { object: KObject; old?: KObject; deleted?: boolean }) => {
      const pod = change.object as Pod;
      if (change.deleted) return this.pendingKeys();
      // Status writes (our own FailedScheduling among them) are no reason to try again.
      if (change.old && JSON.stringify(change.old.spec) === JSON.stringify(pod.spec)) return [];
      const pending = !pod.spec?.nodeName && (pod.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler';
      return pending && !pod.metadata.deletionTimestamp ? [`${pod.metadata.namespace}/${pod.metadata.name}`] : [];
    },
    [NODES]: () => this.pendingKeys(),
  };

  /** Pending pods are retried when the cluster changes (a node updated, a pod deleted). */
  private pendingKeys(): string[] {
    return [];
  }

  reconcile(key: string, engine: Engine): void {
    const slash = key.indexOf('/');
    const pod = engine.store.get(PODS, key.slice(0, slash), key.slice(slash + 1)) as Pod | undefined;
    if (!pod || pod.spec.nodeName || pod.metadata.deletionTimestamp) return;
    const infos = nodeInfos(engine);
    const feasible: NodeInfo[] = [];
    const failures: FilterResult[] = [];
    for (const info of infos) {
      const failed = FILTERS.map((f) => f.filter(pod, info)).find((r) => r !== undefined);
      if (failed) failures.push(failed);
      else feasible.push(info);
    }
    if (feasible.length === 0) return this.unschedulable(engine, pod, infos.length, failures);
    const best = feasible.reduce((a, b) => (score(pod, b) > score(pod, a) ? b : a));
    this.bind(engine, pod, best.node.metadata.name!);
  }

  private bind(engine: Engine, original: Pod, nodeName: string): void {
    const pod = structuredClone(original);
    pod.spec.nodeName = nodeName;
    const status = pod.status ?? {};
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ lastProbeTime: null, lastTransitionTime: rfc3339(engine.now), status: 'True', type: 'PodScheduled' });
    status.conditions = conditions;
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

  private unschedulable(engine: Engine, original: Pod, total: number, failures: FilterResult[]): void {
    const message = total === 0 ? 'no nodes available to schedule pods' : failureMessage(total, failures, original);
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
    engine.schedule(this.name, `${pod.metadata.namespace}/${pod.metadata.name}`, engine.now + UNSCHEDULABLE_RETRY_MS);
  }
}

export const scheduler = new Scheduler();
