// Parked crash loops: a steady crash loop kept as a formula instead of being stepped or jumped.
//
// A pod whose one container repeats the same cycle for ever (runs, exits or is killed by its
// liveness probe, waits out the 5-minute back-off, restarts) changes only in ways that are
// arithmetic in time: its restart count, the start and exit of the running and the last
// instance, its Ready condition, and the count and last time of the events each cycle records.
// Once the kubelet has proven such a loop steady it parks it: it stores the loop's parameters
// here (state/objects/_loops/<namespace>.json) and stops syncing the pod. The store then shows
// the pod and its events as of its current instant (an overlay, src/store/store.ts), so a
// catch-up over a parked loop reads and writes none of the pod, its record or its events, and
// costs the same for a day or a month. The kubelet wakes only at the last cycle's transitions
// before a catch-up's horizon, to show them to the controllers that count ready pods, and unparks
// the pod (steps it from when it was parked to now, docs/architecture.md) as soon as anything else
// touches it: a write to the pod or its events, an exec, a log read, a watcher.
//
// This module is pure (no engine, no kubelet): readers load it with the store.
import type { Condition, ContainerStatus, Event, KObject, Pod } from '../types/k8s.js';
import { rfc3339 } from '../util/duration.js';
import { registerOverlay } from '../store/store.js';

/** The store's internal resource holding the parked loops, one object per pod (named as the pod). */
export const PARKED_LOOPS = '_loops';
/**
 * Beside them, one object per namespace (`revisions`): the resourceVersion each parked pod (and its
 * events) got when its last change was shown, so showing one rewrites a few bytes, not the loops.
 */
export const LOOP_REVISIONS = '_looprevs';
export const REVISIONS = 'revisions';

export interface LoopRevisions extends KObject {
  revisions: Record<string, string>;
}

/**
 * When a parked loop's event happens again: `[first, n, step]` is n occurrences `step` ms apart
 * from `first`, repeated every period.
 */
export type Occurrences = [first: number, n: number, step: number];

export interface EventFormula {
  /** The event object's name. */
  name: string;
  /** Its count and lastTimestamp when the loop was parked. */
  count: number;
  last: string;
  /** Occurrences up to this instant are in `count` already. */
  since: number;
  runs: Occurrences[];
}

/** One instance of the looping container: when it started and exited, its restart count and ID. */
export interface Instance {
  start: number;
  finish: number;
  restarts: number;
  id: string;
}

export interface ParkedLoop extends KObject {
  podUid: string;
  container: string;
  /** The instance that ran last before the loop was parked (its exit began the wait then). */
  start: number;
  finish: number;
  restarts: number;
  id: string;
  exitCode: number;
  reason: string;
  /** Seed of the instances' container IDs (the pod record's start time). */
  seed: string;
  /** One cycle: start to start. `run`: start to exit; the kubelet sees the exit `settle` ms later. */
  period: number;
  run: number;
  settle: number;
  /** The container's waiting state during the back-off. */
  waiting: { message: string; reason: string };
  /** The Ready and ContainersReady conditions while it waits: reason, message, time minus the exit. */
  unready: { reason?: string; message?: string; lag: number };
  /** When the loop was parked, and the kubelet's next wake-up then (unparking steps from there). */
  parkedAt: number;
  wake: number;
  /** The pod's resourceVersion when parked (each change shown since has its own: LOOP_REVISIONS). */
  rv: string;
  events: EventFormula[];
}

/**
 * Each container's identity (pod, container, the record's start) hashed to eight words: two
 * independent 32-bit hashes in one pass over it (FNV-1a, and a multiply-rotate one), spread to
 * eight words by mixing (a catch-up hashes thousands of identities: one pass each, not eight).
 */
const containerHashes = new Map<string, Uint32Array>();

function containerHash(identity: string): Uint32Array {
  let words = containerHashes.get(identity);
  if (!words) {
    if (containerHashes.size >= 10_000) containerHashes.clear();
    let a = 0x811c9dc5;
    let b = 0x2545f491;
    for (let i = 0; i < identity.length; i++) {
      const c = identity.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul((b << 5) | (b >>> 27), 0x5bd1e995) ^ c;
    }
    words = new Uint32Array(8);
    for (let w = 0; w < 8; w++) words[w] = mix32(a ^ Math.imul(w + 1, 0x9e3779b1)) ^ mix32(b + Math.imul(w + 1, 0x85ebca6b));
    containerHashes.set(identity, words);
  }
  return words;
}

