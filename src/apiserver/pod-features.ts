// What the feature gates do to a Pod on its way into storage (v1.32
// pkg/api/pod/util.go DropDisabledPodFields, and SetDefaults_Pod's resize
// policy): a field behind a disabled gate is dropped silently unless the old
// object already used it; with InPlacePodVerticalScaling on, every container
// gets a NotRequired resizePolicy for the cpu/memory it sets.
import type { Container, Pod } from '../types/k8s.js';
import { featureEnabled } from '../util/feature-gates.js';
import { podQosClass } from '../printers/pod-status.js';

type Gates = Record<string, boolean> | undefined;

const allContainers = (pod: Pod | undefined): Container[] => (pod ? [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])] : []);

/** Drops the fields of disabled gates from `pod` (not when `old` already has them). */
export function dropDisabledPodFields(pod: Pod, old: Pod | undefined, gates: Gates): void {
  const spec = pod.spec;
  if (!spec) return;
  if (!featureEnabled(gates, 'SupplementalGroupsPolicy') && old?.spec?.securityContext?.supplementalGroupsPolicy === undefined) {
    if (spec.securityContext) delete spec.securityContext.supplementalGroupsPolicy;
  }
  if (!featureEnabled(gates, 'UserNamespacesSupport') && old?.spec?.hostUsers === undefined) delete spec.hostUsers;
  if (!featureEnabled(gates, 'ImageVolume') && !(old?.spec?.volumes ?? []).some((v) => v.image)) {
    for (const v of spec.volumes ?? []) delete v.image;
  }
  if (!featureEnabled(gates, 'InPlacePodVerticalScaling') && !allContainers(old).some((c) => c.resizePolicy)) {
    for (const c of allContainers(pod)) delete c.resizePolicy;
  }
}

/** SetDefaults_Pod with InPlacePodVerticalScaling: resizePolicy NotRequired for cpu, then memory. */
export function defaultResizePolicy(pod: Pod, gates: Gates): void {
  if (!featureEnabled(gates, 'InPlacePodVerticalScaling')) return;
  for (const c of pod.spec?.containers ?? []) {
    const { requests, limits } = c.resources ?? {};
    if (!requests && !limits) continue;
    for (const name of ['cpu', 'memory']) {
      if (requests?.[name] === undefined && limits?.[name] === undefined) continue;
      if ((c.resizePolicy ?? []).some((p) => p.resourceName === name)) continue;
      c.resizePolicy = [...(c.resizePolicy ?? []), { resourceName: name, restartPolicy: 'NotRequired' }];
    }
  }
}

/**
 * PATCH/PUT pods/NAME/resize (podResizeStrategy): only the containers'
 * resources and resizePolicy are taken from the request; the Pod is marked
 * status.resize Proposed when they changed. Undefined: the subresource does
 * not exist (InPlacePodVerticalScaling off).
 */
export function resizeUpdate(old: Pod, requested: Pod, gates: Gates): Pod | undefined {
  if (!featureEnabled(gates, 'InPlacePodVerticalScaling')) return undefined;
  const next = structuredClone(old);
  let changed = false;
  for (const c of next.spec.containers) {
    const want = requested.spec?.containers?.find((x) => x.name === c.name);
    if (!want) continue;
    const resources = structuredClone(want.resources ?? {});
    if (JSON.stringify(resources) !== JSON.stringify(c.resources ?? {})) changed = true;
    c.resources = resources;
    if (want.resizePolicy) c.resizePolicy = structuredClone(want.resizePolicy);
  }
  defaultResizePolicy(next, gates);
  if (podQosClass(next) !== podQosClass(old)) throw new Error("a resize that changes the Pod's QoS class is not supported by kubesim yet");
  if (changed) next.status = { ...(next.status ?? {}), resize: 'Proposed' };
  return next;
}
