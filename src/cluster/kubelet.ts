// The kubelet of every simulated node: takes a bound pod through sandbox,
// image pulls, container creation and start, reports status and events with
// v1.32's texts (kubelet.md §2), restarts a container whose image changed, and
// terminates pods being deleted. Its own bookkeeping (what it has started, when
// a pull ends) lives in runtime records beside the pod, never in the pod.
import type { Condition, Container, ContainerStatus, KObject, Node, Pod } from '../types/k8s.js';
import type { Controller, Engine } from './engine.js';
import { recordEvent } from './events.js';
import { rfc3339 } from '../util/duration.js';
import { randomHex } from '../util/ids.js';
import { goDurationString } from '../util/go-duration.js';
import { imageId, imageInfo, normalizeImage } from '../runtime/images.js';
import { CLUSTER_SCOPE, type Store } from '../store/store.js';

const PODS = 'pods';
const NODES = 'nodes';
/** The kubelet's own records: one per pod (by namespace/name) and one per node. */
export const KUBELET_RECORDS = '_kubelet';

/** Time from admission to a ready sandbox with its IP. */
const SANDBOX_MS = 500;
/** Time a container takes to stop after SIGTERM when its program exits promptly. */
const STOP_MS = 1000;

type ContainerStage = 'waiting' | 'pulling' | 'running' | 'terminated';

interface ContainerRecord {
  image: string;
  stage: ContainerStage;
  containerID?: string;
  pullStartedAt?: number;
  startedAt?: number;
}

interface PodRecord extends KObject {
  podUid: string;
  stage: 'sandbox' | 'containers' | 'running' | 'terminating';
  ip?: string;
  killAt?: number;
  containers: Record<string, ContainerRecord>;
}

interface NodeRecord extends KObject {
  nextIp: number;
  images: string[];
}

const key = (pod: KObject) => `${pod.metadata.namespace}/${pod.metadata.name}`;

function splitKey(k: string): [string, string] {
  const i = k.indexOf('/');
  return [k.slice(0, i), k.slice(i + 1)];
}

