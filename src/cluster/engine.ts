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

export class Engine {
  /** The simulated instant being processed. */
  now: number;
  private readonly byName = new Map<string, Controller>();
  private readonly watchers = new Map<string, Controller[]>();

  constructor(
    readonly store: Store,
    controllers: Controller[],
  ) {
    this.now = store.meta.processedUntil;
    for (const c of controllers) this.register(c);
    store.onChange((change) => this.notify(change));
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

  /** Asks `controller` to reconcile `key` at `at` (kept only if earlier than a pending one). */
  schedule(controller: string, key: string, at: number): void {
    const queue = this.store.meta.wakeups;
    const i = queue.findIndex((w) => w.controller === controller && w.key === key);
    if (i >= 0) {
      if (queue[i]!.at <= at) return;
      queue.splice(i, 1);
    }
    const wake: Wakeup = { at, controller, key };
    // Keep the queue sorted by time; ties keep insertion order.
    let pos = queue.length;
    while (pos > 0 && queue[pos - 1]!.at > at) pos--;
    queue.splice(pos, 0, wake);
  }

  /** The time of the next pending wake-up, if any. */
  nextWakeup(): number | undefined {
    return this.store.meta.wakeups[0]?.at;
  }

  /** Runs every wake-up due at or before `target`, in time order, then sets the cursor to `target`. */
  runUntil(target: number): void {
    const queue = this.store.meta.wakeups;
    let stepsAtInstant = 0;
    let instant = this.now;
    while (queue.length > 0 && queue[0]!.at <= target) {
      const wake = queue.shift()!;
      if (wake.at > this.now) this.now = wake.at;
      if (this.now === instant) {
        if (++stepsAtInstant > MAX_STEPS_PER_INSTANT) throw new Error(`controller ${wake.controller} does not settle`);
      } else {
        instant = this.now;
        stepsAtInstant = 0;
      }
      const controller = this.byName.get(wake.controller);
      if (controller) controller.reconcile(wake.key, this);
    }
    if (target > this.now) this.now = target;
    this.store.meta.processedUntil = this.now;
  }
}
