// `kubectl get --sort-by=<jsonpath>` (kubectl get/sorter.go).
//
// kubectl sorts with Go's sort.Sort, which is NOT stable (pdqsort), and its
// Less treats a missing value as smaller than anything (even another missing
// value). Both quirks decide the order of ties, so the Go algorithm is ported
// here (goSort) instead of using Array.prototype.sort.

import { evaluateJsonPathValues, GoFloat, JsonPathError, relaxedJsonPathExpression } from './jsonpath.js';
import { compareQuantities, parseQuantityExact, type Quantity } from '../util/quantity.js';

export class SortError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SortError';
  }
}

// ------------------------------------------------------ Go's sort.Sort

type Less = (i: number, j: number) => boolean;
type Swap = (i: number, j: number) => void;

function insertionSort(less: Less, swap: Swap, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && less(j, j - 1); j--) swap(j, j - 1);
  }
}

function siftDown(less: Less, swap: Swap, lo: number, hi: number, first: number): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && less(first + child, first + child + 1)) child++;
    if (!less(first + root, first + child)) return;
    swap(first + root, first + child);
    root = child;
  }
}

function heapSort(less: Less, swap: Swap, a: number, b: number): void {
  const hi = b - a;
  for (let i = Math.floor((hi - 1) / 2); i >= 0; i--) siftDown(less, swap, i, hi, a);
  for (let i = hi - 1; i >= 0; i--) {
    swap(a, a + i);
    siftDown(less, swap, 0, i, a);
  }
}

const MASK64 = (1n << 64n) - 1n;
const bitLen = (n: number): number => (n === 0 ? 0 : Math.floor(Math.log2(n)) + 1);

// Deterministic pattern breaking with Go's xorshift seeded by the length.
function breakPatterns(swap: Swap, a: number, b: number): void {
  const length = b - a;
  if (length < 8) return;
  let random = BigInt(length);
  const modulus = BigInt(2 ** bitLen(length));
  // The three elements around the middle: a + (length/4)*2 - 1 .. + 1.
  const idx = a + Math.floor(length / 4) * 2 - 1;
  for (let i = 0; i < 3; i++) {
    // Go 1.23 sort.go xorshift.Next: <<13, >>17, <<5.
    random ^= (random << 13n) & MASK64;
    random ^= random >> 17n;
    random ^= (random << 5n) & MASK64;
    let other = Number(random & (modulus - 1n));
    if (other >= length) other -= length;
    swap(idx + i, a + other);
  }
}

function choosePivot(less: Less, a: number, b: number): [number, 'unknown' | 'increasing' | 'decreasing'] {
  const l = b - a;
  let swaps = 0;
  let i = a + Math.floor(l / 4) * 1;
  let j = a + Math.floor(l / 4) * 2;
  let k = a + Math.floor(l / 4) * 3;
  const order2 = (x: number, y: number): [number, number] => {
    if (less(y, x)) {
      swaps++;
      return [y, x];
    }
    return [x, y];
  };
  const median = (x: number, y: number, z: number): number => {
    [x, y] = order2(x, y);
    [y, z] = order2(y, z);
    [x, y] = order2(x, y);
    return y;
  };
  if (l >= 8) {
    if (l >= 50) {
      i = median(i - 1, i, i + 1);
      j = median(j - 1, j, j + 1);
      k = median(k - 1, k, k + 1);
    }
    j = median(i, j, k);
  }
  if (swaps === 0) return [j, 'increasing'];
  if (swaps === 12) return [j, 'decreasing'];
  return [j, 'unknown'];
}

function reverseRange(swap: Swap, a: number, b: number): void {
  for (let i = a, j = b - 1; i < j; i++, j--) swap(i, j);
}

function partialInsertionSort(less: Less, swap: Swap, a: number, b: number): boolean {
  let i = a + 1;
  for (let step = 0; step < 5; step++) {
    while (i < b && !less(i, i - 1)) i++;
    if (i === b) return true;
    if (b - a < 50) return false;
    swap(i, i - 1);
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!less(j, j - 1)) break;
        swap(j, j - 1);
      }
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!less(j, j - 1)) break;
        swap(j, j - 1);
      }
    }
  }
  return false;
}

function partition(less: Less, swap: Swap, a: number, b: number, pivot: number): [number, boolean] {
  swap(a, pivot);
  let i = a + 1;
  let j = b - 1;
  while (i <= j && less(i, a)) i++;
  while (i <= j && !less(j, a)) j--;
  if (i > j) {
    swap(j, a);
    return [j, true];
  }
  swap(i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && less(i, a)) i++;
    while (i <= j && !less(j, a)) j--;
    if (i > j) break;
    swap(i, j);
    i++;
    j--;
  }
  swap(j, a);
  return [j, false];
}

function partitionEqual(less: Less, swap: Swap, a: number, b: number, pivot: number): number {
  swap(a, pivot);
  let i = a + 1;
  let j = b - 1;
  for (;;) {
    while (i <= j && !less(a, i)) i++;
    while (i <= j && less(a, j)) j--;
    if (i > j) break;
    swap(i, j);
    i++;
    j--;
  }
  return i;
}

