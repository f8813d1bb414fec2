// What `kubectl rollout` computes on the client (kubectl/pkg/polymorphichelpers):
// status messages per kind, revision history, and the rollback patch.
import type { Condition, KObject, PodTemplateSpec } from '../types/k8s.js';
import type { ApiServer } from '../apiserver/api.js';
import { resolveResource, qualifiedKind, type ResourceInfo } from '../apiserver/resources.js';
import { ClientError } from './command.js';
import { CHANGE_CAUSE, HASH_LABEL, REVISION, revisionOf, templateIgnoringHash } from '../cluster/controllers/deployment.js';
import { tabbedString, LEVEL_0 } from '../printers/describe/writer.js';
import { describePodTemplate } from '../printers/describe/template.js';

export const ROLLOUT_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet'];

export interface Target {
  resource: ResourceInfo;
  namespace: string;
  name: string;
}

/** `deployment/x`, `deployment x`, `deploy/x`; only rollout-able kinds. */
export function rolloutTargets(args: string[], namespace: string, kinds = ROLLOUT_KINDS): Target[] {
  const out: Target[] = [];
  const push = (typed: string, name: string) => {
    const r = resolveResource(typed);
    if (!r) throw new ClientError(`the server doesn't have a resource type "${typed}"`);
    if (!kinds.includes(r.kind)) throw new ClientError(`no ${verbNoun(kinds)} has been implemented for {${r.group} ${r.kind}}`);
    out.push({ resource: r, namespace, name });
  };
  if (args.length === 0) throw new ClientError('required resource not specified');
  if (args[0]!.includes('/')) {
    for (const a of args) {
      const i = a.indexOf('/');
      if (i < 0) throw new ClientError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
      push(a.slice(0, i), a.slice(i + 1));
    }
  } else {
    if (args.length < 2) throw new ClientError('required resource not specified');
    for (const n of args.slice(1)) push(args[0]!, n);
  }
  return out;
}

function verbNoun(kinds: string[]): string {
  return kinds.length === 3 ? 'status viewer' : 'history viewer';
}

export const label = (t: Target) => `${qualifiedKind(t.resource)}/${t.name}`;

type Status = { generation?: number; observedGeneration?: number; [k: string]: unknown; conditions?: Condition[] };

