// The DisruptionAllowed condition of a PodDisruptionBudget (pdbhelper in kube's pkg/apis/policy),
// written by the disruption controller and by the eviction API when it takes the last disruption.
import type { Condition } from '../types/k8s.js';
import { rfc3339 } from '../util/duration.js';

/**
 * meta.SetStatusCondition for DisruptionAllowed: lastTransitionTime moves only when the status
 * does; reason, message and observedGeneration always follow.
 */
export function setAllowedCondition(conditions: Condition[] | undefined, now: number, c: { status: string; reason: string; message: string; observedGeneration: number }): Condition[] {
  const out = [...(conditions ?? [])];
  const i = out.findIndex((x) => x.type === 'DisruptionAllowed');
  const old = i >= 0 ? out[i] : undefined;
  // Go field order of metav1.Condition.
  const next: Condition = {
    type: 'DisruptionAllowed',
    status: c.status,
    // (omitempty: a budget never synced has observed no generation)
    ...(c.observedGeneration ? { observedGeneration: c.observedGeneration } : {}),
    lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : rfc3339(now),
    reason: c.reason,
    message: c.message,
  };
  if (i >= 0) out[i] = next;
  else out.push(next);
  return out;
}

