// `kubectl api-resources` / `api-versions`: discovery as kubectl prints it.
import { RESOURCES, apiVersionOf, type ResourceInfo } from '../apiserver/resources.js';
import { formatTable } from '../printers/tabwriter.js';
import { ClientError } from './command.js';

export interface ApiResourcesOptions {
  apiGroup?: string;
  namespaced?: boolean;
  verbs: string[];
  output?: string;
  noHeaders: boolean;
  sortBy?: string;
}

export function selectResources(all: ResourceInfo[], o: ApiResourcesOptions): ResourceInfo[] {
  if (o.sortBy !== undefined && o.sortBy !== 'name' && o.sortBy !== 'kind') throw new ClientError('--sort-by accepts only name or kind');
  let list = all.filter((r) => {
    if (o.apiGroup !== undefined && r.group !== o.apiGroup) return false;
    if (o.namespaced !== undefined && r.namespaced !== o.namespaced) return false;
    if (o.verbs.length && !o.verbs.every((v) => r.verbs.includes(v))) return false;
    return true;
  });
  const key = (r: ResourceInfo) => (o.sortBy === 'name' ? r.name : o.sortBy === 'kind' ? r.kind : r.group);
  list = [...list].sort((a, b) => {
    const c = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
    if (c !== 0) return c;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  return list;
}

export function renderApiResources(list: ResourceInfo[], o: ApiResourcesOptions): string {
  if (o.output === 'name') return list.map((r) => (r.group ? `${r.name}.${r.group}\n` : `${r.name}\n`)).join('');
  const wide = o.output === 'wide';
  const rows: string[][] = [];
  if (!o.noHeaders) rows.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])]);
  for (const r of list) {
    const row = [r.name, r.shortNames.join(','), apiVersionOf(r), String(r.namespaced), r.kind];
    if (wide) row.push(r.verbs.join(','), (r.categories ?? []).join(','));
    rows.push(row);
  }
  return formatTable(rows);
}

/**
 * Group versions the v1.32 kind cluster serves beyond the preferred ones (flowcontrol's
 * v1beta3 is no longer served in v1.32: the deprecation guide, and scenario 01).
 */
const EXTRA_VERSIONS = ['autoscaling/v1'];

export function apiVersions(all: ResourceInfo[] = RESOURCES): string[] {
  const set = new Set([...all.flatMap((r) => (r.versions ?? [r.version]).map((version) => apiVersionOf({ ...r, version }))), ...EXTRA_VERSIONS]);
  return [...set].sort();
}
