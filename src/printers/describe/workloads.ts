// Deployment, ReplicaSet and Job describers (describe.md §12–14).

import { formatLabelSelector } from '../../apiserver/selectors.js';
import type { Condition, KObject, LabelSelector, Pod, PodTemplateSpec } from '../../types/k8s.js';
import { humanDuration } from '../../util/duration.js';
import { relatedList, type DescribeContext } from './context.js';
import { describeEventsOf } from './events.js';
import { controllerOf, printAnnotations, printLabels, timestamp } from './helpers.js';
import { describePodTemplate } from './template.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './writer.js';

interface Workload extends KObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    minReadySeconds?: number;
    strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
  };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: Condition[];
  };
}

/** labels.Selector String(): like FormatLabelSelector, but empty instead of `<none>`. */
function selectorString(sel: LabelSelector | undefined): string {
  const s = formatLabelSelector(sel ?? {});
  return s === '<none>' ? '' : s;
}

function writeHeader(w: PrefixWriter, obj: KObject): void {
  w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
}

function writeWorkloadConditions(w: PrefixWriter, conditions: Condition[] | undefined): void {
  if (!conditions || conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

const isControlledBy = (obj: KObject, owner: KObject): boolean =>
  (obj.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);

/** JSON with sorted keys, to compare templates regardless of key order. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function templateWithoutHash(t: PodTemplateSpec | undefined): string {
  const labels = { ...(t?.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return canonicalJson({ ...t, metadata: { ...t?.metadata, labels } });
}

/** deploymentutil.GetAllReplicaSets: the new RS and the old ones that still want pods. */
function replicaSetsOf(d: Workload, all: Workload[]): { oldRSs: Workload[]; newRS?: Workload } {
  // replicaSetsByCreationTimestamp: oldest first, names breaking ties.
  const owned = all
    .filter((rs) => isControlledBy(rs, d))
    .sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? '') || (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  const want = templateWithoutHash(d.spec?.template);
  const newRS = owned.find((rs) => templateWithoutHash(rs.spec?.template) === want);
  // Every old ReplicaSet, those scaled to 0 too: real kubectl v1.32 prints `web-c87bbd489 (0/0 replicas created)`.
  const oldRSs = owned.filter((rs) => rs !== newRS);
  return { oldRSs, newRS };
}

const rsSummary = (list: Workload[]): string =>
  list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`).join(', ') ||
  '<none>';

/** ctx.related.replicaSets: the ReplicaSets of the namespace (for OldReplicaSets / NewReplicaSet). */
export function describeDeployment(obj: KObject, ctx: DescribeContext): string {
  const d = obj as Workload;
  const spec = d.spec ?? {};
  const st = d.status ?? {};
  return tabbedString((w) => {
    writeHeader(w, d);
    w.write(LEVEL_0, `CreationTimestamp:\t${timestamp(d.metadata.creationTimestamp)}\n`);
    printLabels(w, 'Labels', d.metadata.labels);
    printAnnotations(w, 'Annotations', d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ` +
      `${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? ''} max unavailable, ${ru.maxSurge ?? ''} max surge\n`);
    describePodTemplate(w, spec.template);
    writeWorkloadConditions(w, st.conditions);
    const all = relatedList<Workload>(ctx, 'replicaSets');
    if (all) {
      const { oldRSs, newRS } = replicaSetsOf(d, all);
      if (oldRSs.length > 0 || newRS) {
        w.write(LEVEL_0, `OldReplicaSets:\t${rsSummary(oldRSs)}\n`);
        w.write(LEVEL_0, `NewReplicaSet:\t${rsSummary(newRS ? [newRS] : [])}\n`);
      }
    }
    describeEventsOf(w, d, ctx);
  });
}

/** getPodStatusForController: pods controlled by `owner`, by phase. */
function podPhaseCounts(owner: KObject, pods: Pod[]): string {
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  for (const p of pods) {
    if (!isControlledBy(p, owner)) continue;
    const phase = p.status?.phase as keyof typeof counts;
    if (phase in counts) counts[phase]++;
  }
  return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`;
}

/** ctx.related.pods: the pods of the namespace (counted when this ReplicaSet controls them). */
export function describeReplicaSet(obj: KObject, ctx: DescribeContext): string {
  const rs = obj as Workload;
  return tabbedString((w) => {
    writeHeader(w, rs);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector ?? {})}\n`);
    printLabels(w, 'Labels', rs.metadata.labels);
    printAnnotations(w, 'Annotations', rs.metadata.annotations);
    const controller = controllerOf(rs);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${podPhaseCounts(rs, ctx.related?.pods ?? [])}\n`);
    describePodTemplate(w, rs.spec?.template);
    writeWorkloadConditions(w, rs.status?.conditions);
    describeEventsOf(w, rs, ctx);
  });
}

interface Job extends KObject {
  spec?: {
    selector?: LabelSelector;
    parallelism?: number;
    completions?: number;
    completionMode?: string;
    suspend?: boolean;
    backoffLimit?: number;
    ttlSecondsAfterFinished?: number;
    activeDeadlineSeconds?: number;
    template?: PodTemplateSpec;
  };
  status?: {
    startTime?: string;
    completionTime?: string;
    active?: number;
    ready?: number;
    succeeded?: number;
    failed?: number;
    completedIndexes?: string;
  };
}

/** capIndexesListOrNone: cut after the first comma past 50 characters. */
function capIndexes(indexes: string | undefined, softLimit = 50): string {
  if (!indexes) return '<none>';
  const cut = indexes.indexOf(',', softLimit);
  return cut < 0 ? indexes : indexes.slice(0, cut + 1) + '...';
}

const defined = <T>(v: T | undefined | null): v is T => v !== undefined && v !== null;

export function describeJob(obj: KObject, ctx: DescribeContext): string {
  const job = obj as Job;
  const spec = job.spec ?? {};
  const st = job.status ?? {};
  return tabbedString((w) => {
    writeHeader(w, job);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabels(w, 'Labels', job.metadata.labels);
    printAnnotations(w, 'Annotations', job.metadata.annotations);
    const controller = controllerOf(job);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
    if (defined(spec.parallelism)) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, `Completions:\t${defined(spec.completions) ? spec.completions : '<unset>'}\n`);
    if (spec.completionMode) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (defined(spec.suspend)) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (defined(spec.backoffLimit)) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (defined(spec.ttlSecondsAfterFinished)) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (st.startTime) w.write(LEVEL_0, `Start Time:\t${timestamp(st.startTime)}\n`);
    if (st.completionTime) w.write(LEVEL_0, `Completed At:\t${timestamp(st.completionTime)}\n`);
    if (st.startTime && st.completionTime) {
      w.write(LEVEL_0, `Duration:\t${humanDuration(Date.parse(st.completionTime) - Date.parse(st.startTime))}\n`);
    }
    if (defined(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const ready = defined(st.ready) ? ` (${st.ready} Ready)` : '';
    w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active${ready} / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
    if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(st.completedIndexes)}\n`);
    describePodTemplate(w, spec.template);
    describeEventsOf(w, job, ctx);
  });
}
