// The time frame `kubesim serve` presents to its clients.
//
// The cluster's timestamps are simulated time (src/cluster/clock.ts: frozen at
// a stored instant with the manual clock, machine time plus an offset with the
// wall clock). A real client computes ages from the machine's clock
// (kubectl's translateTimestampSince: time.Since(t)), so the server moves every
// timestamp it sends by (machine now - simulated now), and every timestamp a
// client sends back (an object's times on create/update/patch, a log's
// sinceTime) the other way: `now - timestamp` on the client is then the
// simulated age. Only real time fields move, chosen by name below; user data
// (annotations, ConfigMap and Secret data, a custom resource's own fields)
// never does.
import type { ClusterSession } from '../cluster/session.js';
import { isManualClock } from '../cluster/clock.js';
import { isBuiltIn, type ResourceInfo } from '../apiserver/resources.js';

const SECOND = 1000;

/**
 * The metav1.Time and metav1.MicroTime fields of the v1.32 API's built-in kinds,
 * by JSON name (test/unit/time-frame.test.ts checks it against every such field
 * of the generated protobuf schema):
 * - ObjectMeta creationTimestamp, deletionTimestamp; ManagedFieldsEntry time
 * - conditions: lastTransitionTime, lastProbeTime, lastHeartbeatTime, lastUpdateTime
 * - Pod and Job status startTime; container states startedAt, finishedAt
 * - core/v1 Event firstTimestamp, lastTimestamp, eventTime, series.lastObservedTime;
 *   events.k8s.io/v1 deprecatedFirstTimestamp, deprecatedLastTimestamp
 * - Lease acquireTime, renewTime; Job completionTime; CronJob lastScheduleTime,
 *   lastSuccessfulTime; HPA lastScaleTime; TokenRequest expirationTimestamp
 * - Taint timeAdded; PersistentVolume lastPhaseTransitionTime; PreferAvoidPodsEntry evictionTime
 */
export const TIME_FIELDS: ReadonlySet<string> = new Set([
  'creationTimestamp', 'deletionTimestamp', 'time',
  'lastTransitionTime', 'lastProbeTime', 'lastHeartbeatTime', 'lastUpdateTime',
  'startTime', 'startedAt', 'finishedAt',
  'firstTimestamp', 'lastTimestamp', 'eventTime', 'lastObservedTime', 'deprecatedFirstTimestamp', 'deprecatedLastTimestamp',
  'acquireTime', 'renewTime', 'completionTime', 'lastScheduleTime', 'lastSuccessfulTime', 'lastScaleTime', 'expirationTimestamp',
  'timeAdded', 'lastPhaseTransitionTime', 'evictionTime',
]);

/** Maps whose values are times (PodDisruptionBudget status.disruptedPods: pod name -> time). */
export const TIME_MAPS: ReadonlySet<string> = new Set(['disruptedPods']);

/** metrics.k8s.io's PodMetrics and NodeMetrics carry their scrape time as `timestamp` (`window` is a duration). */
const METRICS_TIME_FIELDS: ReadonlySet<string> = new Set([...TIME_FIELDS, 'timestamp']);

/** User data: never looked into, whatever its keys are named. */
export const USER_DATA_FIELDS: ReadonlySet<string> = new Set(['annotations', 'labels', 'data', 'binaryData', 'stringData']);

/**
 * Which rules apply to a resource's objects: a custom resource's schema is its
 * author's, so only its metadata moves.
 */
export type TimeScope = 'builtin' | 'metrics' | 'custom';

