import { nodeCrypto } from './lazy-crypto.js';

// The API server's name generator alphabet: no vowels and no 0/1/3, so that
// generated names never spell words (apiserver.md §1).
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `n` random characters from the generateName alphabet. */
export function randomSuffix(n = 5): string {
  const bytes = nodeCrypto().randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += NAME_ALPHABET[bytes[i]! % NAME_ALPHABET.length];
  return out;
}

/** A name from a generateName prefix, truncated as the API server does (63 - 5). */
export function generateName(prefix: string): string {
  return prefix.slice(0, 58) + randomSuffix(5);
}

export function newUid(): string {
  return nodeCrypto().randomUUID();
}

/** Lowercase hex of `bytes` random bytes (container IDs, digests). */
export function randomHex(bytes: number): string {
  // Drawn from a pool filled 4 KB at a time: a catch-up names thousands of containers.
  if (bytes > POOL_BYTES) return nodeCrypto().randomBytes(bytes).toString('hex');
  if (pool.used + bytes > POOL_BYTES) {
    pool.buf ??= Buffer.allocUnsafe(POOL_BYTES);
    nodeCrypto().randomFillSync(pool.buf);
    pool.used = 0;
  }
  const hex = pool.buf!.toString('hex', pool.used, pool.used + bytes);
  pool.used += bytes;
  return hex;
}
const POOL_BYTES = 4096;
const pool: { buf?: Buffer; used: number } = { used: POOL_BYTES };
