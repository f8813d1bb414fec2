// The kubelet of every simulated node: takes a bound pod through sandbox,
// image pulls, init containers, container creation and start; runs the
// containers' programs through the runtime (src/runtime) in simulated time;
// reports exits, restarts with crash back-off, OOM kills, probes, lifecycle
// hooks, phases and conditions with v1.32's texts (kubelet.md), and terminates
// pods being deleted. Its own bookkeeping (what it started, back-offs, probe
// counters, the runtime's process state) lives in records beside the pod.
// Wake-ups are computed (a pull ends, a sleep ends, a back-off expires, a probe
// is due), so a sleeping container costs nothing while time passes.
import { signJwt, tokenClaims, tokenLength } from '../apiserver/auth/tokens.js';
import { clusterCaPem } from './ca.js';
import type { Condition, Container, ContainerStatus, EphemeralContainer, Event, KObject, Node, Pod, Probe, ConfigMap, Secret, ServiceAccount, Volume } from '../types/k8s.js';
import type { Controller, Engine } from './engine.js';
import { existingEvent, recordEvent, EVENTS, type EventSpec } from './events.js';
import { applyLoopToPod, instanceId, lastTransitions, LOOP_REVISIONS, nextTransition, PARKED_LOOPS, REVISIONS, ShowPlan, type EventFormula, type LoopRevisions, type Occurrences, type ParkedLoop } from './parked-loops.js';
import { tracePodAdmitted, traceSandboxReady } from './kubelet-trail.js';
import { rfc3339 } from '../util/duration.js';
import { goDurationString } from '../util/go-duration.js';
import { parseQuantity } from '../util/quantity.js';
import { cachedPullMs, imageId, imageInfo, normalizeImage } from '../runtime/images.js';
import { authKeyMatches, pullError, registryHost, type RegistryCredential } from '../runtime/registry.js';
import {
  advancePod,
  execInContainer,
  httpProbe,
  listening,
  newPod,
  nextWake,
  releaseRootFs,
  resizeContainer,
  signalContainer,
  startContainer,
  volumesSignature,
  type ContainerSpec,
  type LogLine,
  registerDerivedFiles,
  type DerivedFile,
  type PodRt,
  type VolumeSpec,
} from '../runtime/index.js';
import { CLUSTER_SCOPE, sameJson, type Store } from '../store/store.js';
import { journalOf } from '../store/journal.js';
import { featureEnabled } from '../util/feature-gates.js';
import { createHash } from 'node:crypto';
import { defaultPullPolicy } from '../apiserver/defaults.js';
import { attachNodeFs, flushNodeFs } from './node-fs.js';
import { podHostsFile, podResolvConf } from './pod-dns.js';
import { isMirrorPod, mirrorRunUid, staticPodRunning } from './static-pods.js';
import { resolveClaimVolume } from './volume-binding.js';
import { platformPullError, windowsContainer } from './windows-node.js';

const PODS = 'pods';
const NODES = 'nodes';
/** The kubelet's own records: one per pod (by namespace/name) and one per node. */
export const KUBELET_RECORDS = '_kubelet';

/** Time from admission to a ready sandbox with its IP. */
const SANDBOX_MS = 500;
const BACKOFF_INITIAL = 10_000;
const BACKOFF_MAX = 300_000;
/** How often a pod worker retries a failed sync (config errors, back-off events). */
const RESYNC_MS = 10_000;
/** PLEG relist period: a container's exit is acted on (restart) at the sync after the one that reports it. */
const RELIST_MS = 1_000;
/** The sync that follows a status change (a failed pull) comes about a second later. */
const STATUS_SYNC_MS = 1_000;
/** A refused pull fails after the registry's round trips. */
const FAILED_PULL_MS = 400;
/** Different events a cycle of a crash loop may record while its container runs (more: not jumped). */
const MAX_CYCLE_EVENTS = 32;
/** Log lines kept from a container's previous instance. */
const PREVIOUS_LOG_LINES = 10_000;

type ContainerStage = 'waiting' | 'pulling' | 'running' | 'stopping' | 'terminated';

interface ProbeState {
  next: number;
  fails: number;
  succ: number;
  /** Current result: true = success. */
  ok: boolean | null;
  /** The last failure's output (a failing readiness probe that repeats itself is batched). */
  failed?: string;
}

/**
 * An event of a running container's cycle (probe failures, the liveness kill), remembered for the
 * crash-loop fast-forward: [type, reason, message, time after the start, count, last - first].
 */
type CycleEvent = [type: 'Normal' | 'Warning', reason: string, message: string, offset: number, count: number, span: number];