function setCondition(conditions: Condition[], now: number, type: string, status: string, reason?: string, message?: string): void {
  const stamp = rfc3339(now);
  const existing = conditions.find((c) => c.type === type);
  const next: Condition = {
    lastProbeTime: null,
    lastTransitionTime: existing && existing.status === status ? existing.lastTransitionTime : stamp,
    status,
    type,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
  if (existing) conditions[conditions.indexOf(existing)] = next;
  else conditions.push(next);
}

/** Conditions in the order the kubelet and scheduler leave them (kubelet.md §4.2). */
const CONDITION_ORDER = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

function sortConditions(conditions: Condition[]): Condition[] {
  const rank = (t: string) => {
    const i = CONDITION_ORDER.indexOf(t);
    return i < 0 ? CONDITION_ORDER.length : i;
  };
  return [...conditions].sort((a, b) => rank(a.type) - rank(b.type));
}

class Kubelet implements Controller {
  readonly name = 'kubelet';
  readonly watches = {
    [PODS]: (change: { object: KObject }) => ((change.object as Pod).spec?.nodeName ? [key(change.object)] : []),
  };

  reconcile(podKey: string, engine: Engine): void {
    const store = engine.store;
    const [ns, name] = splitKey(podKey);
    const pod = store.get(PODS, ns, name) as Pod | undefined;
    let record = store.get(KUBELET_RECORDS, ns, name) as PodRecord | undefined;
    if (!pod) {
      if (record) store.remove(KUBELET_RECORDS, ns, name);
      return;
    }
    if (!pod.spec.nodeName) return;
    if (record && record.podUid !== pod.metadata.uid) record = undefined;
    if (pod.metadata.deletionTimestamp) return this.terminate(engine, structuredClone(pod), record);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    if (!record) return this.admit(engine, structuredClone(pod));
    const work = structuredClone(pod);
    const rec = structuredClone(record);
    if (rec.stage === 'sandbox') this.sandboxReady(engine, work, rec);
    else this.syncContainers(engine, work, rec);
  }

  /** Admission: start time, host IP, every container waiting in ContainerCreating. */
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
    const containerNames = pod.spec.containers.map((c) => c.name);
    setCondition(conditions, now, 'Initialized', 'True');
    const unready = `containers with unready status: [${containerNames.join(' ')}]`;
    setCondition(conditions, now, 'Ready', 'False', 'ContainersNotReady', unready);
    setCondition(conditions, now, 'ContainersReady', 'False', 'ContainersNotReady', unready);
    status.conditions = sortConditions(conditions);
    status.containerStatuses = sortByName(pod.spec.containers.map((c) => waitingStatus(c, 'ContainerCreating')));
    pod.status = status;
    engine.store.put(PODS, pod);
    const record: PodRecord = {
      apiVersion: 'kubesim/v1',
      kind: 'PodRecord',
      metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace },
      podUid: pod.metadata.uid!,
      stage: 'sandbox',
      containers: {},
    };
    engine.store.put(KUBELET_RECORDS, record);
    engine.schedule(this.name, key(pod), now + SANDBOX_MS);
  }

  /** The sandbox is up: the pod gets its IP and may start containers. */
  private sandboxReady(engine: Engine, pod: Pod, rec: PodRecord): void {
    const now = engine.now;
    const ip = pod.spec.hostNetwork ? pod.status!.hostIP! : allocateIp(engine.store, pod.spec.nodeName!);
    rec.ip = ip;
    rec.stage = 'containers';
    const status = pod.status!;
    status.podIP = ip;
    status.podIPs = [{ ip }];
    const conditions = [...(status.conditions ?? [])];
    setCondition(conditions, now, 'PodReadyToStartContainers', 'True');
    status.conditions = sortConditions(conditions);
    this.syncContainers(engine, pod, rec);
  }

  /** Starts, pulls or restarts containers until one has to wait for something. */
  private syncContainers(engine: Engine, pod: Pod, rec: PodRecord): void {
    const now = engine.now;
    for (const c of pod.spec.containers) {
      const cr = rec.containers[c.name];
      if (cr && cr.image !== c.image && (cr.stage === 'running' || cr.stage === 'terminated')) {
        this.restartForNewImage(engine, pod, rec, c);
      }
    }
    let waitingUntil: number | undefined;
    for (const c of pod.spec.containers) {
      const cr = rec.containers[c.name] ?? { image: c.image!, stage: 'waiting' as ContainerStage };
      rec.containers[c.name] = cr;
      if (cr.stage === 'running') continue;
      if (cr.stage === 'waiting') {
        if (this.needsPull(engine.store, pod.spec.nodeName!, c)) {
          event(engine, pod, c, 'Normal', 'Pulling', `Pulling image "${c.image}"`);
          cr.stage = 'pulling';
          cr.pullStartedAt = now;
        } else {
          event(engine, pod, c, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
          this.start(engine, pod, c, cr);
          continue;
        }
      }
      if (cr.stage === 'pulling') {
        const info = imageInfo(c.image!);
        const doneAt = cr.pullStartedAt! + info.pullMs;
        if (doneAt > now) {
          waitingUntil = doneAt;
          break; // containers start in spec order, one sync at a time
        }
        const took = goDurationString(info.pullMs);
        event(
          engine,
          pod,
          c,
          'Normal',
          'Pulled',
          `Successfully pulled image "${c.image}" in ${took} (${took} including waiting). Image size: ${info.sizeBytes} bytes.`,
        );
        rememberImage(engine.store, pod.spec.nodeName!, c.image!);
        this.start(engine, pod, c, cr);
      }
    }
    rec.stage = Object.values(rec.containers).every((c) => c.stage === 'running') ? 'running' : 'containers';
    this.writeStatus(engine, pod, rec);
    engine.store.put(KUBELET_RECORDS, rec);
    if (waitingUntil !== undefined) engine.schedule(this.name, key(pod), waitingUntil);
  }

  private needsPull(store: Store, nodeName: string, c: Container): boolean {
    if (c.imagePullPolicy === 'Always') return true;
    if (c.imagePullPolicy === 'Never') return false;
    return !nodeRecord(store, nodeName).images.includes(normalizeImage(c.image!));
  }

  private start(engine: Engine, pod: Pod, c: Container, cr: ContainerRecord): void {
    event(engine, pod, c, 'Normal', 'Created', `Created container: ${c.name}`);
    event(engine, pod, c, 'Normal', 'Started', `Started container ${c.name}`);
    cr.stage = 'running';
    cr.image = c.image!;
    cr.containerID = `containerd://${randomHex(32)}`;
    cr.startedAt = engine.now;
  }

  /** An image change: the kubelet kills the container and starts it again with the new image. */
  private restartForNewImage(engine: Engine, pod: Pod, rec: PodRecord, c: Container): void {
    const now = engine.now;
    const cr = rec.containers[c.name]!;
    event(engine, pod, c, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`);
    const status = pod.status!.containerStatuses!.find((s) => s.name === c.name)!;
    status.lastState = {
      terminated: {
        containerID: cr.containerID,
        exitCode: 0,
        finishedAt: rfc3339(now),
        reason: 'Completed',
        startedAt: rfc3339(cr.startedAt ?? now),
      },
    };
    status.restartCount += 1;
    rec.containers[c.name] = { image: c.image!, stage: 'waiting' };
  }

  /** Writes container statuses, conditions and phase from the kubelet's records. */
  private writeStatus(engine: Engine, pod: Pod, rec: PodRecord): void {
    const now = engine.now;
    const status = pod.status!;
    const previous = new Map((status.containerStatuses ?? []).map((s) => [s.name, s]));
    status.containerStatuses = sortByName(
      pod.spec.containers.map((c) => {
        const cr = rec.containers[c.name];
        const prev = previous.get(c.name);
        if (!cr || cr.stage !== 'running') {
          const waiting = waitingStatus(c, 'ContainerCreating');
          return { ...waiting, restartCount: prev?.restartCount ?? 0, lastState: prev?.lastState ?? {}, image: prev?.image ?? c.image!, imageID: prev?.imageID ?? '' };
        }
        return runningStatus(c, cr, prev);
      }),
    );
    const unready = status.containerStatuses.filter((s) => !s.ready).map((s) => s.name);
    const conditions = [...(status.conditions ?? [])];
    if (unready.length === 0) {
      setCondition(conditions, now, 'Ready', 'True');
      setCondition(conditions, now, 'ContainersReady', 'True');
    } else {
      const msg = `containers with unready status: [${unready.join(' ')}]`;
      setCondition(conditions, now, 'Ready', 'False', 'ContainersNotReady', msg);
      setCondition(conditions, now, 'ContainersReady', 'False', 'ContainersNotReady', msg);
    }
    status.conditions = sortConditions(conditions);
    const anyWaiting = status.containerStatuses.some((s) => s.state?.waiting);
    status.phase = anyWaiting ? 'Pending' : 'Running';
    engine.store.put(PODS, pod);
  }

  /** Deletion: stop every container (Killing), then remove the pod once they have stopped. */
  private terminate(engine: Engine, pod: Pod, record: PodRecord | undefined): void {
    const now = engine.now;
    const deadline = Date.parse(pod.metadata.deletionTimestamp!);
    if (!record || record.stage !== 'terminating') {
      for (const c of pod.spec.containers) {
        if (record?.containers[c.name]?.stage === 'running') {
          event(engine, pod, c, 'Normal', 'Killing', `Stopping container ${c.name}`);
        }
      }
      const rec: PodRecord = record
        ? { ...structuredClone(record), stage: 'terminating' }
        : {
            apiVersion: 'kubesim/v1',
            kind: 'PodRecord',
            metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace },
            podUid: pod.metadata.uid!,
            stage: 'terminating',
            containers: {},
          };
      rec.killAt = Math.min(now + STOP_MS, deadline);
      engine.store.put(KUBELET_RECORDS, rec);
      engine.schedule(this.name, key(pod), rec.killAt);
      return;
    }
    if (now < Math.min(record.killAt ?? now, deadline)) {
      engine.schedule(this.name, key(pod), Math.min(record.killAt ?? now, deadline));
      return;
    }
    engine.store.remove(PODS, pod.metadata.namespace, pod.metadata.name!);
    engine.store.remove(KUBELET_RECORDS, pod.metadata.namespace, pod.metadata.name!);
  }
}

function event(engine: Engine, pod: Pod, c: Container, type: 'Normal' | 'Warning', reason: string, message: string): void {
  const isInit = pod.spec.initContainers?.some((ic) => ic.name === c.name) ?? false;
  recordEvent(engine.store, engine.now, {
    object: pod,
    fieldPath: `spec.${isInit ? 'initContainers' : 'containers'}{${c.name}}`,
    type,
    reason,
    message,
    source: { component: 'kubelet', host: pod.spec.nodeName },
  });
}

function sortByName(list: ContainerStatus[]): ContainerStatus[] {
  return [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function mountsOf(c: Container): ContainerStatus['volumeMounts'] {
  const mounts = (c.volumeMounts ?? []).map((m) => ({
    mountPath: m.mountPath,
    name: m.name,
    ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
  }));
  return mounts.length ? mounts : undefined;
}

function waitingStatus(c: Container, reason: string): ContainerStatus {
  return {
    image: c.image!,
    imageID: '',
    lastState: {},
    name: c.name,
    ready: false,
    restartCount: 0,
    started: false,
    state: { waiting: { reason } },
    ...(mountsOf(c) ? { volumeMounts: mountsOf(c) } : {}),
  };
}

function runningStatus(c: Container, cr: ContainerRecord, prev: ContainerStatus | undefined): ContainerStatus {
  return {
    containerID: cr.containerID,
    image: normalizeImage(c.image!),
    imageID: imageId(c.image!),
    lastState: prev?.lastState ?? {},
    name: c.name,
    ready: true,
    restartCount: prev?.restartCount ?? 0,
    started: true,
    state: { running: { startedAt: rfc3339(cr.startedAt!) } },
    ...(mountsOf(c) ? { volumeMounts: mountsOf(c) } : {}),
  };
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

export const kubelet = new Kubelet();
