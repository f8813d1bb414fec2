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
}

/** Guards against a controller that keeps rescheduling itself at the same instant. */
const MAX_STEPS_PER_INSTANT = 100_000;

interface Entry extends Wakeup {
  /** Insertion order: ties in time run in the order they were scheduled. */
  seq: number;
}

const before = (a: Entry, b: Entry) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/**
 * The wake-up queue: a binary heap ordered by (time, insertion order) with an index of the one
 * pending wake-up per (controller, key). A wake-up replaced by an earlier one stays in the heap
 * until it surfaces and is dropped there (it is no longer the indexed one).
 */
class WakeupQueue {
  private heap: Entry[] = [];
  private readonly pending = new Map<string, Entry>();
  private seq = 0;

  constructor(initial: Wakeup[]) {
    // The stored queue is in order already; a sorted array is a valid heap.
    for (const w of initial) {
      const id = `${w.controller}\u0000${w.key}`;
      const known = this.pending.get(id);
      if (known && known.at <= w.at) continue;
      const e: Entry = { at: w.at, controller: w.controller, key: w.key, seq: this.seq++ };
      this.pending.set(id, e);
      this.push(e);
    }
  }

  get size(): number {
    return this.pending.size;
  }

  has(controller: string, key: string): boolean {
    return this.pending.has(`${controller}\u0000${key}`);
  }

  schedule(controller: string, key: string, at: number): void {
    const id = `${controller}\u0000${key}`;
    const known = this.pending.get(id);
    if (known && known.at <= at) return;
    const e: Entry = { at, controller, key, seq: this.seq++ };
    this.pending.set(id, e);
    this.push(e);
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
    this.pending.delete(`${top.controller}\u0000${top.key}`);
    return top;
  }

  /** The pending wake-ups in the order they will run (what meta.json stores). */
  toArray(): Wakeup[] {
    return [...this.pending.values()].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)).map(({ at, controller, key }) => ({ at, controller, key }));
  }

  private dropStale(): void {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.pending.get(`${top.controller}\u0000${top.key}`) === top) return;
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
  /** The simulated instant being processed. */
  now: number;
  /**
   * The instant the current catch-up runs to (runUntil's target): a controller may settle
   * whole spans of predictable activity up to it at once (the kubelet's crash-loop fast-forward).
   */
  horizon: number;
  private readonly byName = new Map<string, Controller>();
  private readonly watchers = new Map<string, Controller[]>();
  private queue: WakeupQueue;

  constructor(
    readonly store: Store,
    controllers: Controller[],
  ) {
    this.now = store.meta.processedUntil;
    this.horizon = this.now;
    for (const c of controllers) this.register(c);
    store.onChange((change) => this.notify(change));
    // meta.wakeups is the queue as stored: read from the heap when the meta is written (or read).
    this.queue = new WakeupQueue(store.meta.wakeups);
    Object.defineProperty(store.meta, 'wakeups', {
      enumerable: true,
      configurable: true,
      get: () => this.queue.toArray(),
      set: (v: Wakeup[]) => {
        this.queue = new WakeupQueue(v);
      },
    });
  }

  private register(c: Controller): void {
    this.byName.set(c.name, c);
    for (const resource of Object.keys(c.watches)) {
      const list = this.watchers.get(resource) ?? [];
      list.push(c);
      this.watchers.set(resource, list);
    }
  }

  private notify(change: Change): void {
    for (const c of this.watchers.get(change.resource) ?? []) {
      for (const key of c.watches[change.resource]!(change)) this.schedule(c.name, key, this.now);
    }
  }

  /** Asks `controller` to reconcile `key` at `at` (kept only if earlier than a pending one; ties run in the order scheduled). */
  schedule(controller: string, key: string, at: number): void {
    this.queue.schedule(controller, key, at);
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
      const next = this.queue.peek();
      if (!next || next.at > target) break;
      const wake = this.queue.shift()!;
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
