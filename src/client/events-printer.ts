// `kubectl events`: its own table (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE),
// oldest first, and its filters (--for, --types).
import type { Event } from '../types/k8s.js';
import { eventInterval } from '../printers/describe/events.js';
import { formatTable } from '../printers/tabwriter.js';
import { ClientError } from './command.js';

const when = (e: Event): number => {
  const t = e.series?.lastObservedTime || e.lastTimestamp || e.eventTime;
  return t ? Date.parse(t) : -Infinity;
};

export function sortEvents(events: Event[]): Event[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => when(a.e) - when(b.e) || a.i - b.i)
    .map((x) => x.e);
}

export function parseTypes(values: string[]): string[] {
  const types = values.flatMap((v) => v.split(',')).filter((t) => t !== '');
  for (const t of types) {
    if (t.toLowerCase() !== 'normal' && t.toLowerCase() !== 'warning') throw new ClientError('valid --types are Normal or Warning');
  }
  return types.map((t) => t.toLowerCase());
}

export function filterEvents(events: Event[], opts: { kind?: string; apiVersion?: string; name?: string; types: string[] }): Event[] {
  return events.filter((e) => {
    if (opts.name !== undefined) {
      const ref = e.involvedObject ?? {};
      if (ref.kind !== opts.kind || ref.name !== opts.name) return false;
      if (opts.apiVersion && ref.apiVersion && ref.apiVersion !== opts.apiVersion) return false;
    }
    if (opts.types.length && !opts.types.includes((e.type ?? '').toLowerCase())) return false;
    return true;
  });
}

export function renderEventsTable(events: Event[], now: number, opts: { allNamespaces: boolean; noHeaders: boolean }): string {
  const rows: string[][] = [];
  if (!opts.noHeaders) rows.push([...(opts.allNamespaces ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
  for (const e of events) {
    rows.push([
      ...(opts.allNamespaces ? [e.metadata.namespace ?? ''] : []),
      eventInterval(e, now),
      e.type ?? '',
      e.reason ?? '',
      `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
      (e.message ?? '').trim(),
    ]);
  }
  return formatTable(rows);
}
