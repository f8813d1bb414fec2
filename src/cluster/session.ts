// A cluster session: lock -> load -> catch up to now -> do -> settle -> save -> unlock.
// Every command that touches the cluster runs inside one.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { Store, type Meta } from '../store/store.js';
import { acquireLock } from '../store/lock.js';
import { attachJournal } from '../store/journal.js';
import { attachTrail } from './trace.js';
import { Engine, type Controller } from './engine.js';
import { initialClock, isManualClock, simulatedNow } from './clock.js';
import { ApiServer, ADMIN_USER, SYSTEM_USER, type UserInfo } from '../apiserver/api.js';
import { bootstrapCluster, BOOTSTRAP_LEAD_MS } from './bootstrap.js';
import { scheduler } from './scheduler.js';
import { kubelet } from './kubelet.js';
import { namespaceController } from './namespaces.js';
import { WORKLOAD_CONTROLLERS } from './controllers/index.js';
import { writeDefaultKubeconfig } from '../client/kubeconfig.js';
import { AUTH_CONTROLLERS } from '../apiserver/auth/controllers.js';
import { registerEventExpiry, registerHeartbeats } from './heartbeats.js';
import { sweepExpiredEvents } from './events.js';
import { staticPods } from './static-pods.js';
import { attachClusterNetwork } from './network.js';
import { discoverFromDisk, discoverFromStore } from '../apiserver/crd.js';
import './addons/index.js'; // the add-ons' in-process webhook servers

registerHeartbeats();
registerEventExpiry();

/** The controllers of the embedded control plane and the nodes, in registration order. */
export const CONTROLLERS: Controller[] = [namespaceController, scheduler, kubelet, staticPods, ...WORKLOAD_CONTROLLERS, ...AUTH_CONTROLLERS];

export function kubesimHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBESIM_HOME || join(homedir(), '.kubesim');
}

export const stateDir = (home: string) => join(home, 'state');

// Custom resources typed before a session opens (`get gmsacredentialspecs`) are looked up in the stored CRDs.
discoverFromDisk(stateDir(kubesimHome()));

export interface ClusterOptions {
  home?: string;
  user?: UserInfo;
  featureGates?: Record<string, boolean>;
  settings?: Record<string, unknown>;
}

export class ClusterSession {
  readonly api: ApiServer;
  /** The controllers' own identity, for writes that bypass the learner's permissions. */
  readonly system: ApiServer;

  constructor(
    readonly home: string,
    readonly store: Store,
    readonly engine: Engine,
    user: UserInfo,
  ) {
    this.api = new ApiServer(store, engine, user, true);
    this.system = new ApiServer(store, engine, SYSTEM_USER, true);
  }

  get now(): number {
    return this.engine.now;
  }

  /**
   * What a waiting command does: lets simulated time pass, one wake-up at a
   * time, until `done()` holds or `timeoutMs` has passed. Returns whether it held.
   */
  waitFor(done: () => boolean, timeoutMs: number): boolean {
    const deadline = this.now + timeoutMs;
    while (!done()) {
      const next = this.engine.nextWakeup();
      if (next === undefined || next > deadline) {
        this.advance(Math.max(0, deadline - this.now));
        return done();
      }
      this.advance(Math.max(0, next - this.now));
    }
    return true;
  }

  /** Moves simulated time on by `ms`, running everything that falls due. */
  advance(ms: number): void {
    const clock = this.store.meta.clock;
    const target = this.engine.now + ms;
    clock.frozenMs = Math.max(clock.frozenMs, target);
    clock.offsetMs += ms;
    this.engine.runUntil(Math.max(target, simulatedNow(clock, isManualClock())));
  }
}

export function freshMeta(opts: ClusterOptions): Meta {
  const clock = initialClock(isManualClock());
  const now = simulatedNow(clock, isManualClock());
  return {
    schema: 1,
    revision: 0,
    clock,
    processedUntil: now - BOOTSTRAP_LEAD_MS,
    wakeups: [],
    createdAt: now - BOOTSTRAP_LEAD_MS,
    featureGates: opts.featureGates ?? {},
    settings: opts.settings ?? {},
  };
}

/** Opens the cluster (creating the default one on an empty home), runs `fn`, and saves. */
export async function withCluster<T>(opts: ClusterOptions, fn: (s: ClusterSession) => T | Promise<T>): Promise<T> {
  const home = opts.home ?? kubesimHome();
  mkdirSync(home, { recursive: true });
  const release = await acquireLock(home);
  try {
    const dir = stateDir(home);
    const fresh = !Store.exists(dir);
    const store = Store.open(dir, () => freshMeta(opts));
    discoverFromStore(store);
    const engine = new Engine(store, CONTROLLERS);
    attachClusterNetwork(engine); // what pods reach: DNS, Services, other pods (src/cluster/network.ts)
    const journal = attachJournal(store, () => engine.now); // changes for `get -w` (src/store/journal.ts)
    const trail = attachTrail(store, () => engine.now); // what each component did to each object (src/cluster/trace.ts)
    const session = new ClusterSession(home, store, engine, opts.user ?? ADMIN_USER);
    if (fresh) {
      writeDefaultKubeconfig(home);
      bootstrapCluster(session.system);
    }
    engine.runUntil(Math.max(engine.now, simulatedNow(store.meta.clock, isManualClock())));
    const result = await fn(session);
    engine.runUntil(engine.now);
    sweepExpiredEvents(store, engine.now);
    store.commit();
    journal.commit();
    trail.commit();
    return result;
  } finally {
    release();
  }
}