/** murmur3's finalizer: every bit of the result depends on every bit of `h`. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const idBytes = Buffer.alloc(32);

/**
 * The container ID of an instance: 64 hex digits that look random and are the same whoever
 * computes them (stepping, a jump, a parked loop's formula): the container's identity hashed once,
 * mixed with the restart count per instance. (Not a cryptographic hash: nothing relies on it.)
 */
export function instanceId(podUid: string, container: string, seed: string | undefined, restarts: number): string {
  return idOf(containerHash(`${podUid}/${container}/${seed ?? ''}`), restarts);
}

function idOf(base: Uint32Array, restarts: number): string {
  for (let i = 0; i < 8; i++) idBytes.writeUInt32BE(mix32(base[i]! ^ Math.imul(restarts + 1, 0x9e3779b1) ^ Math.imul(i + 1, 0x27d4eb2f)), 4 * i);
  return `containerd://${idBytes.toString('hex')}`;
}

/** The IDs of a loop's instances already made (a pod is shown at its two or three instants of a cycle), and its container's hash. */
const idsOf = new WeakMap<ParkedLoop, { base: Uint32Array; ids: Map<number, string> }>();

/** Instance `j` of the loop: -1 is the one before parking, 0 the first one after. */
export function instance(loop: ParkedLoop, j: number): Instance {
  if (j < 0) return { start: loop.start, finish: loop.finish, restarts: loop.restarts, id: loop.id };
  const shift = (j + 1) * loop.period;
  const restarts = loop.restarts + 1 + j;
  let known = idsOf.get(loop);
  if (!known) idsOf.set(loop, (known = { base: containerHash(`${loop.podUid}/${loop.container}/${loop.seed}`), ids: new Map() }));
  let id = known.ids.get(j);
  if (id === undefined) known.ids.set(j, (id = idOf(known.base, restarts)));
  return { start: loop.start + shift, finish: loop.finish + shift, restarts, id };
}

/**
 * A cycle as the pod's status shows it: the instance runs (Ready), it has exited (terminated, not
 * Ready, until the kubelet acts on the exit `settle` ms later), it waits out the back-off.
 */
export type LoopPhase = 'running' | 'exited' | 'waiting';

/** Which instance is the current one at `now`, and in which phase of its cycle. */
export function phaseAt(loop: ParkedLoop, now: number): { j: number; phase: LoopPhase } {
  const first = loop.start + loop.period;
  if (now < first) return { j: -1, phase: 'waiting' };
  const j = Math.floor((now - first) / loop.period);
  const into = now - first - j * loop.period;
  return { j, phase: into < loop.run ? 'running' : into < loop.run + loop.settle ? 'exited' : 'waiting' };
}

/** The instants at which the pod's status changes in cycle j: its instance starts (Ready) and exits (not Ready). */
function cycleTransitions(loop: ParkedLoop, j: number): [start: number, exit: number] {
  const start = loop.start + (j + 1) * loop.period;
  return [start, start + loop.run];
}

/** The first instant after `now` at which the pod's status changes. */
export function nextTransition(loop: ParkedLoop, now: number): number {
  const { j } = phaseAt(loop, now);
  return [...cycleTransitions(loop, j), ...cycleTransitions(loop, j + 1)].find((t) => t > now)!;
}

/**
 * The transitions of the last cycle up to `now`, in time order: its start and, once it has
 * exited, its exit; while it runs, the previous cycle's exit before its start. What the
 * controllers counting ready pods must see of a stretch of cycles skipped at once. (Watchers see
 * every change: while one records, loops are not parked; see the kubelet.)
 */
export function lastTransitions(loop: ParkedLoop, now: number): number[] {
  const { j } = phaseAt(loop, now);
  if (j < 0) return [];
  const current = cycleTransitions(loop, j).filter((t) => t <= now);
  if (current.length === 1 && j > 0) return [cycleTransitions(loop, j - 1)[1], ...current];
  return current;
}

