// Which pod and container `kubectl logs` / `kubectl exec` act on: POD or
// TYPE/NAME (a workload's first pod), and kubectl's default-container rules.
import type { ClusterSession } from '../cluster/session.js';
import type { KObject, Pod } from '../types/k8s.js';
import { resolveTypeOrFail } from './resource-args.js';
import { ClientError } from './command.js';
import { labelSelectorFromObject, selectorToString, formatLabels } from '../apiserver/selectors.js';
import type { LabelSelector } from '../types/k8s.js';

function formatSelector(sel: unknown): string | undefined {
  if (!sel || typeof sel !== 'object') return undefined;
  const o = sel as Record<string, unknown>;
  if ('matchLabels' in o || 'matchExpressions' in o) return selectorToString(labelSelectorFromObject(o as LabelSelector));
  return formatLabels(o as Record<string, string>);
}

/** The pod named by `arg` (POD, pod/NAME, job/NAME, deploy/NAME...), plus the `Found N pods` note. */
export function resolvePod(s: ClusterSession, namespace: string, arg: string): { pod: Pod; note?: string } {
  const slash = arg.indexOf('/');
  const pods = resolveTypeOrFail('pods');
  if (slash < 0) {
    return { pod: s.api.get(pods, namespace, arg) as Pod };
  }
  const type = resolveTypeOrFail(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  if (type.kind === 'Pod') {
    return { pod: s.api.get(pods, namespace, name) as Pod };
  }
  const owner = s.api.get(type, namespace, name);
  const selector = (owner as KObject & { spec?: { selector?: unknown } }).spec?.selector;
  const labelSelector = formatSelector(selector);
  if (labelSelector === undefined) throw new ClientError(`cannot attach to ${type.kind}: selector for ${type.kind} not implemented`);
  const list = (s.api.list(pods, namespace, { labelSelector }) as Pod[]).sort((a, b) => {
    const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
    const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
    return ta - tb || (a.metadata.name! < b.metadata.name! ? -1 : 1);
  });
  if (list.length === 0) throw new ClientError(`timed out waiting for the condition`);
  const pod = list[0]!;
  return { pod, ...(list.length > 1 ? { note: `Found ${list.length} pods, using pod/${pod.metadata.name}` } : {}) };
}

/** RBAC for connecting to a pod's subresource (`create pods/exec`, `get pods/log`), after kubectl's GET of the pod. */
export function authorizePodSubresource(s: ClusterSession, pod: Pod, verb: string, subresource: string): void {
  s.api.authorizeRequest(verb, resolveTypeOrFail('pods'), pod.metadata.namespace, pod.metadata.name!, subresource);
}

/** The container to use: `-c`, the default-container annotation, or the first (noting the choice). */
export function pickContainer(pod: Pod, requested: string | undefined): { name: string; note?: string } {
  const names = pod.spec.containers.map((c) => c.name);
  if (requested) return { name: requested };
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && names.includes(annotated)) return { name: annotated };
  const first = names[0]!;
  const eph = ((pod.spec.ephemeralContainers ?? []) as { name: string }[]).map((c) => `${c.name} (ephem)`);
  const inits = (pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`);
  const all = [...names, ...eph, ...inits];
  // kubectl (podcmd.FindOrDefaultContainerByName) notes the choice whenever there was one to make.
  if (all.length > 1) return { name: first, note: `Defaulted container "${first}" out of: ${all.join(', ')}` };
  return { name: first };
}
