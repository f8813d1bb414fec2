// The pods/eviction subresource (policy/v1 Eviction): a delete that asks the pod's
// PodDisruptionBudget first, as kube-apiserver's EvictionREST does (pkg/registry/core/pod/storage/
// eviction.go). `kubectl drain` evicts through it; a refused eviction is a 429 the client retries.
import type { Condition, KObject, Pod, PodDisruptionBudget } from '../types/k8s.js';
import { rfc3339 } from '../util/duration.js';
import { isReady, selectorMatches } from '../cluster/controllers/common.js';
import { emptyStatus } from '../cluster/controllers/disruption.js';
import { SYSTEM_USER, type ApiServer } from './api.js';
import { setAllowedCondition } from './disruption-condition.js';
import { StatusError, forbidden } from './errors.js';
import { resolveResource } from './resources.js';

export interface EvictionOptions {
  dryRun?: boolean;
  /** The eviction's deleteOptions.gracePeriodSeconds (the pod's own when undefined). */
  gracePeriodSeconds?: number;
}

/** The apiserver's MaxDisruptedPodSize: evictions the disruption controller has not yet confirmed. */
const MAX_DISRUPTED_PODS = 2000;

const TOO_MANY_REQUESTS = "Cannot evict pod as it would violate the pod's disruption budget.";

/** A 429 with a DisruptionBudget cause (errors.NewTooManyRequests); drain prints the message and retries. */
function budgetRefusal(cause: string, retryAfterSeconds: number): StatusError {
  return new StatusError(429, 'TooManyRequests', TOO_MANY_REQUESTS, { causes: [{ reason: 'DisruptionBudget', message: cause }], retryAfterSeconds });
}

/** Evicts `namespace/name`: deletes it unless a disruption budget forbids it. */
export function evictPod(api: ApiServer, namespace: string, name: string, opts: EvictionOptions = {}): void {
  const pods = resolveResource('pods')!;
  api.authorizeRequest('create', pods, namespace, name, 'eviction');
  const pod = api.get(pods, namespace, name) as Pod;
  // A pod that is finished, not yet running or already going causes no disruption.
  const phase = pod.status?.phase;
  const ignoresBudget = phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
  if (!ignoresBudget) {
    const budgets = matchingBudgets(api, pod);
    if (budgets.length > 1) {
      throw new StatusError(500, '', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    }
    const budget = budgets[0];
    if (budget && !unhealthyMayGo(pod, budget)) takeDisruption(api, budget, name, opts.dryRun ?? false);
  }
  if (opts.dryRun) return;
  markDisruptionTarget(api, pod);
  api.delete(pods, namespace, name, { gracePeriodSeconds: opts.gracePeriodSeconds });
}

/**
 * The budgets of the pod's namespace whose selector matches it, as the disruption controller picks
 * them: an empty selector matches every pod, a missing or invalid one none.
 */
function matchingBudgets(api: ApiServer, pod: Pod): PodDisruptionBudget[] {
  const budgets = api.as(SYSTEM_USER).list(resolveResource('poddisruptionbudgets')!, pod.metadata.namespace) as PodDisruptionBudget[];
  return budgets.filter((b) => selectorMatches(b.spec?.selector ?? undefined, pod.metadata.labels));
}

/**
 * An unready pod does not count as healthy, so evicting it takes no disruption: always with the
 * AlwaysAllow policy; with IfHealthyBudget (the default) while the budget has its healthy pods.
 */
function unhealthyMayGo(pod: Pod, b: PodDisruptionBudget): boolean {
  if (isReady(pod)) return false;
  if (b.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const { currentHealthy = 0, desiredHealthy = 0 } = b.status ?? {};
  return currentHealthy >= desiredHealthy && desiredHealthy > 0;
}

/** checkAndDecrement: one disruption taken from the budget, or the refusal. */
function takeDisruption(api: ApiServer, b: PodDisruptionBudget, podName: string, dryRun: boolean): void {
  // The strategy gives every stored budget a status (four zero counts until the controller's first sync).
  const status = b.status ?? emptyStatus();
  if ((status.observedGeneration ?? 0) < (b.metadata.generation ?? 0)) {
    throw budgetRefusal(`The disruption budget ${b.metadata.name} is still being processed by the server.`, 10);
  }
  const allowed = status.disruptionsAllowed;
  const pdbs = resolveResource('poddisruptionbudgets')!;
  if (allowed < 0) throw forbidden(pdbs, b.metadata.name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    throw forbidden(pdbs, b.metadata.name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (allowed === 0) {
    throw budgetRefusal(`The disruption budget ${b.metadata.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`, 0);
  }
  if (dryRun) return;
  status.disruptionsAllowed = allowed - 1;
  if (status.disruptionsAllowed === 0) {
    status.conditions = setAllowedCondition(status.conditions, api.now, { status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: status.observedGeneration ?? 0 });
  }
  // The disruption controller counts the pod as gone until it is, or for two minutes at most.
  status.disruptedPods = { ...status.disruptedPods, [podName]: rfc3339(api.now) };
  b.status = status;
  api.as(SYSTEM_USER).updateStatus(pdbs, b);
}

/** The DisruptionTarget condition an evicted pod carries while it terminates (PodDisruptionConditions, GA in v1.31). */
function markDisruptionTarget(api: ApiServer, pod: Pod): void {
  const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
  const target: Condition = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(api.now), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };
  api.as(SYSTEM_USER).updateStatus(resolveResource('pods')!, { ...pod, status: { ...pod.status, conditions: [...conditions, target] } } as KObject);
}