/**
 * The shows a catch-up owes a namespace's parked loops: which pods change at which instant up to
 * the horizon (each loop's lastTransitions), and the first change after it (when the next
 * catch-up's shows begin). The kubelet wakes once per instant for all of them, not once per pod.
 */
export class ShowPlan {
  private readonly byInstant = new Map<number, string[]>();
  /** The instants with shows, in time order (sorted again when a parking adds one); those before `head` are past. */
  private instants: number[] = [];
  private head = 0;
  private sorted = true;
  /** The first transition of any loop after the horizon. */
  private after = Infinity;

  constructor(readonly horizon: number) {}

  /** Adds the loop's transitions from `from` up to the horizon, and its first one after. */
  add(loop: ParkedLoop, from: number): void {
    for (const t of lastTransitions(loop, this.horizon)) {
      if (t < from) continue;
      const names = this.byInstant.get(t);
      if (names) names.push(loop.metadata.name!);
      else {
        this.byInstant.set(t, [loop.metadata.name!]);
        this.sorted &&= this.instants.length === 0 || t > this.instants[this.instants.length - 1]!;
        this.instants.push(t);
      }
    }
    this.after = Math.min(this.after, nextTransition(loop, this.horizon));
  }

  /** The pods whose change is due at `now` (each is taken once). */
  take(now: number): string[] {
    const names = this.byInstant.get(now) ?? [];
    this.byInstant.delete(now);
    return names;
  }

  /** The next instant after `now` with a show, or the first transition after the horizon. */
  next(now: number): number {
    if (!this.sorted) {
      this.instants = this.instants.slice(this.head).sort((a, b) => a - b);
      this.head = 0;
      this.sorted = true;
    }
    const at = this.instants;
    while (this.head < at.length && (at[this.head]! <= now || !this.byInstant.has(at[this.head]!))) this.head++;
    return at[this.head] ?? this.after;
  }
}

const terminated = (loop: ParkedLoop, x: Instance) => ({
  containerID: x.id,
  exitCode: loop.exitCode,
  finishedAt: rfc3339(x.finish),
  reason: loop.reason,
  startedAt: rfc3339(x.start),
});

/** What a loop's pod shows in one phase of one instance: its container's varying fields and its readiness conditions. */
interface Shown {
  epoch: number;
  container: Pick<ContainerStatus, 'containerID' | 'lastState' | 'ready' | 'restartCount' | 'started' | 'state'>;
  ready: Condition;
  containersReady: Condition;
}

/** The last two phases each loop was shown in (a change shows the phase before it and the phase after it). */
const shownOf = new WeakMap<ParkedLoop, Shown[]>();

/** The phase of the loop at `now` as one number: the pod as shown changes only when it does. */
function epochAt(j: number, phase: LoopPhase): number {
  return 3 * j + (phase === 'running' ? 0 : phase === 'exited' ? 1 : 2);
}

function readiness(loop: ParkedLoop, current: Instance, running: boolean, type: string): Condition {
  if (running) return { lastProbeTime: null, lastTransitionTime: rfc3339(current.start), status: 'True', type };
  const c: Condition = { lastProbeTime: null, lastTransitionTime: rfc3339(current.finish + loop.unready.lag), status: 'False', type };
  if (loop.unready.reason) c.reason = loop.unready.reason;
  if (loop.unready.message) c.message = loop.unready.message;
  return c;
}

function shown(loop: ParkedLoop, now: number): Shown {
  const { j, phase } = phaseAt(loop, now);
  const epoch = epochAt(j, phase);
  let recent = shownOf.get(loop);
  if (recent) {
    if (recent[0]!.epoch === epoch) return recent[0]!;
    if (recent[1]?.epoch === epoch) return recent[1];
  }
  const running = phase === 'running';
  const current = instance(loop, j);
  const made: Shown = {
    epoch,
    container: {
      containerID: current.id,
      lastState: { terminated: terminated(loop, phase === 'waiting' ? current : instance(loop, j - 1)) },
      ready: running,
      restartCount: current.restarts,
      started: running,
      state: running ? { running: { startedAt: rfc3339(current.start) } } : phase === 'exited' ? { terminated: terminated(loop, current) } : { waiting: { message: loop.waiting.message, reason: loop.waiting.reason } },
    },
    ready: readiness(loop, current, running, 'Ready'),
    containersReady: readiness(loop, current, running, 'ContainersReady'),
  };
  if (!recent) shownOf.set(loop, (recent = [made]));
  else recent.splice(0, 2, made, recent[0]!);
  return made;
}

