// kubectl resourcehelper.PodRequestsAndLimits: what a pod asks of its node.

import type { Container, Pod } from '../../types/k8s.js';
import { addInto, maxInto, qtyList, type QtyList } from './qty.js';

const isSidecar = (c: Container): boolean => c.restartPolicy === 'Always';

/** Sum over containers, max'd against each init container (sidecars add up), plus overhead. */
export function podRequests(pod: Pod): QtyList {
  const reqs: QtyList = new Map();
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  for (const c of pod.spec.containers ?? []) {
    const own = qtyList(c.resources?.requests);
    const status = statuses.get(c.name);
    if (status?.allocatedResources) {
      const allocated = qtyList(status.allocatedResources);
      if (pod.status?.resize === 'Infeasible') addInto(reqs, allocated);
      else {
        maxInto(own, allocated);
        addInto(reqs, own);
      }
    } else addInto(reqs, own);
  }
  maxInto(reqs, initContainerPeak(pod, reqs, (c) => c.resources?.requests));
  addInto(reqs, qtyList(pod.spec.overhead));
  return reqs;
}

export function podLimits(pod: Pod): QtyList {
  const limits: QtyList = new Map();
  for (const c of pod.spec.containers ?? []) addInto(limits, qtyList(c.resources?.limits));
  maxInto(limits, initContainerPeak(pod, limits, (c) => c.resources?.limits));
  for (const [name, q] of qtyList(pod.spec.overhead)) {
    if (limits.has(name)) addInto(limits, new Map([[name, q]]));
  }
  return limits;
}

/** The largest demand while init containers run; sidecars also add to `total`. */
function initContainerPeak(pod: Pod, total: QtyList, pick: (c: Container) => Record<string, string> | undefined): QtyList {
  const sidecars: QtyList = new Map();
  const peak: QtyList = new Map();
  for (const c of pod.spec.initContainers ?? []) {
    const own = qtyList(pick(c));
    let demand: QtyList;
    if (isSidecar(c)) {
      addInto(total, own);
      addInto(sidecars, own);
      demand = sidecars;
    } else {
      demand = new Map();
      addInto(demand, own);
      addInto(demand, sidecars);
    }
    maxInto(peak, demand);
  }
  return peak;
}
