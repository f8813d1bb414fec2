/**
 * Real kubectl's `describe configmap` ranges over a Go map for the Data
 * section, so a ConfigMap with several keys prints them in a different order
 * from run to run; kubesim prints them sorted, and the scenarios expect that.
 * In real mode (test/scenario/run.ts) the runner puts real kubectl's Data
 * blocks into sorted order before comparing, so the order Go picked is not
 * judged, while every byte of every block still is.
 */

/** A Data block: `KEY:` and `----` lines, then the value and kubectl's blank lines, up to the next key. */
const BLOCK_HEADER = /^[^\n]+:\n----\n/gm;
/** The Data section of one described ConfigMap (several when `describe configmaps` lists them all). */
const DATA_SECTION = /(\nData\n====\n)([\s\S]*?)(\nBinaryData\n====\n)/g;

function sortBlocks(section: string): string {
  const starts = [...section.matchAll(BLOCK_HEADER)].map((m) => m.index);
  if (starts.length < 2 || starts[0] !== 0) return section;
  const blocks = starts.map((s, i) => section.slice(s, starts[i + 1] ?? section.length));
  const key = (block: string) => block.slice(0, block.indexOf(':\n----\n'));
  // Byte order, as kubesim sorts keys (they are ASCII in practice).
  return blocks.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).join('');
}

/** `output` with every ConfigMap Data section's blocks in key order. */
export function sortConfigMapDataBlocks(output: string): string {
  return output.replace(DATA_SECTION, (_all, head: string, body: string, tail: string) => head + sortBlocks(body) + tail);
}

/** Whether a command line runs `kubectl describe` (of anything: `describe cm`, `describe configmaps/x`, `describe -f`). */
export function runsKubectlDescribe(command: string): boolean {
  return /(^|[^\w.-])kubectl\s[^|;&]*?\bdescribe(\s|$)/.test(command);
}
