// What `kubectl wait` checks (kubectl/pkg/cmd/wait): --for=delete, --for=create,
// --for=condition=NAME[=VALUE], --for=jsonpath='{expr}'[=VALUE].
import type { KObject } from '../types/k8s.js';
import { ClientError } from './command.js';
import type { ClusterSession } from '../cluster/session.js';
import { isManualClock } from '../cluster/clock.js';
import { evaluateJsonPathValues, goSprint, relaxedJsonPathExpression } from '../printers/jsonpath.js';

export type WaitCondition =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition'; name: string; status: string }
  | { kind: 'jsonpath'; expression: string; value?: string };

const JSONPATH_FORMAT = "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'";

/** Parses --for (conditionFuncFor). */
export function parseWaitFor(spec: string | undefined): WaitCondition {
  const s = spec ?? '';
  const lower = s.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (s.startsWith('condition=')) {
    let name = s.slice('condition='.length);
    let status = 'true';
    const eq = name.indexOf('=');
    if (eq >= 0) {
      status = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    return { kind: 'condition', name, status };
  }
  if (s.startsWith('jsonpath=')) {
    const input = s.slice('jsonpath='.length);
    // The value follows the `=` after the expression's closing brace (the expression may hold `==` filters).
    const close = input.lastIndexOf('}');
    const eq = input.indexOf('=', close + 1);
    const exprText = eq >= 0 ? input.slice(0, eq) : input;
    let expression: string;
    try {
      expression = relaxedJsonPathExpression(exprText.replace(/^['"]|['"]$/g, ''));
    } catch (e) {
      throw new ClientError((e as Error).message);
    }
    if (expression === '') throw new ClientError('jsonpath expression cannot be empty');
    if (eq < 0) return { kind: 'jsonpath', expression };
    const rest = input.slice(eq + 1);
    if (rest.includes('=')) throw new ClientError(JSONPATH_FORMAT);
    const value = rest.replace(/^['"]+|['"]+$/g, '');
    if (value === '') throw new ClientError('jsonpath wait has to have a value after equal sign');
    return { kind: 'jsonpath', expression, value };
  }
  throw new ClientError(`unrecognized condition: ${JSON.stringify(s)}`);
}

interface CondLike {
  type?: string;
  status?: string;
  observedGeneration?: number;
}

/** Whether an existing object satisfies a condition or jsonpath wait; throws on a jsonpath that cannot be compared. */
export function conditionMet(obj: KObject, cond: WaitCondition): boolean {
  if (cond.kind === 'delete') return false;
  if (cond.kind === 'create') return true;
  if (cond.kind === 'condition') {
    const status = (obj as { status?: { conditions?: CondLike[]; observedGeneration?: number } }).status;
    const generation = obj.metadata.generation;
    for (const c of status?.conditions ?? []) {
      if ((c.type ?? '').toLowerCase() !== cond.name.toLowerCase()) continue;
      // A condition about an older generation does not count yet.
      const observed = c.observedGeneration ?? status?.observedGeneration;
      if (generation !== undefined && observed !== undefined && observed < generation) return false;
      return (c.status ?? '').toLowerCase() === cond.status.toLowerCase();
    }
    return false;
  }
  let results: unknown[][];
  try {
    results = evaluateJsonPathValues(cond.expression, obj, { allowMissingKeys: true });
  } catch (e) {
    throw new ClientError((e as Error).message);
  }
  if (results.length === 0 || results[0]!.length === 0) return false;
  if (results.length > 1) throw new ClientError('given jsonpath expression matches more than one list');
  if (results[0]!.length > 1) throw new ClientError('given jsonpath expression matches more than one value');
  if (cond.value === undefined) return true;
  const v = results[0]![0];
  if (v !== null && typeof v === 'object' && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype)) {
    throw new ClientError('jsonpath leads to a nested object or list which is not supported');
  }
  return goSprint(v).trim() === cond.value.trim();
}

/** --timeout: 0 checks once, a negative value waits a week (kubectl's rule). */
export function waitTimeoutMs(ms: number): number {
  return ms < 0 ? 7 * 24 * 3600_000 : ms;
}

/** Where a waiting command's deadline stands: set by its first wait, shared by the next ones. */
export interface WaitDeadline {
  /** Simulated instant (manual clock) or wall-clock instant (wall clock), in epoch ms. */
  at?: number;
}

/** How often a waiting command looks again with the wall clock (as the wall-clock watch polls). */
export const WAIT_POLL_MS = 200;

/**
 * What a waiting command (`wait`, `delete`) does until `check` holds or the deadline passes.
 * With KUBESIM_CLOCK=manual simulated time passes inside one session, wake-up by wake-up
 * (ClusterSession.waitFor), so scripts stay deterministic. With the wall clock simulated time
 * follows the wall clock, so the command really waits: it looks in a short session every
 * WAIT_POLL_MS and lets other commands and the daemon take the lock in between; it never moves
 * the clock offset (that would put the cluster ahead of the learner's clock for good).
 */
export async function waitUntil(
  open: <T>(fn: (s: ClusterSession) => T) => Promise<T>,
  check: (s: ClusterSession) => boolean,
  timeoutMs: number,
  deadline: WaitDeadline = {},
  manual = isManualClock(),
): Promise<boolean> {
  if (manual) {
    return open((s) => {
      deadline.at ??= s.now + timeoutMs;
      const at = deadline.at;
      return s.waitFor(() => check(s), Math.max(0, at - s.now));
    });
  }
  deadline.at ??= Date.now() + timeoutMs;
  for (;;) {
    if (await open((s) => check(s))) return true;
    const left = deadline.at - Date.now();
    if (left <= 0) return false;
    await new Promise((r) => setTimeout(r, Math.min(WAIT_POLL_MS, left)));
  }
}

/**
 * A client loop that acts every `intervalMs` (kubectl's drain: a poll a second while pods
 * terminate, evictions retried after 5 s): `tick` runs at once and then once an interval until it
 * returns true or `timeoutMs` has passed (false then). With KUBESIM_CLOCK=manual the ticks run
 * in one session and simulated time moves by the interval between them; with the wall clock each
 * tick is a short session and the command really sleeps in between, as waitUntil does.
 */
export async function pollEvery(
  open: <T>(fn: (s: ClusterSession) => T) => Promise<T>,
  intervalMs: number,
  tick: (s: ClusterSession) => boolean,
  timeoutMs: number,
  manual = isManualClock(),
): Promise<boolean> {
  if (manual) {
    return open((s) => {
      const deadline = s.now + timeoutMs;
      for (;;) {
        if (tick(s)) return true;
        if (s.now + intervalMs > deadline) return false;
        s.advance(intervalMs);
      }
    });
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await open((s) => tick(s))) return true;
    if (Date.now() + intervalMs > deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
