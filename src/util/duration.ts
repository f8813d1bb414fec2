// Durations and timestamps as kubectl prints them (apimachinery util/duration,
// Go time formatting and parsing). All inputs are milliseconds.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

// Go converts the Duration to whole seconds by truncating toward zero.
const wholeSeconds = (ms: number): number => Math.trunc(ms / SECOND);

/** apimachinery duration.HumanDuration (pod-status.md §4.1). */
export function humanDuration(ms: number): string {
  const s = wholeSeconds(ms);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 60 * 2) return `${s}s`;
  const m = Math.floor(ms / MINUTE);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 60 * 3) return `${m}m`;
  const h = Math.floor(ms / HOUR);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 24 * 8) return h % 24 === 0 ? `${h / 24}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  const days = Math.floor(h / 24);
  if (h < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (h < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

/** apimachinery duration.ShortHumanDuration (pod-status.md §4.2). */
export function shortHumanDuration(ms: number): string {
  const s = wholeSeconds(ms);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 60) return `${s}s`;
  const m = Math.floor(ms / MINUTE);
  if (m < 60) return `${m}m`;
  const h = Math.floor(ms / HOUR);
  if (h < 24) return `${h}h`;
  if (h < 24 * 365) return `${Math.floor(h / 24)}d`;
  return `${Math.floor(h / 24 / 365)}y`;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Go time.RFC1123Z in UTC: `Wed, 01 May 2024 10:00:00 +0000` (describe timestamps). */
export function describeTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`invalid timestamp: ${iso}`);
  const date = `${DAY_NAMES[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${date} ${time} +0000`;
}

/** RFC 3339 with seconds precision in UTC, as metav1.Time serialises: `2024-05-01T10:00:00Z`. */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / SECOND);
  // The kubelet and the controllers stamp the same few instants over and over (a status carries
  // its start, exit and condition times): formatted stamps are kept, a few thousand at most.
  let text = stamps.get(second);
  if (text === undefined) {
    if (stamps.size >= 4096) stamps.clear();
    text = new Date(second * SECOND).toISOString().replace(/\.\d{3}Z$/, 'Z');
    stamps.set(second, text);
  }
  return text;
}
const stamps = new Map<number, string>();

// Unit sizes in milliseconds, as Go time.ParseDuration accepts them.
const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3, // U+00B5 micro sign
  'μs': 1e-3, // U+03BC Greek mu
  ms: 1,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
};

/**
 * Go time.ParseDuration: `[-+]?` then one or more `<decimal><unit>` pieces
 * (`300ms`, `1.5h`, `1h30m`); a bare `0` is allowed. Returns milliseconds.
 * Throws with Go's message on bad input.
 */
export function parseDuration(s: string): number {
  const quoted = `"${s}"`;
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new Error(`time: invalid duration ${quoted}`);
  let total = 0;
  while (rest !== '') {
    const num = /^(\d*)(\.(\d*))?/.exec(rest)!;
    if (num[1] === '' && (num[3] ?? '') === '') throw new Error(`time: invalid duration ${quoted}`);
    rest = rest.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`);
    const size = UNITS[unit];
    if (size === undefined) throw new Error(`time: unknown unit "${unit}" in duration ${quoted}`);
    rest = rest.slice(unit.length);
    total += parseFloat(`${num[1] || '0'}.${num[3] ?? ''}0`) * size;
  }
  return sign * total;
}

const RFC3339_LAYOUT = '2006-01-02T15:04:05Z07:00';

/** Go time.ParseError's text for time.Parse(time.RFC3339, value). */
function rfc3339Error(value: string, valueElem: string, layoutElem: string, message?: string): Error {
  return new Error(message ? `parsing time ${JSON.stringify(value)}${message}` : `parsing time ${JSON.stringify(value)} as "${RFC3339_LAYOUT}": cannot parse ${JSON.stringify(valueElem)} as ${JSON.stringify(layoutElem)}`);
}

/**
 * Go time.Parse(time.RFC3339, value), as kubectl parses `--since-time`
 * (util.ParseRFC3339): a fraction after the seconds is accepted; returns epoch
 * milliseconds, or throws with Go's ParseError text, element by element.
 */
export function parseRfc3339(value: string): number {
  // The layout's elements in order: [layout text, kind]; literals must match as they are.
  const elements: Array<[string, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'zone' | 'literal']> = [
    ['2006', 'year'], ['-', 'literal'], ['01', 'month'], ['-', 'literal'], ['02', 'day'], ['T', 'literal'],
    ['15', 'hour'], [':', 'literal'], ['04', 'minute'], [':', 'literal'], ['05', 'second'], ['Z07:00', 'zone'],
  ];
  const digit = (s: string, i: number) => i < s.length && s[i]! >= '0' && s[i]! <= '9';
  // Go's getnum: one or two digits; exactly two when `fixed`.
  const num = (s: string, fixed: boolean): [number, string] | undefined => {
    if (!digit(s, 0)) return undefined;
    if (!digit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
    return [Number(s.slice(0, 2)), s.slice(2)];
  };
  const v: Record<string, number> = {};
  let zoneMs = 0;
  let fraction = 0;
  let rest = value;
  for (const [elem, kind] of elements) {
    if (kind === 'literal') {
      if (!rest.startsWith(elem)) throw rfc3339Error(value, rest, elem);
      rest = rest.slice(elem.length);
      continue;
    }
    const hold = rest;
    if (kind === 'year') {
      if (!/^\d{4}/.test(rest)) throw rfc3339Error(value, hold, elem);
      v.year = Number(rest.slice(0, 4));
      rest = rest.slice(4);
    } else if (kind === 'zone') {
      if (rest.startsWith('Z')) rest = rest.slice(1);
      else {
        if (rest.length < 6 || rest[3] !== ':' || (rest[0] !== '+' && rest[0] !== '-') || !/^\d\d$/.test(rest.slice(1, 3)) || !/^\d\d$/.test(rest.slice(4, 6))) throw rfc3339Error(value, hold, elem);
        zoneMs = (rest[0] === '-' ? -1 : 1) * (Number(rest.slice(1, 3)) * 60 + Number(rest.slice(4, 6))) * MINUTE;
        rest = rest.slice(6);
      }
    } else {
      const got = num(rest, kind !== 'hour');
      if (!got) throw rfc3339Error(value, hold, elem);
      [v[kind], rest] = got;
      const limits: Record<string, [number, number]> = { month: [1, 12], day: [0, 99], hour: [0, 23], minute: [0, 59], second: [0, 59] };
      const [lo, hi] = limits[kind]!;
      if (v[kind]! < lo || v[kind]! > hi) throw rfc3339Error(value, '', '', `: ${kind} out of range`);
      if (kind === 'second' && /^[.,]\d/.test(rest)) {
        const digits = /^[.,](\d+)/.exec(rest)![1]!;
        fraction = Number(`0.${digits}`) * SECOND;
        rest = rest.slice(digits.length + 1);
      }
    }
  }
  if (rest !== '') throw rfc3339Error(value, '', '', `: extra text: ${JSON.stringify(rest)}`);
  const daysInMonth = new Date(Date.UTC(v.year!, v.month!, 0)).getUTCDate();
  if (v.day! < 1 || v.day! > daysInMonth) throw rfc3339Error(value, '', '', ': day out of range');
  const utc = new Date(0);
  utc.setUTCFullYear(v.year!, v.month! - 1, v.day!);
  utc.setUTCHours(v.hour!, v.minute!, v.second!, 0);
  return utc.getTime() + Math.floor(fraction) - zoneMs;
}
