// The Table response (meta.k8s.io/v1 Table) kubectl asks for with
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`: the server-side
// columns and cells of src/printers/tables.ts, each row carrying its object as
// PartialObjectMetadata (or the whole object with ?includeObject=Object).
import type { KObject } from '../types/k8s.js';
import { printTable } from '../printers/tables.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Whether an Accept header asks for a Table (any of the versions kubectl lists). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return params.includes('as=Table') && params.includes('g=meta.k8s.io');
  });
}

/** The Table's apiVersion: v1, unless the client only accepts v1beta1. */
export function tableVersion(accept: string): string {
  const v1 = accept.split(',').some((p) => p.includes('as=Table') && /(^|;)\s*v=v1(\s*;|$)/.test(p));
  return v1 ? 'meta.k8s.io/v1' : 'meta.k8s.io/v1beta1';
}

function rowObject(o: KObject, include: IncludeObject): KObject | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function toTable(
  kind: string,
  objects: KObject[],
  now: number,
  opts: { apiVersion: string; resourceVersion?: string; include: IncludeObject; columns?: boolean },
): Record<string, unknown> {
  const t = printTable(kind, objects, now);
  const table: Record<string, unknown> = {
    kind: 'Table',
    apiVersion: opts.apiVersion,
    metadata: opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {},
  };
  if (opts.columns !== false) {
    table.columnDefinitions = t.columns.map((c, i) => ({
      name: c.name,
      type: 'string',
      format: i === 0 ? 'name' : '',
      description: '',
      priority: c.priority,
    }));
  }
  table.rows = t.rows.map((r) => {
    const row: Record<string, unknown> = { cells: r.cells };
    const object = rowObject(r.object, opts.include);
    if (object) row.object = object;
    return row;
  });
  return table;
}
