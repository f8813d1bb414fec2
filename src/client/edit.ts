// kubectl edit's client side (pkg/cmd/util/editor): the file the editor gets (a header comment and
// the object), how the edited text is compared with the original, the patch sent for the change,
// and the header that lists the failures when the editor is reopened.
import type { KObject } from '../types/k8s.js';
import { createTwoWayPatch, supportsStrategicMerge } from '../apiserver/patch.js';
import { StatusError } from '../apiserver/errors.js';
import { LAST_APPLIED, sortedJson } from './apply.js';
import { withoutManagedFields } from './generated.js';

export interface EditReason {
  head: string;
  other: string[];
}

/** kubectl's hashOnLineBreak: continuation lines of a reason stay comments. */
function hashOnLineBreak(s: string): string {
  let r = '';
  for (let i = 0; i < s.length; i++) {
    r += s[i] === '\n' && i + 1 < s.length && s[i + 1] !== '#' ? '\n# ' : s[i];
  }
  return r;
}

/** The header comment of the edit file, with the reasons of a failed save. */
export function editHeader(reasons: EditReason[]): string {
  let h =
    "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
    '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
    '# reopened with the relevant failures.\n#\n';
  for (const r of reasons) {
    h += r.other.length ? `# ${hashOnLineBreak(r.head)}:\n` : `# ${hashOnLineBreak(r.head)}\n`;
    for (const o of r.other) h += `# * ${hashOnLineBreak(o)}\n`;
    h += '#\n';
  }
  return h;
}

/** cmdutil.ManualStrip: drops comment lines (but not `#!`). */
export function manualStrip(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t.startsWith('#') && !t.startsWith('#!')) return;
    out.push(line + (i < lines.length - 1 ? '\n' : ''));
  });
  return out.join('');
}

/** kubectl's hasLines: something other than blank lines and comments. */
export function hasLines(text: string): boolean {
  return text.split('\n').some((l) => {
    const t = l.trim();
    return t !== '' && !t.startsWith('#');
  });
}

/** The object as the edit file shows it (managedFields left out). */
export function forEditing(obj: KObject): KObject {
  return structuredClone(withoutManagedFields(obj));
}

/** UpdateApplyAnnotation: an object that carries last-applied gets it recomputed from the edit. */
export function updateApplyAnnotation(obj: KObject): KObject {
  if (!obj.metadata.annotations?.[LAST_APPLIED]) return obj;
  const copy = structuredClone(obj);
  const without = structuredClone(obj);
  without.metadata.annotations = { ...without.metadata.annotations };
  delete without.metadata.annotations[LAST_APPLIED];
  copy.metadata.annotations = { ...copy.metadata.annotations, [LAST_APPLIED]: sortedJson(without) + '\n' };
  return copy;
}

/** jsonpatch.CreateMergePatch (RFC 7386) between two documents. */
export function createMergePatch(original: unknown, modified: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isMap(original) || !isMap(modified)) return modified;
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(original)) if (!(k in modified)) patch[k] = null;
  for (const [k, v] of Object.entries(modified)) {
    if (!(k in original)) patch[k] = v;
    else if (isMap(original[k]) && isMap(v)) {
      const sub = createMergePatch(original[k], v) as Record<string, unknown>;
      if (Object.keys(sub).length) patch[k] = sub;
    } else if (JSON.stringify(original[k]) !== JSON.stringify(v)) patch[k] = v;
  }
  return patch;
}

/** The patch kubectl edit sends: strategic for built-in kinds, a JSON merge patch otherwise. */
export function editPatch(original: KObject, edited: KObject): { type: 'strategic' | 'merge'; patch: Record<string, unknown> } {
  if (supportsStrategicMerge(original.kind)) {
    return { type: 'strategic', patch: createTwoWayPatch(original, edited, original.kind) as Record<string, unknown> };
  }
  return { type: 'merge', patch: createMergePatch(original, edited) as Record<string, unknown> };
}

/** editResults.addError: the line printed for a failed patch, and the reason for the reopened file. */
export function editError(e: StatusError, resource: string, name: string): { line: string; reason?: EditReason; kind: 'invalid' | 'notfound' | 'retryable' } {
  if (e.reason === 'Invalid') {
    const other = (e.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
    return { line: `error: ${resource} "${name}" is invalid`, reason: { head: `${resource} "${name}" was not valid`, other }, kind: 'invalid' };
  }
  if (e.reason === 'NotFound') return { line: `error: ${resource} "${name}" could not be found on the server`, kind: 'notfound' };
  return { line: `error: ${resource} "${name}" could not be patched: ${e.message}`, kind: 'retryable' };
}
