// The DaemonSet controller: one pod per node the pod may run on (node selector,
// required node affinity, taints vs. tolerations), pinned to its node through
// node affinity on metadata.name, with the tolerations DaemonSets always add;
// rolling updates one node at a time (maxUnavailable 1, maxSurge 0).
import type { Node, Pod, PodTemplateSpec, Taint, Toleration, LabelSelector, Condition, KObject } from '../../types/k8s.js';
import type { Controller, Engine } from '../engine.js';
import type { Change } from '../../store/store.js';
import { matchNodeSelectorTerm } from '../scheduler.js';
import { computeHash } from './hash.js';
import { availability, compact, controllerRef, createPod, deletePod, event, isReady, keyOf, owned, ownerRefTo, podFromTemplate, PODS, res, self, splitKey, systemApi, toOwner, writeStatus } from './common.js';
import { StatusError } from '../../apiserver/errors.js';

export const DAEMONSETS = 'daemonsets.apps';
const CONTROLLER_REVISIONS = 'controllerrevisions.apps';
const COMPONENT = 'daemonset-controller';
const ALL = '*';

export interface DaemonSet extends KObject {
  spec: {
    selector: LabelSelector;
    template: PodTemplateSpec;
    minReadySeconds?: number;
    updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    revisionHistoryLimit?: number;
  };
  status?: Record<string, unknown> & { conditions?: Condition[] };
}

/** Tolerations the DaemonSet controller adds to every daemon pod (util.AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
    { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/disk-pressure', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/memory-pressure', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/pid-pressure', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', operator: 'Exists' },
  ];
  if (hostNetwork) t.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/network-unavailable', operator: 'Exists' });
  return t;
}

function withTolerations(existing: Toleration[] | undefined, add: Toleration[]): Toleration[] {
  const out = [...(existing ?? [])];
  for (const t of add) if (!out.some((x) => x.key === t.key && x.effect === t.effect)) out.push(t);
  return out;
}

function tolerates(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** Whether a daemon pod should run on `node` (NodeShouldRunDaemonPod). */
export function shouldRun(template: PodTemplateSpec, node: Node): boolean {
  const spec = template.spec;
  const labels = node.metadata.labels ?? {};
  if (!Object.entries(spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v)) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t) => matchNodeSelectorTerm(t, node))) return false;
  const tolerations = withTolerations(spec.tolerations, daemonTolerations(!!spec.hostNetwork));
  return (node.spec.taints ?? []).every((t) => (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') || tolerates(tolerations, t));
}

/** The node a daemon pod is pinned to. */
function nodeOfPod(p: Pod): string | undefined {
  if (p.spec.nodeName) return p.spec.nodeName;
  for (const term of p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    const f = term.matchFields?.find((m) => m.key === 'metadata.name' && m.operator === 'In');
    if (f?.values?.[0]) return f.values[0];
  }
  return undefined;
}

export function daemonRevisionHash(ds: DaemonSet): string {
  return computeHash(ds.spec.template, (ds.status?.collisionCount as number | undefined) ?? undefined);
}

export function daemonPod(ds: DaemonSet, nodeName: string, hash: string): Pod {
  const generation = String(ds.metadata.generation ?? 1);
  const pod = podFromTemplate(ds.spec.template, ds, { generateName: `${ds.metadata.name}-` }, { 'controller-revision-hash': hash, 'pod-template-generation': generation });
  pod.spec.tolerations = withTolerations(pod.spec.tolerations, daemonTolerations(!!pod.spec.hostNetwork));
  const affinity = (pod.spec.affinity ??= {});
  const nodeAffinity = (affinity.nodeAffinity ??= {});
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] };
  const existing = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (existing?.nodeSelectorTerms?.length) {
    // The node-name requirement is added to every term.
    nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
      nodeSelectorTerms: existing.nodeSelectorTerms.map((t) => ({ ...t, matchFields: [...(t.matchFields ?? []).filter((f) => f.key !== 'metadata.name'), ...required.nodeSelectorTerms[0]!.matchFields] })),
    };
  } else nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = required;
  return pod;
}

class DaemonSetController implements Controller {
  readonly name = 'daemonset';
  readonly watches = {
    [DAEMONSETS]: self,
    [PODS]: toOwner('DaemonSet'),
    nodes: (change: Change) => {
      // A new node or a changed taint/label set: every DaemonSet looks again.
      const before = change.old as Node | undefined;
      const after = change.object as Node;
      if (before && !change.deleted && JSON.stringify(before.spec) === JSON.stringify(after.spec) && JSON.stringify(before.metadata.labels) === JSON.stringify(after.metadata.labels)) return [];
      return [ALL];
    },
  };

