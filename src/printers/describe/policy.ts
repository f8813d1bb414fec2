// The PodDisruptionBudget describer (kubectl's describePodDisruptionBudgetV1).

import type { KObject, PodDisruptionBudget } from '../../types/k8s.js';
import { formatLabelSelector } from '../../apiserver/selectors.js';
import type { DescribeContext } from './context.js';
import { describeEventsOf } from './events.js';
import { LEVEL_0, LEVEL_2, tabbedString } from './writer.js';

export function describePodDisruptionBudget(obj: KObject, ctx: DescribeContext): string {
  const pdb = obj as PodDisruptionBudget;
  const spec = pdb.spec ?? {};
  const st = pdb.status;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pdb.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace ?? ''}\n`);
    // Only one bound is shown, minAvailable first (the API refuses both).
    if (spec.minAvailable !== undefined && spec.minAvailable !== null) w.write(LEVEL_0, `Min available:\t${spec.minAvailable}\n`);
    else if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) w.write(LEVEL_0, `Max unavailable:\t${spec.maxUnavailable}\n`);
    w.write(LEVEL_0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${st?.disruptionsAllowed ?? 0}\n`);
    w.write(LEVEL_2, `Current:\t${st?.currentHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Desired:\t${st?.desiredHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Total:\t${st?.expectedPods ?? 0}\n`);
    describeEventsOf(w, pdb, ctx);
  });
}
