// The READY / STATUS / RESTARTS cells of a pod row (pod-status.md §1) and the
// pod's QoS class (apiserver.md §7). The API server computes these cells; kubectl
// prints them verbatim, so the precedence rules below are load-bearing.

import type { Container, ContainerStatus, Pod, ResourceList } from '../types/k8s.js';
import { humanDuration } from '../util/duration.js';
import { addQuantities, compareQuantities, parseQuantityExact, type Quantity } from '../util/quantity.js';

export interface PodStatusCells {
  ready: string;
  status: string;
  restarts: string;
}

/** Epoch ms of an RFC 3339 time; 0 stands for Go's zero time (unset). */
function timeMs(ts: string | null | undefined): number {
  if (!ts) return 0;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? 0 : ms;
}

function lastTerminationMs(cs: ContainerStatus): number {
  return timeMs(cs.lastState?.terminated?.finishedAt);
}

/** A "sidecar": an init container that keeps running (restartPolicy Always). */
function isRestartableInit(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function hasTrueCondition(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** Restart totals tracked while walking container statuses. */
interface RestartTally {
  count: number;
  lastMs: number;
}

function tally(t: RestartTally, cs: ContainerStatus): void {
  t.count += cs.restartCount ?? 0;
  t.lastMs = Math.max(t.lastMs, lastTerminationMs(cs));
}

interface Walk {
  reason: string;
  ready: number;
  restarts: RestartTally;
}

/** Why a terminated container stopped, when the runtime gave no reason. */
function exitDescription(t: { exitCode: number; signal?: number }): string {
  return t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
}

/**
 * Walks init container statuses (pod-status.md §1 step 5). Returns whether the pod
 * is still initializing; sidecar restarts are tallied separately because they
 * survive into the main-container phase while regular init restarts do not.
 */
function walkInitContainers(pod: Pod, w: Walk, sidecar: RestartTally): boolean {
  const specs = pod.spec?.initContainers ?? [];
  const byName = new Map(specs.map((c) => [c.name, c]));
  const statuses = pod.status?.initContainerStatuses ?? [];
  for (let i = 0; i < statuses.length; i++) {
    const cs = statuses[i]!;
    const restartable = isRestartableInit(byName.get(cs.name));
    tally(w.restarts, cs);
    if (restartable) tally(sidecar, cs);
    const terminated = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready) w.ready++;
      continue;
    }
    if (terminated) {
      w.reason = terminated.reason ? `Init:${terminated.reason}` : `Init:${exitDescription(terminated)}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      w.reason = `Init:${waiting.reason}`;
    } else {
      w.reason = `Init:${i}/${specs.length}`;
    }
    return true;
  }
  return false;
}

/**
 * Walks app container statuses last to first (step 6), so the lowest-index
 * container that is waiting or terminated decides the STATUS.
 */
function walkContainers(pod: Pod, w: Walk): void {
  const statuses = pod.status?.containerStatuses ?? [];
  let hasRunning = false;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const cs = statuses[i]!;
    tally(w.restarts, cs);
    const { waiting, terminated, running } = cs.state ?? {};
    if (waiting?.reason) w.reason = waiting.reason;
    else if (terminated?.reason) w.reason = terminated.reason;
    else if (terminated) w.reason = exitDescription(terminated);
    else if (cs.ready && running) {
      hasRunning = true;
      w.ready++;
    }
  }
  // A finished sidecar-style container must not make a serving pod look done.
  if (w.reason === 'Completed' && hasRunning) {
    w.reason = hasTrueCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }
}

function initialReason(pod: Pod): string {
  let reason = pod.status?.reason || pod.status?.phase || '';
  for (const c of pod.status?.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  return reason;
}

function applyDeletion(pod: Pod, reason: string): string {
  if (!pod.metadata.deletionTimestamp) return reason;
  if (pod.status?.reason === 'NodeLost') return 'Unknown';
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' ? reason : 'Terminating';
}

function restartsCell(t: RestartTally, now: number): string {
  if (t.count === 0 || t.lastMs === 0) return `${t.count}`;
  return `${t.count} (${humanDuration(now - t.lastMs)} ago)`;
}

/** READY, STATUS and RESTARTS of `kubectl get pods`, at simulated time `now` (epoch ms). */
export function podStatusCells(pod: Pod, now: number): PodStatusCells {
  // Tolerate a spec-less object: the printer must never throw on stored data.
  const sidecarCount = (pod.spec?.initContainers ?? []).filter(isRestartableInit).length;
  const total = (pod.spec?.containers ?? []).length + sidecarCount;
  const w: Walk = { reason: initialReason(pod), ready: 0, restarts: { count: 0, lastMs: 0 } };
  const sidecar: RestartTally = { count: 0, lastMs: 0 };
  const initializing = walkInitContainers(pod, w, sidecar);
  if (!initializing || hasTrueCondition(pod, 'Initialized')) {
    // Once initialized, only sidecar restarts still count among init containers.
    w.restarts = { ...sidecar };
    walkContainers(pod, w);
  }
  return {
    ready: `${w.ready}/${total}`,
    status: applyDeletion(pod, w.reason),
    restarts: restartsCell(w.restarts, now),
  };
}

// ---------------------------------------------------------------- QoS

const QOS_RESOURCES = ['cpu', 'memory'];

/** Positive cpu/memory entries of a resource list, parsed. */
function positiveQosEntries(list: ResourceList | undefined): [string, Quantity][] {
  const out: [string, Quantity][] = [];
  for (const [name, value] of Object.entries(list ?? {})) {
    if (!QOS_RESOURCES.includes(name)) continue;
    const q = parseQuantityExact(value);
    if (q.nanos > 0n) out.push([name, q]);
  }
  return out;
}

function accumulate(sums: Map<string, Quantity>, entries: [string, Quantity][]): void {
  for (const [name, q] of entries) {
    const prev = sums.get(name);
    sums.set(name, prev ? addQuantities(q, prev) : q);
  }
}

/**
 * status.qosClass: BestEffort, Burstable or Guaranteed. Requests are compared as
 * sums over all regular and init containers; requests missing for a limit are
 * defaulted from it first (as API server defaulting does before QoS is computed).
 */
export function podQosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    const lim = c.resources?.limits;
    const req = { ...lim, ...c.resources?.requests };
    accumulate(requests, positiveQosEntries(req));
    const limEntries = positiveQosEntries(lim);
    accumulate(limits, limEntries);
    const found = new Set(limEntries.map(([name]) => name));
    if (!QOS_RESOURCES.every((r) => found.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  for (const [name, req] of requests) {
    const lim = limits.get(name);
    if (!lim || compareQuantities(lim, req) !== 0) guaranteed = false;
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
