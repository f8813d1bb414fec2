// The Events section shared by describers (describe.md §1).

import type { Event, KObject } from '../../types/k8s.js';
import type { DescribeContext } from './context.js';
import { since } from './helpers.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer.js';

/**
 * The events about `obj`: same kind, name and namespace, and uid when the
 * event names one. For a Node the kubelet records the node *name* as uid.
 */
export function eventsFor(obj: KObject, events: Event[]): Event[] {
  const { name, namespace, uid } = obj.metadata;
  const uids = obj.kind === 'Node' ? [uid, name] : [uid];
  return events.filter((e) => {
    const ref = e.involvedObject ?? {};
    if (ref.kind !== obj.kind || ref.name !== name) return false;
    if ((ref.namespace ?? '') !== (namespace ?? '') && obj.kind !== 'Node') return false;
    return !uid || !ref.uid || uids.includes(ref.uid);
  });
}

const time = (t: string | null | undefined): number => (t ? Date.parse(t) : -Infinity);

/** The Age cell: `<first>`, or `<last> (xN over <first>)` for a repeated event. */
export function eventInterval(e: Event, now: number): string {
  const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** DescribeEvents: `Events:\t<none>` or the flushed table, oldest lastTimestamp first. */
export function writeEvents(w: PrefixWriter, events: Event[], now: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = [...events].sort((a, b) => time(a.lastTimestamp) - time(b.lastTimestamp) || 0);
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const from = e.source?.component || e.reportingComponent || '';
    const cells = [e.type ?? '', e.reason ?? '', eventInterval(e, now), from, (e.message ?? '').trim()];
    w.write(LEVEL_1, cells.join('\t') + '\n');
  }
}

/** The Events section of `obj` if --show-events is on. */
export function describeEventsOf(w: PrefixWriter, obj: KObject, ctx: DescribeContext): void {
  if (ctx.showEvents) writeEvents(w, eventsFor(obj, ctx.events), ctx.now);
}