interface Termination {
  exitCode: number;
  reason: string;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

export interface ContainerRecord {
  image: string;
  stage: ContainerStage;
  containerID?: string;
  pullStartedAt?: number;
  startedAt?: number;
  restartCount: number;
  /** Current crash back-off (ms) and when the container may start again. */
  backoff?: number;
  retryAt?: number;
  waitingReason?: string;
  waitingMessage?: string;
  last?: Termination;
  current?: Termination;
  probes?: { liveness?: ProbeState; readiness?: ProbeState; startup?: ProbeState };
  ready?: boolean;
  started?: boolean;
  killAt?: number;
  killReason?: string;
  /** Log lines of the previous instance (kubectl logs --previous). */
  prevLogs?: LogLine[];
  /** When the next ConfigError retry / BackOff event is due. */
  resyncAt?: number;
  /** The resources the running instance was given (in-place resize compares the spec with them). */
  allocated?: Container['resources'];
  /**
   * Crash-loop bookkeeping for the fast-forward: BackOff events since the last restart (how many,
   * the last one's time) and the signature of the cycle that ended at that restart.
   */
  loop?: { bo: number; boAt?: number; sig?: string; sigAt?: number; run?: CycleEvent[]; unsteady?: true };
  /** A jumped last cycle whose start and exit are still to be shown (see replayLastCycle). */
  replay?: { start: number; end: number; previous: Termination; next: number };
  /** Image pull back-off (kubelet.md §6.2): current period and when a pull may be tried again. */
  pullBackoff?: number;
  pullRetryAt?: number;
  /** Why the pull in progress will fail (containerd's text), decided when it started. */
  pullFailure?: string;
}

export interface PodRecord extends KObject {
  /** The pod's UID (a static pod's: its config hash, which outlives its mirror pods). */
  podUid: string;
  stage: 'sandbox' | 'containers' | 'running' | 'terminating' | 'done';
  /** When the kubelet admitted the pod (status.startTime). */
  startTime?: string;
  ip?: string;
  killAt?: number;
  containers: Record<string, ContainerRecord>;
  rt?: PodRt;
}

interface NodeRecord extends KObject {
  nextIp: number;
  images: string[];
}

const key = (pod: KObject) => `${pod.metadata.namespace}/${pod.metadata.name}`;

/**
 * A copy of a pod whose status fields may be set anew: the kubelet (and a parked loop's formula)
 * writes status fields whole (new arrays and objects, never changing the stored ones in place), so
 * the copy shares the rest.
 */
const statusCopy = (pod: Pod): Pod => ({ ...pod, metadata: { ...pod.metadata }, status: { ...pod.status } });

/** The container ID of a container's instance with this restart count (parked-loops.ts: instanceId). */
const containerIdOf = (rec: PodRecord, c: { name: string }, restarts: number) => instanceId(rec.podUid, c.name, rec.startTime, restarts);

function splitKey(k: string): [string, string] {
  const i = k.indexOf('/');
  return [k.slice(0, i), k.slice(i + 1)];
}

function setCondition(conditions: Condition[], now: number, type: string, status: string, reason?: string, message?: string): void {
  const i = conditions.findIndex((c) => c.type === type);
  const existing = i < 0 ? undefined : conditions[i]!;
  // A condition that stays as it is stays the same object: the store's comparison of the pod
  // with the stored one (and the garbage collector) then skip it.
  if (existing && sameCondition(existing, status, reason, message)) return;
  const next: Condition = {
    lastProbeTime: null,
    lastTransitionTime: existing && existing.status === status ? existing.lastTransitionTime : rfc3339(now),
    status,
    type,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
  if (existing) conditions[i] = next;
  else conditions.push(next);
}

/** The members setCondition writes, in its order, by which of reason and message it writes. */
const CONDITION_KEYS = {
  none: ['lastProbeTime', 'lastTransitionTime', 'status', 'type'],
  reason: ['lastProbeTime', 'lastTransitionTime', 'status', 'type', 'reason'],
  message: ['lastProbeTime', 'lastTransitionTime', 'status', 'type', 'message'],
  both: ['lastProbeTime', 'lastTransitionTime', 'status', 'type', 'reason', 'message'],
};

/** Whether setCondition would write `c` again member for member, in the same order (what prints). */
export function sameCondition(c: Condition, status: string, reason?: string, message?: string): boolean {
  if (c.lastProbeTime !== null || c.status !== status || c.reason !== (reason || undefined) || c.message !== (message || undefined)) return false;
  const keys = reason ? (message ? CONDITION_KEYS.both : CONDITION_KEYS.reason) : message ? CONDITION_KEYS.message : CONDITION_KEYS.none;
  let n = 0;
  for (const k in c) if (k !== keys[n++]) return false;
  return n === keys.length;
}

/** Conditions in the order the kubelet and scheduler leave them (kubelet.md §4.2). */
const CONDITION_ORDER = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

/**
 * `conditions` in CONDITION_ORDER; `stored` (the list they were made from), itself when it holds
 * the same conditions in that order, so an unchanged list stays the same object.
 */
function sortConditions(conditions: Condition[], stored?: Condition[]): Condition[] {
  // Most lists are in order already: they are copied, not sorted (a sort allocates as it goes).
  let inOrder = true;
  for (let i = 1; i < conditions.length && inOrder; i++) inOrder = conditionRank(conditions[i - 1]!) <= conditionRank(conditions[i]!);
  if (!inOrder) return [...conditions].sort((a, b) => conditionRank(a) - conditionRank(b));
  return stored && stored.length === conditions.length && conditions.every((c, i) => c === stored[i]) ? stored : [...conditions];
}

function conditionRank(c: Condition): number {
  const i = CONDITION_ORDER.indexOf(c.type);
  return i < 0 ? CONDITION_ORDER.length : i;
}

const isSidecar = (c: Container) => c.restartPolicy === 'Always';

/**
 * A pod a deadline may end at any instant (activeDeadlineSeconds, or a Job's): a catch-up steps
 * it instead of batching or jumping what its containers repeat.
 */
const endsByDeadline = (pod: Pod) => pod.spec.activeDeadlineSeconds !== undefined || !!pod.metadata.ownerReferences?.some((o) => o.kind === 'Job');

/** A new mirror pod of a static pod that runs on: the status the kubelet already knows, written again. */
function restoreMirrorStatus(store: Store, pod: Pod, rec: PodRecord, now: number): void {
  const node = store.get(NODES, undefined, pod.spec.nodeName!) as Node | undefined;
  const hostIP = node?.status.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  const status = pod.status ?? {};
  status.hostIP = hostIP;
  status.hostIPs = [{ ip: hostIP }];
  if (rec.ip) {
    status.podIP = rec.ip;
    status.podIPs = [{ ip: rec.ip }];
  }
  status.startTime = rec.startTime ?? rfc3339(now);
  status.phase ??= 'Pending';
  const conditions = [...(status.conditions ?? [])];
  setCondition(conditions, now, 'PodReadyToStartContainers', rec.stage === 'sandbox' ? 'False' : 'True');
  if (!pod.spec.initContainers?.length) setCondition(conditions, now, 'Initialized', 'True');
  setCondition(conditions, now, 'PodScheduled', 'True');
  status.conditions = sortConditions(conditions);
  pod.status = status;
}

/** The kubelet's wake-up key for a namespace's parked loops: `loops:<namespace>` (never a pod's `<namespace>/<name>`). */
const LOOPS_KEY = 'loops:';

class Kubelet implements Controller {
  readonly name = 'kubelet';
  /**
   * The pod whose sync has nothing more due at this instant: its own status write needs no second
   * sync (the sync scheduled its next one). A sync that started a container is looked at again at
   * once, so a program that exits at its start is seen exiting in the same instant.
   */
  private settled: string | undefined;
  /** The pod being unparked (stepped from its loop's parking to now): it is not parked again meanwhile. */
  private unparking: string | undefined;
  /** Per store and namespace, the shows the current catch-up owes its parked loops. */
  private readonly plans = new WeakMap<Store, Map<string, ShowPlan>>();
  /** Whether steady loops are parked (tests turn it off to compare parking with stepping). */
  parking = true;
  readonly watches = {
    [PODS]: (change: { object: KObject }) => {
      const k = key(change.object);
      return (change.object as Pod).spec?.nodeName && k !== this.settled ? [k] : [];
    },
  };

  /**
   * Unparks a loop before its pod or events are written (or its record read): see unpark. While
   * someone watches, every loop is unparked (at once) and none is parked: a watcher sees each
   * change, which a formula read when needed does not make (a parked loop's events count on unseen).
   */
  attached(engine: Engine): void {
    engine.store.releaser = (resource, _ns, _name, formula) => this.unpark(engine, resource === PODS ? (formula as ParkedLoop) : (formula as { loop: ParkedLoop }).loop);
    const journal = journalOf(engine.store);
    const unparkAll = () => {
      for (const ns of engine.store.namespacesOf(PARKED_LOOPS)) engine.schedule(this.name, LOOPS_KEY + ns, engine.now);
    };
    journal?.onRecording(unparkAll);
    if (journal?.recording) unparkAll();
  }

  /** Whether someone watches the changes this session makes (see attached). */
  private watched(engine: Engine): boolean {
    return journalOf(engine.store)?.recording ?? false;
  }

  reconcile(podKey: string, engine: Engine): void {
    try {
      if (podKey.startsWith(LOOPS_KEY)) this.showLoops(engine, podKey.slice(LOOPS_KEY.length));
      else this.reconcilePod(podKey, engine);
    } finally {
      this.settled = undefined;
      flushNodeFs(engine.store); // hostPath writes land on the node
    }
  }

  private reconcilePod(podKey: string, engine: Engine): void {
    const store = engine.store;
    const [ns, name] = splitKey(podKey);
    // A parked loop's pod is unchanged since (a write unparks it first): only its transitions are
    // due, which the namespace's shows take care of (a wake-up of its own is a state's from before them).
    if (store.get(PARKED_LOOPS, ns, name)) return engine.schedule(this.name, LOOPS_KEY + ns, engine.now);
    const pod = store.get(PODS, ns, name) as Pod | undefined;
    let record = store.get(KUBELET_RECORDS, ns, name) as PodRecord | undefined;
    if (!pod) {
      // A static pod runs on without its mirror pod (kubelet.md §13).
      if (record && !staticPodRunning(store, ns, name, record.podUid)) store.remove(KUBELET_RECORDS, ns, name);
      return;
    }
    if (!pod.spec.nodeName) return;
    if (record && record.podUid !== mirrorRunUid(pod)) record = undefined;
    if (pod.metadata.deletionTimestamp) {
      // Deleting a mirror pod does not stop its static pod: the kubelet lets it go and makes a new one.
      if (isMirrorPod(pod) && staticPodRunning(store, ns, name, mirrorRunUid(pod))) {
        store.remove(PODS, ns, name);
        return;
      }
      const rec = record ? structuredClone(record) : undefined;
      attachNodeFs(store, rec?.rt, pod.spec.nodeName);
      return this.terminate(engine, structuredClone(pod), rec);
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    if (!record) return this.admit(engine, structuredClone(pod));
    // The pod is changed on a copy (put compares it with the stored one, watchers get both); a
    // condition or condition list that stays as it was is kept as the stored object (put's
    // comparison then skips it). The record is the kubelet's own: changed in place.
    const work = statusCopy(pod);
    const rec = record;
    attachNodeFs(store, rec.rt, pod.spec.nodeName);
    if (!work.status?.startTime && isMirrorPod(work)) restoreMirrorStatus(store, work, rec, engine.now);
    if (rec.stage === 'sandbox') this.sandboxReady(engine, work, rec);
    else this.sync(engine, work, rec);
  }

  /** Admission: start time, host IP, every container waiting in ContainerCreating / PodInitializing. */
  private admit(engine: Engine, pod: Pod): void {
    const now = engine.now;
    const node = engine.store.get(NODES, undefined, pod.spec.nodeName!) as Node | undefined;
    const hostIP = node?.status.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
    const status = pod.status ?? {};
    status.hostIP = hostIP;
    status.hostIPs = [{ ip: hostIP }];
    status.startTime = rfc3339(now);
    const conditions = [...(status.conditions ?? [])];
    setCondition(conditions, now, 'PodReadyToStartContainers', 'False');
    const inits = pod.spec.initContainers ?? [];
    if (inits.length) {
      setCondition(conditions, now, 'Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: [${inits.filter((c) => !isSidecar(c)).map((c) => c.name).join(' ')}]`);
    } else setCondition(conditions, now, 'Initialized', 'True');
    const all = [...inits.filter(isSidecar), ...pod.spec.containers].map((c) => c.name);
    const unready = `containers with unready status: [${all.join(' ')}]`;
    setCondition(conditions, now, 'Ready', 'False', 'ContainersNotReady', unready);
    setCondition(conditions, now, 'ContainersReady', 'False', 'ContainersNotReady', unready);
    status.conditions = sortConditions(conditions);
    if (isMirrorPod(pod)) setCondition(conditions, now, 'PodScheduled', 'True'); // no scheduler binds a mirror pod
    const waitReason = inits.length ? 'PodInitializing' : 'ContainerCreating';
    if (inits.length) status.initContainerStatuses = inits.map((c) => waitingStatus(c, waitReason));
    status.containerStatuses = sortByName(pod.spec.containers.map((c) => waitingStatus(c, waitReason)));
    status.phase = 'Pending';
    pod.status = status;
    engine.store.put(PODS, pod);
    const record: PodRecord = {
      apiVersion: 'kubesim/v1',
      kind: 'PodRecord',
      metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace },
      podUid: mirrorRunUid(pod),
      stage: 'sandbox',
      startTime: status.startTime,
      containers: {},
    };
    engine.store.put(KUBELET_RECORDS, record);
    tracePodAdmitted(engine.store, pod);
    engine.schedule(this.name, key(pod), now + SANDBOX_MS);
  }

  /** The sandbox is up: the pod gets its IP, its volumes, and may start containers. */
  private sandboxReady(engine: Engine, pod: Pod, rec: PodRecord): void {
    const now = engine.now;
    const ip = pod.spec.hostNetwork ? pod.status!.hostIP! : allocateIp(engine.store, pod.spec.nodeName!);
    rec.ip = ip;
    traceSandboxReady(engine.store, pod, ip);
    rec.stage = 'containers';
    attachVolumeFiles(engine.store);
    rec.rt = newPod({
      // A host-network pod shares the node's UTS namespace too: `hostname` is the node's.
      hostname: pod.spec.hostNetwork ? pod.spec.nodeName! : (pod.spec.hostname ?? pod.metadata.name!),
      ip,
      // A host-network pod keeps the image's /etc/hosts (kubesim has no node file to give it).
      etc: { ...(pod.spec.hostNetwork ? {} : { hosts: podHostsFile(pod, ip) }), resolv: podResolvConf(pod) },
      sharePid: !!pod.spec.shareProcessNamespace,
      volumes: buildVolumes(engine.store, pod, now),
      now,
      ...(pod.spec.hostUsers === false && featureEnabled(engine.store.meta.featureGates, 'UserNamespacesSupport') ? { userns: podUserNamespace(pod) } : {}),
    });
    attachNodeFs(engine.store, rec.rt, pod.spec.nodeName);
    pullImageVolumes(engine, pod);
    const status = pod.status!;
    status.podIP = ip;
    status.podIPs = [{ ip }];
    const conditions = [...(status.conditions ?? [])];
    setCondition(conditions, now, 'PodReadyToStartContainers', 'True');
    status.conditions = sortConditions(conditions);
    this.sync(engine, pod, rec);
  }

  /** One pod-worker sync: run the processes up to now, then start, restart, probe and stop containers. */
  private sync(engine: Engine, pod: Pod, rec: PodRecord): void {
    const now = engine.now;
    const rt = rec.rt!;
    const only = pod.spec.containers.length === 1 ? pod.spec.containers[0]! : undefined;
    if (only && rec.containers[only.name]?.replay) return this.replayLastCycle(engine, pod, rec, only, rec.containers[only.name]!);
    // 1. What the processes did up to now.
    advancePod(rt, now);
    for (const [name, cr] of Object.entries(rec.containers)) {
      const exit = rt.containers[name]?.exited;
      // (An exit after now is one a liveness kill taken ahead caused: it is seen at its instant.)
      if (!exit || exit.at > now || (cr.stage !== 'running' && cr.stage !== 'stopping')) continue;
      cr.current = { exitCode: exit.code, reason: exit.reason, startedAt: cr.startedAt!, finishedAt: exit.at, containerID: cr.containerID! };
      cr.stage = 'terminated';
      cr.ready = false;
      delete cr.killAt;
      delete rt.containers[name]?.exited;
    }
    // 1b. A steady crash loop is jumped over, whole cycles at a time, up to the catch-up's horizon.
    if (this.fastForward(engine, pod, rec)) return;
    // 2. Spec changes (image) restart a container regardless of policy.
    for (const c of pod.spec.containers) {
      const cr = rec.containers[c.name];
      if (cr && cr.image !== c.image && (cr.stage === 'running' || cr.stage === 'terminated')) this.restartForNewImage(engine, pod, rec, c);
    }
    // 2b. In-place resize (InPlacePodVerticalScaling): new resources are applied to running containers.
    if (featureEnabled(engine.store.meta.featureGates, 'InPlacePodVerticalScaling')) this.resize(engine, pod, rec);
    const wakes: number[] = [];
    const policy = pod.spec.restartPolicy ?? 'Always';
    // 2c. Ephemeral containers (kubectl debug): started by the first sync that sees them, before
    // init and regular containers, and never restarted (kubelet.md §12).
    for (const c of pod.spec.ephemeralContainers ?? []) {
      const cr = (rec.containers[c.name] ??= { image: c.image!, stage: 'waiting', restartCount: 0 });
      if (cr.stage !== 'waiting' && cr.stage !== 'pulling') continue;
      const w = this.bringUp(engine, pod, rec, c);
      if (w !== undefined) wakes.push(w);
      if (rec.containers[c.name]!.stage === 'pulling') break; // one pull at a time, as for the others
    }
    // 3. Init containers, in order.
    const inits = pod.spec.initContainers ?? [];
    let initDone = true;
    let failedInit = false;
    for (const c of inits) {
      const cr = (rec.containers[c.name] ??= { image: c.image!, stage: 'waiting', restartCount: 0 });
      const sidecar = isSidecar(c);
      if (cr.stage === 'terminated' || cr.waitingReason === 'CrashLoopBackOff') {
        if (!sidecar && cr.current?.exitCode === 0) continue;
        const restart = sidecar || policy !== 'Never';
        if (!restart) {
          failedInit = true;
          initDone = false;
          break;
        }
        if (!this.restartAfterBackoff(engine, pod, c, cr, wakes)) {
          initDone = false;
          break;
        }
      }
      if (cr.stage === 'running' || cr.stage === 'stopping') {
        if (sidecar && cr.started) continue;
        initDone = false;
        break;
      }
      const w = this.bringUp(engine, pod, rec, c);
      if (w !== undefined) wakes.push(w);
      const after = rec.containers[c.name]!;
      if (after.stage === 'running' && sidecar && after.started) continue;
      initDone = false;
      break;
    }
    // 4. Regular containers once initialised.
    if (initDone && !failedInit) {
      for (const c of pod.spec.containers) {
        const cr = (rec.containers[c.name] ??= { image: c.image!, stage: 'waiting', restartCount: 0 });
        if (cr.stage === 'terminated' || cr.waitingReason === 'CrashLoopBackOff') {
          const code = (cr.current ?? cr.last)?.exitCode ?? 0;
          const restart = policy === 'Always' || (policy === 'OnFailure' && code !== 0);
          if (!restart) continue;
          if (!this.restartAfterBackoff(engine, pod, c, cr, wakes)) continue;
        }
        if (cr.stage === 'waiting' || cr.stage === 'pulling') {
          const w = this.bringUp(engine, pod, rec, c);
          if (w !== undefined) wakes.push(w);
          if (rec.containers[c.name]!.stage === 'pulling') break; // spec order, one pull at a time
        }
      }
    }
    // 5. Probes and kills of running containers.
    for (const c of [...inits, ...pod.spec.containers]) {
      const cr = rec.containers[c.name];
      if (!cr) continue;
      if (cr.stage === 'running') {
        const w = this.runProbes(engine, pod, rec, c, cr);
        if (w !== undefined) wakes.push(w);
      }
      if (cr.stage === 'stopping' && cr.killAt !== undefined) {
        if (now >= cr.killAt) {
          signalContainer(rt, c.name, 'KILL', cr.killAt);
          advancePodExit(rt, c.name);
          cr.current = { exitCode: 137, reason: 'Error', startedAt: cr.startedAt!, finishedAt: cr.killAt, containerID: cr.containerID! };
          cr.stage = 'terminated';
          cr.ready = false;
          delete cr.killAt;
          // The next sync (in this instant) restarts it or begins its back-off. In a catch-up past
          // this instant no one sees the status in between, so that sync is this one's second pass.
          if (engine.horizon > now) return this.sync(engine, pod, rec);
          wakes.push(now);
        } else wakes.push(cr.killAt);
      }
    }
    const rtWake = nextWake(rt);
    if (rtWake !== undefined) wakes.push(Math.max(rtWake, now));
    this.settled = wakes.every((w) => w !== now) ? key(pod) : undefined;
    this.writeStatus(engine, pod, rec, initDone, failedInit);
    releaseRootFs(rt);
    engine.store.update(KUBELET_RECORDS, rec);
    const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    // A steady crash loop that just began a wait ending within the catch-up is jumped from here.
    if (!terminal && this.settled === key(pod) && this.fastForward(engine, pod, rec, true)) return;
    if (!terminal) {
      const future = wakes.filter((w) => w >= now);
      if (future.length) {
        const at = Math.min(...future);
        engine.schedule(this.name, key(pod), at <= now ? now + 1 : at);
      }
    }
  }

  /** Crash back-off (kubelet.md §5.2): true when the container may be started now. */
  private restartAfterBackoff(engine: Engine, pod: Pod, c: Container, cr: ContainerRecord, wakes: number[]): boolean {
    const now = engine.now;
    // The sync that finds the container dead publishes its termination; the restart comes at the next one.
    // (A container the kubelet itself stopped, after a failed probe, is started again in the same sync.)
    if (cr.stage === 'terminated' && cr.current && cr.killReason === undefined && now < cr.current.finishedAt + RELIST_MS) {
      wakes.push(cr.current.finishedAt + RELIST_MS);
      return false;
    }
    if (cr.current) {
      cr.last = cr.current;
      delete cr.current;
    }
    cr.stage = 'waiting';
    const finished = cr.last?.finishedAt ?? now;
    if (cr.backoff === undefined || finished - (cr.retryAt ?? 0) > 2 * BACKOFF_MAX) {
      cr.backoff = BACKOFF_INITIAL;
      this.restarted(cr, now);
      return true;
    }
    if (now - finished < cr.backoff) {
      const until = finished + cr.backoff;
      cr.waitingReason = 'CrashLoopBackOff';
      cr.waitingMessage = `back-off ${goDurationString(cr.backoff)} restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
      if (cr.resyncAt === undefined || now >= cr.resyncAt) {
        // The pod worker retries every RESYNC_MS while the back-off lasts, each time with a BackOff
        // event and nothing else; a catch-up records the retries up to its horizon at once.
        const batch = !endsByDeadline(pod);
        const ticks = batch ? 1 + Math.max(0, Math.floor((Math.min(engine.horizon, until - 1) - now) / RESYNC_MS)) : 1;
        const lastTick = now + (ticks - 1) * RESYNC_MS;
        eventTimes(engine, pod, c, 'Warning', 'BackOff', backOffMessage(pod, c), ticks, now, lastTick);
        if (cr.loop) {
          cr.loop.bo += ticks;
          cr.loop.boAt = lastTick;
        }
        cr.resyncAt = Math.min(lastTick + RESYNC_MS, until);
      }
      wakes.push(until, cr.resyncAt);
      return false;
    }
    cr.backoff = Math.min(cr.backoff * 2, BACKOFF_MAX);
    this.restarted(cr, now);
    return true;
  }

  /**
   * The crash-loop fast-forward. A pod whose one container is in a steady crash loop (back-off at
   * its cap, and the cycle that just ended the same as the one before while its container ran:
   * same spec, run time, exit, logs relative to the start, probe events, volumes) repeats that
   * cycle until something from outside changes it. From the instant its back-off expires (`early`:
   * computed already in the sync that began the wait), the kubelet jumps over the cycles that end
   * by the catch-up's horizon: restart count, lastState, logs, events (counts and last timestamps)
   * and condition times become what stepping would have left. The last jumped cycle's start and
   * exit are then replayed to the controllers (replayLastCycle), or, for a container Ready later
   * than its start, that cycle is stepped; a cycle the horizon cuts is simulated normally.
   * Only the image pull's duration differs between cycles (it is drawn per restart).
   */
  private fastForward(engine: Engine, pod: Pod, rec: PodRecord, early = false): boolean {
    const store = engine.store;
    if (pod.spec.containers.length !== 1 || pod.spec.initContainers?.length) return false;
    const c = pod.spec.containers[0]!;
    const cr = rec.containers[c.name];
    const rt = rec.rt;
    const last = cr?.last;
    if (!cr || !rt || !last || rec.stage === 'terminating' || rec.stage === 'done') return false;
    if (cr.stage !== 'waiting' || cr.waitingReason !== 'CrashLoopBackOff' || cr.current || cr.backoff === undefined) return false;
    // The jump starts when the back-off expires. Early (in the sync that began the wait, once its
    // BackOff retries up to the expiry are recorded), when the expiry is within the catch-up and
    // nothing else can happen before it; only for a last cycle that is replayed (see below).
    const now = last.finishedAt + cr.backoff;
    // A steady loop may also be parked (see park): from the sync that began its wait, wherever the
    // horizon is, or at the wait's expiry; never while the kubelet is unparking it.
    const parkable = this.parking && this.unparking !== key(pod) && !this.watched(engine) && (early ? now > engine.now : now === engine.now);
    const jumpable = early ? now > engine.now && now <= engine.horizon && cr.resyncAt === now && !c.readinessProbe && !c.startupProbe : now === engine.now;
    if (!parkable && !jumpable) return false;
    if (cr.retryAt === undefined || last.finishedAt - cr.retryAt > 2 * BACKOFF_MAX) return false;
    // A container the kubelet stops for a failed liveness (or startup) probe loops as one that exits
    // does; what its probes record during a cycle is part of the cycle's signature.
    const probeKill = cr.killReason === 'liveness' || cr.killReason === 'startup';
    if (last.reason === 'StartError' || cr.image !== c.image || (cr.killReason !== undefined && !probeKill)) return false;
    if (c.lifecycle) return false;
    const policy = pod.spec.restartPolicy ?? 'Always';
    if (!(policy === 'Always' || (policy === 'OnFailure' && last.exitCode !== 0))) return false;
    if (endsByDeadline(pod)) return false;
    if (rt.sharePid || Object.keys(rt.hostPaths ?? {}).length || rt.procs.length) return false;
    // A Deployment whose rollout may still complete or time out watches its pods' progress:
    // only stepping keeps that true. One that completed, or timed out, is quiet.
    const rsRef = pod.metadata.ownerReferences?.find((o) => o.controller && o.kind === 'ReplicaSet');
    const rs = rsRef ? store.get('replicasets.apps', pod.metadata.namespace, rsRef.name) : undefined;
    const dRef = rs?.metadata.ownerReferences?.find((o) => o.controller && o.kind === 'Deployment');
    if (dRef) {
      const d = store.get('deployments.apps', pod.metadata.namespace, dRef.name) as (KObject & { status?: { conditions?: Condition[] } }) | undefined;
      const progressing = d?.status?.conditions?.find((k) => k.type === 'Progressing');
      if (progressing?.status !== 'False' && progressing?.reason !== 'NewReplicaSetAvailable') return false;
    }
    const crt = rt.containers[c.name];
    if (!crt || Object.keys(rt.containers).length !== 1 || crt.startedAt !== last.startedAt || crt.exited) return false;
    const nodeName = pod.spec.nodeName!;
    const pulls = this.needsPull(store, nodeName, c);
    if (pulls) {
      if (pod.spec.imagePullSecrets?.length || !nodeRecord(store, nodeName).images.includes(normalizeImage(c.image!))) return false;
      if (pullError(c.image!, []) || platformPullError(store, nodeName, c.image!)) return false;
      if (cr.pullRetryAt !== undefined && cr.pullRetryAt > now) return false;
    }
    // A container the kubelet could not make again (its env names a ConfigMap or Secret now gone) or a Windows one.
    if (typeof containerEnv(store, pod, c, rec) === 'string' || windowsContainer(store, pod, c)) return false;
    // The cycle that ended now, relative to its own start and end.
    const loop = cr.loop ?? { bo: 0 };
    if (loop.unsteady) return false;
    // Timestamps are whole seconds: a condition that changed when the exit was seen reads as the exit's second.
    const exitStamp = rfc3339(last.finishedAt);
    const rel = (t: string | undefined) => {
      if (t === exitStamp) return 'exit';
      const ms = t ? Date.parse(t) : NaN;
      return ms < Math.floor(last.startedAt / 1000) * 1000 ? 'before' : `changed ${t}`;
    };
    // The signature is what a cycle did while its container ran, not how long it then waited: a
    // cycle at the 5-minute cap that does what the (shorter-waiting) one before it did proves the
    // loop steady, and its own wait (the BackOff events of a capped wait) is what every later cycle repeats.
    // The parts' bytes are hashed as one text (one call into the hash, not one per part); the first
    // is the same bytes as JSON.stringify([c, policy, ...]), with the container's JSON made once per spec object.
    let text = `[${specJson(c)},${JSON.stringify([policy, pulls, last.finishedAt - last.startedAt, last.exitCode, last.reason, last.finishedAt - cr.retryAt > 0]).slice(1)}`;
    text += JSON.stringify([cr.killReason ?? null, loop.run ?? []]);
    text += JSON.stringify((pod.status?.conditions ?? []).map((k) => [k.type, k.status, rel(k.lastTransitionTime ?? undefined)]));
    text += JSON.stringify([crt.dropped, crt.logs.length]);
    for (const l of crt.logs) text += JSON.stringify([l.t - last.startedAt, l.s, l.x, l.p ?? 0]);
    text += volumesSignature(rt);
    const sig = createHash('sha1').update(text).digest('hex');
    const steady = loop.sig === sig && cr.backoff === BACKOFF_MAX;
    // Not steady yet: the sync at the expiry keeps this cycle's signature for the next one to match.
    if (!steady && early) return false;
    cr.loop = { ...loop, sig, sigAt: now };
    if (!steady) return false;
    // Whole cycles that end (at their back-off's expiry) by the horizon.
    const runMs = last.finishedAt - last.startedAt;
    const gap = now - last.finishedAt;
    // The last cycle that ends by the horizon is jumped too when its instance was ready from its
    // start (no readiness or startup probe): the two things the controllers counting ready pods
    // see of it, Ready at its start and not Ready at its exit, are then replayed at their instants
    // (replayLastCycle). Otherwise that cycle is stepped. A cycle ends when its exit is acted on:
    // at the next relist, or at once for a container the kubelet killed.
    const replay = !c.readinessProbe && !c.startupProbe;
    const settle = probeKill ? 0 : RELIST_MS;
    if (parkable && replay && !pulls && this.park(engine, pod, rec, c, cr, now, runMs, settle)) return true;
    if (!jumpable) return false;
    const pulledMsg = (ms: number) => {
      const took = goDurationString(ms);
      return `Successfully pulled image "${c.image}" in ${took} (${took} including waiting). Image size: ${imageInfo(c.image!).sizeBytes} bytes.`;
    };
    const pulled = new Map<string, { n: number; first: number; last: number }>();
    let restarts = cr.restartCount;
    let r = now;
    let cycles = 0;
    let lastR = now;
    let lastS = now;
    let lastF = last.finishedAt;
    let prevF = last.finishedAt;
    const pullOf = (restart: number) => (pulls ? cachedPullMs(c.image!, `${pod.metadata.uid}/${c.name}`, restart) : 0);
    let p = pullOf(restarts + 1);
    if (!pulls) {
      // Without pulls every cycle lasts the same: the cycles that fit are counted, not walked
      // (a month of 5-minute cycles is 8,600 of them per pod).
      const period = runMs + gap;
      const room = replay ? engine.horizon - runMs - settle - now + period : engine.horizon - runMs - now;
      cycles = runMs > 2 * BACKOFF_MAX ? 0 : Math.max(0, Math.floor(room / period));
      restarts += cycles;
      r = now + cycles * period;
      lastR = r - period;
      lastS = lastR;
      lastF = lastS + runMs;
      if (cycles > 1) prevF = lastF - period;
    }
    // With pulls each cycle's pull takes its own time: the cycles are walked.
    while (pulls) {
      const s = r + p;
      const f = s + runMs;
      const next = f + gap;
      // Without a replay the cycle after a skipped one must end by the horizon too: the last exit
      // (Ready going False, what the controllers counting ready pods see) is stepped.
      const pNext = pullOf(restarts + 2);
      if ((replay ? f + settle : next + pNext + runMs) > engine.horizon || f - r > 2 * BACKOFF_MAX) break;
      cycles++;
      restarts++;
      const msg = pulledMsg(p);
      const g = pulled.get(msg);
      if (g) {
        g.n++;
        g.last = s;
      } else pulled.set(msg, { n: 1, first: s, last: s });
      prevF = lastF;
      lastR = r;
      lastS = s;
      lastF = f;
      r = next;
      p = pNext;
    }
    if (cycles === 0) return false;
    const shift = lastF - last.finishedAt;
    // Events, as each skipped cycle would have recorded them.
    const first = now + (pulls ? cachedPullMs(c.image!, `${pod.metadata.uid}/${c.name}`, cr.restartCount + 1) : 0);
    if (pulls) {
      eventTimes(engine, pod, c, 'Normal', 'Pulling', `Pulling image "${c.image}"`, cycles, now, lastR);
      for (const [msg, g] of pulled) eventTimes(engine, pod, c, 'Normal', 'Pulled', msg, g.n, g.first, g.last);
    } else eventTimes(engine, pod, c, 'Normal', 'Pulled', presentMessage(c.image!), cycles, now, lastR);
    eventTimes(engine, pod, c, 'Normal', 'Created', createdMessage(c), cycles, first, lastS);
    eventTimes(engine, pod, c, 'Normal', 'Started', startedMessage(c), cycles, first, lastS);
    // The BackOff retries of each skipped cycle's wait; a replayed last cycle's wait runs past the
    // horizon, and only its retries up to the horizon happened.
    let waitRetries = loop.bo;
    let lastRetry = loop.boAt === undefined ? undefined : loop.boAt + shift;
    if (replay && lastRetry !== undefined && loop.bo > 0) {
      const firstRetry = lastRetry - (loop.bo - 1) * RESYNC_MS;
      waitRetries = Math.min(loop.bo, Math.floor((engine.horizon - firstRetry) / RESYNC_MS) + 1);
      lastRetry = firstRetry + (waitRetries - 1) * RESYNC_MS;
    }
    if (loop.bo > 0 && lastRetry !== undefined) {
      eventTimes(engine, pod, c, 'Warning', 'BackOff', backOffMessage(pod, c), (cycles - 1) * loop.bo + waitRetries, first + runMs, lastRetry);
    }
    // What the probes recorded while each instance ran, at the same times after its start.
    for (const [type, reason, message, count, from, to] of cycleEventTotals(loop.run ?? [])) {
      eventTimes(engine, pod, c, type, reason, message, cycles * count, first + from, lastS + to);
    }
    // The instance before the last skipped one (what a replayed last cycle shows as its lastState).
    const previous: Termination = cycles === 1 ? last : { ...last, startedAt: prevF - runMs, finishedAt: prevF, containerID: containerIdOf(rec, c, restarts - 1) };
    // The container as the last skipped cycle leaves it: waiting out its back-off, which expires at r.
    const lastLogs = crt.logs;
    cr.prevLogs = (cycles === 1 ? lastLogs : lastLogs.map((l) => ({ ...l, t: l.t + (prevF - last.finishedAt) }))).slice(-PREVIOUS_LOG_LINES);
    crt.logs = lastLogs.map((l) => ({ ...l, t: l.t + shift }));
    crt.startedAt += shift;
    crt.now += shift;
    const containerID = containerIdOf(rec, c, restarts);
    cr.last = { ...last, startedAt: lastS, finishedAt: lastF, containerID };
    cr.containerID = containerID;
    cr.startedAt = lastS;
    cr.restartCount = restarts;
    cr.retryAt = lastR;
    if (cr.resyncAt !== undefined) cr.resyncAt += shift;
    cr.loop = { bo: waitRetries, ...(lastRetry !== undefined ? { boAt: lastRetry } : {}), sig, ...(loop.run ? { run: loop.run } : {}) };
    if (replay) {
      // The next BackOff retry after the horizon, as restartAfterBackoff leaves it.
      if (lastRetry !== undefined && loop.bo > 0) cr.resyncAt = Math.min(lastRetry + RESYNC_MS, r);
      const next = Math.min(cr.resyncAt ?? r, r);
      store.update(KUBELET_RECORDS, rec);
      // When the next instance starts within the catch-up, its start is the last thing the
      // controllers see: it is stepped from its restart, and the jumped cycle needs no replay.
      if (r + p <= engine.horizon) engine.schedule(this.name, key(pod), next);
      else {
        cr.replay = { start: lastS, end: lastF, previous, next };
        engine.schedule(this.name, key(pod), lastS);
      }
      return true;
    }
    // Conditions that changed when the exit was seen (Ready) changed at the last cycle's exit.
    if (pod.status?.conditions) pod.status.conditions = pod.status.conditions.map((k) => (k.lastTransitionTime === exitStamp ? { ...k, lastTransitionTime: rfc3339(lastF) } : k));
    this.settled = key(pod);
    this.writeStatus(engine, pod, rec, true, false);
    store.update(KUBELET_RECORDS, rec);
    engine.schedule(this.name, key(pod), r);
    return true;
  }

  /**
   * Parks a steady crash loop (src/cluster/parked-loops.ts) instead of jumping it: its parameters
   * are stored, the store shows the pod and its events as of any later instant, and the kubelet
   * syncs the pod no more, however long the catch-up. Only loops every cycle of which lasts the
   * same (no image pulls; a run of whole seconds, so the status's second-stamped times repeat
   * exactly) and whose instances are Ready from their start (no readiness or startup probe). The
   * stored pod must be what the formula gives before the next restart, and every event a cycle
   * records must exist already (the formulas count on from them); otherwise the loop is jumped.
   * `expiry`: when the current wait ends (the next instance starts).
   */
  private park(engine: Engine, pod: Pod, rec: PodRecord, c: Container, cr: ContainerRecord, expiry: number, runMs: number, settle: number): boolean {
    const store = engine.store;
    const last = cr.last!;
    const loop = cr.loop!;
    if (runMs % 1000 !== 0 || cr.backoff !== BACKOFF_MAX || isMirrorPod(pod)) return false;
    if (cr.waitingReason !== 'CrashLoopBackOff' || !cr.waitingMessage || pod.metadata.deletionTimestamp) return false;
    const stored = store.get(PODS, pod.metadata.namespace, pod.metadata.name!) as Pod | undefined;
    const unready = stored?.status?.conditions?.find((k) => k.type === 'Ready');
    if (!stored || !unready?.lastTransitionTime || unready.status !== 'False') return false;
    const events = cycleEventFormulas(store, pod, c, loop, expiry);
    if (!events) return false;
    const parked: ParkedLoop = {
      apiVersion: 'kubesim/v1',
      kind: 'ParkedLoop',
      metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace },
      podUid: pod.metadata.uid!,
      container: c.name,
      start: last.startedAt,
      finish: last.finishedAt,
      restarts: cr.restartCount,
      id: last.containerID,
      exitCode: last.exitCode,
      reason: last.reason,
      seed: rec.startTime ?? '',
      period: runMs + BACKOFF_MAX,
      run: runMs,
      settle,
      waiting: { message: cr.waitingMessage, reason: cr.waitingReason },
      unready: { ...(unready.reason ? { reason: unready.reason } : {}), ...(unready.message ? { message: unready.message } : {}), lag: Date.parse(unready.lastTransitionTime) - last.finishedAt },
      parkedAt: engine.now,
      // What the kubelet would have done next: a BackOff retry, or the restart.
      wake: engine.now < expiry ? Math.min(cr.resyncAt ?? expiry, expiry) : expiry,
      rv: stored.metadata.resourceVersion!,
      events,
    };
    // The formula must give back the pod as it is until the restart.
    const check = statusCopy(stored);
    applyLoopToPod(check, parked, Math.min(engine.now, expiry - 1));
    if (!sameJson(check, stored)) return false;
    store.update(KUBELET_RECORDS, rec);
    store.put(PARKED_LOOPS, parked);
    this.showParked(engine, parked);
    return true;
  }

  /** The shows owed to a namespace's parked loops up to the horizon (built at the first wake-up of a catch-up, from then on). */
  private showPlan(engine: Engine, ns: string): ShowPlan {
    let plans = this.plans.get(engine.store);
    if (!plans) this.plans.set(engine.store, (plans = new Map()));
    let plan = plans.get(ns);
    if (plan?.horizon === engine.horizon) return plan;
    plan = new ShowPlan(engine.horizon);
    for (const loop of engine.store.list(PARKED_LOOPS, ns) as ParkedLoop[]) plan.add(loop, engine.now);
    plans.set(ns, plan);
    return plan;
  }

  /**
   * The namespace's parked loops' wake-up: of the transitions they skip (an instance starting
   * Ready, its exit seen), the last start and the last exit of each up to the horizon are shown to
   * the controllers that count ready pods, at their instants, as stepping would have left them
   * last; the rest are skipped. One wake-up per instant for all the namespace's loops. While
   * someone watches, it unparks them all instead.
   */
  private showLoops(engine: Engine, ns: string): void {
    const now = engine.now;
    if (this.watched(engine)) {
      for (const loop of engine.store.list(PARKED_LOOPS, ns) as ParkedLoop[]) this.unpark(engine, loop);
      return;
    }
    const plan = this.showPlan(engine, ns);
    const due = plan.take(now);
    for (const name of due) {
      const loop = engine.store.get(PARKED_LOOPS, ns, name) as ParkedLoop | undefined;
      // (A loop unparked since the plan was made, or parked again with other instants.)
      if (loop && lastTransitions(loop, plan.horizon).includes(now)) this.showChange(engine, loop);
    }
    this.scheduleShows(engine, ns, plan.next(now));
  }

  /** A loop just parked: shows its change at this instant if it has one, and plans the rest. */
  private showParked(engine: Engine, loop: ParkedLoop): void {
    const now = engine.now;
    const ns = loop.metadata.namespace!;
    if (lastTransitions(loop, engine.horizon).includes(now)) this.showChange(engine, loop);
    const plan = this.plans.get(engine.store)?.get(ns);
    if (plan?.horizon === engine.horizon) plan.add(loop, now + 1);
    this.scheduleShows(engine, ns, [...lastTransitions(loop, engine.horizon), nextTransition(loop, engine.horizon)].find((t) => t > now)!);
  }

  private scheduleShows(engine: Engine, ns: string, at: number): void {
    if (at !== Infinity) engine.schedule(this.name, LOOPS_KEY + ns, at);
  }

  /** Shows the controllers the parked pod's change at this instant, with a new resourceVersion. */
  private showChange(engine: Engine, loop: ParkedLoop): void {
    const store = engine.store;
    const now = engine.now;
    const pod = store.get(PODS, loop.metadata.namespace, loop.metadata.name!) as Pod;
    const old = statusCopy(pod);
    applyLoopToPod(old, loop, now - 1, pod.metadata.resourceVersion);
    pod.metadata.resourceVersion = this.showRevision(store, loop, String(store.nextRevision()));
    this.settled = key(pod); // (the kubelet itself has nothing to do for it)
    store.announce({ resource: PODS, object: pod, old });
  }

  /**
   * Records `rv` as the resourceVersion of the parked pod's (and its events') last shown change, or
   * (undefined) forgets it; returns it.
   */
  private showRevision(store: Store, loop: ParkedLoop, rv: string | undefined): string | undefined {
    const ns = loop.metadata.namespace!;
    let revs = store.get(LOOP_REVISIONS, ns, REVISIONS) as LoopRevisions | undefined;
    if (!revs) {
      if (rv === undefined) return rv;
      revs = store.put(LOOP_REVISIONS, { apiVersion: 'kubesim/v1', kind: 'LoopRevisions', metadata: { name: REVISIONS, namespace: ns }, revisions: {} } as LoopRevisions) as LoopRevisions;
    }
    if (rv === undefined) delete revs.revisions[loop.metadata.name!];
    else revs.revisions[loop.metadata.name!] = rv;
    store.touch(LOOP_REVISIONS, revs);
    return rv;
  }

  /**
   * Unparks a loop, before anything writes its pod or events or reads its record: the pod and the
   * events are put back as they were when it was parked, and the pod is stepped from then to now
   * (jumping whole cycles as a catch-up does), so its record holds the running instance, its logs
   * and its processes as they are now.
   */
  unpark(engine: Engine, loop: ParkedLoop): void {
    const journal = journalOf(engine.store);
    if (journal) journal.unrecorded(() => this.unparkUnseen(engine, loop));
    else this.unparkUnseen(engine, loop);
  }

  /** Unparking itself, hidden from watchers: it ends where the formula already showed the pod and its events. */
  private unparkUnseen(engine: Engine, loop: ParkedLoop): void {
    const store = engine.store;
    const ns = loop.metadata.namespace!;
    const name = loop.metadata.name!;
    const podKey = `${ns}/${name}`;
    store.remove(PARKED_LOOPS, ns, name);
    this.showRevision(store, loop, undefined);
    for (const f of loop.events) {
      const ev = store.get(EVENTS, ns, f.name) as Event | undefined;
      if (ev) store.put(EVENTS, { ...ev, metadata: { ...ev.metadata }, count: f.count, lastTimestamp: f.last });
    }
    const pod = store.get(PODS, ns, name) as Pod | undefined;
    if (!pod || pod.metadata.uid !== loop.podUid) return;
    const parked = statusCopy(pod);
    applyLoopToPod(parked, loop, loop.parkedAt, pod.metadata.resourceVersion);
    store.put(PODS, parked);
    const now = engine.now;
    const horizon = engine.horizon;
    let at: number | undefined = loop.wake;
    this.unparking = podKey;
    try {
      engine.horizon = now;
      for (let steps = 0; at !== undefined && at <= now; steps++) {
        if (steps > 100_000) throw new Error(`unparking ${podKey} does not settle`);
        engine.now = at;
        at = engine.holdWakeups(this.name, podKey, () => this.reconcile(podKey, engine));
      }
    } finally {
      this.unparking = undefined;
      engine.now = now;
      engine.horizon = horizon;
    }
    if (at !== undefined) engine.schedule(this.name, podKey, at);
  }

  /**
   * A jumped last cycle, as the controllers counting ready pods see it: at its start the instance
   * runs and is Ready, at its exit (when the kubelet acted on it) the pod is as the jump left it.
   * Nothing else happens in between: events, logs and the runtime were settled by the jump.
   */
  private replayLastCycle(engine: Engine, pod: Pod, rec: PodRecord, c: Container, cr: ContainerRecord): void {
    const replay = cr.replay!;
    this.settled = key(pod);
    if (engine.now < replay.start) {
      engine.schedule(this.name, key(pod), replay.start); // woken early (by a change to the pod): nothing to show yet
      return;
    }
    if (engine.now < replay.end) {
      // Not stored: the waiting fields are cleared as undefined, not deleted (a delete would turn the
      // object into a slow dictionary for the status code that reads it).
      const running: ContainerRecord = { ...cr, stage: 'running', startedAt: replay.start, ready: true, started: true, last: replay.previous, waitingReason: undefined, waitingMessage: undefined };
      rec.containers[c.name] = running;
      this.writeStatus(engine, pod, rec, true, false);
      rec.containers[c.name] = cr;
      engine.schedule(this.name, key(pod), replay.end);
      return;
    }
    cr.replay = undefined; // (not printed in the record; a delete would make the stored object a slow dictionary)
    this.writeStatus(engine, pod, rec, true, false);
    engine.store.update(KUBELET_RECORDS, rec);
    engine.schedule(this.name, key(pod), replay.next);
  }

  private restarted(cr: ContainerRecord, now: number): void {
    // The signature of the cycle that ends here, if the fast-forward check just computed it.
    const sig = cr.loop?.sigAt === now ? cr.loop.sig : undefined;
    cr.loop = sig !== undefined ? { bo: 0, sig } : { bo: 0 };
    delete cr.killReason;
    cr.retryAt = now;
    cr.restartCount += 1;
    cr.stage = 'waiting';
    delete cr.waitingReason;
    delete cr.waitingMessage;
    delete cr.resyncAt;
  }

  /** The exited instance becomes lastState; a new one will be created. */
  private recycle(cr: ContainerRecord): void {
    delete cr.loop;
    delete cr.killReason;
    if (cr.current) cr.last = cr.current;
    delete cr.current;
    cr.retryAt = cr.last?.finishedAt;
    cr.restartCount += 1;
    cr.stage = 'waiting';
    delete cr.waitingReason;
    delete cr.waitingMessage;
    delete cr.resyncAt;
  }

  /** Pull (if needed), create and start one container; returns when to look again. */
  private bringUp(engine: Engine, pod: Pod, rec: PodRecord, c: Container): number | undefined {
    const now = engine.now;
    const cr = rec.containers[c.name]!;
    if (cr.stage === 'waiting') {
      if (cr.waitingReason === 'CreateContainerConfigError' && cr.resyncAt !== undefined && now < cr.resyncAt) return cr.resyncAt;
      if (this.needsPull(engine.store, pod.spec.nodeName!, c)) {
        // A pod worker sync (not a re-check of the kubelet's own status write) is due.
        const syncDue = cr.resyncAt === undefined || now >= cr.resyncAt;
        if (cr.pullRetryAt !== undefined && now < cr.pullRetryAt) {
          if (syncDue) {
            pullCredentials(engine, pod, c);
            event(engine, pod, c, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`);
            event(engine, pod, c, 'Warning', 'Failed', 'Error: ImagePullBackOff');
            cr.resyncAt = now + RESYNC_MS;
          }
          cr.waitingReason = 'ImagePullBackOff';
          cr.waitingMessage = `Back-off pulling image "${c.image}"`;
          return cr.resyncAt;
        }
        if (!syncDue) return cr.resyncAt;
        const credentials = pullCredentials(engine, pod, c);
        event(engine, pod, c, 'Normal', 'Pulling', `Pulling image "${c.image}"`);
        cr.stage = 'pulling';
        cr.pullStartedAt = now;
        const failure = pullError(c.image!, credentials) ?? platformPullError(engine.store, pod.spec.nodeName!, c.image!);
        if (failure) cr.pullFailure = failure;
        else delete cr.pullFailure;
      } else {
        event(engine, pod, c, 'Normal', 'Pulled', presentMessage(c.image!));
        return this.create(engine, pod, rec, c, cr);
      }
    }
    if (cr.stage === 'pulling' && cr.pullFailure) {
      const failAt = cr.pullStartedAt! + FAILED_PULL_MS;
      if (failAt > now) return failAt;
      event(engine, pod, c, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${cr.pullFailure}`);
      event(engine, pod, c, 'Warning', 'Failed', 'Error: ErrImagePull');
      cr.stage = 'waiting';
      cr.waitingReason = 'ErrImagePull';
      cr.waitingMessage = cr.pullFailure;
      delete cr.pullFailure;
      // flowcontrol.Backoff: 10s, doubling, at most 300s; forgotten after 2x the cap without failures.
      const fresh = cr.pullBackoff === undefined || cr.pullRetryAt === undefined || now - cr.pullRetryAt > 2 * BACKOFF_MAX;
      cr.pullBackoff = fresh ? BACKOFF_INITIAL : Math.min(cr.pullBackoff! * 2, BACKOFF_MAX);
      cr.pullRetryAt = now + cr.pullBackoff;
      cr.resyncAt = now + STATUS_SYNC_MS;
      return cr.resyncAt;
    }
    if (cr.stage === 'pulling') {
      const info = imageInfo(c.image!);
      const cached = nodeRecord(engine.store, pod.spec.nodeName!).images.includes(normalizeImage(c.image!));
      const pullMs = cached ? cachedPullMs(c.image!, `${pod.metadata.uid}/${c.name}`, cr.restartCount) : info.pullMs;
      const doneAt = cr.pullStartedAt! + pullMs;
      if (doneAt > now) return doneAt;
      const took = goDurationString(pullMs);
      event(engine, pod, c, 'Normal', 'Pulled', `Successfully pulled image "${c.image}" in ${took} (${took} including waiting). Image size: ${info.sizeBytes} bytes.`);
      rememberImage(engine.store, pod.spec.nodeName!, c.image!);
      return this.create(engine, pod, rec, c, cr);
    }
    return undefined;
  }

  private create(engine: Engine, pod: Pod, rec: PodRecord, c: Container, cr: ContainerRecord): number | undefined {
    const now = engine.now;
    const spec = containerSpec(engine.store, pod, c, rec);
    if (typeof spec === 'string') {
      event(engine, pod, c, 'Warning', 'Failed', `Error: ${spec}`);
      cr.stage = 'waiting';
      cr.waitingReason = 'CreateContainerConfigError';
      cr.waitingMessage = spec;
      cr.resyncAt = now + RESYNC_MS;
      return cr.resyncAt;
    }
    delete cr.waitingReason;
    delete cr.waitingMessage;
    delete cr.resyncAt;
    event(engine, pod, c, 'Normal', 'Created', createdMessage(c));
    const prevLogs = rec.rt!.containers[c.name]?.logs;
    if (prevLogs && cr.last) cr.prevLogs = prevLogs.slice(-PREVIOUS_LOG_LINES);
    const started = startContainer(rec.rt!, spec, now);
    cr.image = c.image!;
    cr.containerID = spec.windows ? `containerd://${spec.windows.containerId}` : containerIdOf(rec, c, cr.restartCount);
    cr.startedAt = now;
    if (started.error) {
      event(engine, pod, c, 'Warning', 'Failed', `Error: ${started.error}`);
      cr.current = { exitCode: 128, reason: 'StartError', startedAt: 0, finishedAt: now, containerID: cr.containerID };
      cr.stage = 'terminated';
      return now + 1;
    }
    event(engine, pod, c, 'Normal', 'Started', startedMessage(c));
    cr.stage = 'running';
    cr.allocated = c.resources ? structuredClone(c.resources) : {};
    cr.ready = !c.readinessProbe;
    cr.started = !c.startupProbe;
    cr.probes = {};
    const period = (p: Probe) => (p.initialDelaySeconds ?? 0) * 1000;
    if (c.startupProbe) cr.probes.startup = { next: now + period(c.startupProbe), fails: 0, succ: 0, ok: null };
    if (c.livenessProbe) cr.probes.liveness = { next: now + period(c.livenessProbe), fails: 0, succ: 0, ok: true };
    if (c.readinessProbe) cr.probes.readiness = { next: now + period(c.readinessProbe), fails: 0, succ: 0, ok: false };
    // postStart runs right after Started; failure kills the container.
    const post = c.lifecycle?.postStart;
    if (post) {
      const ok = this.runHandler(rec.rt!, c.name, post, now);
      if (!ok) {
        event(engine, pod, c, 'Warning', 'FailedPostStartHook', 'PostStartHook failed');
        event(engine, pod, c, 'Normal', 'Killing', 'FailedPostStartHook');
        this.stopContainer(engine, pod, rec, c, cr, 'FailedPostStartHook', false);
      }
      return now;
    }
    // The program runs up to its first wait now. One that exits at its start (or has something due
    // at once) is looked at again in this instant, so its exit is seen then; one that runs on needs
    // no second sync: its next wake-up is the runtime's.
    advancePod(rec.rt!, now);
    const due = nextWake(rec.rt!);
    return rec.rt!.containers[c.name]?.exited || (due !== undefined && due <= now) ? now : undefined;
  }

  private runHandler(rt: PodRt, name: string, h: { exec?: { command?: string[] }; httpGet?: Probe['httpGet']; tcpSocket?: Probe['tcpSocket']; sleep?: { seconds: number } }, now: number): boolean {
    if (h.exec?.command?.length) return execInContainer(rt, name, h.exec.command, undefined, now).exitCode === 0;
    if (h.httpGet) {
      const r = httpProbe(rt, Number(h.httpGet.port), h.httpGet.path ?? '/', now);
      return 'status' in r && r.status < 400;
    }
    return true;
  }

  /** Runs the probes that are due; returns when the next one is. */
  private runProbes(engine: Engine, pod: Pod, rec: PodRecord, c: Container, cr: ContainerRecord): number | undefined {
    const now = engine.now;
    const probes = cr.probes ?? {};
    const rt = rec.rt!;
    const wakes: number[] = [];
    const stableUntil = nextWake(rt) ?? Infinity;
    const order: ('startup' | 'liveness' | 'readiness')[] = cr.started ? ['liveness', 'readiness'] : ['startup'];
    for (const kind of order) {
      const spec = kind === 'startup' ? c.startupProbe : kind === 'liveness' ? c.livenessProbe : c.readinessProbe;
      const st = probes[kind];
      if (!spec || !st) continue;
      const periodMs = (spec.periodSeconds ?? 10) * 1000;
      const failureThreshold = spec.failureThreshold ?? 3;
      const successThreshold = spec.successThreshold ?? 1;
      const until = kind === 'liveness' ? this.livenessAheadUntil(engine, pod, rec, c, stableUntil) : now;
      // A probe whose outcome cannot change (a steady success) skips ahead to the
      // first period tick after the next thing the processes do.
      while (st.next <= until) {
        const at = st.next;
        const pidsBefore = pidCounter(rt, c.name);
        const result = this.probeOnce(rt, c, spec, at, rec.ip ?? '');
        st.next = at + periodMs;
        // A probe whose result changes nothing (a steady success; a readiness probe failing as it
        // failed before, on an unready container, which adds to the Unhealthy count only) gives the
        // same result at every tick while nothing in the pod can change it: the ticks up to the
        // catch-up's horizon are taken at once.
        const steady = result.ok ? kind !== 'startup' && st.ok === true && st.fails === 0 : kind === 'readiness' && st.ok === false && !cr.ready && st.failed === result.output;
        // A liveness probe that starts failing fails the same way at the next ticks too, while
        // nothing in the pod changes: those short of its failure threshold (which only add to the
        // Unhealthy count) are taken at once, and the one that reaches it (the kill) too when it
        // may be taken ahead (livenessAheadUntil); otherwise that tick is stepped.
        const firstFailure = !result.ok && kind === 'liveness' && st.fails === 0;
        const killTick = at + (failureThreshold - 1) * periodMs;
        const failRepeats = killTick <= until ? failureThreshold - 1 : failureThreshold - 2;
        const repeats = steady
          ? this.unchangedProbeTicks(engine, pod, rec, spec, at, stableUntil)
          : firstFailure
            ? Math.max(0, Math.min(this.unchangedProbeTicks(engine, pod, rec, spec, at, stableUntil), failRepeats))
            : 0;
        const lastAt = at + repeats * periodMs;
        st.next += repeats * periodMs;
        if (repeats) addPids(rt, c.name, repeats * (pidCounter(rt, c.name) - pidsBefore));
        if (result.ok) {
          st.fails = 0;
          st.succ += 1 + repeats;
          if (st.succ >= successThreshold) st.ok = true;
          if (kind === 'startup' && st.ok) {
            cr.started = true;
            delete probes.startup;
            for (const k of ['liveness', 'readiness'] as const) if (probes[k]) probes[k]!.next = Math.max(probes[k]!.next, at);
            return now;
          }
          if (kind === 'readiness') cr.ready = true;
          const timeDependent = !!spec.httpGet;
          if (!timeDependent && st.next <= now) {
            const skipTo = Math.min(now, stableUntil);
            if (skipTo > st.next) st.next += Math.floor((skipTo - st.next) / periodMs) * periodMs;
          }
          continue;
        }
        st.succ = 0;
        st.fails += 1 + repeats;
        st.failed = result.output;
        const label = kind[0]!.toUpperCase() + kind.slice(1);
        this.runEvent(engine, pod, c, cr, 'Warning', 'Unhealthy', `${label} probe failed: ${result.output}`, at, 1 + repeats, lastAt);
        if (st.fails >= failureThreshold) {
          st.ok = false;
          if (kind === 'readiness') cr.ready = false;
          else {
            const policy = pod.spec.restartPolicy ?? 'Always';
            const restart = policy !== 'Never';
            this.runEvent(engine, pod, c, cr, 'Normal', 'Killing', `Container ${c.name} failed ${kind} probe${restart ? ', will be restarted' : ''}`, lastAt);
            this.stopContainer(engine, pod, rec, c, cr, `${kind}`, false, lastAt);
            return cr.killAt;
          }
        }
      }
      wakes.push(Math.max(st.next, now));
    }
    // A healthy exec/tcp probe is not replayed between runtime events.
    return wakes.length ? Math.min(...wakes) : undefined;
  }

  /**
   * The last instant up to which a liveness probe's ticks are taken in this sync. Normally the
   * sync's own; during a catch-up, for a pod whose one container has a liveness probe and no
   * readiness or startup probe, ticks after it up to the horizon, before anything the processes
   * do: nothing between shows what they do (failures up to the threshold only add to the
   * Unhealthy count, and a container being stopped reports as running until it exits), and their
   * results are what stepping would get, the pod being as it is now. This saves a catch-up a sync
   * per tick of a probe-killed loop (and the exec of the tick that kills it).
   */
  private livenessAheadUntil(engine: Engine, pod: Pod, rec: PodRecord, c: Container, stableUntil: number): number {
    const now = engine.now;
    if (engine.horizon <= now || c.readinessProbe || c.startupProbe || c.livenessProbe?.httpGet) return now;
    if (pod.spec.containers.length !== 1 || pod.spec.initContainers?.length || rec.rt?.sharePid || Object.keys(rec.rt?.hostPaths ?? {}).length) return now;
    if (endsByDeadline(pod)) return now;
    return Math.max(now, Math.min(engine.horizon, stableUntil - 1));
  }

  /**
   * How many more ticks of a probe (after the one at `at`) give the same result by the catch-up's
   * horizon: none of the pod's processes does anything before `stableUntil`, every container runs
   * with its probes steady (none about to stop it), and no deadline ends the pod early. httpGet
   * probes are never batched (their servers may answer differently with time).
   */
  private unchangedProbeTicks(engine: Engine, pod: Pod, rec: PodRecord, spec: Probe, at: number, stableUntil: number): number {
    if (spec.httpGet || endsByDeadline(pod)) return 0;
    const steadyProbe = (st: ProbeState, ready: boolean | undefined) => (st.ok === true && st.fails === 0) || (st.ok === false && st.failed !== undefined && !ready);
    for (const cr of Object.values(rec.containers)) {
      if (cr.stage !== 'running' || !cr.started || cr.probes?.startup) return 0;
      if (cr.probes?.liveness && !(cr.probes.liveness.ok === true && cr.probes.liveness.fails === 0)) return 0;
      if (cr.probes?.readiness && !steadyProbe(cr.probes.readiness, cr.ready)) return 0;
    }
    const periodMs = (spec.periodSeconds ?? 10) * 1000;
    const until = Math.min(engine.horizon, stableUntil - 1);
    return Math.max(0, Math.floor((until - at) / periodMs));
  }

  /**
   * Records an event of the running container's cycle and remembers it for the crash-loop
   * fast-forward; repeats of the previous one are merged, and a cycle with more different events
   * than a steady loop has is not remembered at all (it will not be jumped).
   */
  private runEvent(engine: Engine, pod: Pod, c: Container, cr: ContainerRecord, type: 'Normal' | 'Warning', reason: string, message: string, at: number, count = 1, last = at): void {
    eventTimes(engine, pod, c, type, reason, message, count, at, last);
    if (cr.startedAt === undefined) return;
    const loop = (cr.loop ??= { bo: 0 });
    if (loop.unsteady) return;
    const run = (loop.run ??= []);
    const prev = run[run.length - 1];
    if (prev && prev[0] === type && prev[1] === reason && prev[2] === message) {
      prev[4] += count;
      prev[5] = last - cr.startedAt - prev[3];
    } else if (run.length < MAX_CYCLE_EVENTS) run.push([type, reason, message, at - cr.startedAt, count, last - at]);
    else {
      delete loop.run;
      loop.unsteady = true;
    }
  }

  private probeOnce(rt: PodRt, c: Container, p: Probe, at: number, ip: string): { ok: boolean; output: string } {
    if (p.exec?.command?.length) {
      const r = execInContainer(rt, c.name, p.exec.command, undefined, at, (p.timeoutSeconds ?? 1) * 1000);
      return { ok: r.exitCode === 0, output: r.output.map((o) => o.x).join('') };
    }
    if (p.httpGet) {
      const port = portNumber(c, p.httpGet.port);
      const path = p.httpGet.path ?? '/';
      const r = httpProbe(rt, port, path, at);
      const url = `${(p.httpGet.scheme ?? 'HTTP').toLowerCase()}://${p.httpGet.host ?? ip}:${port}${path}`;
      if ('error' in r) return { ok: false, output: `Get "${url}": dial tcp ${ip}:${port}: connect: connection refused` };
      if (r.status >= 400) return { ok: false, output: `HTTP probe failed with statuscode: ${r.status}` };
      return { ok: true, output: '' };
    }
    if (p.tcpSocket) {
      const port = portNumber(c, p.tcpSocket.port);
      return listening(rt, port) ? { ok: true, output: '' } : { ok: false, output: `dial tcp ${ip}:${port}: connect: connection refused` };
    }
    return { ok: true, output: '' };
  }

  /** preStop, then SIGTERM; SIGKILL when the grace period ends. */
  private stopContainer(engine: Engine, pod: Pod, rec: PodRecord, c: Container, cr: ContainerRecord, reason: string, preStop: boolean, at = engine.now): void {
    const grace = (pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    const rt = rec.rt!;
    if (preStop && c.lifecycle?.preStop) {
      const ok = this.runHandler(rt, c.name, c.lifecycle.preStop, at);
      if (!ok) event(engine, pod, c, 'Warning', 'FailedPreStopHook', 'PreStopHook failed');
    }
    signalContainer(rt, c.name, 'TERM', at);
    cr.stage = 'stopping';
    cr.killReason = reason;
    cr.killAt = at + Math.max(grace, 2000);
    delete cr.probes;
  }

  private needsPull(store: Store, nodeName: string, c: Container): boolean {
    if (c.imagePullPolicy === 'Always') return true;
    if (c.imagePullPolicy === 'Never') return false;
    return !nodeRecord(store, nodeName).images.includes(normalizeImage(c.image!));
  }

  /** An image change: the kubelet kills the container and starts it again with the new image. */
  private restartForNewImage(engine: Engine, pod: Pod, rec: PodRecord, c: Container): void {
    const now = engine.now;
    const cr = rec.containers[c.name]!;
    event(engine, pod, c, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`);
    if (cr.stage === 'running') signalContainer(rec.rt!, c.name, 'KILL', now);
    const term: Termination = cr.current ?? { exitCode: 0, reason: 'Completed', startedAt: cr.startedAt ?? now, finishedAt: now, containerID: cr.containerID! };
    cr.current = term;
    this.recycle(cr);
    cr.image = c.image!;
  }

  /**
   * Applies spec resources that differ from those allocated: in place (the cgroup
   * limits change, the processes run on), or by restarting the container when its
   * resizePolicy says RestartContainer for a resource that changed. status.resize
   * (Proposed by the API server) is cleared once done.
   */
  private resize(engine: Engine, pod: Pod, rec: PodRecord): void {
    const now = engine.now;
    for (const c of pod.spec.containers) {
      const cr = rec.containers[c.name];
      if (!cr || cr.stage !== 'running') continue;
      const want = c.resources ?? {};
      const had = cr.allocated ?? {};
      if (JSON.stringify(want) === JSON.stringify(had)) continue;
      const changed = ['cpu', 'memory'].filter((r) => want.limits?.[r] !== had.limits?.[r] || want.requests?.[r] !== had.requests?.[r]);
      const restart = changed.some((r) => c.resizePolicy?.find((p) => p.resourceName === r)?.restartPolicy === 'RestartContainer');
      cr.allocated = structuredClone(want);
      if (restart) {
        event(engine, pod, c, 'Normal', 'Killing', `Container ${c.name} resize requires restart`);
        signalContainer(rec.rt!, c.name, 'KILL', now);
        cr.current = { exitCode: 0, reason: 'Completed', startedAt: cr.startedAt ?? now, finishedAt: now, containerID: cr.containerID! };
        this.recycle(cr);
        // The kubelet starts it again in the same sync, without back-off.
        delete cr.retryAt;
        delete cr.backoff;
      } else {
        const mem = want.limits?.['memory'];
        resizeContainer(rec.rt!, c.name, mem ? parseQuantity(mem) : undefined);
      }
    }
    if (pod.status?.resize) delete pod.status.resize;
  }

  /** Writes container statuses, conditions and phase from the kubelet's records. */
  private writeStatus(engine: Engine, pod: Pod, rec: PodRecord, initDone: boolean, failedInit: boolean): void {
    const now = engine.now;
    const status = pod.status!;
    const inits = pod.spec.initContainers ?? [];
    const hasInits = inits.length > 0;
    const defaultWaiting = hasInits ? 'PodInitializing' : 'ContainerCreating';
    const toStatus = (c: Container, previous: ContainerStatus[] | undefined): ContainerStatus =>
      containerStatus(c, rec.containers[c.name], previous?.find((s) => s.name === c.name), defaultWaiting);
    if (hasInits) {
      const previous = status.initContainerStatuses;
      status.initContainerStatuses = inits.map((c) => toStatus(c, previous));
    }
    const previous = status.containerStatuses;
    status.containerStatuses = sortByName(pod.spec.containers.map((c) => toStatus(c, previous)));
    const ephemeral = pod.spec.ephemeralContainers ?? [];
    if (ephemeral.length) {
      const before = status.ephemeralContainerStatuses;
      status.ephemeralContainerStatuses = sortByName(ephemeral.map((c) => ephemeralStatus(toStatus(c, before))));
    }
    if (featureEnabled(engine.store.meta.featureGates, 'InPlacePodVerticalScaling')) {
      for (const s of status.containerStatuses) {
        const cr = rec.containers[s.name];
        if (s.state?.running && cr?.allocated) s.resources = statusResources(cr.allocated);
      }
    }
    // Phase (kubelet.md §4.1).
    const policy = pod.spec.restartPolicy ?? 'Always';
    let phase: string;
    const regular = status.containerStatuses;
    let running = 0;
    let waiting = 0;
    let stopped = 0;
    let succeeded = 0;
    for (const s of regular) {
      if (s.state?.running) running++;
      if (s.state?.waiting && !s.lastState?.terminated) waiting++;
      if (s.state?.terminated || (s.state?.waiting && s.lastState?.terminated)) stopped++;
      if (s.state?.terminated?.exitCode === 0) succeeded++;
    }
    if (failedInit && policy === 'Never') phase = 'Failed';
    else if (!initDone) phase = 'Pending';
    else if (waiting > 0) phase = 'Pending';
    else if (running > 0) phase = 'Running';
    else if (stopped > 0) {
      if (policy === 'Always') phase = 'Running';
      else if (succeeded === regular.length) phase = 'Succeeded';
      else if (policy === 'Never') phase = 'Failed';
      else phase = 'Running';
    } else phase = 'Pending';
    // A container still waiting for its restart counts as stopped, not waiting.
    if (phase === 'Running' && regular.some((s) => s.state?.terminated) && policy === 'OnFailure' && running === 0) {
      const allOk = regular.every((s) => s.state?.terminated?.exitCode === 0);
      if (allOk) phase = 'Succeeded';
    }
    status.phase = phase;
    const conditions = [...(status.conditions ?? [])];
    const terminal = phase === 'Succeeded' || phase === 'Failed';
    if (hasInits) {
      if (initDone || terminal) setCondition(conditions, now, 'Initialized', 'True', phase === 'Succeeded' ? 'PodCompleted' : undefined);
      else {
        const incomplete = (status.initContainerStatuses ?? []).filter((s, i) => !isSidecar(inits[i]!) && s.state?.terminated?.exitCode !== 0).map((s) => s.name);
        setCondition(conditions, now, 'Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`);
      }
    } else if (phase === 'Succeeded') setCondition(conditions, now, 'Initialized', 'True', 'PodCompleted');
    const sidecarStatuses = (status.initContainerStatuses ?? []).filter((_s, i) => isSidecar(inits[i]!));
    const unready = [...sidecarStatuses, ...regular].filter((s) => !s.ready).map((s) => s.name);
    if (terminal) {
      setCondition(conditions, now, 'PodReadyToStartContainers', 'False');
      const reason = phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
      setCondition(conditions, now, 'Ready', 'False', reason);
      setCondition(conditions, now, 'ContainersReady', 'False', reason);
    } else if (unready.length === 0) {
      setCondition(conditions, now, 'Ready', 'True');
      setCondition(conditions, now, 'ContainersReady', 'True');
    } else {
      const msg = `containers with unready status: [${unready.join(' ')}]`;
      setCondition(conditions, now, 'Ready', 'False', 'ContainersNotReady', msg);
      setCondition(conditions, now, 'ContainersReady', 'False', 'ContainersNotReady', msg);
    }
    status.conditions = sortConditions(conditions, status.conditions);
    if (terminal) {
      rec.stage = 'done';
      if (rec.rt) rec.rt.procs = [];
    }
    engine.store.put(PODS, pod);
  }

  /** Deletion: stop every container (Killing, preStop, SIGTERM), then remove the pod once they have stopped. */
  private terminate(engine: Engine, pod: Pod, record: PodRecord | undefined): void {
    const now = engine.now;
    const deadline = Date.parse(pod.metadata.deletionTimestamp!);
    if (!record || record.stage !== 'terminating') {
      const rec: PodRecord = record
        ? { ...record, stage: 'terminating' }
        : {
            apiVersion: 'kubesim/v1',
            kind: 'PodRecord',
            metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace },
            podUid: mirrorRunUid(pod),
            stage: 'terminating',
            containers: {},
          };
      if (rec.rt) advancePod(rec.rt, now);
      for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? []), ...(pod.spec.ephemeralContainers ?? [])]) {
        const cr = rec.containers[c.name];
        if (cr?.stage === 'running' && rec.rt && !rec.rt.containers[c.name]?.exited) {
          event(engine, pod, c, 'Normal', 'Killing', `Stopping container ${c.name}`);
          this.stopContainer(engine, pod, rec, c, cr, 'delete', true);
        }
      }
      rec.killAt = deadline;
      engine.store.put(KUBELET_RECORDS, rec);
      // Nothing running (containers never started): the pod goes at once, without waiting out the grace period.
      engine.schedule(this.name, key(pod), Math.min(this.stopTime(rec, now) ?? now, deadline));
      return;
    }
    // Done when every container has exited (or the grace period is over).
    const rec = record;
    const done = this.stopTime(rec, now);
    if (done !== undefined && now < Math.min(done, deadline)) {
      engine.schedule(this.name, key(pod), Math.min(done, deadline));
      return;
    }
    // The kubelet's last two statuses (containers stopped; the pod terminal), then the pod is gone.
    engine.store.put(PODS, stoppedPodStatus(pod, rec, now, false));
    engine.store.put(PODS, stoppedPodStatus(engine.store.get(PODS, pod.metadata.namespace, pod.metadata.name!) as Pod, rec, now, true));
    engine.store.remove(PODS, pod.metadata.namespace, pod.metadata.name!);
    engine.store.remove(KUBELET_RECORDS, pod.metadata.namespace, pod.metadata.name!);
  }

  /** When the last stopping container will have exited (undefined: nothing is running). */
  private stopTime(rec: PodRecord, now: number): number | undefined {
    const rt = rec.rt;
    let latest: number | undefined;
    for (const [name, cr] of Object.entries(rec.containers)) {
      if (cr.stage !== 'stopping') continue;
      const proc = rt?.procs.find((p) => p.container === name && p.pid === rt.containers[name]?.pid1);
      const exitAt = proc?.exit?.at ?? rt?.containers[name]?.exited?.at;
      const end = exitAt !== undefined ? Math.max(exitAt, now) : (cr.killAt ?? now);
      latest = latest === undefined ? end : Math.max(latest, end);
    }
    return latest;
  }
}

