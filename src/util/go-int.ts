// Go's strconv.ParseInt, as kubectl's int flags read their values: pflag's int, int32 and int64
// flags with base 0 (`0x1f`, `0o17`, `017`, `0b101`, `1_000`, a sign), klog's `-v` with base 10.

export type GoIntError = 'invalid syntax' | 'value out of range';

/** Digits of each base 0 form, after an optional sign: `_` may only stand between digits or after the prefix. */
const BASE0_FORMS: [RegExp, string][] = [
  [/^0[xX]((?:_?[0-9a-fA-F])+)$/, '0x'],
  [/^0[oO]((?:_?[0-7])+)$/, '0o'],
  [/^0[bB]((?:_?[01])+)$/, '0b'],
  [/^0((?:_?[0-7])+)$/, '0o'], // a leading 0 is octal
  [/^(0|[1-9](?:_?[0-9])*)$/, ''], // (a decimal other than 0 starts with 1-9)
];

/** strconv.ParseInt(s, base, bits): the value, or the reason Go gives. */
export function parseGoInt(s: string, base: 0 | 10, bits: 32 | 64): number | GoIntError {
  const sign = s.startsWith('-') ? -1n : 1n;
  const body = s.startsWith('-') || s.startsWith('+') ? s.slice(1) : s;
  let literal: string | undefined;
  if (base === 10) literal = /^[0-9]+$/.test(body) ? body : undefined;
  else {
    for (const [form, prefix] of BASE0_FORMS) {
      const m = form.exec(body);
      if (m) {
        literal = prefix + m[1]!.replaceAll('_', '');
        break;
      }
    }
  }
  if (literal === undefined) return 'invalid syntax';
  const value = sign * BigInt(literal);
  const limit = 1n << BigInt(bits - 1);
  return value < -limit || value >= limit ? 'value out of range' : Number(value);
}
