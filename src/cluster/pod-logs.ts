// A container's log, as the kubelet serves it (pods/NAME/log): shared by
// `kubectl logs` and kubesim serve's log subresource.
import type { ClusterSession } from './session.js';
import { podRecord, savePodRecord, type ContainerRecord, type PodRecord } from './kubelet.js';
import { advancePod, type LogLine } from '../runtime/index.js';
import { badRequest } from '../apiserver/errors.js';
import type { Pod } from '../types/k8s.js';

export interface LogQuery {
  previous?: boolean;
  /** Only lines from the last this many ms. */
  sinceMs?: number;
  /** Only the last this many lines (-1 or undefined: all). */
  tail?: number;
  timestamps?: boolean;
  /** Put before each line (`--prefix`). */
  prefix?: string;
}

/** RFC3339 with nanoseconds, as the kubelet's log timestamps. */
function nanoStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

function containerRecord(s: ClusterSession, pod0: Pod, name: string): { rec: PodRecord; cr: ContainerRecord } {
  const ns = pod0.metadata.namespace!;
  const podName = pod0.metadata.name!;
  const rec = podRecord(s.store, ns, podName);
  const cr = rec?.containers[name];
  const pod = (s.store.get('pods', ns, podName) as Pod | undefined) ?? pod0;
  if (!rec || !cr || (!cr.containerID && !cr.current)) {
    const st = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((x) => x.name === name);
    const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
    const why = /ErrImagePull|ImagePullBackOff|InvalidImageName|ErrImageNeverPull/.test(reason) ? 'trying and failing to pull image' : reason;
    throw badRequest(`container "${name}" in pod "${podName}" is waiting to start: ${why}`);
  }
  return { rec, cr };
}

/** The container's log lines so far (advancing its processes to now), or the previous instance's. */
export function containerLogLines(s: ClusterSession, pod: Pod, name: string, previous = false): LogLine[] {
  const { rec, cr } = containerRecord(s, pod, name);
  if (previous) {
    if (!cr.last) throw badRequest(`previous terminated container "${name}" in pod "${pod.metadata.name}" not found`);
    return cr.prevLogs ?? [];
  }
  const c = rec.rt?.containers[name];
  if (!rec.rt || !c) return [];
  if (!c.exited && c.now < s.now) {
    const copy = structuredClone(rec);
    advancePod(copy.rt!, s.now);
    savePodRecord(s.engine, copy);
    return copy.rt!.containers[name]?.logs ?? [];
  }
  return c.logs;
}

/** Whether the container is running (a followed log goes on). */
export function containerRunning(s: ClusterSession, pod: Pod, name: string): boolean {
  const cr = podRecord(s.store, pod.metadata.namespace!, pod.metadata.name!)?.containers[name];
  return !!cr && (cr.stage === 'running' || cr.stage === 'stopping');
}

/** The log text the query selects from `lines`. */
export function formatLog(lines: LogLine[], q: LogQuery, now: number): string {
  let sel = lines;
  if (q.sinceMs !== undefined) sel = sel.filter((l) => l.t >= now - q.sinceMs!);
  if (q.tail !== undefined && q.tail >= 0) sel = sel.slice(Math.max(0, sel.length - q.tail));
  return sel.map((l) => `${q.prefix ?? ''}${q.timestamps ? nanoStamp(l.t) + ' ' : ''}${l.x}${l.p ? '' : '\n'}`).join('');
}
