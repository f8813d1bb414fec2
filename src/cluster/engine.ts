// The engine: a simulated clock cursor and a queue of wake-ups. Controllers
// (scheduler, kubelets, workload controllers) are level-triggered: each
// reconcile looks at the current state of one object and schedules its own next
// wake-up, so catching up costs one step per state change, never one per tick.
import type { Change, Store, Wakeup } from '../store/store.js';

export interface Controller {
  name: string;
  /** Storage keys of the resources this controller watches, with the keys to reconcile on a change. */
  watches: Record<string, (change: Change) => string[]>;
  reconcile(key: string, engine: Engine): void;
  /** Called once the controller is attached to an engine. */
  attached?(engine: Engine): void;
}

/** Guards against a controller that keeps rescheduling itself at the same instant. */
const MAX_STEPS_PER_INSTANT = 100_000;

interface Entry extends Wakeup {
  /** Insertion order: ties in time run in the order they were scheduled. */
  seq: number;
}

interface Watcher {
  controller: string;
  watches: Controller['watches'];
  keys: (change: Change) => string[];
}

const before = (a: Entry, b: Entry) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/**
 * The wake-up queue: a binary heap ordered by (time, insertion order) with an index of the one
 * pending wake-up per (controller, key). A wake-up replaced by an earlier one stays in the heap
 * until it surfaces and is dropped there (it is no longer the indexed one).
 */
class WakeupQueue {
  private heap: Entry[] = [];
  /** The pending wake-up per controller and key (maps by controller: no joined key to build per look-up). */
  private readonly pending = new Map<string, Map<string, Entry>>();
  private count = 0;
  private seq = 0;

  constructor(initial: Wakeup[]) {
    // The stored queue is in order already; a sorted array is a valid heap.
    for (const w of initial) this.schedule(w.controller, w.key, w.at);
  }

  get size(): number {
    return this.count;
  }

  has(controller: string, key: string): boolean {
    return this.pending.get(controller)?.has(key) ?? false;
  }

  /** Returns whether the queue changed (false when an earlier or equal wake-up is pending). */
  schedule(controller: string, key: string, at: number): boolean {
    let byKey = this.pending.get(controller);
    if (!byKey) this.pending.set(controller, (byKey = new Map()));
    const known = byKey.get(key);
    if (known && known.at <= at) return false;
    if (!known) this.count++;
    const e: Entry = { at, controller, key, seq: this.seq++ };
    byKey.set(key, e);
    this.push(e);
    return true;
  }

  /** The earliest live wake-up, left in place. */
  peek(): Entry | undefined {
    this.dropStale();
    return this.heap[0];
  }

  /** Removes and returns the earliest live wake-up. */
  shift(): Entry | undefined {
    this.dropStale();
    const top = this.heap[0];
    if (!top) return undefined;
    this.pop();
    this.pending.get(top.controller)!.delete(top.key);
    this.count--;
    return top;
  }

  /** The pending wake-ups in the order they will run (what wakeups.json stores). */
  toArray(): Wakeup[] {
    const all: Entry[] = [];
    for (const byKey of this.pending.values()) for (const e of byKey.values()) all.push(e);
    return all.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)).map(({ at, controller, key }) => ({ at, controller, key }));
  }

  private dropStale(): void {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.pending.get(top.controller)?.get(top.key) === top) return;
      this.pop();
    }
  }

  private push(e: Entry): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(e, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = e;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
}

export class Engine {
  private cursor = 0;
  /** The simulated instant being processed (the store shows derived objects as of it). */
  get now(): number {
    return this.cursor;
  }
  set now(at: number) {
    this.cursor = at;
    this.store.now = at;
  }
  /** While set, the wake-ups one controller schedules for one key are kept here instead of queued. */
  private held?: { controller: string; key: string; at?: number };
  /**
   * The instant the current catch-up runs to (runUntil's target): a controller may settle
   * whole spans of predictable activity up to it at once (the kubelet's crash-loop fast-forward).
   */
  horizon: number;
  private readonly byName = new Map<string, Controller>();
  /** Per resource, who watches it and how its changes map to keys (looked up once, not per change). */
  private readonly watchers = new Map<string, Watcher[]>();
  /** Changes made before the controllers were attached: they are told when they are. */
  private unseen: Change[] | undefined = [];
  /**
   * The queue, read from the store on first need: a command that writes nothing and finds nothing
   * due (meta.nextWakeupAt says when) never reads it, however many wake-ups a big cluster holds.
   */
  private loaded?: WakeupQueue;
  /** Whether the loaded queue differs from the stored one. */
  private changed = false;

