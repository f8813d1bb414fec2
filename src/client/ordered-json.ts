// Go's encoding/json of a typed object: fields in struct order (the insertion
// order of the objects kubectl builds), maps sorted. kubectl prints objects it
// builds itself (client dry runs, generators) this way, 4-space indented.
import { goJsonNumber, goJsonString } from '../printers/json.js';

/** A map (Go map[string]...) whose keys Go sorts, as opposed to a struct. */
const MAP_MARK = Symbol('go-map');

export function goMap<T extends Record<string, unknown>>(m: T): T {
  Object.defineProperty(m, MAP_MARK, { value: true, enumerable: false });
  return m;
}

const byteCompare = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function keysOf(obj: Record<string, unknown>): string[] {
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  return (obj as { [MAP_MARK]?: boolean })[MAP_MARK] ? keys.sort(byteCompare) : keys;
}

function encode(value: unknown, indent: string | undefined, level: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return goJsonNumber(value);
  if (typeof value === 'boolean') return String(value);
  const inner = indent === undefined ? '' : level + indent;
  const nl = indent === undefined ? '' : '\n';
  const sep = indent === undefined ? ':' : ': ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${nl}${value.map((v) => inner + encode(v, indent, inner)).join(',' + nl)}${nl}${indent === undefined ? '' : level}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = keysOf(obj);
  if (keys.length === 0) return '{}';
  const entries = keys.map((k) => `${inner}${goJsonString(k)}${sep}${encode(obj[k], indent, inner)}`);
  return `{${nl}${entries.join(',' + nl)}${nl}${indent === undefined ? '' : level}}`;
}

/** `-o json` of a typed object: struct order, 4 spaces, trailing newline. */
export function toOrderedJson(value: unknown): string {
  return encode(value, '    ', '') + '\n';
}

/** json.Marshal of a typed object: struct order, compact. */
export function toOrderedCompactJson(value: unknown): string {
  return encode(value, undefined, '');
}