  reconcile(key: string, engine: Engine): void {
    if (key === ALL) {
      for (const ds of engine.store.list(DAEMONSETS)) engine.schedule(this.name, keyOf(ds), engine.now);
      return;
    }
    const [ns, name] = splitKey(key);
    const ds = engine.store.get(DAEMONSETS, ns, name) as DaemonSet | undefined;
    if (!ds || ds.metadata.deletionTimestamp) return;
    const hash = daemonRevisionHash(ds);
    this.syncRevision(engine, ds, hash);
    const nodes = engine.store.list('nodes') as Node[];
    const pods = owned<Pod>(engine, PODS, ds);
    const byNode = new Map<string, Pod[]>();
    for (const p of pods) {
      const n = nodeOfPod(p);
      if (!n) continue;
      byNode.set(n, [...(byNode.get(n) ?? []), p]);
    }
    const minReady = ds.spec.minReadySeconds ?? 0;
    const rolling = (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const maxUnavailable = Number(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1) || 1;
    // Nodes that should run a pod; pods elsewhere are deleted.
    const eligible = nodes.filter((n) => shouldRun(ds.spec.template, n));
    const eligibleNames = new Set(eligible.map((n) => n.metadata.name!));
    for (const [n, list] of byNode) {
      if (eligibleNames.has(n) && nodes.some((x) => x.metadata.name === n)) continue;
      for (const p of list) if (!p.metadata.deletionTimestamp) this.remove(engine, ds, p);
    }
    let unavailable = 0;
    const toUpdate: Pod[] = [];
    for (const node of eligible) {
      const list = (byNode.get(node.metadata.name!) ?? []).filter((p) => !p.metadata.deletionTimestamp);
      const terminating = (byNode.get(node.metadata.name!) ?? []).some((p) => p.metadata.deletionTimestamp);
      const running = list.filter((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded');
      // A failed daemon pod is deleted and replaced.
      for (const p of list) if (p.status?.phase === 'Failed') this.remove(engine, ds, p);
      if (running.length === 0) {
        unavailable++;
        if (terminating) continue; // maxSurge 0: wait for the old pod to go
        const created = createPod(engine, daemonPod(ds, node.metadata.name!, hash), ds, COMPONENT);
        if (typeof created !== 'string') event(engine, ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
        continue;
      }
      // Extra pods on one node: keep the oldest.
      for (const extra of running.slice(1)) this.remove(engine, ds, extra);
      const p = running[0]!;
      if (!availability(p, minReady, engine.now).available) unavailable++;
      if (p.metadata.labels?.['controller-revision-hash'] !== hash) toUpdate.push(p);
    }
    if (rolling) {
      // Old, unavailable pods go first; then one more per free unavailability slot.
      const sorted = [...toUpdate].sort((a, b) => Number(isReady(a)) - Number(isReady(b)));
      for (const p of sorted) {
        const avail = availability(p, minReady, engine.now).available;
        if (avail && unavailable >= maxUnavailable) break;
        this.remove(engine, ds, p);
        if (avail) unavailable++;
      }
    }
    this.syncStatus(engine, ds, hash, eligible.map((n) => n.metadata.name!));
  }

  private remove(engine: Engine, ds: DaemonSet, p: Pod): void {
    deletePod(engine, p);
    event(engine, ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
  }

  /** A ControllerRevision per template, as `kubectl rollout history daemonset` reads. */
  private syncRevision(engine: Engine, ds: DaemonSet, hash: string): void {
    const name = `${ds.metadata.name}-${hash}`;
    if (engine.store.get(CONTROLLER_REVISIONS, ds.metadata.namespace, name)) return;
    const revisions = owned<KObject & { revision?: number }>(engine, CONTROLLER_REVISIONS, ds);
    const revision = Math.max(0, ...revisions.map((r) => r.revision ?? 0)) + 1;
    try {
      systemApi(engine).create(res('controllerrevisions.apps'), ds.metadata.namespace, {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: { name, namespace: ds.metadata.namespace, labels: { ...(ds.spec.template.metadata?.labels ?? {}), 'controller-revision-hash': hash }, ownerReferences: [ownerRefTo(ds)] },
        data: { spec: { template: { ...structuredClone(ds.spec.template), $patch: 'replace' } } },
        revision,
      });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }

  private syncStatus(engine: Engine, ds0: DaemonSet, hash: string, eligible: string[]): void {
    const ds = (engine.store.get(DAEMONSETS, ds0.metadata.namespace, ds0.metadata.name!) as DaemonSet | undefined) ?? ds0;
    const pods = owned<Pod>(engine, PODS, ds).filter((p) => !p.metadata.deletionTimestamp);
    const set = new Set(eligible);
    const scheduled = pods.filter((p) => p.spec.nodeName);
    const onEligible = scheduled.filter((p) => set.has(p.spec.nodeName!));
    const minReady = ds.spec.minReadySeconds ?? 0;
    let available = 0;
    for (const p of onEligible) {
      const a = availability(p, minReady, engine.now);
      if (a.available) available++;
      else if (a.at) engine.schedule(this.name, keyOf(ds), a.at);
    }
    const nodesWith = (ps: Pod[]) => new Set(ps.map((p) => p.spec.nodeName)).size;
    const updated = onEligible.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash);
    const status = compact({
      collisionCount: ds.status?.collisionCount as number | undefined,
      currentNumberScheduled: nodesWith(onEligible),
      desiredNumberScheduled: eligible.length,
      numberAvailable: available || undefined,
      numberMisscheduled: nodesWith(scheduled.filter((p) => !set.has(p.spec.nodeName!))),
      numberReady: onEligible.filter(isReady).length,
      numberUnavailable: eligible.length - available || undefined,
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: nodesWith(updated) || undefined,
    });
    writeStatus(engine, DAEMONSETS, ds, status);
  }
}

export const daemonSetController = new DaemonSetController();
export { controllerRef };
