// `kubectl -o json` output: Go encoding/json of an unstructured object
// (map keys sorted bytewise), re-indented with 4 spaces, plus a newline.

/** Go's string escaping: HTML-safe (<, >, & as \u003c...), U+2028/2029 escaped. */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) {
      out += '\\u' + cp.toString(16).padStart(4, '0');
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      out += '\ufffd'; // lone surrogate: Go writes invalid UTF-8 as U+FFFD
    } else out += ch;
  }
  return out + '"';
}

/**
 * Go float64/int64 JSON number. JavaScript's shortest formatting uses the
 * same thresholds as Go (exponent form below 1e-6 and from 1e21) and the
 * same exponent spelling (Go trims `e-07` to `e-7`).
 */
export function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  return Object.is(n, -0) ? '-0' : String(n);
}

// Bytewise (UTF-8) order, as Go sorts map keys.
const byteCompare = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function encode(value: unknown, indent: string, sortKeys: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return goJsonNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return goJsonString(value.toISOString());
  const inner = indent + '    ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => inner + encode(v, inner, sortKeys));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const obj = value as Record<string, unknown>;
  let keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  if (sortKeys) keys = keys.sort(byteCompare);
  if (keys.length === 0) return '{}';
  const entries = keys.map((k) => `${inner}${goJsonString(k)}: ${encode(obj[k], inner, sortKeys)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

/** Prints `value` as `kubectl -o json` (keys sorted, 4-space indent, trailing newline). */
export function toJson(value: unknown): string {
  return encode(value, '', true) + '\n';
}

/** Compact Go JSON (no spaces), keys sorted: what jsonpath prints for maps and slices. */
export function toCompactJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return encode(value, '', true);
  if (Array.isArray(value)) return `[${value.map((v) => toCompactJson(v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort(byteCompare);
  return `{${keys.map((k) => `${goJsonString(k)}:${toCompactJson(obj[k])}`).join(',')}}`;
}
