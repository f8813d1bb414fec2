// Field selector support: which fields each kind can be filtered by, and their values.
import type { KObject } from '../types/k8s.js';

/** The value of a field-selector path on an object (`metadata.name`, `spec.nodeName`, `status.phase`...). */
export function fieldValue(obj: KObject, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}
