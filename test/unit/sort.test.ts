import { describe, expect, it } from 'vitest';
import { goSort, naturalLess, sortObjectsBy } from '../../src/printers/sort.js';

const obj = (name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name, ...extra } });
const names = (xs: { metadata: { name: string } }[]) => xs.map((x) => x.metadata.name);

describe('sortObjectsBy', () => {
  it('sorts strings in natural order', () => {
    expect(names(sortObjectsBy([obj('pod-10'), obj('pod-9'), obj('pod-1')], '.metadata.name'))).toEqual(['pod-1', 'pod-9', 'pod-10']);
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

  it('natural order treats digit runs as numbers', () => {
    expect(naturalLess('a2', 'a10')).toBe(true);
    expect(naturalLess('a02', 'a2')).toBe(false);
    expect(naturalLess('a2', 'a02')).toBe(true);
    expect(naturalLess('1', 'a')).toBe(true);
  });
});
