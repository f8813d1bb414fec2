// Kubernetes resource.Quantity (k8s.io/apimachinery/pkg/api/resource), as far as
// kubesim needs it: parsing, the string form the API server stores and prints,
// exact sums and comparisons, and the "value (pct%)" cells of describe node.
//
// A quantity is held exactly as a bigint count of nano-units: the API server rounds
// every value up to 1n, so nothing finer ever exists.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value × 10^9, rounded away from zero to a whole nano-unit. */
  nanos: bigint;
  /** The format family the string form is rendered in. */
  format: QuantityFormat;
  /**
   * The input text when the API server keeps it verbatim (it already looks
   * canonical, e.g. `100M`, `1Gi`, `1e3`); String() then returns it unchanged.
   */
  text?: string;
}

const FORMAT_REGEX = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
const MSG_FORMAT = `quantities must match the regular expression '${FORMAT_REGEX}'`;
const MSG_SUFFIX = "unable to parse quantity's suffix";
const MSG_NUMERIC = 'unable to parse numeric part of quantity';

export class QuantityError extends Error {
  constructor(message: string = MSG_FORMAT) {
    super(message);
    this.name = 'QuantityError';
  }
}

const NANO = 1_000_000_000n;
const MAX_INT64 = 9_223_372_036_854_775_807n;

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18,
};
const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60,
};

// ---------------------------------------------------------------- parsing

interface QuantityParts {
  negative: boolean;
  /** Integer digits with leading zeros removed ("0" when none are left). */
  num: string;
  /** Fraction digits, possibly empty. */
  denom: string;
  suffix: string;
}

// Same acceptance as apimachinery's hand-written scanner (which is looser than the
// regex quoted in its error message: `.`, `+` and `1.` are all accepted).
const PARTS = /^([+-]?)0*([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;

function splitQuantity(s: string): QuantityParts {
  const m = PARTS.exec(s);
  if (!m) throw new QuantityError(MSG_FORMAT);
  return { negative: m[1] === '-', num: m[2] || '0', denom: m[3] ?? '', suffix: m[4]! };
}

interface Suffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

function interpretSuffix(suffix: string): Suffix {
  if (suffix in DECIMAL_SUFFIXES) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix]!, format: 'DecimalSI' };
  if (suffix in BINARY_SUFFIXES) return { base: 2, exponent: BINARY_SUFFIXES[suffix]!, format: 'BinarySI' };
  // `e3`, `E-2`, `e+6`: a decimal exponent (a bare `E` is exa, handled above).
  if (suffix.length > 1 && /^[eE][-+]?[0-9]+$/.test(suffix)) {
    const exponent = Number(suffix.slice(1));
    if (Math.abs(exponent) > 1000) throw new QuantityError(MSG_NUMERIC); // keeps bigint maths bounded
    return { base: 10, exponent, format: 'DecimalExponent' };
  }
  throw new QuantityError(MSG_SUFFIX);
}

/** Integer division rounding away from zero (the API server's rounding). */
function divRoundUp(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : q + 1n;
}

function scaleByPow10(digits: bigint, shift: number): bigint {
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  // Beyond the digits' own length the result is 1n whatever the shift.
  const capped = Math.min(-shift, digits.toString().length + 1);
  return divRoundUp(digits, 10n ** BigInt(capped));
}

/** Magnitude in nano-units, before the sign is applied. */
function magnitudeNanos(parts: QuantityParts, sfx: Suffix): bigint {
  const digits = BigInt(parts.num + parts.denom);
  if (sfx.base === 10) return scaleByPow10(digits, sfx.exponent - parts.denom.length + 9);
  return scaleByPow10(digits << BigInt(sfx.exponent), 9 - parts.denom.length);
}

/**
 * Whether ParseQuantity keeps the input text as the string form. It does so only
 * on its int64 fast path, and only when the text already looks canonical.
 */
function keepsText(parts: QuantityParts, sfx: Suffix): boolean {
  const shifted = parts.num + parts.denom;
  if (sfx.format === 'BinarySI') {
    if (parts.denom !== '') return false;
    const precision = 14 - parts.num.length - Math.trunc((sfx.exponent * 3) / 10);
    return precision >= 0 && (BigInt(parts.num) & 7n) !== 0n;
  }
  const precision = 18 - shifted.length;
  const scale = sfx.exponent - parts.denom.length;
  if (precision < 0 || scale < -9) return false;
  return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
}

/** Parses a quantity exactly, as the API server does when it decodes one. */
export function parseQuantityExact(s: string): Quantity {
  if (s.length === 0) throw new QuantityError(MSG_FORMAT);
  if (s === '0') return { nanos: 0n, format: 'DecimalSI', text: '0' };
  const parts = splitQuantity(s);
  const sfx = interpretSuffix(parts.suffix);
  let magnitude = magnitudeNanos(parts, sfx);
  let format = sfx.format;
  if (format === 'BinarySI') {
    // The server caps binary quantities at the int64 maximum, and shows
    // fractions below one in decimal.
    if (magnitude > MAX_INT64 * NANO) magnitude = MAX_INT64 * NANO;
    if (magnitude > 0n && magnitude < NANO) format = 'DecimalSI';
  }
  const nanos = parts.negative ? -magnitude : magnitude;
  const q: Quantity = { nanos, format };
  if (keepsText(parts, sfx)) q.text = s;
  return q;
}

