// Common describe helpers (describe.md §0.3).

import type { KObject, Labels, Taint, Toleration } from '../../types/k8s.js';
import { describeTimestamp, humanDuration } from '../../util/duration.js';
import { LEVEL_0, type PrefixWriter } from './writer.js';

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;
/** Go's zero time.Time, formatted RFC1123Z. */
const ZERO_TIME = 'Mon, 01 Jan 0001 00:00:00 +0000';

/** RFC1123Z of an API timestamp; an unset one prints as Go's zero time. */
export function timestamp(iso: string | null | undefined): string {
  return iso ? describeTimestamp(iso) : ZERO_TIME;
}

/** translateTimestampSince: HumanDuration since `iso`, `<unknown>` when unset. */
export function since(iso: string | null | undefined, now: number): string {
  if (!iso) return '<unknown>';
  return humanDuration(now - Date.parse(iso));
}

export const stringOrNone = (s: string | undefined): string => (s ? s : '<none>');

export const sortedKeys = (m: Record<string, unknown> | undefined): string[] => Object.keys(m ?? {}).sort();

/** Go's %v of a []string: `[a b c]`. */
export const goSlice = (items: readonly unknown[] | undefined): string => `[${(items ?? []).join(' ')}]`;

/** printLabelsMultilineWithIndent: `Title:\tk=v`, continuation lines `\tk=v`. */
export function printLabels(w: PrefixWriter, title: string, labels: Labels | undefined, initialIndent = ''): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const keys = sortedKeys(labels);
  if (keys.length === 0) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

const shorten = (s: string, max: number): string => (s.length > max ? s.slice(0, max) + '...' : s);

/** printAnnotationsMultiline (last-applied-configuration is never shown). */
export function printAnnotations(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = sortedKeys(annotations).filter((k) => !SKIP_ANNOTATIONS.has(k));
  if (keys.length === 0) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    const value = annotations![key].replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** One toleration as describe prints it. */
export function formatToleration(t: Toleration): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

/** printTolerationsMultilineWithIndent, sorted by key. */
export function printTolerations(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined, initialIndent = ''): void {
  const sorted = [...(tolerations ?? [])].sort((a, b) => cmp(a.key ?? '', b.key ?? ''));
  printMultiline(w, `${initialIndent}${title}`, sorted.map(formatToleration), initialIndent);
}

export const formatTaint = (t: Taint): string => (t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`);

/** printTaintsMultilineWithIndent, sorted by effect then key. */
export function printTaints(w: PrefixWriter, title: string, taints: Taint[] | undefined, initialIndent = ''): void {
  const key = (t: Taint): string => `${t.effect},${t.key}`;
  const sorted = [...(taints ?? [])].sort((a, b) => cmp(key(a), key(b)));
  printMultiline(w, `${initialIndent}${title}`, sorted.map(formatTaint), initialIndent);
}

/** `Title:\tfirst`, then `<indent>\tnext` per further item; `<none>` when empty. */
export function printMultiline(w: PrefixWriter, title: string, items: string[], initialIndent = ''): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (items.length === 0) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  items.forEach((item, i) => w.write(LEVEL_0, `${i === 0 ? '' : initialIndent + '\t'}${item}\n`));
}

/** Byte-wise string comparison, like Go's `<` on strings. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** printController: `Kind/name` of the controller owner reference, or ''. */
export function controllerOf(obj: KObject): string {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** Base64 decoded byte length (Secret data, ConfigMap binaryData). */
export const decodedLength = (b64: string): number => Buffer.from(b64, 'base64').length;

/** Base64 decoded text. */
export const decodeBase64 = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');
