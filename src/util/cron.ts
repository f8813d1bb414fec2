// Cron schedules as the CronJob controller reads them: robfig/cron v3's
// ParseStandard (5 fields minute hour day-of-month month day-of-week, `*`, `?`,
// ranges, steps, lists, month and weekday names, the @yearly.. @hourly
// descriptors and `@every DURATION`), with the error texts the API server
// returns, and SpecSchedule.Next's search evaluated in an IANA time zone.
import { parseDuration } from './duration.js';

export interface Schedule {
  /** The first activation strictly after `t` (ms since the epoch); undefined when there is none within 5 years. */
  next(t: number): number | undefined;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const STAR = 2n ** 63n;
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export class CronParseError extends Error {}

function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new CronParseError(`failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n < 0) throw new CronParseError(`negative number (${n}) not allowed: ${s}`);
  return n;
}

function intOrName(s: string, names?: Record<string, number>): number {
  const named = names?.[s.toLowerCase()];
  return named !== undefined ? named : atoi(s);
}

function bits(min: number, max: number, step: number): bigint {
  let b = 0n;
  for (let i = min; i <= max; i += step) b |= 1n << BigInt(i);
  return b;
}

function getRange(expr: string, r: Bounds): bigint {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let extra = 0n;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    extra = STAR;
  } else {
    start = intOrName(lowAndHigh[0]!, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = intOrName(lowAndHigh[1]!, r.names);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step: number;
  if (rangeAndStep.length === 1) step = 1;
  else if (rangeAndStep.length === 2) {
    step = atoi(rangeAndStep[1]!);
    if (singleDigit) end = r.max;
    if (step > 1) extra = 0n;
  } else throw new CronParseError(`too many slashes: ${expr}`);
  if (start < r.min) throw new CronParseError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronParseError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  return bits(start, end, step) | extra;
}

function getField(field: string, r: Bounds): bigint {
  let b = 0n;
  for (const expr of field.split(',')) b |= getRange(expr, r);
  return b;
}

/** The wall clock of an instant in a zone (Go's t.In(loc) fields). */
export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether `tz` names a zone this runtime knows (Go's time.LoadLocation succeeding). */
export function validTimeZone(tz: string): boolean {
  if (tz === '' || tz === 'UTC') return true;
  if (tz.toLowerCase() === 'local') return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export function wallClock(t: number, tz: string | undefined): Wall {
  if (!tz || tz === 'UTC') {
    const d = new Date(t);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay() };
  }
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const w = { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
  return { ...w, weekday: new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() };
}

/** The zone's offset from UTC at instant `t`, in ms. */
function offsetAt(t: number, tz: string | undefined): number {
  if (!tz || tz === 'UTC') return 0;
  const w = wallClock(t, tz);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(t / 1000) * 1000;
}

/** The instant of a wall-clock time in a zone (Go's time.Date; fields may overflow, as there). */
export function fromWall(year: number, month: number, day: number, hour: number, minute: number, tz: string | undefined): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (!tz || tz === 'UTC') return asUtc;
  let t = asUtc - offsetAt(asUtc, tz);
  const o2 = offsetAt(t, tz);
  if (asUtc - o2 !== t) {
    const t2 = asUtc - o2;
    // In a gap (spring forward) neither guess round-trips; Go then uses the offset before the change.
    if (offsetAt(t2, tz) === o2) t = t2;
  }
  return t;
}

class SpecSchedule implements Schedule {
  constructor(
    private readonly minute: bigint,
    private readonly hour: bigint,
    private readonly dom: bigint,
    private readonly month: bigint,
    private readonly dow: bigint,
    private readonly tz: string | undefined,
  ) {}

  private has(set: bigint, v: number): boolean {
    return ((1n << BigInt(v)) & set) !== 0n;
  }

  private dayMatches(w: Wall): boolean {
    const domMatch = this.has(this.dom, w.day);
    const dowMatch = this.has(this.dow, w.weekday);
    if ((this.dom & STAR) !== 0n || (this.dow & STAR) !== 0n) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  next(from: number): number | undefined {
    const tz = this.tz;
    // The upcoming second.
    let t = Math.floor(from / 1000) * 1000 + 1000;
    let added = false;
    let w = wallClock(t, tz);
    const yearLimit = w.year + 5;
    for (;;) {
      w = wallClock(t, tz);
      if (w.year > yearLimit) return undefined;
      if (!this.has(this.month, w.month)) {
        added = true;
        t = fromWall(w.year, w.month + 1, 1, 0, 0, tz);
        continue;
      }
      if (!this.dayMatches(w)) {
        added = true;
        t = fromWall(w.year, w.month, w.day + 1, 0, 0, tz);
        continue;
      }
      if (!this.has(this.hour, w.hour)) {
        if (!added) {
          added = true;
          t = fromWall(w.year, w.month, w.day, w.hour, 0, tz);
        }
        t += 3_600_000;
        continue;
      }
      if (!this.has(this.minute, w.minute)) {
        if (!added) {
          added = true;
          t = Math.floor(t / 60_000) * 60_000;
        }
        t += 60_000;
        continue;
      }
      if (w.second !== 0) {
        added = true;
        t = Math.floor(t / 60_000) * 60_000 + 60_000;
        continue;
      }
      return t;
    }
  }
}

class ConstantDelay implements Schedule {
  constructor(private readonly delayMs: number) {}
  next(t: number): number {
    return Math.floor(t / 1000) * 1000 + this.delayMs;
  }
}

/**
 * cron.ParseStandard, with the schedule evaluated in `timeZone` (the CronJob's
 * spec.timeZone; UTC when unset, the kube-controller-manager's zone in kind).
 * Throws CronParseError with robfig's message.
 */
export function parseSchedule(spec: string, timeZone?: string): Schedule {
  let s = spec;
  if (s.length === 0) throw new CronParseError('empty spec string');
  let tz = timeZone;
  const tzPrefix = /^(?:CRON_TZ|TZ)=/.exec(s);
  if (tzPrefix) {
    const i = s.indexOf(' ');
    const name = s.slice(tzPrefix[0].length, i < 0 ? undefined : i);
    if (!validTimeZone(name)) throw new CronParseError(`provided bad location ${name}: unknown time zone ${name}`);
    tz = name;
    s = i < 0 ? '' : s.slice(i).trim();
  }
  if (s.startsWith('@')) {
    if (DESCRIPTORS[s]) s = DESCRIPTORS[s];
    else if (s.startsWith('@every ')) {
      let d: number;
      try {
        d = parseDuration(s.slice('@every '.length));
      } catch (e) {
        // robfig/cron's parser: fmt.Errorf("failed to parse duration %s: %s", descriptor, err)
        throw new CronParseError(`failed to parse duration ${s}: ${(e as Error).message}`);
      }
      if (d < 1000) d = 1000;
      return new ConstantDelay(d - (d % 1000));
    } else throw new CronParseError(`unrecognized descriptor: ${s}`);
  }
  const fields = s.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  return new SpecSchedule(
    getField(fields[0]!, MINUTES),
    getField(fields[1]!, HOURS),
    getField(fields[2]!, DOM),
    getField(fields[3]!, MONTHS),
    getField(fields[4]!, DOW),
    tz && tz !== 'UTC' ? tz : undefined,
  );
}
