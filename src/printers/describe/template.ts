// Pod templates (Deployment, ReplicaSet, Job) and topology spread constraints.

import type { LabelSelector, PodTemplateSpec } from '../../types/k8s.js';
import { formatLabelSelector } from '../../apiserver/selectors.js';
import { describeContainers } from './containers.js';
import { cmp, printAnnotations, printLabels, printTolerations } from './helpers.js';
import { describeVolumes } from './volumes.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer.js';

interface TopologySpreadConstraint {
  topologyKey: string;
  whenUnsatisfiable: string;
  maxSkew: number;
  labelSelector?: LabelSelector;
}

/** describeTopologySpreadConstraints (printed only when there are some). */
export function describeTopologySpread(w: PrefixWriter, constraints: unknown[] | undefined, space = ''): void {
  const list = [...((constraints as TopologySpreadConstraint[] | undefined) ?? [])];
  if (list.length === 0) return;
  list.sort((a, b) => cmp(a.topologyKey, b.topologyKey));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  list.forEach((c, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    let s = `${c.topologyKey}:${c.whenUnsatisfiable} when max skew ${c.maxSkew} is exceeded`;
    if (c.labelSelector) s += ` for selector ${formatLabelSelector(c.labelSelector)}`;
    w.write(LEVEL_0, s + '\n');
  });
}

/** DescribePodTemplate: the `Pod Template:` section of workload describers. */
export function describePodTemplate(w: PrefixWriter, template: PodTemplateSpec | undefined): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const meta = template.metadata ?? {};
  const spec = template.spec ?? { containers: [] };
  printLabels(w, '  Labels', meta.labels);
  if (Object.keys(meta.annotations ?? {}).length > 0) printAnnotations(w, '  Annotations', meta.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec.initContainers ?? []).length > 0) {
    describeContainers(w, 'Init Containers', spec.initContainers!, undefined, undefined, '  ');
  }
  describeContainers(w, 'Containers', spec.containers ?? [], undefined, undefined, '  ');
  describeVolumes(w, spec.volumes, '  ');
  describeTopologySpread(w, spec.topologySpreadConstraints, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabels(w, '  Node-Selectors', spec.nodeSelector);
  printTolerations(w, '  Tolerations', spec.tolerations);
}