export function timeScope(r: ResourceInfo): TimeScope {
  if (r.group === 'metrics.k8s.io') return 'metrics';
  return isBuiltIn(r) ? 'builtin' : 'custom';
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `ts` moved by `shiftMs` (whole seconds), in UTC as Go marshals it, its
 * fraction (a MicroTime's microseconds) kept as written. Anything that is not
 * an RFC 3339 time is returned as it is.
 */
export function shiftTimestamp(ts: string, shiftMs: number): string {
  const m = RFC3339.exec(ts);
  if (!m) return ts;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return ts;
  return `${new Date(ms + shiftMs).toISOString().slice(0, 19)}${m[2] ?? ''}Z`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Copies `value` with its time fields moved (the same object when none is). */
function walk(value: unknown, shiftMs: number, fields: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((x, i) => {
      const y = walk(x, shiftMs, fields);
      if (y !== x) (out ??= value.slice())[i] = y;
    });
    return out ?? value;
  }
  if (!isRecord(value)) return value;
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(value)) {
    let y: unknown = x;
    if (USER_DATA_FIELDS.has(k)) continue;
    if (typeof x === 'string') y = fields.has(k) ? shiftTimestamp(x, shiftMs) : x;
    else if (TIME_MAPS.has(k) && isRecord(x)) y = Object.fromEntries(Object.entries(x).map(([n, t]) => [n, typeof t === 'string' ? shiftTimestamp(t, shiftMs) : t]));
    else y = walk(x, shiftMs, fields);
    if (y !== x) (out ??= { ...value })[k] = y;
  }
  return out ?? value;
}

/** A custom resource's object, list, Table or Status: only each object's metadata moves. */
function walkCustom(value: unknown, shiftMs: number): unknown {
  if (Array.isArray(value)) return value.map((x) => walkCustom(x, shiftMs));
  if (!isRecord(value)) return value;
  const out = { ...value };
  if (isRecord(value.metadata)) out.metadata = walk(value.metadata, shiftMs, TIME_FIELDS);
  if (Array.isArray(value.items)) out.items = walkCustom(value.items, shiftMs);
  if (Array.isArray(value.rows)) out.rows = value.rows.map((row) => (isRecord(row) ? { ...row, object: walkCustom(row.object, shiftMs) } : row));
  return out;
}

/** `body` (an object, a list, a Table, a Status) with its time fields moved by `shiftMs`. */
export function shiftTimes<T>(body: T, shiftMs: number, scope: TimeScope): T {
  if (shiftMs === 0) return body;
  if (scope === 'custom') return walkCustom(body, shiftMs) as T;
  return walk(body, shiftMs, scope === 'metrics' ? METRICS_TIME_FIELDS : TIME_FIELDS) as T;
}

/** Whether `body` holds a time field that `shiftTimes` would move. */
export function hasTimes(body: unknown, scope: TimeScope): boolean {
  return shiftTimes(body, SECOND, scope) !== body;
}

interface JsonPatchOp {
  op?: unknown;
  path?: unknown;
  value?: unknown;
}

/**
 * A JSON patch (RFC 6902) with its values' times moved: a value whose path ends
 * in a time field, or the time fields inside a value, unless the path goes
 * through user data.
 */
function shiftJsonPatch(ops: unknown[], shiftMs: number, scope: TimeScope): unknown[] {
  return ops.map((raw) => {
    const op = raw as JsonPatchOp;
    if (!isRecord(raw) || typeof op.path !== 'string' || !('value' in raw)) return raw;
    const segments = op.path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (segments.some((s) => USER_DATA_FIELDS.has(s))) return raw;
    if (scope === 'custom' && segments[0] !== 'metadata') return raw;
    const last = segments[segments.length - 1] ?? '';
    const fields = scope === 'metrics' ? METRICS_TIME_FIELDS : TIME_FIELDS;
    if (typeof op.value === 'string') return fields.has(last) || TIME_MAPS.has(segments[segments.length - 2] ?? '') ? { ...raw, value: shiftTimestamp(op.value, shiftMs) } : raw;
    const inner = scope === 'custom' ? walk(op.value, shiftMs, TIME_FIELDS) : shiftTimes(op.value, shiftMs, scope);
    return inner === op.value ? raw : { ...raw, value: inner };
  });
}

/** A request body as the client sent it (in the machine's frame), brought back to simulated time. */
export function fromClientFrame(body: unknown, shiftMs: number, scope: TimeScope): unknown {
  if (shiftMs === 0) return body;
  if (Array.isArray(body)) return shiftJsonPatch(body, -shiftMs, scope);
  return shiftTimes(body, -shiftMs, scope);
}

/** What the server needs of a session's clock to move times into the machine's frame. */
export interface SimClock {
  manual: boolean;
  /** The session's simulated now (the manual clock's frozen instant). */
  simNowMs: number;
  /** Wall clock: simulated time minus machine time. */
  offsetMs: number;
}

export function simClock(s: ClusterSession): SimClock {
  return { manual: isManualClock(), simNowMs: s.now, offsetMs: s.store.meta.clock.offsetMs };
}

/**
 * The shift into the machine's frame at machine instant `machineMs`: whole
 * seconds, so a whole-second timestamp stays one (metav1.Time has no
 * fraction), chosen as floor(machine) - floor(simulated) so that a client
 * reading the clock within the same machine second sees the simulated age
 * truncated as kubesim prints it: kubectl's HumanDuration truncates
 * `machineNow - (t + shift)` = `simNow - t` + the machine's sub-second phase,
 * which stays below one second while the client's clock is in that second.
 */
export function frameShiftMs(clock: SimClock, machineMs: number): number {
  const simMs = clock.manual ? clock.simNowMs : machineMs + clock.offsetMs;
  return (Math.floor(machineMs / SECOND) - Math.floor(simMs / SECOND)) * SECOND;
}

/**
 * How long before the end of a machine second a response is held back to the
 * next one. A client computes ages a little after the server chose the shift
 * (decoding, a second request of `describe`); if its clock has crossed into the
 * next second by then, every age it prints is one second too old. Holding
 * a response that falls in the last GUARD_MS of a second costs GUARD_MS / 2 on
 * GUARD_MS / 1000 of responses (20 ms on average).
 */
export const GUARD_MS = 200;

/** With the wall clock and a whole-second offset the shift is the same in every machine second. */
function steadyShift(clock: SimClock): boolean {
  return !clock.manual && clock.offsetMs % SECOND === 0;
}

/**
 * The machine instant to shift a response by, once no client reading it soon
 * can be in another machine second: a response in the last GUARD_MS of a second
 * waits for the next one.
 */
async function settledMachineNow(): Promise<number> {
  const now = Date.now();
  const phase = now % SECOND;
  if (phase < SECOND - GUARD_MS) return now;
  await new Promise((r) => setTimeout(r, SECOND - phase + 1));
  return Date.now();
}

/**
 * `body` in the machine's frame, for a client that may compute ages from it
 * (`ages`; a Table's cells are already rendered, so it needs no wait). Unless
 * the shift is steady, the response may wait for the next machine second (see
 * GUARD_MS) when it holds times.
 */
export async function toClientFrame<T>(body: T, clock: SimClock, scope: TimeScope, ages = true): Promise<T> {
  if (!ages || steadyShift(clock)) return shiftTimes(body, frameShiftMs(clock, Date.now()), scope);
  if (!hasTimes(body, scope)) return body;
  return shiftTimes(body, frameShiftMs(clock, await settledMachineNow()), scope);
}
