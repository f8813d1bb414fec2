// The StatefulSet controller: pods NAME-0 … NAME-(n-1) with stable names,
// hostnames and claims from volumeClaimTemplates; OrderedReady creates one at a
// time (each after the previous is Running and Ready) and removes the highest
// ordinal first; Parallel does both at once; rolling updates go from the
// highest ordinal down, one pod at a time.
import type { Condition, KObject, LabelSelector, Pod, PodTemplateSpec } from '../../types/k8s.js';
import type { Controller, Engine } from '../engine.js';
import { computeHash } from './hash.js';
import { availability, compact, createPod, deletePod, event, isReady, keyOf, owned, ownerRefTo, podFromTemplate, PODS, res, self, splitKey, systemApi, toOwner, writeStatus } from './common.js';
import { StatusError } from '../../apiserver/errors.js';

export const STATEFULSETS = 'statefulsets.apps';
const PVCS = 'persistentvolumeclaims';
const COMPONENT = 'statefulset-controller';

export interface StatefulSet extends KObject {
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplateSpec;
    serviceName?: string;
    podManagementPolicy?: string;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
    volumeClaimTemplates?: (KObject & { spec?: Record<string, unknown> })[];
    minReadySeconds?: number;
    ordinals?: { start?: number };
  };
  status?: Record<string, unknown> & { conditions?: Condition[]; collisionCount?: number; currentRevision?: string; updateRevision?: string };
}

