import type { Container, PodSpec } from '../types/k8s.js';

/** Every container of a pod spec, as podutils.VisitContainers(AllContainers) visits them: init, regular, ephemeral. */
export function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])];
}
