import { describe, expect, it } from 'vitest';
import {
  QuantityError,
  addQuantities,
  canonicalQuantity,
  compareQuantities,
  formatQuantityWithPercent,
  parseQuantity,
  parseQuantityExact,
  parseQuantityMilli,
  quantityToString,
  quantityValue,
  sumQuantities,
} from '../../src/util/quantity.js';

const REGEX_MSG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['1', 1],
    ['0', 0],
    ['128Mi', 134217728],
    ['1.5Gi', 1610612736],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['100M', 100_000_000],
    ['2k', 2000],
    ['-1.5', -1.5],
    ['.5', 0.5],
    ['1Ki', 1024],
  ])('%s → %d', (s, n) => {
    expect(parseQuantity(s)).toBe(n);
  });

  it('rounds sub-nano values up to 1n', () => {
    expect(parseQuantityExact('0.0000000001').nanos).toBe(1n);
    expect(canonicalQuantity('0.0000000001')).toBe('1n');
  });

  it.each(['', 'abc', '1Q', '1Mix', '1 Gi', '1.2.3', '1 ', 'x1'])('rejects %j with the regex message', (s) => {
    expect(() => parseQuantity(s)).toThrow(QuantityError);
    expect(() => parseQuantity(s)).toThrow(REGEX_MSG);
  });

  it.each(['1mi', '1e', '1Ki3'])('rejects bad suffix %j', (s) => {
    expect(() => parseQuantity(s)).toThrow("unable to parse quantity's suffix");
  });

  it('accepts what the Go scanner accepts, even if the regex would not', () => {
    expect(parseQuantity('Mi')).toBe(0);
    expect(parseQuantity('1.')).toBe(1);
    expect(parseQuantity('+')).toBe(0);
  });

  it('milli values round up', () => {
    expect(parseQuantityMilli('250m')).toBe(250n);
    expect(parseQuantityMilli('1')).toBe(1000n);
    expect(parseQuantityMilli('1.0001m')).toBe(2n);
  });
});

describe('canonicalQuantity', () => {
  it.each([
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['100M', '100M'],
    ['2000000', '2M'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['0.1', '100m'],
    ['1.5', '1500m'],
    ['250m', '250m'],
    ['128Mi', '128Mi'],
    ['1Gi', '1Gi'],
    ['8Mi', '8Mi'],
    ['512Ki', '512Ki'],
    ['2048Ki', '2Mi'],
    ['1e3', '1e3'],
    ['1000e3', '1e6'],
    ['12e1', '120'],
    ['0', '0'],
    ['0m', '0'],
    ['0Mi', '0'],
    ['0.5Ki', '512'],
    ['1.5Ki', '1536'],
    ['1.1Ki', '1126400m'],
    ['1G', '1G'],
    ['1000M', '1G'],
    ['10Gi', '10Gi'],
    ['-500m', '-500m'],
    ['-0.5', '-500m'],
    ['1Ti', '1Ti'],
    ['100Ti', '100Ti'],
  ])('%s → %s', (input, out) => {
    expect(canonicalQuantity(input)).toBe(out);
  });

  it('keeps already-canonical-looking text verbatim, as the API server does', () => {
    expect(canonicalQuantity('+1')).toBe('+1');
    expect(canonicalQuantity('01')).toBe('01');
  });

  it('is idempotent', () => {
    for (const s of ['0.5', '1024Mi', '1.5Gi', '2000000', '1.1Ki', '1e3', '100m']) {
      const once = canonicalQuantity(s);
      expect(canonicalQuantity(once)).toBe(once);
    }
  });
});

describe('arithmetic', () => {
  it('sums keep the first non-zero format', () => {
    expect(quantityToString(sumQuantities(['128Mi', '42Mi']))).toBe('170Mi');
    expect(quantityToString(sumQuantities(['100m', '250m', '650m']))).toBe('1');
    expect(quantityToString(sumQuantities(['0', '64Mi']))).toBe('64Mi');
    expect(quantityToString(addQuantities(parseQuantityExact('1Gi'), parseQuantityExact('1G')))).toBe(
      '2073741824',
    );
  });

  it('compares exactly across formats', () => {
    expect(compareQuantities(parseQuantityExact('1Gi'), parseQuantityExact('1024Mi'))).toBe(0);
    expect(compareQuantities(parseQuantityExact('1G'), parseQuantityExact('1Gi'))).toBe(-1);
    expect(compareQuantities(parseQuantityExact('1'), parseQuantityExact('999m'))).toBe(1);
  });

  it('Value() rounds up', () => {
    expect(quantityValue(parseQuantityExact('1500m'))).toBe(2n);
  });
});

describe('formatQuantityWithPercent (describe node Allocated resources)', () => {
  const cpuAlloc = parseQuantityExact('4');
  const memAlloc = parseQuantityExact('8010948Ki');

  it('cpu uses millicores', () => {
    expect(formatQuantityWithPercent(parseQuantityExact('100m'), cpuAlloc, 'milli')).toBe('100m (2%)');
    expect(formatQuantityWithPercent(parseQuantityExact('950m'), cpuAlloc, 'milli')).toBe('950m (23%)');
  });

  it('memory uses bytes', () => {
    expect(formatQuantityWithPercent(sumQuantities(['70Mi', '100Mi']), memAlloc, 'unit')).toBe('170Mi (2%)');
  });

  it('absent and zero quantities print 0 (0%)', () => {
    expect(formatQuantityWithPercent(undefined, cpuAlloc, 'milli')).toBe('0 (0%)');
    expect(formatQuantityWithPercent(parseQuantityExact('1'), parseQuantityExact('0'), 'milli')).toBe('1 (0%)');
  });
});
