// What `kubectl logs` reads and `logs -f` / `kubectl attach` follow: a container's log lines
// from the kubelet's record (its processes advanced to now), and the loop that prints new lines
// until the containers stop (src/client/wait.ts waitUntil: simulated time with the manual clock,
// short sessions every 200 ms with the wall clock).
import { podRecord, savePodRecord, type ContainerRecord, type PodRecord } from '../cluster/kubelet.js';
import { advancePod, type LogLine } from '../runtime/index.js';
import { badRequest } from '../apiserver/errors.js';
import { isManualClock } from '../cluster/clock.js';
import type { ClusterSession } from '../cluster/session.js';
import type { Pod } from '../types/k8s.js';
import { waitTimeoutMs, waitUntil } from './wait.js';

/** The kubelet's record of a started container, or the API's "waiting to start" error. */
function startedContainer(s: ClusterSession, pod0: Pod, name: string): { rec: PodRecord; cr: ContainerRecord } {
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

/** The container's log lines (advancing its processes to now), or its previous instance's. */
export function containerLogLines(s: ClusterSession, pod: Pod, name: string, previous = false): LogLine[] {
  const { rec, cr } = startedContainer(s, pod, name);
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

/** Whether the container's current instance is running (or being stopped). */
export function containerRunning(s: ClusterSession, pod: Pod, name: string): boolean {
  const cr = podRecord(s.store, pod.metadata.namespace!, pod.metadata.name!)?.containers[name];
  return !!cr && (cr.stage === 'running' || cr.stage === 'stopping');
}

/**
 * Writes each container's lines after the first `printed[name]` as they come, until none of the
 * containers runs: an hour of simulated time at most with the manual clock, until Ctrl-C with the
 * wall clock.
 */
export async function followLogs(
  open: <T>(fn: (s: ClusterSession) => T) => Promise<T>,
  pod: Pod,
  printed: Map<string, number>,
  write: (name: string, line: LogLine) => void,
): Promise<void> {
  const look = (s: ClusterSession): boolean => {
    let running = false;
    for (const [name, count] of printed) {
      const lines = containerLogLines(s, pod, name);
      for (const l of lines.slice(count)) write(name, l);
      printed.set(name, lines.length);
      if (containerRunning(s, pod, name)) running = true;
    }
    return !running;
  };
  await waitUntil(open, look, isManualClock() ? 3600_000 : waitTimeoutMs(-1));
}