const ordinalOf = (sts: StatefulSet, p: Pod): number => {
  const m = new RegExp(`^${sts.metadata.name!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(p.metadata.name!);
  return m ? Number(m[1]) : -1;
};

export function statefulRevision(sts: StatefulSet): string {
  return `${sts.metadata.name}-${computeHash(sts.spec.template, sts.status?.collisionCount ?? 0)}`;
}

const running = (p: Pod) => p.status?.phase === 'Running' && isReady(p);

class StatefulSetController implements Controller {
  readonly name = 'statefulset';
  readonly watches = {
    [STATEFULSETS]: self,
    [PODS]: toOwner('StatefulSet'),
  };

  reconcile(key: string, engine: Engine): void {
    const [ns, name] = splitKey(key);
    const sts = engine.store.get(STATEFULSETS, ns, name) as StatefulSet | undefined;
    if (!sts || sts.metadata.deletionTimestamp) return;
    const revision = statefulRevision(sts);
    const replicas = sts.spec.replicas ?? 1;
    const start = sts.spec.ordinals?.start ?? 0;
    const parallel = sts.spec.podManagementPolicy === 'Parallel';
    const pods = owned<Pod>(engine, PODS, sts);
    const byOrdinal = new Map<number, Pod>();
    for (const p of pods) byOrdinal.set(ordinalOf(sts, p), p);

    // Create or replace pods in ordinal order.
    let blocked = false;
    for (let i = start; i < start + replicas && !blocked; i++) {
      const p = byOrdinal.get(i);
      if (!p) {
        this.createOrdinal(engine, sts, i, revision);
        if (!parallel) blocked = true;
        continue;
      }
      if (p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded') {
        if (!p.metadata.deletionTimestamp) this.remove(engine, sts, p);
        if (!parallel) blocked = true;
        continue;
      }
      if (!parallel && (p.metadata.deletionTimestamp || !running(p))) blocked = true;
    }
    // Scale down: the highest ordinal first, one at a time (OrderedReady).
    const condemned = pods.filter((p) => {
      const o = ordinalOf(sts, p);
      return o < start || o >= start + replicas;
    }).sort((a, b) => ordinalOf(sts, b) - ordinalOf(sts, a));
    if (!blocked) {
      for (const p of condemned) {
        if (p.metadata.deletionTimestamp) {
          if (!parallel) break;
          continue;
        }
        this.remove(engine, sts, p);
        if (!parallel) break;
      }
    }
    // Rolling update: from the highest ordinal down, once every pod is Running and Ready.
    const rolling = (sts.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const partition = sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    if (rolling && !blocked && condemned.length === 0) {
      const current = [...byOrdinal.entries()].filter(([o]) => o >= start && o < start + replicas).sort((a, b) => b[0] - a[0]);
      if (current.every(([, p]) => running(p) && !p.metadata.deletionTimestamp)) {
        const stale = current.find(([o, p]) => o >= partition && p.metadata.labels?.['controller-revision-hash'] !== revision);
        if (stale) this.remove(engine, sts, stale[1]);
      }
    }
    this.syncStatus(engine, sts, revision);
  }

  private createOrdinal(engine: Engine, sts: StatefulSet, i: number, revision: string): void {
    const podName = `${sts.metadata.name}-${i}`;
    const claims: { name: string; claim: string }[] = [];
    for (const t of sts.spec.volumeClaimTemplates ?? []) {
      const claim = `${t.metadata.name}-${podName}`;
      claims.push({ name: t.metadata.name!, claim });
      if (engine.store.get(PVCS, sts.metadata.namespace, claim)) continue;
      try {
        systemApi(engine).create(res('persistentvolumeclaims'), sts.metadata.namespace, {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: claim, namespace: sts.metadata.namespace, labels: { ...(sts.spec.selector.matchLabels ?? {}) }, ...(t.metadata.annotations ? { annotations: t.metadata.annotations } : {}) },
          spec: structuredClone(t.spec ?? {}),
        });
        event(engine, sts, 'Normal', 'SuccessfulCreate', `create Claim ${claim} Pod ${podName} in StatefulSet ${sts.metadata.name} success`, COMPONENT);
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        event(engine, sts, 'Warning', 'FailedCreate', `create Claim ${claim} for Pod ${podName} in StatefulSet ${sts.metadata.name} failed error: ${e.message}`, COMPONENT);
        return;
      }
    }
    const pod = podFromTemplate(sts.spec.template, sts, { name: podName }, {
      'apps.kubernetes.io/pod-index': String(i),
      'controller-revision-hash': revision,
      'statefulset.kubernetes.io/pod-name': podName,
    });
    pod.spec.hostname = podName;
    if (sts.spec.serviceName) pod.spec.subdomain = sts.spec.serviceName;
    if (claims.length) {
      const volumes = (pod.spec.volumes ?? []).filter((v) => !claims.some((c) => c.name === v.name));
      for (const c of claims) volumes.push({ name: c.name, persistentVolumeClaim: { claimName: c.claim } });
      pod.spec.volumes = volumes;
    }
    const created = createPod(engine, pod, sts, COMPONENT);
    if (typeof created === 'string') {
      return;
    }
    event(engine, sts, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${sts.metadata.name} successful`, COMPONENT);
  }

  private remove(engine: Engine, sts: StatefulSet, p: Pod): void {
    deletePod(engine, p);
    event(engine, sts, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${sts.metadata.name} successful`, COMPONENT);
  }

  private syncStatus(engine: Engine, sts0: StatefulSet, revision: string): void {
    const sts = (engine.store.get(STATEFULSETS, sts0.metadata.namespace, sts0.metadata.name!) as StatefulSet | undefined) ?? sts0;
    const pods = owned<Pod>(engine, PODS, sts).filter((p) => !p.metadata.deletionTimestamp);
    const minReady = sts.spec.minReadySeconds ?? 0;
    let available = 0;
    for (const p of pods) {
      const a = availability(p, minReady, engine.now);
      if (a.available) available++;
      else if (a.at) engine.schedule(this.name, keyOf(sts), a.at);
    }
    const updated = pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === revision).length;
    const replicas = sts.spec.replicas ?? 1;
    const done = updated === replicas && pods.length === replicas;
    const currentRevision = done || !sts.status?.currentRevision ? revision : sts.status.currentRevision;
    const status = compact({
      availableReplicas: available,
      collisionCount: sts.status?.collisionCount ?? 0,
      currentReplicas: pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === currentRevision).length || undefined,
      currentRevision,
      observedGeneration: sts.metadata.generation ?? 1,
      readyReplicas: pods.filter(isReady).length || undefined,
      replicas: pods.length,
      updateRevision: revision,
      updatedReplicas: updated || undefined,
    });
    writeStatus(engine, STATEFULSETS, sts, status);
    if (!engine.store.get('controllerrevisions.apps', sts.metadata.namespace, revision)) {
      try {
        systemApi(engine).create(res('controllerrevisions.apps'), sts.metadata.namespace, {
          apiVersion: 'apps/v1',
          kind: 'ControllerRevision',
          metadata: { name: revision, namespace: sts.metadata.namespace, labels: { ...(sts.spec.selector.matchLabels ?? {}), 'controller.kubernetes.io/hash': revision.slice(sts.metadata.name!.length + 1) }, ownerReferences: [ownerRefTo(sts)] },
          data: { spec: { template: { ...structuredClone(sts.spec.template), $patch: 'replace' } } },
          revision: 1 + owned<KObject>(engine, 'controllerrevisions.apps', sts).length,
        });
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
      }
    }
  }
}

export const statefulSetController = new StatefulSetController();