/** StatusViewer.Status: the message, and whether the rollout is done. */
export function rolloutStatus(obj: KObject, revision?: number): { message: string; done: boolean; error?: string } {
  const name = obj.metadata.name;
  const spec = (obj.spec ?? {}) as Record<string, unknown> & { replicas?: number; updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } } };
  const st = (obj.status ?? {}) as Status & Record<string, number | undefined>;
  const gen = obj.metadata.generation ?? 0;
  if (obj.kind === 'Deployment') {
    if (revision && revisionOf(obj) !== revision) throw new ClientError(`desired revision (${revision}) is different from the running revision (${revisionOf(obj)})`);
    if (gen > (st.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
    const prog = st.conditions?.find((c) => c.type === 'Progressing');
    if (prog?.reason === 'ProgressDeadlineExceeded') return { message: '', done: true, error: `deployment "${name}" exceeded its progress deadline` };
    const replicas = spec.replicas ?? 1;
    const updated = st.updatedReplicas ?? 0;
    const total = st.replicas ?? 0;
    const available = st.availableReplicas ?? 0;
    if (updated < replicas) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
    if (total > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...\n`, done: false };
    if (available < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...\n`, done: false };
    return { message: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  if (obj.kind === 'DaemonSet') {
    if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new ClientError('rollout status is only available for RollingUpdate strategy type');
    if (gen > (st.observedGeneration ?? 0)) return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
    const desired = st.desiredNumberScheduled ?? 0;
    const updated = st.updatedNumberScheduled ?? 0;
    const available = st.numberAvailable ?? 0;
    if (updated < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`, done: false };
    if (available < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...\n`, done: false };
    return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
  }
  // StatefulSet
  if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new ClientError('rollout status is only available for RollingUpdate strategy type');
  if (st.observedGeneration === undefined || gen > st.observedGeneration) return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = spec.replicas ?? 1;
  const ready = st.readyReplicas ?? 0;
  if (ready < replicas) return { message: `Waiting for ${replicas - ready} pods to be ready...\n`, done: false };
  const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0) {
    const updated = st.updatedReplicas ?? 0;
    if (updated < replicas - partition) return { message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`, done: false };
    return { message: `partitioned roll out complete: ${updated} new pods have been updated...\n`, done: true };
  }
  if (st.updateRevision !== st.currentRevision) {
    return { message: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`, done: false };
  }
  return { message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`, done: true };
}

export interface HistoryEntry {
  revision: number;
  changeCause: string;
  template: PodTemplateSpec;
  object: KObject;
}

/** The revisions of a workload: its ReplicaSets (Deployment) or ControllerRevisions. */
export function history(api: ApiServer, obj: KObject): HistoryEntry[] {
  const uid = obj.metadata.uid;
  const ns = obj.metadata.namespace;
  const owned = (r: string) => api.list(resolveResource(r)!, ns).filter((o) => o.metadata.ownerReferences?.some((x) => x.uid === uid && x.controller));
  if (obj.kind === 'Deployment') {
    return owned('replicasets.apps')
      .map((rs) => ({ revision: revisionOf(rs), changeCause: rs.metadata.annotations?.[CHANGE_CAUSE] ?? '', template: (rs.spec as { template: PodTemplateSpec }).template, object: rs }))
      .filter((h) => h.revision > 0)
      .sort((a, b) => a.revision - b.revision);
  }
  return owned('controllerrevisions.apps')
    .map((cr) => {
      const data = (cr as { data?: { spec?: { template?: PodTemplateSpec } } }).data;
      const t = structuredClone(data?.spec?.template ?? ({ spec: { containers: [] } } as PodTemplateSpec)) as PodTemplateSpec & { $patch?: string };
      delete t.$patch;
      return { revision: (cr as { revision?: number }).revision ?? 0, changeCause: cr.metadata.annotations?.[CHANGE_CAUSE] ?? '', template: t, object: cr };
    })
    .sort((a, b) => a.revision - b.revision);
}

/** `rollout history` body: a table, or one revision's pod template. */
export function renderHistory(t: Target, entries: HistoryEntry[], revision: number | undefined): string {
  if (revision) {
    const e = entries.find((x) => x.revision === revision);
    if (!e) throw new ClientError(`unable to find the specified revision`);
    const tpl = structuredClone(e.template);
    if (t.resource.kind === 'Deployment' && tpl.metadata?.labels) delete tpl.metadata.labels[HASH_LABEL];
    const body = tabbedString((w) => {
      if (e.changeCause) {
        tpl.metadata = { ...(tpl.metadata ?? {}), annotations: { ...(tpl.metadata?.annotations ?? {}), [CHANGE_CAUSE]: e.changeCause } };
      }
      describePodTemplate(w, tpl);
    });
    return `${label(t)} with revision #${revision}\n${body}`;
  }
  if (entries.length === 0) return `No rollout history found.\n`;
  const rows = entries.map((e) => [String(e.revision), e.changeCause || '<none>']);
  const table = tabbedString((w) => {
    w.write(LEVEL_0, 'REVISION\tCHANGE-CAUSE\n');
    for (const r of rows) w.write(LEVEL_0, `${r[0]}\t${r[1]}\n`);
  });
  return `${label(t)} \n${table}\n`;
}

/** The template a rollback restores (revision 0 = the previous one). */
export function rollbackTemplate(t: Target, obj: KObject, entries: HistoryEntry[], toRevision: number): { template: PodTemplateSpec; revision: number; changeCause?: string } | 'skip' {
  if (entries.length === 0) throw new ClientError(`no rollout history found for ${t.resource.kind.toLowerCase()} "${t.name}"`);
  let target: HistoryEntry | undefined;
  if (toRevision > 0) {
    target = entries.find((e) => e.revision === toRevision);
    if (!target) throw new ClientError(`unable to find specified revision ${toRevision} in history`);
  } else {
    const current = t.resource.kind === 'Deployment' ? revisionOf(obj) : Math.max(...entries.map((e) => e.revision));
    target = [...entries].reverse().find((e) => e.revision < current && e.revision !== current);
    if (!target) throw new ClientError(`no revision found for ${t.resource.kind.toLowerCase()} "${t.name}"`);
  }
  const tpl = structuredClone(target.template);
  if (t.resource.kind === 'Deployment' && tpl.metadata?.labels) {
    delete tpl.metadata.labels[HASH_LABEL];
  }
  const currentTpl = (obj.spec as { template: PodTemplateSpec }).template;
  if (templateIgnoringHash(currentTpl) === templateIgnoringHash(tpl)) return 'skip';
  return { template: tpl, revision: target.revision, changeCause: target.object.metadata.annotations?.[CHANGE_CAUSE] };
}

export { REVISION };
