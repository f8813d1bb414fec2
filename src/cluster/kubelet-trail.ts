// What a kubelet writes into the trail (src/cluster/trace.ts) beyond its events (pulls, container
// starts, probe failures and kills arrive through the event recorder): admission of the pod and
// its sandbox, with the IP and the volumes.
import type { Node, Pod } from '../types/k8s.js';
import type { Store } from '../store/store.js';
import { trailOf } from './trace.js';

const kubeletOf = (pod: Pod) => `kubelet (${pod.spec.nodeName})`;

export function tracePodAdmitted(store: Store, pod: Pod): void {
  trailOf(store)?.record(pod, kubeletOf(pod), 'admitted the pod; creating its sandbox');
}

export function traceSandboxReady(store: Store, pod: Pod, ip: string): void {
  const trail = trailOf(store);
  if (!trail) return;
  const node = store.get('nodes', undefined, pod.spec.nodeName!) as Node | undefined;
  const from = pod.spec.hostNetwork ? "the node's own address (hostNetwork)" : `the node's podCIDR ${node?.spec.podCIDR ?? ''}`;
  const volumes = (pod.spec.volumes ?? []).map((v) => `${v.name} (${Object.keys(v).find((k) => k !== 'name') ?? 'emptyDir'})`);
  trail.record(pod, kubeletOf(pod), `sandbox ready, IP ${ip} from ${from}`, volumes.length ? [`volumes mounted: ${volumes.join(', ')}`] : undefined);
}
