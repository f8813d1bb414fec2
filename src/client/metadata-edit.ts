// kubectl label / annotate: parsing `k=v` and `k-` arguments, applying them to
// an object's labels or annotations, and the message kubectl prints for it.
import type { KObject } from '../types/k8s.js';
import { ClientError } from './command.js';
import { sortedJson } from './apply.js';

export type MetaField = 'labels' | 'annotations';

export interface MetaChanges {
  set: Map<string, string>;
  remove: string[];
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_VALUE_HELP =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** cmdutil.GetResourcesAndPairs: resource words first, then `k=v` / `k-` pairs. */
export function splitResourcesAndPairs(args: string[], pairType: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  let foundPair = false;
  for (const s of args) {
    const isPair = (s.includes('=') && !s.startsWith('=')) || (s.endsWith('-') && s !== '-');
    if (isPair) {
      pairs.push(s);
      foundPair = true;
    } else {
      if (foundPair) throw new ClientError(`all resources must be specified before ${pairType} changes: ${s}`);
      resources.push(s);
    }
  }
  return { resources, pairs };
}

export function parseLabelPairs(pairs: string[]): MetaChanges {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const spec of pairs) {
    if (spec.includes('=')) {
      const parts = spec.split('=');
      if (parts.length !== 2) throw new ClientError(`invalid label spec: ${spec}`);
      const value = parts[1]!;
      const errs: string[] = [];
      if (value.length > 63) errs.push('must be no more than 63 characters');
      if (!LABEL_VALUE.test(value)) errs.push(LABEL_VALUE_HELP);
      if (errs.length) throw new ClientError(`invalid label value: ${JSON.stringify(spec)}: ${errs.join('; ')}`);
      set.set(parts[0]!, value);
    } else if (spec.endsWith('-')) {
      remove.push(spec.slice(0, -1));
    } else {
      throw new ClientError(`unknown label spec: ${spec}`);
    }
  }
  if (remove.some((k) => set.has(k))) throw new ClientError('can not both modify and remove a label in the same command');
  return { set, remove };
}

export function parseAnnotationPairs(pairs: string[]): MetaChanges {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const spec of pairs) {
    if (spec.includes('=')) {
      const eq = spec.indexOf('=');
      if (eq === 0) throw new ClientError(`invalid annotation format: ${spec}`);
      set.set(spec.slice(0, eq), spec.slice(eq + 1));
    } else if (spec.endsWith('-')) {
      remove.push(spec.slice(0, -1));
    } else {
      throw new ClientError(`invalid annotation format: ${spec}`);
    }
  }
  if (remove.some((k) => set.has(k))) throw new ClientError('can not both modify and remove an annotation in the same command');
  return { set, remove };
}

/** Refuses to change an existing value without --overwrite (kubectl's exact texts). */
export function checkOverwrite(field: MetaField, current: Record<string, string>, changes: MetaChanges): void {
  if (field === 'labels') {
    for (const [k] of changes.set) {
      if (k in current && current[k] !== changes.set.get(k)) throw new ClientError(`'${k}' already has a value (${current[k]}), and --overwrite is false`);
    }
    return;
  }
  const found: string[] = [];
  for (const k of [...changes.set.keys()].sort()) {
    if (k === 'kubernetes.io/change-cause') continue;
    if (k in current && current[k] !== changes.set.get(k)) found.push(`'${k}' already has a value (${current[k]})`);
  }
  if (found.length) throw new ClientError(`--overwrite is false but found the following declared annotation(s): ${found.join('; ')}`);
}

/** Applies the changes in place; returns the merge patch (removed keys as null). */
export function applyMetaChanges(obj: KObject, field: MetaField, changes: MetaChanges): Record<string, unknown> {
  const current = { ...((obj.metadata[field] as Record<string, string> | undefined) ?? {}) };
  const patch: Record<string, string | null> = {};
  for (const [k, v] of changes.set) {
    if (current[k] !== v) patch[k] = v;
    current[k] = v;
  }
  for (const k of changes.remove) {
    if (k in current) {
      delete current[k];
      patch[k] = null;
    }
  }
  if (Object.keys(current).length === 0 && obj.metadata[field] === undefined) {
    // nothing to add to an object without the map: leave it absent
  } else {
    (obj.metadata as Record<string, unknown>)[field] = current;
  }
  return Object.keys(patch).length ? { metadata: { [field]: patch } } : {};
}

/** label's message: labeled / unlabeled / not labeled, from the JSON sizes like kubectl. */
export function labelMessage(before: KObject, after: KObject, overwrite: boolean): string {
  const a = sortedJson(before);
  const b = sortedJson(after);
  if (a === b) return 'not labeled';
  if (!overwrite && Buffer.byteLength(b) < Buffer.byteLength(a)) return 'unlabeled';
  return 'labeled';
}
