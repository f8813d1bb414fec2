import { describe, expect, it } from 'vitest';
import { describeTimestamp, humanDuration, parseDuration, parseRfc3339, rfc3339, shortHumanDuration } from '../../src/util/duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (pod-status.md §4.1 boundary table)', () => {
  it.each([
    [0, '0s'], [990, '0s'], [59 * S, '59s'], [60 * S, '60s'], [119 * S, '119s'], [120 * S, '2m'],
    [125 * S, '2m5s'], [9 * M + 59 * S, '9m59s'], [10 * M, '10m'], [10 * M + 30 * S, '10m'],
    [179 * M, '179m'], [3 * H, '3h'], [3 * H + 40 * M, '3h40m'], [7 * H + 59 * M, '7h59m'], [8 * H, '8h'],
    [47 * H, '47h'], [48 * H, '2d'], [51 * H, '2d3h'], [7 * D + 23 * H, '7d23h'], [8 * D, '8d'],
    [400 * D, '400d'], [729 * D, '729d'], [730 * D, '2y'], [830 * D, '2y100d'], [2920 * D, '8y'], [3650 * D, '10y'],
    [-1500, '0s'], [-2000, '<invalid>'],
  ])('%d ms → %s', (ms, s) => {
    expect(humanDuration(ms)).toBe(s);
  });
});

describe('shortHumanDuration (§4.2)', () => {
  it.each([
    [59 * S, '59s'], [125 * S, '2m'], [3 * H + 40 * M, '3h'], [51 * H, '2d'], [8 * D, '8d'], [730 * D, '2y'],
    [-999, '0s'], [-2000, '<invalid>'],
  ])('%d ms → %s', (ms, s) => {
    expect(shortHumanDuration(ms)).toBe(s);
  });
});

describe('timestamps', () => {
  it('formats describe timestamps as RFC1123Z in UTC', () => {
    expect(describeTimestamp('2024-05-01T10:00:00Z')).toBe('Wed, 01 May 2024 10:00:00 +0000');
    expect(describeTimestamp('2006-01-02T15:04:05Z')).toBe('Mon, 02 Jan 2006 15:04:05 +0000');
  });

  it('formats RFC 3339 with seconds precision', () => {
    expect(rfc3339(Date.UTC(2024, 4, 1, 10, 0, 0, 999))).toBe('2024-05-01T10:00:00Z');
  });
});

describe('parseDuration (Go time.ParseDuration)', () => {
  it.each([
    ['30s', 30 * S], ['5m', 5 * M], ['1h30m', 90 * M], ['1.5h', 90 * M], ['300ms', 300], ['0', 0],
    ['-2s', -2 * S], ['+1m', M], ['.5s', 500], ['1h2m3s4ms', H + 2 * M + 3 * S + 4], ['1000us', 1], ['2000000ns', 2],
  ])('%s', (s, ms) => {
    expect(parseDuration(s)).toBeCloseTo(ms, 9);
  });

  it('rejects bad input with Go messages', () => {
    expect(() => parseDuration('')).toThrow('time: invalid duration ""');
    expect(() => parseDuration('10')).toThrow('time: missing unit in duration "10"');
    expect(() => parseDuration('3x')).toThrow('time: unknown unit "x" in duration "3x"');
    expect(() => parseDuration('.s')).toThrow('time: invalid duration ".s"');
    expect(() => parseDuration('abc')).toThrow('time: invalid duration "abc"');
  });
});

describe('parseRfc3339 (Go time.Parse(time.RFC3339): kubectl logs --since-time)', () => {
  it('reads a UTC or offset time, with or without a fraction (a one-digit hour too)', () => {
    expect(parseRfc3339('2025-01-15T5:00:05Z')).toBe(Date.parse('2025-01-15T05:00:05Z'));
    expect(parseRfc3339('2025-01-15T10:00:05Z')).toBe(Date.parse('2025-01-15T10:00:05Z'));
    expect(parseRfc3339('2025-01-15T12:00:05+02:00')).toBe(Date.parse('2025-01-15T10:00:05Z'));
    expect(parseRfc3339('2025-01-15T10:00:05.250000000Z')).toBe(Date.parse('2025-01-15T10:00:05.250Z'));
    expect(parseRfc3339('2025-01-15T10:00:05,5Z')).toBe(Date.parse('2025-01-15T10:00:05.500Z'));
  });

  // The texts real kubectl v1.32 prints after `error: ` for `logs --since-time=VALUE`.
  it.each([
    ['bad', 'parsing time "bad" as "2006-01-02T15:04:05Z07:00": cannot parse "bad" as "2006"'],
    ['2020-13-01T00:00:00Z', 'parsing time "2020-13-01T00:00:00Z": month out of range'],
    ['2020-02-30T00:00:00Z', 'parsing time "2020-02-30T00:00:00Z": day out of range'],
    ['2020-01-01T25:00:00Z', 'parsing time "2020-01-01T25:00:00Z": hour out of range'],
    ['2020-01-01T00:00:00', 'parsing time "2020-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"'],
    ['2020-01-01T00:00:00+0100', 'parsing time "2020-01-01T00:00:00+0100" as "2006-01-02T15:04:05Z07:00": cannot parse "+0100" as "Z07:00"'],
    ['2020-01-01T00:00:00Zx', 'parsing time "2020-01-01T00:00:00Zx": extra text: "x"'],
  ])('%s', (value, message) => {
    expect(() => parseRfc3339(value)).toThrow(message);
  });
});