/**
 * A deleted pod's status once its containers have stopped. syncTerminatingPod publishes the
 * containers stopped (running ones terminated with their exit, SIGKILL at the deadline: 137) under
 * the usual phase rules; syncTerminatedPod then makes the pod terminal (kubelet.md §4.1, v1.27+):
 * Succeeded when every container exited 0, else Failed, never-started containers
 * ContainerStatusUnknown. kubectl prints the first `0/1 Terminating`, the second by its reason.
 */
function stoppedPodStatus(pod: Pod, rec: PodRecord, now: number, terminal: boolean): Pod {
  if (rec.rt) advancePod(rec.rt, now);
  const stop = (s: ContainerStatus): ContainerStatus => {
    if (s.state?.running) {
      const exited = rec.rt?.containers[s.name]?.exited;
      const code = exited?.code ?? 137;
      const terminated = { containerID: s.containerID, exitCode: code, finishedAt: rfc3339(exited?.at ?? now), reason: code === 0 ? 'Completed' : 'Error', startedAt: s.state.running.startedAt };
      return { ...s, ready: false, started: false, state: { terminated } };
    }
    if (s.state?.waiting && terminal) {
      const terminated = { exitCode: 137, finishedAt: null, message: 'The container could not be located when the pod was terminated', reason: 'ContainerStatusUnknown', startedAt: null };
      return { ...s, ready: false, started: false, state: { terminated } as unknown as ContainerStatus['state'] };
    }
    return { ...s, ready: false };
  };
  const status = structuredClone(pod.status ?? {});
  status.containerStatuses = status.containerStatuses?.map(stop);
  if (status.initContainerStatuses) status.initContainerStatuses = status.initContainerStatuses.map(stop);
  if (status.ephemeralContainerStatuses) status.ephemeralContainerStatuses = status.ephemeralContainerStatuses.map((s) => ephemeralStatus(stop(s)));
  const regular = status.containerStatuses ?? [];
  const allOk = regular.length > 0 && regular.every((s) => s.state?.terminated?.exitCode === 0);
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (terminal) status.phase = allOk ? 'Succeeded' : 'Failed';
  else if (regular.some((s) => s.state?.waiting)) status.phase = 'Pending';
  else if (policy === 'Never') status.phase = allOk ? 'Succeeded' : 'Failed';
  else status.phase = policy === 'OnFailure' && allOk ? 'Succeeded' : 'Running';
  const conditions = [...(status.conditions ?? [])];
  const done = status.phase === 'Succeeded' || status.phase === 'Failed';
  const reason = status.phase === 'Succeeded' ? 'PodCompleted' : done ? 'PodFailed' : 'ContainersNotReady';
  const message = done ? undefined : `containers with unready status: [${regular.map((s) => s.name).join(' ')}]`;
  setCondition(conditions, now, 'PodReadyToStartContainers', 'False');
  setCondition(conditions, now, 'Ready', 'False', reason, message);
  setCondition(conditions, now, 'ContainersReady', 'False', reason, message);
  status.conditions = sortConditions(conditions);
  return { ...pod, status };
}

