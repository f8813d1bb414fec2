// The REST path of a request, as a client sends it (kubectl -v=6 lines, the trail).
import type { ResourceInfo } from './resources.js';

export function restPath(r: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${namespace}` : '';
  return `${base}${ns}/${r.name}${name ? `/${name}` : ''}${subresource ? `/${subresource}` : ''}`;
}

/** The HTTP method of an API verb. */
export const METHODS: Record<string, string> = { get: 'GET', list: 'GET', create: 'POST', update: 'PUT', patch: 'PATCH', delete: 'DELETE' };
