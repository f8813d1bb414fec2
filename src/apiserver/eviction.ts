// The pods/eviction subresource (policy/v1 Eviction): a delete that asks the pod's
// PodDisruptionBudget first, as kube-apiserver's EvictionREST does (pkg/registry/core/pod/storage/
// eviction.go). `kubectl drain` evicts through it; a refused eviction is a 429 the client retries.
import type { Condition, KObject, Pod } from '../types/k8s.js';
import { rfc3339 } from '../util/duration.js';
import { SYSTEM_USER, type ApiServer } from './api.js';
import { StatusError, forbidden } from './errors.js';
import { resolveResource } from './resources.js';
import { labelSelectorFromObject, matchesLabelSelector } from './selectors.js';

/** The parts of a policy/v1 PodDisruptionBudget the eviction reads and writes. */
interface Budget extends KObject {
  spec?: { selector?: Parameters<typeof labelSelectorFromObject>[0]; unhealthyPodEvictionPolicy?: string };
  status?: {
    observedGeneration?: number;
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    disruptedPods?: Record<string, string>;
    conditions?: Condition[];
  };
}

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

/** The budgets of the pod's namespace whose selector matches it (an empty selector matches every pod). */
function matchingBudgets(api: ApiServer, pod: Pod): Budget[] {
  const budgets = api.as(SYSTEM_USER).list(resolveResource('poddisruptionbudgets')!, pod.metadata.namespace) as Budget[];
  return budgets.filter((b) => {
    try {
      return matchesLabelSelector(labelSelectorFromObject(b.spec?.selector ?? {}), pod.metadata.labels);
    } catch {
      return false; // an invalid selector matches nothing
    }
  });
}

/**
 * An unready pod does not count as healthy, so evicting it takes no disruption: always with the
 * AlwaysAllow policy; with IfHealthyBudget (the default) while the budget has its healthy pods.
 */
function unhealthyMayGo(pod: Pod, b: Budget): boolean {
  const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  if (ready) return false;
  if (b.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const { currentHealthy = 0, desiredHealthy = 0 } = b.status ?? {};
  return currentHealthy >= desiredHealthy && desiredHealthy > 0;
}

/** checkAndDecrement: one disruption taken from the budget, or the refusal. */
function takeDisruption(api: ApiServer, b: Budget, podName: string, dryRun: boolean): void {
  const status = b.status ?? {};
  if ((status.observedGeneration ?? 0) < (b.metadata.generation ?? 0)) {
    throw budgetRefusal(`The disruption budget ${b.metadata.name} is still being processed by the server.`, 10);
  }
  const allowed = status.disruptionsAllowed ?? 0;
  const pdbs = resolveResource('poddisruptionbudgets')!;
  if (allowed < 0) throw forbidden(pdbs, b.metadata.name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    throw forbidden(pdbs, b.metadata.name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (allowed === 0) {
    throw budgetRefusal(`The disruption budget ${b.metadata.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`, 0);
  }
  if (dryRun) return;
  status.disruptionsAllowed = allowed - 1;
  if (status.disruptionsAllowed === 0) setInsufficientPods(status, api.now);
  // The disruption controller counts the pod as gone until it is, or for two minutes at most.
  status.disruptedPods = { ...status.disruptedPods, [podName]: rfc3339(api.now) };
  b.status = status;
  api.as(SYSTEM_USER).updateStatus(pdbs, b);
}

/** pdbhelper.UpdateDisruptionAllowedCondition once no disruption is left. */
function setInsufficientPods(status: NonNullable<Budget['status']>, now: number): void {
  const conditions = status.conditions ?? [];
  const current = conditions.find((c) => c.type === 'DisruptionAllowed');
  if (current?.status === 'False' && current.reason === 'InsufficientPods') return;
  const changed: Condition = { ...current, type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: current?.message ?? '' };
  if (current?.status !== 'False') changed.lastTransitionTime = rfc3339(now);
  status.conditions = [...conditions.filter((c) => c !== current), changed];
}

/** The DisruptionTarget condition an evicted pod carries while it terminates (PodDisruptionConditions, GA in v1.31). */
function markDisruptionTarget(api: ApiServer, pod: Pod): void {
  const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
  const target: Condition = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(api.now), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };
  api.as(SYSTEM_USER).updateStatus(resolveResource('pods')!, { ...pod, status: { ...pod.status, conditions: [...conditions, target] } } as KObject);
}