function pdqsort(less: Less, swap: Swap, a: number, b: number, limit: number): void {
  let wasBalanced = true;
  let wasPartitioned = true;
  for (;;) {
    const length = b - a;
    if (length <= 12) return insertionSort(less, swap, a, b);
    if (limit === 0) return heapSort(less, swap, a, b);
    if (!wasBalanced) {
      breakPatterns(swap, a, b);
      limit--;
    }
    let [pivot, hint] = choosePivot(less, a, b);
    if (hint === 'decreasing') {
      reverseRange(swap, a, b);
      pivot = b - 1 - (pivot - a);
      hint = 'increasing';
    }
    if (wasBalanced && wasPartitioned && hint === 'increasing' && partialInsertionSort(less, swap, a, b)) return;
    if (a > 0 && !less(a - 1, pivot)) {
      a = partitionEqual(less, swap, a, b, pivot);
      continue;
    }
    const [mid, alreadyPartitioned] = partition(less, swap, a, b, pivot);
    wasPartitioned = alreadyPartitioned;
    const leftLen = mid - a;
    const rightLen = b - mid;
    const balanceThreshold = Math.floor(length / 8);
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold;
      pdqsort(less, swap, a, mid, limit);
      a = mid + 1;
    } else {
      wasBalanced = rightLen >= balanceThreshold;
      pdqsort(less, swap, mid + 1, b, limit);
      b = mid;
    }
  }
}

/** Go's sort.Sort on an array (in place), with a Less over elements. */
export function goSort<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  const n = items.length;
  if (n <= 1) return items;
  const swap: Swap = (i, j) => {
    [items[i], items[j]] = [items[j], items[i]];
  };
  pdqsort((i, j) => less(items[i], items[j]), swap, 0, n, bitLen(n));
  return items;
}

// ---------------------------------------------------- value comparison

/**
 * Go's `<` on strings: byte-wise over UTF-8. kubectl v1.32 orders strings so (the real
 * binary sorts c-a10 before c-a9 and a-b before a0), not in fvbommel/sortorder's natural
 * order, which its sorter.go of earlier releases names.
 */
export function goStringLess(s1: string, s2: string): boolean {
  return Buffer.compare(Buffer.from(s1, 'utf8'), Buffer.from(s2, 'utf8')) < 0;
}

function tryQuantity(s: string): Quantity | undefined {
  try {
    return parseQuantityExact(s);
  } catch {
    return undefined;
  }
}

const goKind = (v: unknown): string => {
  if (v === null || v === undefined) return 'nil';
  if (v instanceof GoFloat) return 'float64';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
};

/**
 * sorter.go isLess for interface values: same-kind numbers, strings as
 * quantities when both parse, else byte-wise. Other kinds are
 * unsortable (kubectl exits with a fatal error).
 */
export function isLess(a: unknown, b: unknown): boolean {
  const ka = goKind(a);
  const kb = goKind(b);
  if (ka === 'nil' && kb === 'nil') return false;
  if (ka === 'nil') return true;
  if (kb === 'nil') return false;
  if (ka === 'int64' || ka === 'float64') {
    if (ka === kb) return Number(a instanceof GoFloat ? a.value : a) < Number(b instanceof GoFloat ? b.value : b);
  } else if (ka === 'string') {
    if (kb === 'string') {
      const qa = tryQuantity(a as string);
      const qb = qa === undefined ? undefined : tryQuantity(b as string);
      if (qa !== undefined && qb !== undefined) return compareQuantities(qa, qb) < 0;
      return goStringLess(a as string, b as string);
    }
  } else {
    throw new SortError(`unsortable type: ${ka}`);
  }
  throw new SortError(`unsortable interface: interface`);
}

/**
 * Sorts objects by the value at `expr` (`.metadata.name`, `{.status.phase}`)
 * like kubectl get --sort-by. Throws SortError when no object has the field
 * (`couldn't find any field with path "{.foo}" in the list of objects`).
 * Returns a new array.
 */
export function sortObjectsBy<T>(objects: T[], expr: string): T[] {
  let field: string;
  try {
    field = relaxedJsonPathExpression(expr);
  } catch (e) {
    throw new SortError((e as Error).message);
  }
  const firstValue = (obj: T): { found: boolean; value: unknown } => {
    const groups = evaluateJsonPathValues(field, obj, { allowMissingKeys: true });
    return groups.length > 0 && groups[0].length > 0 ? { found: true, value: groups[0][0] } : { found: false, value: undefined };
  };
  let rows: { obj: T; found: boolean; value: unknown }[];
  try {
    rows = objects.map((obj) => ({ obj, ...firstValue(obj) }));
  } catch (e) {
    if (e instanceof JsonPathError) throw new SortError(e.message);
    throw e;
  }
  if (rows.length > 0 && !rows.some((r) => r.found)) {
    throw new SortError(`couldn't find any field with path ${JSON.stringify(field)} in the list of objects`);
  }
  // Missing counts as less than anything, even another missing value.
  goSort(rows, (a, b) => (!a.found ? true : !b.found ? false : isLess(a.value, b.value)));
  return rows.map((r) => r.obj);
}
