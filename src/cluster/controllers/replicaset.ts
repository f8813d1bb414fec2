// The ReplicaSet (and ReplicationController) controller: keeps `replicas` pods
// that match the selector, adopts matching orphans, replaces pods that are
// deleted or finish, and reports replicas / ready / available.
import type { KObject, Pod } from '../../types/k8s.js';
import type { Controller, Engine } from '../engine.js';
import type { Change } from '../../store/store.js';
import { availability, compact, controllerRef, createPod, deletePod, event, isActive, isReady, keyOf, ownerRefTo, podFromTemplate, PODS, parseRetry, selectorMatches, selfUnlessStatusOnly, setCondition, splitKey, toOwner, withRetry, writeStatus } from './common.js';
import type { ReplicaSet } from './deployment.js';

const REPLICASETS = 'replicasets.apps';
const COMPONENT = 'replicaset-controller';
/** At most this many pods are created or deleted in one sync (kube's burstReplicas). */
const BURST = 500;

/** Pod phases ranked for deletion: unscheduled, pending, unknown, running. */
function deletionRank(p: Pod): number[] {
  const phase = p.status?.phase;
  const phaseRank = phase === 'Pending' ? 0 : phase === 'Unknown' ? 1 : 2;
  const restarts = (p.status?.containerStatuses ?? []).reduce((s, c) => s + (c.restartCount ?? 0), 0);
  const created = Date.parse(p.metadata.creationTimestamp ?? '') || 0;
  return [p.spec.nodeName ? 1 : 0, phaseRank, isReady(p) ? 1 : 0, -restarts, -created];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

const ADOPT = 'adopt:';

/** ReplicaSets in the namespace whose selector matches an orphan pod (adoption). */
function orphanOwners(engine: Engine, ns: string): string[] {
  const orphans = (engine.store.list(PODS, ns) as Pod[]).filter((p) => !controllerRef(p) && isActive(p) && p.metadata.labels);
  if (orphans.length === 0) return [];
  return engine.store
    .list(REPLICASETS, ns)
    .filter((rs) => !rs.metadata.deletionTimestamp && orphans.some((p) => selectorMatches((rs as ReplicaSet).spec.selector, p.metadata.labels)))
    .map(keyOf);
}

const toReplicaSet = toOwner('ReplicaSet');

class ReplicaSetController implements Controller {
  readonly name = 'replicaset';
  readonly watches = {
    [REPLICASETS]: selfUnlessStatusOnly,
    [PODS]: (change: Change) => {
      const keys = toReplicaSet(change);
      const p = change.object as Pod;
      // An orphan pod may be adopted by a ReplicaSet whose selector matches it.
      if (!change.deleted && !controllerRef(p) && p.metadata.labels && isActive(p)) keys.push(`${ADOPT}${p.metadata.namespace}`);
      return keys;
    },
  };

  reconcile(wakeKey: string, engine: Engine): void {
    const { key, attempt } = parseRetry(wakeKey);
    if (key.startsWith(ADOPT)) {
      for (const k of orphanOwners(engine, key.slice(ADOPT.length))) engine.schedule(this.name, k, engine.now);
      return;
    }
    const [ns, name] = splitKey(key);
    const rs = engine.store.get(REPLICASETS, ns, name) as ReplicaSet | undefined;
    if (!rs || rs.metadata.deletionTimestamp) return;
    const pods = this.claimPods(engine, rs);
    const active = pods.filter(isActive);
    const want = rs.spec.replicas ?? 1;
    const diff = active.length - want;
    let failure: string | undefined;
    if (diff < 0) {
      for (let i = 0; i < Math.min(-diff, BURST); i++) {
        const pod = podFromTemplate(rs.spec.template, rs, { generateName: `${rs.metadata.name}-` });
        const created = createPod(engine, pod, rs, COMPONENT);
        if (typeof created === 'string') {
          failure = created;
          const retry = withRetry(key, attempt + 1);
          engine.schedule(this.name, retry.key, engine.now + retry.delayMs);
          break;
        }
        event(engine, rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
      }
    } else if (diff > 0) {
      const victims = [...active].sort((a, b) => compareRanks(deletionRank(a), deletionRank(b))).slice(0, Math.min(diff, BURST));
      for (const p of victims) {
        deletePod(engine, p);
        event(engine, rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
      }
    }
    // Nothing created or deleted: the claimed pods are the ones the status counts (no second walk).
    this.syncStatus(engine, rs, failure, diff === 0 ? active : undefined);
  }

  /** The pods this ReplicaSet controls, adopting orphans that match its selector. */
  private claimPods(engine: Engine, rs: ReplicaSet): Pod[] {
    const out: Pod[] = [];
    const candidate = (p: KObject) => {
      const ref = controllerRef(p);
      return ref ? ref.uid === rs.metadata.uid : !p.metadata.deletionTimestamp && selectorMatches(rs.spec.selector, p.metadata.labels);
    };
    for (const p of engine.store.list(PODS, rs.metadata.namespace, candidate) as Pod[]) {
      if (controllerRef(p)) {
        out.push(p);
        continue;
      }
      const adopted = structuredClone(p);
      adopted.metadata.ownerReferences = [...(adopted.metadata.ownerReferences ?? []), ownerRefTo(rs)];
      out.push(engine.store.put(PODS, adopted) as Pod);
    }
    return out;
  }

  /** `active`: the ReplicaSet's active pods, when the caller has them as they are stored. */
  private syncStatus(engine: Engine, rs0: ReplicaSet, failure: string | undefined, active?: Pod[]): void {
    const rs = (engine.store.get(REPLICASETS, rs0.metadata.namespace, rs0.metadata.name!) as ReplicaSet | undefined) ?? rs0;
    const pods = active ?? (engine.store.list(PODS, rs.metadata.namespace, (p) => controllerRef(p)?.uid === rs.metadata.uid) as Pod[]).filter(isActive);
    const minReady = rs.spec.minReadySeconds ?? 0;
    let available = 0;
    let nextAt: number | undefined;
    for (const p of pods) {
      const a = availability(p, minReady, engine.now);
      if (a.available) available++;
      else if (a.at !== undefined) nextAt = Math.min(nextAt ?? Infinity, a.at);
    }
    if (nextAt !== undefined) engine.schedule(this.name, keyOf(rs), nextAt);
    const templateLabels = Object.entries(rs.spec.template.metadata?.labels ?? {});
    const fullyLabeled = pods.filter((p) => templateLabels.every(([k, v]) => p.metadata.labels?.[k] === v)).length;
    let conditions = rs.status?.conditions ?? [];
    if (failure) {
      conditions = setCondition(conditions, engine.now, { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: failure });
    } else if (pods.length >= (rs.spec.replicas ?? 1)) {
      conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
    }
    const status = compact({
      availableReplicas: available || undefined,
      conditions: conditions.length ? conditions : undefined,
      fullyLabeledReplicas: fullyLabeled || undefined,
      observedGeneration: rs.metadata.generation ?? 1,
      readyReplicas: pods.filter(isReady).length || undefined,
      replicas: pods.length,
    });
    writeStatus(engine, REPLICASETS, rs, status);
  }
}

export const replicaSetController = new ReplicaSetController();
