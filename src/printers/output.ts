// kubectl get's printers: tables (default and wide, with -A, --show-labels, -L,
// --no-headers), yaml, json, name, jsonpath, custom-columns (get.md §3-4).
import type { KObject } from '../types/k8s.js';
import { qualifiedKind, type ResourceInfo } from '../apiserver/resources.js';
import { printTable } from './tables.js';
import { formatTable } from './tabwriter.js';
import { formatLabels } from '../apiserver/selectors.js';

export const ALLOWED_FORMATS = [
  'custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json',
  'jsonpath-file', 'name', 'template', 'templatefile', 'wide', 'yaml',
];

export class OutputError extends Error {}

export interface OutputOptions {
  output?: string;
  noHeaders?: boolean;
  showLabels?: boolean;
  labelColumns?: string[];
  allNamespaces?: boolean;
  /** Prefix names with the kind (several types were asked for). */
  withKind?: boolean;
  now: number;
}

export interface ObjectGroup {
  resource: ResourceInfo;
  objects: KObject[];
  /** The table already laid out (layOutByNamespace); `objects` is then empty. */
  layout?: { header: string[]; rows: string[][] };
}

/** How many objects a group shows. */
export const groupSize = (g: ObjectGroup) => (g.layout ? g.layout.rows.length : g.objects.length);

/** Splits `-o jsonpath=...` into the format and its argument. */
export function splitOutput(output: string | undefined): { format: string; arg: string } {
  if (!output) return { format: '', arg: '' };
  const eq = output.indexOf('=');
  return eq < 0 ? { format: output, arg: '' } : { format: output.slice(0, eq), arg: output.slice(eq + 1) };
}

export function validateOutputFormat(output: string | undefined): void {
  const { format } = splitOutput(output);
  if (format === '' || ALLOWED_FORMATS.includes(format)) return;
  throw new OutputError(
    `unable to match a printer suitable for the output format "${output}", allowed formats are: ${ALLOWED_FORMATS.join(',')}`,
  );
}

export const isTableFormat = (output: string | undefined) => !output || output === 'wide';

/** The List wrapper kubectl prints around several objects. */
export function asList(objects: KObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
}

function labelColumnHeader(key: string): string {
  const slash = key.lastIndexOf('/');
  return (slash < 0 ? key : key.slice(slash + 1)).toUpperCase();
}

/** One resource table, laid out; empty when there are no objects. */
export function renderTable(group: ObjectGroup, opts: OutputOptions): string {
  if (groupSize(group) === 0) return '';
  const { header, rows } = group.layout ?? tableLayout(group, opts);
  return formatTable(opts.noHeaders ? rows : [header, ...rows]);
}

/** The header and row cells of one resource table (`get -w` lays them out row by row). */
export function tableLayout(group: ObjectGroup, opts: OutputOptions): { header: string[]; rows: string[][] } {
  const wide = opts.output === 'wide';
  const table = printTable(group.resource.kind, group.objects, opts.now);
  const keep = table.columns.map((c) => wide || c.priority === 0);
  const namespaced = opts.allNamespaces && group.resource.namespaced;
  const header: string[] = [];
  if (namespaced) header.push('NAMESPACE');
  table.columns.forEach((c, i) => keep[i] && header.push(c.name));
  const labelKeys = opts.labelColumns ?? [];
  for (const key of labelKeys) header.push(labelColumnHeader(key));
  if (opts.showLabels) header.push('LABELS');
  const rows: string[][] = [];
  for (const row of table.rows) {
    const cells: string[] = [];
    if (namespaced) cells.push(row.object.metadata.namespace ?? '');
    row.cells.forEach((cell, i) => {
      if (!keep[i]) return;
      cells.push(i === 0 && opts.withKind ? `${qualifiedKind(group.resource)}/${cell}` : cell);
    });
    const labels = row.object.metadata.labels ?? {};
    for (const key of labelKeys) cells.push(labels[key] ?? '');
    if (opts.showLabels) cells.push(formatLabels(labels));
    rows.push(cells);
  }
  return { header, rows };
}

/**
 * One resource table laid out from its objects a namespace at a time (ApiServer.listByNamespace):
 * only the cells are kept, so a big list's objects need not all be alive at once.
 */
export function layOutByNamespace(resource: ResourceInfo, pages: Iterable<KObject[]>, opts: OutputOptions): ObjectGroup {
  let header: string[] = [];
  const rows: string[][] = [];
  for (const objects of pages) {
    if (objects.length === 0) continue;
    const laid = tableLayout({ resource, objects }, opts);
    header = laid.header;
    for (const row of laid.rows) rows.push(row);
  }
  return { resource, objects: [], layout: { header, rows } };
}

/** All tables of a `get`, one blank line between non-empty ones (only with headers). */
export function renderTables(groups: ObjectGroup[], opts: OutputOptions): string {
  const parts = groups.map((g) => renderTable(g, opts)).filter((t) => t !== '');
  return parts.join(opts.noHeaders ? '' : '\n');
}

export function renderNames(groups: ObjectGroup[]): string {
  return groups
    .flatMap((g) => g.objects.map((o) => `${qualifiedKind(g.resource)}/${o.metadata.name}\n`))
    .join('');
}

/**
 * Renders objects in a structured format (yaml, json, jsonpath, custom-columns, name).
 * `single` means one object was asked for by name: it prints bare, not in a List.
 */
export async function renderStructured(groups: ObjectGroup[], opts: OutputOptions, single: boolean): Promise<string> {
  const { format, arg } = splitOutput(opts.output);
  const objects = groups.flatMap((g) => g.objects);
  const data = single && objects.length === 1 ? objects[0] : asList(objects);
  switch (format) {
    case 'yaml': {
      const { toYaml } = await import('./yaml.js');
      return toYaml(data);
    }
    case 'json': {
      const { toJson } = await import('./json.js');
      return toJson(data);
    }
    case 'name':
      return renderNames(groups);
    case 'jsonpath':
    case 'jsonpath-as-json': {
      const jp = await import('./jsonpath.js');
      if (format === 'jsonpath-as-json') return jp.executeJsonPathAsJson(arg, data);
      return jp.executeJsonPath(arg, data, { allowMissingKeys: true });
    }
    case 'custom-columns': {
      const cc = await import('./custom-columns.js');
      const columns = cc.parseCustomColumns(arg);
      return cc.printCustomColumns(objects, columns, { noHeaders: !!opts.noHeaders });
    }
    default:
      throw new OutputError(`output format "${format}" is not supported by kubesim yet`);
  }
}
