// The hashes the workload controllers put in names and labels
// (pod-template-hash, controller-revision-hash): FNV-32a over the object,
// plus the collision count, rendered with SafeEncodeString's alphabet
// (k8s.io/kubernetes/pkg/controller.ComputeHash, apimachinery rand.SafeEncodeString).
//
// Kubernetes feeds FNV the go-spew dump of the Go struct; kubesim feeds it a
// canonical JSON of the template (keys sorted), so a hash has the right shape
// and is stable per template, but is not the one a real cluster would print.

/** The alphabet of rand.SafeEncodeString (no vowels, no 0/1/3). */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32 bits, over the UTF-8 bytes of `data` (continuing from `seed`). */
export function fnv32a(data: string | Uint8Array, seed = 0x811c9dc5): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character mapped through the safe alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE_ALPHABET[ch.codePointAt(0)! % SAFE_ALPHABET.length];
  return out;
}

/** JSON with object keys sorted at every level (a stable input for the hash). */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** controller.ComputeHash: FNV-32a of the object, then the collision count (little-endian uint32). */
export function computeHash(obj: unknown, collisionCount?: number): string {
  let h = fnv32a(canonicalJson(obj));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}
