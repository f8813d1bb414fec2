import { describe, expect, it } from 'vitest';
import { sameJson } from '../../src/store/store.js';

// sameJson must agree with comparing JSON.stringify texts, which the store used before.
const agrees = (a: unknown, b: unknown) => expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));

/** A random JSON-ish value (with undefined members, NaN, nested arrays and objects). */
function randomValue(depth: number, rand: () => number): unknown {
  const r = rand();
  if (depth <= 0 || r < 0.3) {
    const leaves = [0, 1, -0, NaN, Infinity, -Infinity, 1.5, 'a', 'b', '', true, false, null, undefined];
    return leaves[Math.floor(rand() * leaves.length)];
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 3) }, () => randomValue(depth - 1, rand));
  const o: Record<string, unknown> = {};
  for (const k of ['x', 'y', '1', 'z'].filter(() => rand() < 0.6)) o[k] = randomValue(depth - 1, rand);
  return o;
}

describe('sameJson', () => {
  it('agrees with JSON.stringify equality on hand-picked cases', () => {
    agrees({ a: 1, b: undefined }, { a: 1 });
    agrees({ a: 1, b: 2 }, { b: 2, a: 1 }); // member order matters, as in the text
    agrees([undefined], [null]);
    agrees(NaN, null);
    agrees({ n: NaN }, { n: Infinity });
    agrees({ d: new Date(0) }, { d: '1970-01-01T00:00:00.000Z' });
    agrees({ m: { labels: { app: 'x' } } }, { m: { labels: { app: 'y' } } });
    agrees([1, 2], [1, 2, 3]);
    agrees({}, []);
  });

  it('agrees with JSON.stringify equality on random values', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 3000; i++) {
      const a = randomValue(4, rand);
      const b = rand() < 0.3 ? JSON.parse(JSON.stringify(a ?? null)) : randomValue(4, rand);
      agrees(a, b);
    }
  });
});