/**
 * The pod's status at `now`: its container status and its Ready and ContainersReady conditions
 * (new objects, shared with other copies shown in the same phase: status parts are never changed
 * in place).
 */
export function applyLoopToPod(pod: Pod, loop: ParkedLoop, now: number, rv = loop.rv): void {
  const status = pod.status;
  const statuses = status?.containerStatuses;
  const at = statuses?.findIndex((s) => s.name === loop.container) ?? -1;
  if (!status || !statuses || at < 0) return;
  const phase = shown(loop, now);
  const cs: ContainerStatus = { ...statuses[at]!, ...phase.container };
  status.containerStatuses = statuses.map((s, i) => (i === at ? cs : s));
  if (status.conditions) status.conditions = status.conditions.map((c) => (c.type === 'Ready' ? phase.ready : c.type === 'ContainersReady' ? phase.containersReady : c));
  pod.metadata.resourceVersion = newer(pod.metadata.resourceVersion, rv);
}

/** How many of `x + k * period` (k >= 0) fall at or before `t`. */
const upTo = (x: number, period: number, t: number) => (t < x ? 0 : Math.floor((t - x) / period) + 1);

/** An event's count and lastTimestamp at `now`. */
export function applyLoopToEvent(ev: Event, f: EventFormula, period: number, now: number, rv?: string): void {
  let count = f.count;
  let last = -Infinity;
  for (const [first, n, step] of f.runs) {
    for (let i = 0; i < n; i++) {
      const x = first + i * step;
      const k = upTo(x, period, now);
      const more = k - upTo(x, period, f.since);
      if (more <= 0) continue;
      count += more;
      last = Math.max(last, x + (k - 1) * period);
    }
  }
  ev.count = count;
  ev.lastTimestamp = last === -Infinity ? f.last : rfc3339(last);
  if (rv) ev.metadata.resourceVersion = newer(ev.metadata.resourceVersion, rv);
}

/** The later of two resourceVersions (a write after the loop's last shown change keeps its own). */
function newer(a: string | undefined, b: string): string {
  return a !== undefined && Number(a) > Number(b) ? a : b;
}

/** The resourceVersion of the loop's last shown change, if it has shown one. */
function shownRevision(loop: ParkedLoop, sibling: (resource: string, name: string) => KObject | undefined): string | undefined {
  return (sibling(LOOP_REVISIONS, REVISIONS) as LoopRevisions | undefined)?.revisions[loop.metadata.name!];
}

/** A parked loop's event formula, with the loop (its period). */
interface LoopEvent {
  loop: ParkedLoop;
  f: EventFormula;
}

/** Makes the store show pods and events of parked loops as of its current instant. */
export function registerParkedLoops(): void {
  registerOverlay<ParkedLoop>('pods', {
    source: PARKED_LOOPS,
    entries: (loop) => [[loop.metadata.name!, loop as ParkedLoop]],
    apply: (pod, loop, now, sibling) => {
      if (pod.metadata.uid === loop.podUid) applyLoopToPod(pod as Pod, loop, now, shownRevision(loop, sibling) ?? loop.rv);
    },
    // The pod changes with the instance and its phase, not with every instant (its resourceVersion
    // changes only when a change is shown: at a phase's start).
    epoch: (loop, now) => {
      const { j, phase } = phaseAt(loop, now);
      return epochAt(j, phase);
    },
  });
  registerOverlay<LoopEvent>('events', {
    source: PARKED_LOOPS,
    entries: (loop) => (loop as ParkedLoop).events.map((f) => [f.name, { loop: loop as ParkedLoop, f }]),
    apply: (ev, { loop, f }, now, sibling) => applyLoopToEvent(ev as Event, f, loop.period, now, shownRevision(loop, sibling)),
  });
}
