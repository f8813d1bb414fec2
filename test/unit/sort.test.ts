import { describe, expect, it } from 'vitest';
import { goSort, goStringLess, sortObjectsBy } from '../../src/printers/sort.js';

const obj = (name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name, ...extra } });
const names = (xs: { metadata: { name: string } }[]) => xs.map((x) => x.metadata.name);

describe('sortObjectsBy', () => {
  it('sorts strings byte-wise, as the real kubectl v1.32 does', () => {
    expect(names(sortObjectsBy([obj('pod-10'), obj('pod-9'), obj('pod-1')], '.metadata.name'))).toEqual(['pod-1', 'pod-10', 'pod-9']);
    const values = ['a-b', 'a0', 'a.b', 'a1', 'B', 'b', 'a02', 'a2', 'Z'];
    const sorted = sortObjectsBy(values.map((v, i) => obj(`c${i}`, { v })), '.metadata.v').map((o) => o.metadata.v);
    expect(sorted).toEqual(['B', 'Z', 'a-b', 'a.b', 'a0', 'a02', 'a1', 'a2', 'b']);
  });

  it('sorts numbers, quantities and timestamps', () => {
    const xs = [obj('a', { n: 10, q: '1Gi', t: '2024-05-01T10:00:03Z' }), obj('b', { n: 9, q: '500Mi', t: '2024-05-01T10:00:01Z' })];
    expect(names(sortObjectsBy(xs, '{.metadata.n}'))).toEqual(['b', 'a']);
    expect(names(sortObjectsBy(xs, 'metadata.q'))).toEqual(['b', 'a']);
    expect(names(sortObjectsBy(xs, '.metadata.t'))).toEqual(['b', 'a']);
  });

  it('puts objects missing the field first (reversed among themselves, as Go insertion sort does)', () => {
    const xs = [obj('x', { n: 2 }), obj('m1'), obj('y', { n: 1 }), obj('m2')];
    expect(names(sortObjectsBy(xs, '.metadata.n'))).toEqual(['m2', 'm1', 'y', 'x']);
  });

  it('fails when no object has the field', () => {
    expect(() => sortObjectsBy([obj('a')], '.foo')).toThrow('couldn\'t find any field with path "{.foo}" in the list of objects');
  });
});

describe('Go sort.Sort port', () => {
  it('sorts large inputs correctly', () => {
    const xs = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1009);
    expect(goSort([...xs], (a, b) => a < b)).toEqual([...xs].sort((a, b) => a - b));
  });

  it('compares strings as Go does: UTF-8 bytes', () => {
    expect(goStringLess('a10', 'a2')).toBe(true);
    expect(goStringLess('Z', 'a')).toBe(true);
    expect(goStringLess('\u{ffff}', '\u{10000}')).toBe(true); // UTF-16 code units would say otherwise
  });
});

describe('Go sort.Sort ties (go1.23, as kubectl v1.32 is built)', () => {
  // The order the real kubectl v1.32.5 printed for `get cm -n tie --sort-by=.data.k`: 120
  // ConfigMaps cm-000..cm-119 with k = (i*37)%5, then kube-root-ca.crt without k (-1), in that
  // list order. Ties land where pdqsort's pattern breaking (xorshift <<13 >>17 <<5 seeded by the
  // length, swapping the three middle elements) and the missing value's Less (true even against
  // another missing one) put them.
  const REAL = [-1, 50, 30, 45, 115, 5, 60, 110, 0, 40, 10, 85, 55, 15, 100, 65, 35, 95, 70, 75, 20, 90, 25, 80, 105, 103, 83, 23, 28, 78, 88, 93, 73, 33, 18, 98, 68, 13, 38, 63, 108, 8, 113, 43, 58, 3, 118, 53, 48, 61, 31, 51, 1, 116, 6, 46, 56, 111, 106, 11, 101, 41, 16, 96, 91, 21, 66, 86, 36, 26, 81, 71, 76, 84, 39, 119, 4, 114, 29, 79, 54, 34, 109, 69, 49, 24, 9, 44, 59, 89, 104, 64, 14, 19, 94, 99, 74, 82, 2, 17, 92, 42, 102, 12, 37, 22, 87, 52, 62, 57, 7, 97, 112, 27, 77, 72, 47, 117, 67, 32, 107];
  it('leaves ties where Go does', () => {
    const xs = [...Array.from({ length: 120 }, (_, i) => obj(`cm-${i}`, { k: String((i * 37) % 5) })), obj('kube-root-ca.crt')];
    expect(names(sortObjectsBy(xs, '.metadata.k'))).toEqual(REAL.map((i) => (i < 0 ? 'kube-root-ca.crt' : `cm-${i}`)));
  });
});