/**
 * An ephemeral container's status: never ready, and without `started` (the kubelet's probe manager,
 * which sets both, looks at init and regular containers only).
 */
function ephemeralStatus(s: ContainerStatus): ContainerStatus {
  const { started: _started, ...rest } = s;
  return { ...rest, ready: false };
}

/** The container's next process ID (the pod's, with a shared PID namespace): every exec takes one. */
function pidCounter(rt: PodRt, name: string): number {
  return rt.sharePid ? rt.nextPid : (rt.containers[name]?.nextPid ?? 0);
}

function addPids(rt: PodRt, name: string, n: number): void {
  if (rt.sharePid) rt.nextPid += n;
  else if (rt.containers[name]) rt.containers[name]!.nextPid += n;
}

function advancePodExit(rt: PodRt, name: string): void {
  const c = rt.containers[name];
  if (c) delete c.exited;
}

function portNumber(c: Container, port: number | string): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort ?? 0;
}

function event(engine: Engine, pod: Pod, c: Container, type: 'Normal' | 'Warning', reason: string, message: string, at = engine.now, count = 1, last = at): Event {
  return recordEvent(engine.store, at, eventSpec(pod, c, type, reason, message), count, last);
}

/** An event the kubelet records about one of a pod's containers (its fieldPath names the container's list). */
function eventSpec(pod: Pod, c: Container, type: 'Normal' | 'Warning', reason: string, message: string): EventSpec {
  const list = pod.spec.initContainers?.some((ic) => ic.name === c.name)
    ? 'initContainers'
    : pod.spec.ephemeralContainers?.some((ec) => ec.name === c.name)
      ? 'ephemeralContainers'
      : 'containers';
  return { object: pod, fieldPath: `spec.${list}{${c.name}}`, type, reason, message, source: { component: 'kubelet', host: pod.spec.nodeName } };
}

