// A cluster session: lock -> load -> catch up to now -> do -> settle -> save -> unlock.
// Every command that touches the cluster runs inside one.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { Store, type Meta } from '../store/store.js';
import { acquireLock } from '../store/lock.js';
import { attachJournal } from '../store/journal.js';
import { attachTrail } from './trace.js';
import { Engine } from './engine.js';
import { BOOTSTRAP_LEAD_MS, initialClock, isManualClock, simulatedNow } from './clock.js';
import { ApiServer, ADMIN_USER, SYSTEM_USER, type UserInfo } from '../apiserver/api.js';
import { writeDefaultKubeconfig } from '../client/kubeconfig.js';
import { registerEventExpiry, registerHeartbeats } from './heartbeats.js';
import { sweepExpiredEvents } from './events.js';
import { registerParkedLoops } from './parked-loops.js';
import { discoverFromDisk, discoverFromStore } from '../apiserver/crd.js';
// The API layer's strategies for workload and storage kinds (defaulting, validation) live with their
// controllers; any write needs them, whether or not this session loads the control plane.
import './controllers/strategies.js';
import './controllers/storage-strategies.js';

registerHeartbeats();
registerEventExpiry();
registerParkedLoops();

/** The control plane's code (src/cluster/control-plane.ts), loaded on a session's first need. */
const loadControlPlane = () => import('./control-plane.js');

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
  /**
   * The session only reads (get, describe): the control plane's code is loaded only if a wake-up
   * is due by now. Such a session must not move time (advance, waitFor); a write it makes anyway
   * is settled when it ends.
   */
  readOnly?: boolean;
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
    /** Opened with ClusterOptions.readOnly: reads share the stored objects (see ApiServer). */
    readonly readOnly = false,
  ) {
    this.api = new ApiServer(store, engine, user, true, !readOnly);
    this.system = new ApiServer(store, engine, SYSTEM_USER, true, !readOnly);
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

/** Loads the control plane's code and attaches it to `engine`. */
async function startControlPlane(engine: Engine): Promise<typeof import('./control-plane.js')> {
  const cp = await loadControlPlane();
  engine.attach(cp.CONTROLLERS);
  cp.attachClusterNetwork(engine); // what pods reach: DNS, Services, other pods (src/cluster/network.ts)
  cp.attachVolumeFiles(engine.store); // the pod volume files the runtime makes again (src/runtime/volumes.ts)
  return cp;
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
    const engine = new Engine(store); // the controllers are attached below, when needed
    const journal = attachJournal(store, () => engine.now); // changes for `get -w` (src/store/journal.ts)
    const trail = attachTrail(store, () => engine.now); // what each component did to each object (src/cluster/trace.ts)
    const session = new ClusterSession(home, store, engine, opts.user ?? ADMIN_USER, opts.readOnly);
    const target = Math.max(engine.now, simulatedNow(store.meta.clock, isManualClock()));
    const due = (engine.nextWakeup() ?? Infinity) <= target;
    const controlPlane = fresh || due || !opts.readOnly ? await startControlPlane(engine) : undefined;
    if (fresh) {
      writeDefaultKubeconfig(home);
      controlPlane!.bootstrapCluster(session.system);
    }
    engine.runUntil(target);
    const result = await fn(session);
    if (!engine.attached && engine.hasUnseenChanges()) await startControlPlane(engine);
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
