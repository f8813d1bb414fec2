// Go's strconv.ParseInt as kubectl's int flags read values (src/util/go-int.ts, intFlag).
import { describe, expect, it } from 'vitest';
import { parseGoInt } from '../../src/util/go-int.js';
import { FlagError, intFlag } from '../../src/client/flags.js';

describe('strconv.ParseInt', () => {
  it('base 0: decimal, 0x, 0o, 0b, a leading 0 (octal), underscores between digits, a sign', () => {
    const cases: [string, number][] = [['0', 0], ['42', 42], ['+5', 5], ['-5', -5], ['0x1f', 31], ['0X1F', 31], ['0o17', 15], ['017', 15], ['0b101', 5], ['1_000', 1000], ['0x_1f', 31], ['0_7', 7], ['-0x10', -16]];
    for (const [s, n] of cases) expect(parseGoInt(s, 0, 64), s).toBe(n);
  });

  it('base 0 rejects what Go rejects', () => {
    for (const s of ['', ' 5', '5 ', '1e3', '1.0', '08', '0_8', '1__0', '_1', '1_', '0x', '--5', '-', 'abc', '0x1g']) expect(parseGoInt(s, 0, 64), s).toBe('invalid syntax');
  });

  it('ranges: int32 and int64 bounds', () => {
    expect(parseGoInt('2147483647', 0, 32)).toBe(2147483647);
    expect(parseGoInt('-2147483648', 0, 32)).toBe(-2147483648);
    expect(parseGoInt('2147483648', 0, 32)).toBe('value out of range');
    expect(parseGoInt('-2147483649', 0, 32)).toBe('value out of range');
    expect(parseGoInt('9223372036854775808', 0, 64)).toBe('value out of range');
    expect(parseGoInt('99999999999', 0, 32)).toBe('value out of range');
  });

  it('base 10 (klog -v): digits and a sign only', () => {
    expect(parseGoInt('7', 10, 32)).toBe(7);
    expect(parseGoInt('-3', 10, 32)).toBe(-3);
    for (const s of ['0x1', '1_0', '', 'loud']) expect(parseGoInt(s, 10, 32), s).toBe('invalid syntax');
    expect(parseGoInt('99999999999', 10, 32)).toBe('value out of range');
  });

  it("intFlag: the value, or pflag's error naming the flag", () => {
    expect(intFlag('--grace-period', '0x10')).toBe(16);
    expect(() => intFlag('-p, --port', 'abc')).toThrow(FlagError);
    expect(() => intFlag('-p, --port', 'abc')).toThrow('invalid argument "abc" for "-p, --port" flag: strconv.ParseInt: parsing "abc": invalid syntax');
  });
});