/** The messages of the events a crash loop repeats each cycle (recorded, jumped and parked alike). */
const presentMessage = (image: string) => `Container image "${image}" already present on machine`;
const createdMessage = (c: Container) => `Created container: ${c.name}`;
const startedMessage = (c: Container) => `Started container ${c.name}`;
const backOffMessage = (pod: Pod, c: Container) => `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;

/** An event that happened `count` times, the first at `first` and the last at `last` (aggregated as the recorder would). */
function eventTimes(engine: Engine, pod: Pod, c: Container, type: 'Normal' | 'Warning', reason: string, message: string, count: number, first: number, last: number): void {
  if (count > 0) event(engine, pod, c, type, reason, message, first, count, last);
}

/**
 * The formulas of the events a parked loop's cycles record, counting on from the stored events:
 * the image found present, the container created and started at each restart (`expiry` is the
 * first), what each run records (at the same times after its start), the back-off's retries every
 * RESYNC_MS (those of the current wait up to `loop.boAt` recorded already). Undefined when one of
 * them is not stored yet.
 */
function cycleEventFormulas(store: Store, pod: Pod, c: Container, loop: NonNullable<ContainerRecord['loop']>, expiry: number): EventFormula[] | undefined {
  const events: EventFormula[] = [];
  const add = (type: 'Normal' | 'Warning', reason: string, message: string, runs: Occurrences[], since = expiry - 1): boolean => {
    const ev = existingEvent(store, eventSpec(pod, c, type, reason, message));
    if (!ev?.lastTimestamp) return false;
    const known = events.find((f) => f.name === ev.metadata.name);
    if (known) known.runs.push(...runs);
    else events.push({ name: ev.metadata.name!, count: ev.count ?? 1, last: ev.lastTimestamp, since, runs });
    return true;
  };
  if (loop.boAt === undefined || !loop.bo) return undefined;
  const firstRetry = loop.boAt - (loop.bo - 1) * RESYNC_MS;
  const retries = Math.floor((expiry - 1 - firstRetry) / RESYNC_MS) + 1;
  if (
    !add('Normal', 'Pulled', presentMessage(c.image!), [[expiry, 1, 0]]) ||
    !add('Normal', 'Created', createdMessage(c), [[expiry, 1, 0]]) ||
    !add('Normal', 'Started', startedMessage(c), [[expiry, 1, 0]]) ||
    !add('Warning', 'BackOff', backOffMessage(pod, c), [[firstRetry, retries, RESYNC_MS]], loop.boAt)
  ) {
    return undefined;
  }
  for (const [type, reason, message, offset, count, span] of loop.run ?? []) {
    const step = count > 1 ? span / (count - 1) : 0;
    if (!Number.isInteger(step) || !add(type, reason, message, [[expiry + offset, count, step]])) return undefined;
  }
  return events;
}

/** A cycle's events per (type, reason, message): how many, the first's and the last's time after the start. */
function cycleEventTotals(run: CycleEvent[]): [CycleEvent[0], string, string, number, number, number][] {
  const totals = new Map<string, [CycleEvent[0], string, string, number, number, number]>();
  for (const [type, reason, message, offset, count, span] of run) {
    const key = JSON.stringify([type, reason, message]);
    const t = totals.get(key);
    if (!t) totals.set(key, [type, reason, message, count, offset, offset + span]);
    else {
      t[3] += count;
      t[4] = Math.min(t[4], offset);
      t[5] = Math.max(t[5], offset + span);
    }
  }
  return [...totals.values()];
}

/** The statuses by container name (a list the caller made: sorted in place). */
function sortByName(list: ContainerStatus[]): ContainerStatus[] {
  return list.length < 2 ? list : list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A container spec's JSON, once per spec object (a changed pod is a new object: see statusMounts). */
const specJsonCache = new WeakMap<Container, string>();
function specJson(c: Container): string {
  let json = specJsonCache.get(c);
  if (json === undefined) specJsonCache.set(c, (json = JSON.stringify(c)));
  return json;
}

/**
 * A container's status volumeMounts, made once per container spec object (a pod's spec is
 * immutable but for images, and a changed pod is a new object): every status the kubelet writes
 * for the container shares the one list, which nothing changes in place.
 */
const statusMounts = new WeakMap<Container, ContainerStatus['volumeMounts'] | null>();

export function mountsOf(c: Container): ContainerStatus['volumeMounts'] {
  let mounts = statusMounts.get(c);
  if (mounts === undefined) {
    const list = (c.volumeMounts ?? []).map((m) => ({
      mountPath: m.mountPath,
      name: m.name,
      ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
    }));
    mounts = list.length ? list : null;
    statusMounts.set(c, mounts);
  }
  return mounts ?? undefined;
}

/** containerStatuses[].resources: the allocated cpu/memory/ephemeral-storage (convertContainerStatusResources). */
function statusResources(allocated: NonNullable<Container['resources']>): NonNullable<ContainerStatus['resources']> {
  const pick = (list: Record<string, string> | undefined) => {
    if (!list) return undefined;
    const out: Record<string, string> = {};
    for (const k of ['cpu', 'memory', 'ephemeral-storage']) if (list[k] !== undefined) out[k] = list[k]!;
    return out;
  };
  const limits = pick(allocated.limits);
  const requests = pick(allocated.requests);
  return { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) };
}

function waitingStatus(c: Container, reason: string, image = c.image!): ContainerStatus {
  const volumeMounts = mountsOf(c);
  const status: ContainerStatus = {
    image,
    imageID: '',
    lastState: {},
    name: c.name,
    ready: false,
    restartCount: 0,
    started: false,
    state: { waiting: { reason } },
  };
  if (volumeMounts) status.volumeMounts = volumeMounts;
  return status;
}

function terminatedState(t: Termination): ContainerStatus['state'] {
  return {
    terminated: {
      containerID: t.containerID,
      exitCode: t.exitCode,
      finishedAt: rfc3339(t.finishedAt),
      reason: t.reason,
      startedAt: rfc3339(t.startedAt),
    },
  };
}

function containerStatus(c: Container, cr: ContainerRecord | undefined, prev: ContainerStatus | undefined, defaultWaiting: string): ContainerStatus {
  if (!cr || ((cr.stage === 'waiting' || cr.stage === 'pulling') && !cr.containerID)) {
    const w = waitingStatus(c, cr?.waitingReason ?? defaultWaiting, prev?.image ?? c.image!);
    if (cr?.waitingMessage) w.state = { waiting: { message: cr.waitingMessage, reason: cr.waitingReason } };
    return w;
  }
  // A restart in progress (pulling again) is not reported until the new instance exists:
  // the status the sync started from stays (the old instance, the old restart count).
  if (cr.stage === 'pulling' && cr.last && prev?.lastState && !cr.pullFailure) return { ...prev };
  const live = cr.stage === 'running' || cr.stage === 'stopping';
  let state: ContainerStatus['state'];
  if (live) state = { running: { startedAt: rfc3339(cr.startedAt!) } };
  else if (cr.stage === 'terminated' && cr.current) state = terminatedState(cr.current);
  else {
    const reason = cr.waitingReason ?? defaultWaiting;
    state = { waiting: cr.waitingMessage ? { message: cr.waitingMessage, reason } : { reason } };
  }
  const fields = {
    image: normalizeImage(cr.image),
    imageID: imageId(cr.image),
    lastState: cr.last ? terminatedState(cr.last) : {},
    name: c.name,
    ready: live && !!cr.ready,
    restartCount: cr.restartCount,
    started: live ? !!cr.started : false,
    state,
  };
  // A container being restarted reports its previous instance's ID until a new one exists.
  const out: ContainerStatus = cr.containerID ? { containerID: cr.containerID, ...fields } : fields;
  const volumeMounts = mountsOf(c);
  if (volumeMounts) out.volumeMounts = volumeMounts;
  // (In place when the status has a containerID, first; after the rest when it has none.)
  if (cr.stage === 'waiting' && cr.last) out.containerID = cr.last.containerID;
  return out;
}

// ---------- container configuration: env, volumes, identity ----------

function getConfigMap(store: Store, ns: string, name: string): ConfigMap | undefined {
  return store.get('configmaps', ns, name) as ConfigMap | undefined;
}
function getSecret(store: Store, ns: string, name: string): Secret | undefined {
  return store.get('secrets', ns, name) as Secret | undefined;
}
function secretData(s: Secret): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((s as unknown as { data?: Record<string, string> }).data ?? {})) out[k] = Buffer.from(v, 'base64').toString('utf8');
  for (const [k, v] of Object.entries((s as unknown as { stringData?: Record<string, string> }).stringData ?? {})) out[k] = v;
  return out;
}

/**
 * The registry credentials of the pod's pull secrets that match the image's
 * registry (dockerconfigjson / dockercfg); a listed secret that does not exist
 * is reported with FailedToRetrieveImagePullSecret and skipped.
 */
function pullCredentials(engine: Engine, pod: Pod, c: Container): RegistryCredential[] {
  const ns = pod.metadata.namespace!;
  const host = registryHost(c.image!);
  const missing: string[] = [];
  const out: RegistryCredential[] = [];
  for (const ref of pod.spec.imagePullSecrets ?? []) {
    const s = getSecret(engine.store, ns, ref.name);
    if (!s) {
      missing.push(ref.name);
      continue;
    }
    const data = secretData(s);
    let auths: Record<string, { username?: string; password?: string; auth?: string }> = {};
    try {
      if (s.type === 'kubernetes.io/dockerconfigjson') auths = JSON.parse(data['.dockerconfigjson'] ?? '{}').auths ?? {};
      else if (s.type === 'kubernetes.io/dockercfg') auths = JSON.parse(data['.dockercfg'] ?? '{}');
    } catch {
      continue;
    }
    for (const [key, entry] of Object.entries(auths)) {
      if (!entry || !authKeyMatches(key, host)) continue;
      let { username = '', password = '' } = entry;
      if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon >= 0) [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
      }
      out.push({ username, password });
    }
  }
  if (missing.length) {
    recordEvent(engine.store, engine.now, {
      object: pod,
      type: 'Warning',
      reason: 'FailedToRetrieveImagePullSecret',
      message: `Unable to retrieve some image pull secrets (${missing.join(', ')}); attempting to pull the image may not succeed.`,
      source: { component: 'kubelet', host: pod.spec.nodeName },
    });
  }
  return out;
}

/**
 * The user namespace the kubelet gives a pod with hostUsers: false: 65536 ids
 * from a multiple of 65536 (never the first block), picked per pod.
 */
function podUserNamespace(pod: Pod): { base: number; inode: number } {
  const h = createHash('sha256').update(`userns:${pod.metadata.uid}`).digest();
  return { base: 65536 * (1 + (h.readUInt16BE(0) % 65534)), inode: 4026532000 + (h.readUInt16BE(2) % 1000) };
}

/** Image volumes (ImageVolume gate): pulled before the containers, with events on the pod itself. */
function pullImageVolumes(engine: Engine, pod: Pod): void {
  if (!featureEnabled(engine.store.meta.featureGates, 'ImageVolume')) return;
  const nodeName = pod.spec.nodeName!;
  const podEvent = (type: 'Normal' | 'Warning', reason: string, message: string) =>
    recordEvent(engine.store, engine.now, { object: pod, type, reason, message, source: { component: 'kubelet', host: nodeName } });
  for (const v of pod.spec.volumes ?? []) {
    const image = v.image?.reference;
    if (!image) continue;
    const policy = v.image?.pullPolicy ?? defaultPullPolicy(image);
    const present = nodeRecord(engine.store, nodeName).images.includes(normalizeImage(image));
    if (present && policy !== 'Always') {
      podEvent('Normal', 'Pulled', presentMessage(image));
      continue;
    }
    if (policy === 'Never') continue;
    const info = imageInfo(image);
    const took = goDurationString(present ? cachedPullMs(image, `${pod.metadata.uid}/volume/${v.name}`) : info.pullMs);
    podEvent('Normal', 'Pulling', `Pulling image "${image}"`);
    podEvent('Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${info.sizeBytes} bytes.`);
    rememberImage(engine.store, nodeName, image);
  }
}

