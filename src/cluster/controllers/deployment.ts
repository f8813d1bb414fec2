// The deployment controller (pkg/controller/deployment): one ReplicaSet per pod
// template (named DEPLOY-<pod-template-hash>), rolling updates within
// maxSurge/maxUnavailable, Recreate, revisions, rollbacks to an old template,
// history clean-up, and the status and conditions kubectl reads.
import type { Condition, KObject, PodTemplateSpec, LabelSelector, Pod } from '../../types/k8s.js';
import type { Controller, Engine } from '../engine.js';
import { computeHash, canonicalJson } from './hash.js';
import { compact, controllerRef, event, keyOf, owned, ownerRefTo, res, self, setCondition, splitKey, systemApi, toOwner, writeStatus } from './common.js';
import { StatusError } from '../../apiserver/errors.js';

export const DEPLOYMENTS = 'deployments.apps';
export const REPLICASETS = 'replicasets.apps';
const COMPONENT = 'deployment-controller';

export const REVISION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
export const HASH_LABEL = 'pod-template-hash';

export interface DeploymentSpec {
  replicas?: number;
  selector?: LabelSelector;
  template: PodTemplateSpec;
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

export interface Deployment extends KObject {
  spec: DeploymentSpec;
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: Condition[];
    collisionCount?: number;
  };
}