const parsedMemo = new Map<string, number>();

/** The quantity as a JS number of base units (cores, bytes, ...). Memoized: the scheduler parses the same few texts all the time. */
export function parseQuantity(s: string): number {
  let n = parsedMemo.get(s);
  if (n === undefined) {
    n = Number(parseQuantityExact(s).nanos) / 1e9;
    if (parsedMemo.size >= 4096) parsedMemo.clear();
    parsedMemo.set(s, n);
  }
  return n;
}

/** MilliValue(): the quantity in thousandths, rounded away from zero. */
export function parseQuantityMilli(s: string): bigint {
  return quantityMilliValue(parseQuantityExact(s));
}

export function isValidQuantity(s: string): boolean {
  try {
    parseQuantityExact(s);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- string form

function removeFactors(value: bigint, factor: bigint): [bigint, number] {
  let times = 0;
  while (value !== 0n && value % factor === 0n) {
    value /= factor;
    times++;
  }
  return [value, times];
}

function decimalString(nanos: bigint, format: QuantityFormat): string {
  let [mantissa, exponent] = removeFactors(nanos, 10n);
  exponent -= 9;
  // Lower the exponent to a multiple of three so an SI suffix exists for it.
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = Object.keys(DECIMAL_SUFFIXES).find((k) => DECIMAL_SUFFIXES[k] === exponent);
  return `${mantissa}${suffix ?? ''}`;
}

function binaryString(nanos: bigint): string {
  const [mantissa, times] = removeFactors(nanos / NANO, 1024n);
  const suffix = Object.keys(BINARY_SUFFIXES).find((k) => BINARY_SUFFIXES[k] === times * 10);
  return `${mantissa}${suffix ?? ''}`;
}

/** Quantity.String(): the kept input text, or the canonical form in its format family. */
export function quantityToString(q: Quantity): string {
  if (q.text !== undefined) return q.text;
  if (q.nanos === 0n) return '0';
  if (q.format === 'BinarySI') {
    const small = q.nanos > -1024n * NANO && q.nanos < 1024n * NANO;
    // Small or fractional binary values are shown in decimal to avoid rounding.
    if (small || q.nanos % NANO !== 0n) return decimalString(q.nanos, 'DecimalSI');
    return binaryString(q.nanos);
  }
  return decimalString(q.nanos, q.format);
}

/** The string the API server stores for an input quantity (`0.5`→`500m`, `1024Mi`→`1Gi`). */
export function canonicalQuantity(s: string): string {
  return quantityToString(parseQuantityExact(s));
}

// ---------------------------------------------------------------- arithmetic

export function zeroQuantity(format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nanos: 0n, format };
}

/** a + b. Like Quantity.Add: the result takes b's format only when a is zero. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

/** Sums quantity strings left to right (format of the first non-zero term). */
export function sumQuantities(values: string[]): Quantity {
  return values.reduce((acc, v) => addQuantities(acc, parseQuantityExact(v)), zeroQuantity());
}

export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

function scaledRoundUp(q: Quantity, divisor: bigint): bigint {
  const sign = q.nanos < 0n ? -1n : 1n;
  return sign * divRoundUp(sign * q.nanos, divisor);
}

/** Value(): whole units, rounded away from zero. */
export function quantityValue(q: Quantity): bigint {
  return scaledRoundUp(q, NANO);
}

/** MilliValue(): thousandths, rounded away from zero. */
export function quantityMilliValue(q: Quantity): bigint {
  return scaledRoundUp(q, 1_000_000n);
}

// ---------------------------------------------------------------- describe cells

/**
 * `"<q> (<pct>%)"` as describe node prints allocated resources: `100m (2%)`,
 * `170Mi (2%)`, `0 (0%)`. CPU compares MilliValue()s, everything else Value()s;
 * the percentage is truncated, and 0 when the allocatable amount is 0.
 */
export function formatQuantityWithPercent(
  q: Quantity | undefined,
  allocatable: Quantity | undefined,
  unit: 'milli' | 'unit',
): string {
  const used = q ?? zeroQuantity();
  const measure = unit === 'milli' ? quantityMilliValue : quantityValue;
  const total = allocatable ? measure(allocatable) : 0n;
  // float64 division, as kubectl does it, then truncation toward zero.
  const pct = total === 0n ? 0 : Math.trunc((Number(measure(used)) / Number(total)) * 100);
  return `${quantityToString(used)} (${pct}%)`;
}