function fieldRef(pod: Pod, path: string, ip: string): string {
  switch (path) {
    case 'metadata.name': return pod.metadata.name ?? '';
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'spec.nodeName': return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec.serviceAccountName ?? '';
    case 'status.podIP':
    case 'status.podIPs': return ip;
    case 'status.hostIP':
    case 'status.hostIPs': return pod.status?.hostIP ?? '';
  }
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[m[2]!] ?? '';
  if (path === 'metadata.labels') return Object.entries(pod.metadata.labels ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
  if (path === 'metadata.annotations') return Object.entries(pod.metadata.annotations ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
  return '';
}

function resourceField(pod: Pod, c: Container, resource: string, divisor?: string): string {
  const target = pod.spec.containers.find((x) => x.name === c.name) ?? c;
  const [kind, name] = resource.split('.') as [string, string];
  const v = (kind === 'limits' ? target.resources?.limits : target.resources?.requests)?.[name];
  const node = name === 'cpu' ? '4' : '8Gi';
  const q = parseQuantity(v ?? (kind === 'limits' ? node : '0'));
  const d = divisor ? parseQuantity(divisor) : 1;
  return String(Math.ceil(q / d));
}

/** $(VAR) references in command, args and env values (kubelet's expansion). */
function expandRefs(s: string, env: Map<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return env.has(name!) ? env.get(name!)! : m;
  });
}

