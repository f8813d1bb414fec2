// Read-time projections of what time alone changes. Node heartbeats without ticking: a kubelet renews its Lease every 10 s and
// re-posts its status at least every 5 min. Rather than waking up that often
// (which would make catching up cost proportional to elapsed time), reads of
// leases and nodes show the latest heartbeat that would have happened by now.
import type { Condition, Event, KObject, Node } from '../types/k8s.js';
import { registerReadProjection } from '../apiserver/api.js';
import { rfc3339 } from '../util/duration.js';
import { eventExpired } from './events.js';

const LEASE_RENEW_MS = 10_000;
const STATUS_REPORT_MS = 5 * 60_000;

/** The latest instant `start + k * period` that is not after `now`. */
export function lastBeat(start: number, period: number, now: number): number {
  if (now <= start) return start;
  return start + Math.floor((now - start) / period) * period;
}

function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function projectLease(lease: KObject, now: number): KObject {
  const spec = lease.spec as { holderIdentity?: string; renewTime?: string } | undefined;
  if (lease.metadata.namespace !== 'kube-node-lease' || !spec?.renewTime) return lease;
  spec.renewTime = microTime(lastBeat(Date.parse(spec.renewTime), LEASE_RENEW_MS, now));
  return lease;
}

function projectNode(obj: KObject, now: number): KObject {
  const node = obj as Node;
  for (const c of (node.status?.conditions ?? []) as Condition[]) {
    if (!c.lastHeartbeatTime) continue;
    c.lastHeartbeatTime = rfc3339(lastBeat(Date.parse(c.lastHeartbeatTime), STATUS_REPORT_MS, now));
  }
  return node;
}

export function registerHeartbeats(): void {
  registerReadProjection('leases.coordination.k8s.io', projectLease);
  registerReadProjection('nodes', projectNode);
}

/** Expired events are gone for readers even before a sweep removes them from storage. */
export function registerEventExpiry(): void {
  registerReadProjection('events', (ev, now) => (eventExpired(ev as Event, now) ? undefined : ev));
}
