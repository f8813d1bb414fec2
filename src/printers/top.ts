// kubectl top's tables (pkg/metricsutil/metrics_printer.go): every cell, the last
// included, ends with a tab, so the tabwriter pads the last column too.
import type { NodeMetrics, PodMetrics } from '../cluster/metrics.js';
import { parseQuantity } from '../util/quantity.js';
import { GET_TABLE, tabwrite } from './tabwriter.js';

/** Quantity.MilliValue(): rounds up. */
export const milli = (q: string) => Math.ceil(Math.round(parseQuantity(q) * 1e9) / 1e6);
/** Quantity.Value(): rounds up. */
export const bytes = (q: string) => Math.ceil(parseQuantity(q));

const cpuCell = (m: number) => `${m}m`;
const memCell = (b: number) => `${Math.floor(b / (1024 * 1024))}Mi`;
function line(cells: string[]): string {
  return cells.map((c) => `${c}\t`).join('') + '\n';
}

export interface PodPrintOptions {
  allNamespaces: boolean;
  containers: boolean;
  noHeaders: boolean;
  sortBy?: string;
}

export interface NodePrintOptions {
  noHeaders: boolean;
  sortBy?: string;
}

export function printPodMetrics(metrics: PodMetrics[], o: PodPrintOptions): string {
  let text = '';
  if (!o.noHeaders) {
    const head: string[] = [];
    if (o.allNamespaces) head.push('NAMESPACE');
    if (o.containers) head.push('POD');
    head.push('NAME', 'CPU(cores)', 'MEMORY(bytes)');
    text += line(head);
  }
  const totals = (m: PodMetrics) => ({
    cpu: m.containers.reduce((a, c) => a + milli(c.usage.cpu), 0),
    mem: m.containers.reduce((a, c) => a + bytes(c.usage.memory), 0),
  });
  const byName = (a: PodMetrics, b: PodMetrics) =>
    (o.allNamespaces && a.metadata.namespace !== b.metadata.namespace ? cmp(a.metadata.namespace!, b.metadata.namespace!) : 0) ||
    cmp(a.metadata.name!, b.metadata.name!);
  const sorted = [...metrics].sort((a, b) => {
    if (o.sortBy === 'cpu') return totals(b).cpu - totals(a).cpu || byName(a, b);
    if (o.sortBy === 'memory') return totals(b).mem - totals(a).mem || byName(a, b);
    return byName(a, b);
  });
  for (const m of sorted) {
    const prefix = o.allNamespaces ? [m.metadata.namespace!] : [];
    if (o.containers) {
      const cs = [...m.containers].sort((a, b) => {
        if (o.sortBy === 'cpu') return milli(b.usage.cpu) - milli(a.usage.cpu) || cmp(a.name, b.name);
        if (o.sortBy === 'memory') return bytes(b.usage.memory) - bytes(a.usage.memory) || cmp(a.name, b.name);
        return cmp(a.name, b.name);
      });
      for (const c of cs) text += line([...prefix, m.metadata.name!, c.name, cpuCell(milli(c.usage.cpu)), memCell(bytes(c.usage.memory))]);
    } else {
      const t = totals(m);
      text += line([...prefix, m.metadata.name!, cpuCell(t.cpu), memCell(t.mem)]);
    }
  }
  return tabwrite(text, GET_TABLE);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function printNodeMetrics(metrics: NodeMetrics[], available: Map<string, Record<string, string>>, o: NodePrintOptions): string {
  let text = '';
  if (!o.noHeaders) text += line(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
  const sorted = [...metrics].sort((a, b) => {
    if (o.sortBy === 'cpu') return milli(b.usage.cpu) - milli(a.usage.cpu) || cmp(a.metadata.name!, b.metadata.name!);
    if (o.sortBy === 'memory') return bytes(b.usage.memory) - bytes(a.usage.memory) || cmp(a.metadata.name!, b.metadata.name!);
    return cmp(a.metadata.name!, b.metadata.name!);
  });
  const missing = new Map(available);
  for (const m of sorted) {
    const avail = available.get(m.metadata.name!) ?? {};
    const cpu = milli(m.usage.cpu);
    const mem = bytes(m.usage.memory);
    const cells = [m.metadata.name!, cpuCell(cpu)];
    if (avail.cpu) cells.push(`${Math.trunc((cpu / milli(avail.cpu)) * 100)}%`);
    cells.push(memCell(mem));
    if (avail.memory) cells.push(`${Math.trunc((mem / bytes(avail.memory)) * 100)}%`);
    text += line(cells);
    missing.delete(m.metadata.name!);
  }
  for (const name of missing.keys()) text += line([name, '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
  return tabwrite(text, GET_TABLE);
}
