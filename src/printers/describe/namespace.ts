// Namespace describer (describe.md §4).

import type { Namespace } from '../../types/k8s.js';
import { relatedList, type DescribeContext } from './context.js';
import { printAnnotations, printLabels, timestamp } from './helpers.js';
import { describeNamespaceLimits, describeNamespaceQuotas, type LimitRange, type ResourceQuota } from './quota.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './writer.js';

/** ctx.related: `resourceQuotas` and `limitRanges` of the namespace (a section is left out when its list is absent). */
export function describeNamespace(ns: Namespace, ctx: DescribeContext): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata.name ?? ''}\n`);
    printLabels(w, 'Labels', ns.metadata.labels);
    printAnnotations(w, 'Annotations', ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    describeNamespaceConditions(w, ns);
    const quotas = relatedList<ResourceQuota>(ctx, 'resourceQuotas');
    if (quotas) {
      w.write(LEVEL_0, '\n');
      describeNamespaceQuotas(w, quotas);
    }
    const limits = relatedList<LimitRange>(ctx, 'limitRanges');
    if (limits) {
      w.write(LEVEL_0, '\n');
      describeNamespaceLimits(w, limits);
    }
  });
}

function describeNamespaceConditions(w: PrefixWriter, ns: Namespace): void {
  const conditions = ns.status?.conditions ?? [];
  if (conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n');
  w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
  w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
  for (const c of conditions) {
    const cells = [c.type, c.status, timestamp(c.lastTransitionTime), c.reason ?? '', c.message ?? ''];
    w.write(LEVEL_1, cells.join('\t') + '\n');
  }
}