export interface ReplicaSet extends KObject {
  spec: { replicas?: number; minReadySeconds?: number; selector: LabelSelector; template: PodTemplateSpec };
  status?: { replicas?: number; fullyLabeledReplicas?: number; readyReplicas?: number; availableReplicas?: number; observedGeneration?: number; conditions?: Condition[] };
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, dflt: string): number {
  const value = v ?? dflt;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number(value) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** deploymentutil.ResolveFenceposts: (maxSurge, maxUnavailable). */
export function fenceposts(d: Deployment): [number, number] {
  const replicas = d.spec.replicas ?? 1;
  const ru = d.spec.strategy?.rollingUpdate;
  const surge = scaledValue(ru?.maxSurge, replicas, true, '25%');
  let unavailable = scaledValue(ru?.maxUnavailable, replicas, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export const revisionOf = (o: KObject) => Number(o.metadata.annotations?.[REVISION] ?? 0) || 0;
const specReplicas = (rs: ReplicaSet) => rs.spec.replicas ?? 1;

/** The template without the pod-template-hash label (EqualIgnoreHash). */
export function templateIgnoringHash(t: PodTemplateSpec): string {
  const c = structuredClone(t);
  if (c.metadata?.labels) {
    delete c.metadata.labels[HASH_LABEL];
    if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
  }
  return canonicalJson(c);
}

/** The pod-template-hash of a Deployment's current template. */
export function podTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  return computeHash(template, collisionCount);
}

class DeploymentController implements Controller {
  readonly name = 'deployment';
  readonly watches = {
    [DEPLOYMENTS]: self,
    [REPLICASETS]: toOwner('Deployment'),
  };

  reconcile(key: string, engine: Engine): void {
    const [ns, name] = splitKey(key);
    const d = engine.store.get(DEPLOYMENTS, ns, name) as Deployment | undefined;
    if (!d || d.metadata.deletionTimestamp) return;
    const all = owned<ReplicaSet>(engine, REPLICASETS, d).filter((rs) => !rs.metadata.deletionTimestamp);
    const want = templateIgnoringHash(d.spec.template);
    let newRS = all.find((rs) => templateIgnoringHash(rs.spec.template) === want);
    const olds = all.filter((rs) => rs !== newRS).sort(byCreation);
    let conditions = [...(d.status?.conditions ?? [])];
    const replicas = d.spec.replicas ?? 1;
    const maxOldRevision = Math.max(0, ...olds.map(revisionOf));
    const [maxSurge, maxUnavailable] = fenceposts(d);
    const rolling = (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

    if (d.spec.paused) {
      // A paused Deployment still scales, but starts no rollout.
      if (newRS && olds.every((o) => specReplicas(o) === 0)) this.scale(engine, d, newRS, replicas, maxSurge);
      return this.syncStatus(engine, d, newRS, olds, conditions, true);
    }

    if (!newRS) {
      const created = this.createNewRS(engine, d, maxOldRevision + 1, olds, rolling, maxSurge);
      if (!created) return;
      newRS = created;
      conditions = setCondition(conditions, engine.now, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${newRS.metadata.name}"` }, { updateTime: true });
    } else {
      newRS = this.syncRevision(engine, d, newRS, maxOldRevision, maxSurge);
      if (!conditions.some((c) => c.type === 'Progressing')) {
        conditions = setCondition(conditions, engine.now, { type: 'Progressing', status: 'True', reason: 'FoundNewReplicaSet', message: `Found new replica set "${newRS.metadata.name}"` }, { updateTime: true });
      }
      if (d.metadata.annotations?.[REVISION] !== newRS.metadata.annotations?.[REVISION]) this.setDeploymentRevision(engine, d, newRS);
    }

    let changed = false;
    if (rolling) {
      changed = this.rollNew(engine, d, newRS, olds, maxSurge) || changed;
      if (!changed) changed = this.rollOld(engine, d, newRS, olds, maxUnavailable, maxSurge);
    } else {
      const oldActive = olds.filter((o) => specReplicas(o) > 0);
      for (const o of oldActive) this.scale(engine, d, o, 0, maxSurge);
      changed = oldActive.length > 0;
      const oldPods = olds.some((o) => engine.store.list('pods', ns).some((p) => controllerRef(p)?.uid === o.metadata.uid));
      if (!changed && !oldPods && specReplicas(newRS) !== replicas) {
        this.scale(engine, d, newRS, replicas, maxSurge);
        changed = true;
      }
    }
    this.cleanup(engine, d, olds);
    const fresh = (engine.store.get(REPLICASETS, ns, newRS.metadata.name!) as ReplicaSet | undefined) ?? newRS;
    const freshOlds = olds.map((o) => (engine.store.get(REPLICASETS, ns, o.metadata.name!) as ReplicaSet | undefined) ?? o);
    this.syncStatus(engine, d, fresh, freshOlds, conditions, false, changed);
  }

  private createNewRS(engine: Engine, d: Deployment, revision: number, olds: ReplicaSet[], rolling: boolean, maxSurge: number): ReplicaSet | undefined {
    const replicas = d.spec.replicas ?? 1;
    let collisionCount = d.status?.collisionCount;
    for (let attempt = 0; attempt < 5; attempt++) {
      const hash = podTemplateHash(d.spec.template, collisionCount);
      const template = structuredClone(d.spec.template);
      template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
      const selector: LabelSelector = structuredClone(d.spec.selector ?? {});
      selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
      let count = 0;
      if (rolling) {
        const current = olds.reduce((s, o) => s + specReplicas(o), 0);
        count = Math.max(0, Math.min(replicas + maxSurge - current, replicas));
      } else if (olds.every((o) => specReplicas(o) === 0)) {
        count = replicas;
      }
      const annotations: Record<string, string> = { ...copyAnnotations(d), [DESIRED_REPLICAS]: String(replicas), [MAX_REPLICAS]: String(replicas + maxSurge), [REVISION]: String(revision) };
      const rs: ReplicaSet = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: d.metadata.namespace,
          labels: { ...(d.spec.template.metadata?.labels ?? {}), [HASH_LABEL]: hash },
          annotations,
          ownerReferences: [ownerRefTo(d)],
        },
        spec: { replicas: count, ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}), selector, template },
      };
      try {
        const created = systemApi(engine).create(res('replicasets.apps'), d.metadata.namespace, rs) as ReplicaSet;
        if (count > 0) event(engine, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${count}`, COMPONENT);
        this.setDeploymentRevision(engine, d, created);
        return created;
      } catch (e) {
        if (!(e instanceof StatusError) || e.reason !== 'AlreadyExists') throw e;
        // Our own ReplicaSet on its way out (an orphaning delete): wait for it to go, then
        // recreate it under the same name, so it adopts the orphaned pods.
        const existing = engine.store.get(REPLICASETS, d.metadata.namespace, rs.metadata.name!);
        if (existing?.metadata.deletionTimestamp) {
          engine.schedule(this.name, `${d.metadata.namespace}/${d.metadata.name}`, engine.now + 1000);
          return undefined;
        }
        // A hash collision with a ReplicaSet that is not ours: bump collisionCount.
        collisionCount = (collisionCount ?? 0) + 1;
        const cur = engine.store.get(DEPLOYMENTS, d.metadata.namespace, d.metadata.name!) as Deployment;
        writeStatus(engine, DEPLOYMENTS, cur, { ...(cur.status ?? {}), collisionCount });
      }
    }
    return undefined;
  }

  /** The new ReplicaSet takes the next revision when an old template comes back (rollback). */
  private syncRevision(engine: Engine, d: Deployment, rs: ReplicaSet, maxOld: number, maxSurge: number): ReplicaSet {
    const ann = rs.metadata.annotations ?? {};
    const replicas = d.spec.replicas ?? 1;
    const revision = revisionOf(rs) <= maxOld ? String(maxOld + 1) : ann[REVISION] ?? '1';
    const next: Record<string, string> = { ...ann, ...copyAnnotations(d), [REVISION]: revision, [DESIRED_REPLICAS]: String(replicas), [MAX_REPLICAS]: String(replicas + maxSurge) };
    if (canonicalJson(next) === canonicalJson(ann)) return rs;
    const updated = { ...structuredClone(rs), metadata: { ...structuredClone(rs.metadata), annotations: next } };
    return engine.store.put(REPLICASETS, updated) as ReplicaSet;
  }

  private setDeploymentRevision(engine: Engine, d: Deployment, rs: ReplicaSet): void {
    const cur = engine.store.get(DEPLOYMENTS, d.metadata.namespace, d.metadata.name!) as Deployment | undefined;
    const revision = rs.metadata.annotations?.[REVISION];
    if (!cur || !revision || cur.metadata.annotations?.[REVISION] === revision) return;
    const next = structuredClone(cur);
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [REVISION]: revision };
    engine.store.put(DEPLOYMENTS, next);
  }

  /** Scales `rs` to `to`, with the ScalingReplicaSet event. */
  private scale(engine: Engine, d: Deployment, rs: ReplicaSet, to: number, maxSurge: number): boolean {
    const cur = engine.store.get(REPLICASETS, rs.metadata.namespace, rs.metadata.name!) as ReplicaSet | undefined;
    if (!cur) return false;
    const from = specReplicas(cur);
    const replicas = d.spec.replicas ?? 1;
    const next = structuredClone(cur);
    next.spec.replicas = to;
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [DESIRED_REPLICAS]: String(replicas), [MAX_REPLICAS]: String(replicas + maxSurge) };
    if (from === to && canonicalJson(next) === canonicalJson(cur)) return false;
    next.metadata.generation = (cur.metadata.generation ?? 1) + (from === to ? 0 : 1);
    engine.store.put(REPLICASETS, next);
    if (from !== to) {
      const dir = to > from ? 'up' : 'down';
      event(engine, d, 'Normal', 'ScalingReplicaSet', `Scaled ${dir} replica set ${cur.metadata.name} from ${from} to ${to}`, COMPONENT);
    }
    return from !== to;
  }

  /** reconcileNewReplicaSet (rolling). */
  private rollNew(engine: Engine, d: Deployment, newRS: ReplicaSet, olds: ReplicaSet[], maxSurge: number): boolean {
    const replicas = d.spec.replicas ?? 1;
    const cur = specReplicas(newRS);
    if (cur === replicas) return this.scale(engine, d, newRS, cur, maxSurge);
    if (cur > replicas) return this.scale(engine, d, newRS, replicas, maxSurge);
    const total = olds.reduce((s, o) => s + specReplicas(o), 0) + cur;
    const maxTotal = replicas + maxSurge;
    if (total >= maxTotal) return false;
    const up = Math.min(maxTotal - total, replicas - cur);
    return this.scale(engine, d, newRS, cur + up, maxSurge);
  }

  /** reconcileOldReplicaSets (rolling): unhealthy old pods first, then down to minAvailable. */
  private rollOld(engine: Engine, d: Deployment, newRS: ReplicaSet, olds: ReplicaSet[], maxUnavailable: number, maxSurge: number): boolean {
    const replicas = d.spec.replicas ?? 1;
    const oldCount = olds.reduce((s, o) => s + specReplicas(o), 0);
    if (oldCount === 0) return false;
    const allCount = oldCount + specReplicas(newRS);
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
    let maxScaledDown = allCount - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    let changed = false;
    const sizes = new Map(olds.map((o) => [o.metadata.uid!, specReplicas(o)]));
    // cleanupUnhealthyReplicas
    for (const o of olds) {
      if (maxScaledDown <= 0) break;
      const size = sizes.get(o.metadata.uid!)!;
      const available = o.status?.availableReplicas ?? 0;
      if (size === 0 || size === available) continue;
      const down = Math.min(maxScaledDown, size - available);
      this.scale(engine, d, o, size - down, maxSurge);
      sizes.set(o.metadata.uid!, size - down);
      maxScaledDown -= down;
      changed = true;
    }
    // scaleDownOldReplicaSetsForRollingUpdate
    const availableAll = [...olds, newRS].reduce((s, o) => s + (o.status?.availableReplicas ?? 0), 0);
    if (availableAll <= minAvailable) return changed;
    let remaining = availableAll - minAvailable;
    for (const o of olds) {
      if (remaining <= 0) break;
      const size = sizes.get(o.metadata.uid!)!;
      if (size === 0) continue;
      const down = Math.min(size, remaining);
      this.scale(engine, d, o, size - down, maxSurge);
      remaining -= down;
      changed = true;
    }
    return changed;
  }

  /** Old ReplicaSets with no replicas beyond revisionHistoryLimit are deleted, oldest first. */
  private cleanup(engine: Engine, d: Deployment, olds: ReplicaSet[]): void {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const dead = olds
      .map((o) => (engine.store.get(REPLICASETS, o.metadata.namespace, o.metadata.name!) as ReplicaSet | undefined) ?? o)
      .filter((o) => specReplicas(o) === 0 && (o.status?.replicas ?? 0) === 0)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    const extra = dead.length - limit;
    for (let i = 0; i < extra; i++) {
      try {
        systemApi(engine).delete(res('replicasets.apps'), d.metadata.namespace, dead[i]!.metadata.name!);
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
      }
    }
  }

  private syncStatus(engine: Engine, d0: Deployment, newRS: ReplicaSet | undefined, olds: ReplicaSet[], conditions: Condition[], paused: boolean, progressed = false): void {
    const d = (engine.store.get(DEPLOYMENTS, d0.metadata.namespace, d0.metadata.name!) as Deployment | undefined) ?? d0;
    const all = newRS ? [newRS, ...olds] : olds;
    const replicas = d.spec.replicas ?? 1;
    const sum = (f: (rs: ReplicaSet) => number) => all.reduce((s, rs) => s + f(rs), 0);
    const statusReplicas = sum((rs) => rs.status?.replicas ?? 0);
    const updated = newRS?.status?.replicas ?? 0;
    const ready = sum((rs) => rs.status?.readyReplicas ?? 0);
    const available = sum((rs) => rs.status?.availableReplicas ?? 0);
    const unavailable = Math.max(0, sum(specReplicas) - available);
    const [, maxUnavailable] = fenceposts(d);
    const now = engine.now;
    conditions = setCondition(
      conditions,
      now,
      available >= replicas - maxUnavailable
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
      { updateTime: true },
    );
    // Available first, then Progressing.
    conditions.sort((a, b) => order(a.type) - order(b.type));
    const deadline = d.spec.progressDeadlineSeconds ?? 600;
    // A rollout that completed is not estimated again (syncRolloutStatus' isCompleteDeployment):
    // pods that later stop being available do not make it progress or time out.
    const completed = statusReplicas === updated && d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable';
    if (newRS && !paused && !completed) {
      const complete = updated === replicas && available === replicas && statusReplicas === replicas && specReplicas(newRS) === replicas && olds.every((o) => (o.status?.replicas ?? 0) === 0);
      const name = newRS.metadata.name;
      const prog = conditions.find((c) => c.type === 'Progressing');
      if (complete) {
        conditions = setCondition(conditions, now, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}" has successfully progressed.` }, { updateTime: true });
      } else if (progressed || (prog && prog.reason === 'NewReplicaSetAvailable')) {
        conditions = setCondition(conditions, now, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${name}" is progressing.` }, { updateTime: true });
      } else if (prog && prog.status === 'True' && prog.lastUpdateTime) {
        const at = Date.parse(prog.lastUpdateTime) + deadline * 1000;
        if (at <= now) {
          conditions = setCondition(conditions, now, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${name}" has timed out progressing.` }, { updateTime: true });
        } else {
          engine.schedule(this.name, keyOf(d), at);
        }
      }
      const p = conditions.find((c) => c.type === 'Progressing');
      if (!complete && p?.status === 'True' && p.lastUpdateTime) engine.schedule(this.name, keyOf(d), Date.parse(p.lastUpdateTime) + deadline * 1000);
    }
    const status = compact({
      observedGeneration: d.metadata.generation ?? 1,
      replicas: statusReplicas || undefined,
      updatedReplicas: updated || undefined,
      readyReplicas: ready || undefined,
      availableReplicas: available || undefined,
      unavailableReplicas: unavailable || undefined,
      conditions,
      collisionCount: d.status?.collisionCount,
    });
    writeStatus(engine, DEPLOYMENTS, d, status);
  }
}

const order = (type: string) => (type === 'Available' ? 0 : type === 'Progressing' ? 1 : 2);

function byCreation(a: KObject, b: KObject): number {
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  return ta - tb || (a.metadata.name! < b.metadata.name! ? -1 : 1);
}

/** Annotations a Deployment passes to its ReplicaSets (not kubectl's last-applied, not the revision ones). */
function copyAnnotations(d: Deployment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (k === 'kubectl.kubernetes.io/last-applied-configuration' || k === REVISION || k === 'deployment.kubernetes.io/revision-history' || k === DESIRED_REPLICAS || k === MAX_REPLICAS) continue;
    out[k] = v;
  }
  return out;
}

export const deploymentController = new DeploymentController();
export type { Pod };