/** Service links of the default namespace's kubernetes service. */
const SERVICE_LINKS: readonly (readonly [string, string])[] = [
  ['KUBERNETES_SERVICE_HOST', '10.96.0.1'],
  ['KUBERNETES_SERVICE_PORT', '443'],
  ['KUBERNETES_SERVICE_PORT_HTTPS', '443'],
  ['KUBERNETES_PORT', 'tcp://10.96.0.1:443'],
  ['KUBERNETES_PORT_443_TCP', 'tcp://10.96.0.1:443'],
  ['KUBERNETES_PORT_443_TCP_PROTO', 'tcp'],
  ['KUBERNETES_PORT_443_TCP_PORT', '443'],
  ['KUBERNETES_PORT_443_TCP_ADDR', '10.96.0.1'],
];

/**
 * The container's environment (its env and envFrom, then the service links it does not set), or
 * why it cannot be made (a missing ConfigMap, Secret or key: CreateContainerConfigError).
 */
function containerEnv(store: Store, pod: Pod, c: Container, rec: PodRecord): [string, string][] | string {
  if (!c.env?.length && !c.envFrom?.length) return SERVICE_LINKS.map(([k, v]) => [k, v]);
  const ns = pod.metadata.namespace!;
  const env = new Map<string, string>();
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef) {
      const cm = getConfigMap(store, ns, from.configMapRef.name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        return `configmap "${from.configMapRef.name}" not found`;
      }
      for (const [k, v] of Object.entries(cm.data ?? {})) env.set((from.prefix ?? '') + k, v);
    }
    if (from.secretRef) {
      const s = getSecret(store, ns, from.secretRef.name);
      if (!s) {
        if (from.secretRef.optional) continue;
        return `secret "${from.secretRef.name}" not found`;
      }
      for (const [k, v] of Object.entries(secretData(s))) env.set((from.prefix ?? '') + k, v);
    }
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) {
      env.set(e.name, expandRefs(e.value, env));
      continue;
    }
    const vf = e.valueFrom;
    if (!vf) {
      env.set(e.name, '');
      continue;
    }
    if (vf.configMapKeyRef) {
      const cm = getConfigMap(store, ns, vf.configMapKeyRef.name);
      if (!cm) {
        if (vf.configMapKeyRef.optional) continue;
        return `configmap "${vf.configMapKeyRef.name}" not found`;
      }
      const v = cm.data?.[vf.configMapKeyRef.key];
      if (v === undefined) {
        if (vf.configMapKeyRef.optional) continue;
        return `couldn't find key ${vf.configMapKeyRef.key} in ConfigMap ${ns}/${vf.configMapKeyRef.name}`;
      }
      env.set(e.name, v);
    } else if (vf.secretKeyRef) {
      const s = getSecret(store, ns, vf.secretKeyRef.name);
      if (!s) {
        if (vf.secretKeyRef.optional) continue;
        return `secret "${vf.secretKeyRef.name}" not found`;
      }
      const v = secretData(s)[vf.secretKeyRef.key];
      if (v === undefined) {
        if (vf.secretKeyRef.optional) continue;
        return `couldn't find key ${vf.secretKeyRef.key} in Secret ${ns}/${vf.secretKeyRef.name}`;
      }
      env.set(e.name, v);
    } else if (vf.fieldRef) env.set(e.name, fieldRef(pod, vf.fieldRef.fieldPath, rec.ip ?? ''));
    else if (vf.resourceFieldRef) env.set(e.name, resourceField(pod, c, vf.resourceFieldRef.resource, vf.resourceFieldRef.divisor));
  }
  return [...env.entries(), ...SERVICE_LINKS.filter(([k]) => !env.has(k)).map(([k, v]): [string, string] => [k, v])];
}