  /** Without `controllers`, attach them before anything is due (a session loads their code only when needed). */
  constructor(
    readonly store: Store,
    controllers?: Controller[],
  ) {
    this.now = store.meta.processedUntil;
    this.horizon = this.now;
    store.onChange((change) => (this.unseen ? this.unseen.push(change) : this.notify(change)));
    if (controllers) this.attach(controllers);
    store.beforeCommit(() => this.saveQueue());
    // meta.wakeups reads and replaces the whole queue (tests, repair); it is not stored in meta.json.
    Object.defineProperty(store.meta, 'wakeups', {
      enumerable: false,
      configurable: true,
      get: () => this.queue.toArray(),
      set: (v: Wakeup[]) => {
        this.loaded = new WakeupQueue(v);
        this.changed = true;
      },
    });
  }

  private get queue(): WakeupQueue {
    if (!this.loaded) {
      const stored = this.store.readWakeups();
      this.loaded = new WakeupQueue(stored.wakeups);
      this.changed = stored.legacy;
    }
    return this.loaded;
  }

  /** Hands a changed queue to the store, and the earliest instant to the meta, for the commit. */
  private saveQueue(): void {
    if (!this.loaded) return;
    if (this.changed) this.store.writeWakeups(this.loaded.toArray());
    this.changed = false;
    this.store.meta.nextWakeupAt = this.loaded.peek()?.at ?? null;
  }

  /** Registers the controllers and tells them of the changes made so far (time has not moved since). */
  attach(controllers: Controller[]): void {
    if (!this.unseen) throw new Error('the engine has its controllers already');
    for (const c of controllers) this.register(c);
    const unseen = this.unseen;
    this.unseen = undefined;
    for (const change of unseen) this.notify(change);
  }

  get attached(): boolean {
    return this.unseen === undefined;
  }

  /** Whether changes are waiting for controllers that are not attached yet. */
  hasUnseenChanges(): boolean {
    return (this.unseen?.length ?? 0) > 0;
  }

  private register(c: Controller): void {
    this.byName.set(c.name, c);
    c.attached?.(this);
    for (const [resource, keys] of Object.entries(c.watches)) {
      const list = this.watchers.get(resource) ?? [];
      list.push({ controller: c.name, watches: c.watches, keys });
      this.watchers.set(resource, list);
    }
  }

  private notify(change: Change): void {
    const list = this.watchers.get(change.resource);
    if (!list) return;
    for (const w of list) {
      for (const key of w.keys.call(w.watches, change)) this.schedule(w.controller, key, this.now);
    }
  }

  /** Asks `controller` to reconcile `key` at `at` (kept only if earlier than a pending one; ties run in the order scheduled). */
  schedule(controller: string, key: string, at: number): void {
    const held = this.held;
    if (held && held.controller === controller && held.key === key) {
      held.at = held.at === undefined ? at : Math.min(held.at, at);
      return;
    }
    if (this.queue.schedule(controller, key, at)) this.changed = true;
  }

  /**
   * Runs `fn`, keeping back the wake-ups it schedules for `controller` and `key`; returns the
   * earliest (a controller stepping one object through past instants on its own: the kubelet
   * unparking a loop).
   */
  holdWakeups(controller: string, key: string, fn: () => void): number | undefined {
    const outer = this.held;
    const held: { controller: string; key: string; at?: number } = { controller, key };
    this.held = held;
    try {
      fn();
    } finally {
      this.held = outer;
    }
    return held.at;
  }

  /** Whether `controller` has a wake-up pending for `key`. */
  isPending(controller: string, key: string): boolean {
    return this.queue.has(controller, key);
  }

  /** The number of pending wake-ups. */
  pendingCount(): number {
    return this.queue.size;
  }

  /** The time of the next pending wake-up, if any. */
  nextWakeup(): number | undefined {
    const stored = this.store.meta.nextWakeupAt;
    if (!this.loaded && stored !== undefined) return stored ?? undefined;
    return this.queue.peek()?.at;
  }

  /** Runs every wake-up due at or before `target`, in time order, then sets the cursor to `target`. */
  runUntil(target: number): void {
    const outer = this.horizon;
    this.horizon = Math.max(target, this.now);
    try {
      this.runDue(target);
    } finally {
      this.horizon = outer;
    }
  }

  /** The controller whose reconcile is running (the trail names who made a request). */
  running?: string;

  private runDue(target: number): void {
    let stepsAtInstant = 0;
    let instant = this.now;
    for (;;) {
      const next = this.nextWakeup();
      if (next === undefined || next > target) break;
      if (!this.attached) throw new Error('a wake-up is due but the controllers are not loaded (a read-only session moved time)');
      const wake = this.queue.shift();
      if (!wake) break;
      this.changed = true;
      if (wake.at > this.now) this.now = wake.at;
      if (this.now === instant) {
        if (++stepsAtInstant > MAX_STEPS_PER_INSTANT) throw new Error(`controller ${wake.controller} does not settle`);
      } else {
        instant = this.now;
        stepsAtInstant = 0;
      }
      const controller = this.byName.get(wake.controller);
      this.running = wake.controller;
      if (controller) controller.reconcile(wake.key, this);
      this.running = undefined;
    }
    if (target > this.now) this.now = target;
    this.store.meta.processedUntil = this.now;
  }
}
