// Running something in a container's runtime state (kubectl exec, and kubesim
// serve's exec subresource): the kubelet's side of an exec.
import type { ClusterSession } from './session.js';
import { podRecord, savePodRecord } from './kubelet.js';
import { attachNodeFs } from './node-fs.js';
import { advancePod, type PodRt } from '../runtime/index.js';
import type { Pod } from '../types/k8s.js';
import { badRequest } from '../apiserver/errors.js';

/** Why the kubelet refuses an exec into the container now (undefined: it takes it). */
export function execRefusal(s: ClusterSession, pod: Pod, name: string): string | undefined {
  const rec = podRecord(s.store, pod.metadata.namespace!, pod.metadata.name!);
  const cr = rec?.containers[name];
  if (!rec?.rt || !cr || (cr.stage !== 'running' && cr.stage !== 'stopping') || !rec.rt.containers[name]) return `container not found ("${name}")`;
  return undefined;
}

/**
 * Runs `fn` on the container's runtime state, advanced to now, then stores it
 * (the caller has checked execRefusal).
 */
export function inContainerRuntime<T>(s: ClusterSession, pod: Pod, name: string, fn: (rt: PodRt, name: string, now: number) => T): T {
  const rec = podRecord(s.store, pod.metadata.namespace!, pod.metadata.name!)!;
  const copy = structuredClone(rec);
  attachNodeFs(s.store, copy.rt, pod.spec.nodeName); // hostPath volumes: the node's files (stored back by savePodRecord)
  advancePod(copy.rt!, s.now);
  const r = fn(copy.rt!, name, s.now);
  savePodRecord(s.engine, copy);
  return r;
}

/**
 * The container a log, exec or attach request names, or the pod's only one: the
 * API server's rule (kubectl picks its default container client-side).
 */
export function requestContainer(pod: Pod, requested: string | null): string {
  const name = pod.metadata.name!;
  const names = (list: { name: string }[] | undefined) => (list ?? []).map((c) => c.name);
  if (requested) {
    const all = [...names(pod.spec.containers), ...names(pod.spec.initContainers), ...names(pod.spec.ephemeralContainers as { name: string }[] | undefined)];
    if (!all.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  const containers = names(pod.spec.containers);
  if (containers.length === 1) return containers[0]!;
  if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
  const inits = names(pod.spec.initContainers);
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : ''}`);
}