/** The runtime's view of a container, or the CreateContainerConfigError text. */
function containerSpec(store: Store, pod: Pod, c: Container, rec: PodRecord): ContainerSpec | string {
  const envList = containerEnv(store, pod, c, rec);
  if (typeof envList === 'string') return envList;
  const psc = pod.spec.securityContext ?? {};
  const sc = c.securityContext ?? {};
  const runAsUser = sc.runAsUser ?? psc.runAsUser;
  const runAsGroup = sc.runAsGroup ?? psc.runAsGroup;
  const fsGroup = (psc as { fsGroup?: number }).fsGroup;
  const supplemental = (psc as { supplementalGroups?: number[] }).supplementalGroups ?? [];
  const groups = [...new Set([...(fsGroup !== undefined ? [fsGroup] : []), ...supplemental])].sort((a, b) => a - b);
  const limit = c.resources?.limits?.['memory'];
  const all = new Map(envList);
  // Image volumes are always mounted read-only.
  const imageVolumes = new Set((pod.spec.volumes ?? []).filter((v) => v.image).map((v) => v.name));
  return {
    name: c.name,
    image: c.image!,
    ...(c.command ? { command: c.command.map((s) => expandRefs(s, all)) } : {}),
    ...(c.args ? { args: c.args.map((s) => expandRefs(s, all)) } : {}),
    env: envList,
    ...(c.workingDir ? { workingDir: c.workingDir } : {}),
    ...(runAsUser !== undefined ? { runAsUser } : {}),
    ...(runAsGroup !== undefined ? { runAsGroup } : {}),
    supplementalGroups: groups,
    ...windowsSpec(store, pod, c),
    mounts: (c.volumeMounts ?? []).map((m) => ({ path: m.mountPath, volume: m.name, ...(m.readOnly || imageVolumes.has(m.name) ? { readOnly: true } : {}), ...(m.subPath ? { subPath: m.subPath } : {}) })),
    ...(limit ? { memLimitBytes: parseQuantity(limit) } : {}),
    ...securitySpec(pod, c),
    ...(c.stdin ? { stdin: true } : {}),
    ...((c as EphemeralContainer).targetContainerName ? { pidNamespaceOf: (c as EphemeralContainer).targetContainerName } : {}),
  };
}

/** Capabilities, no_new_privs and seccomp from the pod's and container's securityContext. */
function securitySpec(pod: Pod, c: Container): Pick<ContainerSpec, 'capabilities' | 'noNewPrivs' | 'seccomp'> {
  const sc = c.securityContext ?? {};
  const profile = sc.seccompProfile ?? pod.spec.securityContext?.seccompProfile;
  const out: Pick<ContainerSpec, 'capabilities' | 'noNewPrivs' | 'seccomp'> = {};
  if (sc.capabilities || sc.privileged) out.capabilities = { ...(sc.capabilities ?? {}), ...(sc.privileged ? { privileged: true } : {}) };
  if (sc.allowPrivilegeEscalation === false) out.noNewPrivs = true;
  if (profile && profile.type !== 'Unconfined') out.seccomp = true;
  return out;
}

function keyFiles(data: Record<string, string>, items?: { key: string; path: string }[]): Record<string, string> {
  if (!items?.length) return { ...data };
  const out: Record<string, string> = {};
  for (const it of items) if (data[it.key] !== undefined) out[it.path] = data[it.key]!;
  return out;
}

function buildVolumes(store: Store, pod: Pod, now: number): VolumeSpec[] {
  const ns = pod.metadata.namespace!;
  const fsGroup = (pod.spec.securityContext as { fsGroup?: number } | undefined)?.fsGroup;
  const out: VolumeSpec[] = [];
  for (const v of (pod.spec.volumes ?? []) as Volume[]) {
    const fsg = fsGroup !== undefined ? { fsGroup } : {};
    if (v.configMap) {
      const cm = getConfigMap(store, ns, v.configMap.name ?? '');
      out.push({ name: v.name, files: keyFiles({ ...(cm?.data ?? {}) }, v.configMap.items), ...(v.configMap.defaultMode !== undefined ? { mode: v.configMap.defaultMode } : {}), ...fsg });
    } else if (v.secret) {
      const s = getSecret(store, ns, v.secret.secretName ?? '');
      out.push({ name: v.name, files: keyFiles(s ? secretData(s) : {}, v.secret.items), ...(v.secret.defaultMode !== undefined ? { mode: v.secret.defaultMode } : {}), ...fsg });
    } else if (v.projected) {
      // The token and the cluster CA are kept in the pod's record as how to make them (derivedFile), not as text.
      const files: Record<string, string | DerivedFile> = {};
      for (const src of (v.projected.sources ?? []) as Record<string, any>[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
        if (src['configMap']) Object.assign(files, keyFiles({ ...(getConfigMap(store, ns, src['configMap'].name)?.data ?? {}) }, src['configMap'].items));
        if (src['secret']) {
          const s = getSecret(store, ns, src['secret'].name);
          Object.assign(files, keyFiles(s ? secretData(s) : {}, src['secret'].items));
        }
        if (src['serviceAccountToken']) {
          const claims = serviceAccountTokenClaims(store, pod, src['serviceAccountToken'].audience, src['serviceAccountToken'].expirationSeconds ?? 3607, now);
          files[src['serviceAccountToken'].path] = { from: 'token', claims };
        }
        if (src['downwardAPI']) for (const it of src['downwardAPI'].items ?? []) files[it.path] = it.fieldRef ? fieldRef(pod, it.fieldRef.fieldPath, '') : '';
      }
      for (const [path, text] of Object.entries(files)) if (text === clusterCaPem(store)) files[path] = { from: 'clusterCa' };
      out.push({ name: v.name, files, ...(v.projected.defaultMode !== undefined ? { mode: v.projected.defaultMode } : {}), ...fsg });
    } else if ((v as { downwardAPI?: { items?: { path: string; fieldRef?: { fieldPath: string } }[] } }).downwardAPI) {
      const files: Record<string, string> = {};
      for (const it of (v as { downwardAPI: { items?: { path: string; fieldRef?: { fieldPath: string } }[] } }).downwardAPI.items ?? []) files[it.path] = it.fieldRef ? fieldRef(pod, it.fieldRef.fieldPath, '') : '';
      out.push({ name: v.name, files, ...fsg });
    } else if (v.image?.reference && featureEnabled(store.meta.featureGates, 'ImageVolume')) {
      out.push({ name: v.name, image: v.image.reference });
    } else if (v.hostPath && isDirectoryHostPath(v.hostPath.type)) out.push({ name: v.name, hostPath: v.hostPath.path, ...fsg });
    else if (v.persistentVolumeClaim) {
      // A claim bound to a hostPath (or local) volume mounts that directory of the node.
      const bound = resolveClaimVolume(store, ns, v.persistentVolumeClaim.claimName);
      const spec = 'volume' in bound ? bound.volume.spec : undefined;
      const path = spec?.hostPath && isDirectoryHostPath(spec.hostPath.type) ? spec.hostPath.path : spec?.local?.path;
      out.push(path ? { name: v.name, hostPath: path, ...fsg } : { name: v.name, ...fsg });
    } else out.push({ name: v.name, ...fsg });
  }
  return out;
}

/** hostPath types mounted as a directory of the node ("" mounts whatever is there; a missing path becomes a directory). */
function isDirectoryHostPath(type: string | undefined): boolean {
  return !type || type === 'Directory' || type === 'DirectoryOrCreate';
}

/**
 * The claims of the token the kubelet writes into a projected volume: a TokenRequest bound to
 * the pod (and its node), signed with the cluster's service-account key when a process reads it.
 */
function serviceAccountTokenClaims(store: Store, pod: Pod, audience: string | undefined, expirationSeconds: number, now: number): Record<string, unknown> {
  const ns = pod.metadata.namespace!;
  const saName = pod.spec.serviceAccountName ?? 'default';
  const serviceAccount = (store.get('serviceaccounts', ns, saName) as ServiceAccount | undefined) ?? {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: saName, namespace: ns },
  };
  const node = pod.spec.nodeName ? store.get('nodes', undefined, pod.spec.nodeName) : undefined;
  return tokenClaims({
    serviceAccount,
    ...(audience ? { audiences: [audience] } : {}),
    expirationSeconds,
    boundObject: { kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid! },
    ...(node ? { node: { name: node.metadata.name!, uid: node.metadata.uid! } } : {}),
    now,
  }).claims;
}

/**
 * A projected volume file the pod's record keeps as how it was made: the token signed again
 * from its claims (RS256 is deterministic: the same token), the cluster CA (a fixed certificate,
 * src/cluster/ca.ts; a kube-root-ca.crt that differs from it is kept as text).
 */
function derivedFile(store: Store, f: DerivedFile): string {
  if (f.from === 'token') return signJwt(store, f['claims'] as Record<string, unknown>);
  if (f.from === 'clusterCa') return clusterCaPem(store);
  throw new Error(`kubesim: unknown volume file source ${JSON.stringify(f.from)}`);
}

/** derivedFile's length, without signing a token. */
function derivedFileLength(store: Store, f: DerivedFile): number {
  return f.from === 'token' ? tokenLength(f['claims'] as Record<string, unknown>) : derivedFile(store, f).length;
}

let volumeFilesStore: Store | undefined;

/**
 * Lets the runtime make the volumes left out of pod records again from this cluster's objects:
 * done by the session that loads the control plane, by the kubelet as it makes a pod's volumes,
 * and by podRecord for those (exec, logs, attach) that run a pod's processes without the kubelet.
 */
export function attachVolumeFiles(store: Store): void {
  if (volumeFilesStore === store) return;
  volumeFilesStore = store;
  registerDerivedFiles({ text: (f) => derivedFile(store, f), length: (f) => derivedFileLength(store, f) });
}

function nodeRecord(store: Store, nodeName: string): NodeRecord {
  return (
    (store.get(KUBELET_RECORDS, CLUSTER_SCOPE, nodeName) as NodeRecord | undefined) ?? {
      apiVersion: 'kubesim/v1',
      kind: 'NodeRecord',
      metadata: { name: nodeName },
      nextIp: 2,
      images: [],
    }
  );
}

/** The next free address of the node's podCIDR (kind hands them out from .2 upward). */
function allocateIp(store: Store, nodeName: string): string {
  const node = store.get(NODES, undefined, nodeName) as Node | undefined;
  const cidr = node?.spec.podCIDR ?? '10.244.0.0/24';
  const base = cidr.split('/')[0]!.split('.').slice(0, 3).join('.');
  const rec = structuredClone(nodeRecord(store, nodeName));
  const ip = `${base}.${rec.nextIp}`;
  rec.nextIp = rec.nextIp >= 254 ? 2 : rec.nextIp + 1;
  store.put(KUBELET_RECORDS, rec);
  return ip;
}

function rememberImage(store: Store, nodeName: string, image: string): void {
  const rec = structuredClone(nodeRecord(store, nodeName));
  const normalized = normalizeImage(image);
  if (!rec.images.includes(normalized)) rec.images.push(normalized);
  store.put(KUBELET_RECORDS, rec);
}

/** Marks images as already present on a node (the images kind preloads). */
export function preloadImages(store: Store, nodeName: string, images: string[]): void {
  for (const image of images) rememberImage(store, nodeName, image);
}

/** The kubelet's record of a pod (for exec and logs). */
export function podRecord(store: Store, namespace: string, name: string): PodRecord | undefined {
  attachVolumeFiles(store);
  store.release(PODS, namespace, name); // a parked loop's record is as it was parked: unpark it first
  return store.get(KUBELET_RECORDS, namespace, name) as PodRecord | undefined;
}

/** Stores a pod record changed outside a sync (exec) and asks the kubelet to look again. */
export function savePodRecord(engine: Engine, rec: PodRecord): void {
  if (rec.rt) releaseRootFs(rec.rt);
  engine.store.put(KUBELET_RECORDS, rec);
  flushNodeFs(engine.store);
  engine.schedule('kubelet', `${rec.metadata.namespace}/${rec.metadata.name}`, engine.now);
}

export const kubelet = new Kubelet();

/** A container on a Windows node: its account and HostProcess settings (windows-node.ts). */
function windowsSpec(store: Store, pod: Pod, c: Container): { windows?: ContainerSpec['windows'] } {
  const windows = windowsContainer(store, pod, c);
  return windows ? { windows } : {};
}
