// PersistentVolume and PersistentVolumeClaim describers (describe.md §7–8).

import type { KObject, NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../../types/k8s.js';
import type { DescribeContext } from './context.js';
import { describeEventsOf } from './events.js';
import { cmp, goSlice, printAnnotations, printLabels, since, timestamp } from './helpers.js';
import { formatQty, parseQty } from './qty.js';
import { describeVolumeSource } from './volumes.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString, type PrefixWriter } from './writer.js';

interface PVSpec {
  storageClassName?: string;
  claimRef?: { namespace?: string; name?: string };
  persistentVolumeReclaimPolicy?: string;
  accessModes?: string[];
  volumeMode?: string;
  capacity?: Record<string, string>;
  nodeAffinity?: { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } };
  [source: string]: unknown;
}

interface PV extends KObject {
  spec?: PVSpec;
  status?: { phase?: string; message?: string };
}

interface PVC extends KObject {
  spec?: {
    storageClassName?: string;
    volumeName?: string;
    volumeMode?: string;
    resources?: { requests?: Record<string, string> };
    dataSource?: { apiGroup?: string; kind: string; name: string };
  };
  status?: {
    phase?: string;
    accessModes?: string[];
    capacity?: Record<string, string>;
    conditions?: { type: string; status: string; lastProbeTime?: string; lastTransitionTime?: string; reason?: string; message?: string }[];
  };
}

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** storageutil.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order. */
export function accessModesString(modes: string[] | undefined): string {
  const short: [string, string][] = [
    ['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP'],
  ];
  return short.filter(([m]) => (modes ?? []).includes(m)).map(([, s]) => s).join(',');
}

const storageClassOf = (obj: KObject, spec: { storageClassName?: string } | undefined): string =>
  obj.metadata.annotations?.[BETA_CLASS] ?? spec?.storageClassName ?? '';

function statusLine(w: PrefixWriter, obj: KObject, phase: string | undefined, now: number): void {
  const deleted = obj.metadata.deletionTimestamp;
  w.write(LEVEL_0, deleted ? `Status:\tTerminating (lasts ${since(deleted, now)})\n` : `Status:\t${phase ?? ''}\n`);
}

export function describePersistentVolume(obj: KObject, ctx: DescribeContext): string {
  const pv = obj as PV;
  const spec = pv.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pv.metadata.name ?? ''}\n`);
    printLabels(w, 'Labels', pv.metadata.labels);
    printAnnotations(w, 'Annotations', pv.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goSlice(pv.metadata.finalizers)}\n`);
    w.write(LEVEL_0, `StorageClass:\t${storageClassOf(pv, spec)}\n`);
    statusLine(w, pv, pv.status?.phase, ctx.now);
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    w.write(LEVEL_0, `Claim:\t${claim}\n`);
    w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModesString(spec.accessModes)}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(LEVEL_0, `Capacity:\t${formatQty(parseQty(spec.capacity?.storage))}\n`);
    describeVolumeNodeAffinity(w, spec.nodeAffinity);
    w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
    w.write(LEVEL_0, 'Source:\n');
    describePVSource(w, spec);
    describeEventsOf(w, pv, ctx);
  });
}

function describePVSource(w: PrefixWriter, spec: PVSpec): void {
  if (spec.local) {
    const local = spec.local as { path?: string };
    w.write(LEVEL_2, 'Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n');
    w.write(LEVEL_2, `Path:\t${local.path ?? ''}\n`);
    return;
  }
  describeVolumeSource(w, spec);
}

function describeVolumeNodeAffinity(w: PrefixWriter, affinity: PVSpec['nodeAffinity']): void {
  w.write(LEVEL_0, 'Node Affinity:\t');
  if (!affinity?.required) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  w.write(LEVEL_0, '\n');
  const terms = affinity.required.nodeSelectorTerms ?? [];
  w.write(LEVEL_1, 'Required Terms:\t');
  w.write(LEVEL_0, terms.length === 0 ? '<none>\n' : '\n');
  terms.forEach((term, i) => describeSelectorTerm(w, `Term ${i}`, term.matchExpressions ?? []));
}

function describeSelectorTerm(w: PrefixWriter, title: string, reqs: NodeSelectorRequirement[]): void {
  w.write(LEVEL_2, `${title}:\t`);
  if (reqs.length === 0) w.write(LEVEL_0, '<none>\n');
  reqs.forEach((r, i) => {
    if (i !== 0) w.write(LEVEL_2, '\t');
    const values = (r.values ?? []).length > 0 ? ` [${r.values!.join(', ')}]` : '';
    w.write(LEVEL_0, `${r.key} ${r.operator.toLowerCase()}${values}\n`);
  });
}

/** Pods of the namespace that mount the claim (directly or as a generic ephemeral volume). */
function podsUsingClaim(pvc: PVC, pods: Pod[]): string[] {
  const name = pvc.metadata.name;
  const uses = (p: Pod): boolean =>
    (p.spec.volumes ?? []).some(
      (v) => v.persistentVolumeClaim?.claimName === name || (v.ephemeral !== undefined && `${p.metadata.name}-${v.name}` === name),
    );
  return pods.filter(uses).map((p) => p.metadata.name ?? '').sort(cmp);
}

/** ctx.related.pods: the pods of the claim's namespace (for "Used By"). */
export function describePersistentVolumeClaim(obj: KObject, ctx: DescribeContext): string {
  const pvc = obj as PVC;
  const spec = pvc.spec ?? {};
  const status = pvc.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pvc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pvc.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `StorageClass:\t${storageClassOf(pvc, spec)}\n`);
    statusLine(w, pvc, status.phase, ctx.now);
    w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
    printLabels(w, 'Labels', pvc.metadata.labels);
    printAnnotations(w, 'Annotations', pvc.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goSlice(pvc.metadata.finalizers)}\n`);
    const bound = Boolean(spec.volumeName);
    w.write(LEVEL_0, `Capacity:\t${bound ? formatQty(parseQty(status.capacity?.storage)) : ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${bound ? accessModesString(status.accessModes) : ''}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    if (spec.dataSource) {
      w.write(LEVEL_0, 'DataSource:\n');
      if (spec.dataSource.apiGroup) w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind}\n`);
      w.write(LEVEL_1, `Name:\t${spec.dataSource.name}\n`);
    }
    const users = podsUsingClaim(pvc, ctx.related?.pods ?? []);
    w.write(LEVEL_0, 'Used By:\t');
    if (users.length === 0) w.write(LEVEL_0, '<none>\n');
    users.forEach((n, i) => w.write(LEVEL_0, `${i === 0 ? '' : '\t'}${n}\n`));
    describePVCConditions(w, status.conditions ?? []);
    describeEventsOf(w, pvc, ctx);
  });
}

function describePVCConditions(w: PrefixWriter, conditions: NonNullable<PVC['status']>['conditions'] & object): void {
  if (conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n');
  w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
  w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
  for (const c of conditions) {
    const cells = [c.type, c.status, timestamp(c.lastProbeTime), timestamp(c.lastTransitionTime), c.reason ?? ''];
    w.write(LEVEL_1, cells.map((s) => `${s} \t`).join('') + `${c.message ?? ''}\n`);
  }
}
