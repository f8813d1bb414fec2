// Pod describer (describe.md §2).

import type { Pod } from '../../types/k8s.js';
import { podQosClass } from '../pod-status.js';
import { describeContainers, podEnvResolver } from './containers.js';
import type { DescribeContext } from './context.js';
import { describeEventsOf } from './events.js';
import {
  controllerOf, printAnnotations, printLabels, printTolerations, since, timestamp,
} from './helpers.js';
import { describeTopologySpread } from './template.js';
import { describeVolumes } from './volumes.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './writer.js';

export function describePod(pod: Pod, ctx: DescribeContext): string {
  return tabbedString((w) => {
    describePodHeader(w, pod, ctx.now);
    describePodContainers(w, pod);
    describePodConditions(w, pod);
    describeVolumes(w, pod.spec.volumes);
    w.write(LEVEL_0, `QoS Class:\t${pod.status?.qosClass || podQosClass(pod)}\n`);
    printLabels(w, 'Node-Selectors', pod.spec.nodeSelector);
    printTolerations(w, 'Tolerations', pod.spec.tolerations);
    describeTopologySpread(w, pod.spec.topologySpreadConstraints);
    describeEventsOf(w, pod, ctx);
  });
}

function describePodHeader(w: PrefixWriter, pod: Pod, now: number): void {
  const { spec, metadata: meta } = pod;
  const status = pod.status ?? {};
  w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
  if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(LEVEL_0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(LEVEL_0, `Start Time:\t${timestamp(status.startTime)}\n`);
  printLabels(w, 'Labels', meta.labels);
  printAnnotations(w, 'Annotations', meta.annotations);
  describePodStatusLines(w, pod, now);
  const seccomp = spec.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
    if (seccomp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
  w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
  describePodIPs(w, pod);
  const controller = controllerOf(pod);
  if (controller) w.write(LEVEL_0, `Controlled By:\t${controller}\n`);
  if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
}

function describePodStatusLines(w: PrefixWriter, pod: Pod, now: number): void {
  const status = pod.status ?? {};
  const phase = status.phase ?? '';
  const deleting = pod.metadata.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded';
  if (deleting) {
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, now)})\n`);
    w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${phase}\n`);
  }
  if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
}

/** describePodIPs; `space` indents it inside another object's description. */
export function describePodIPs(w: PrefixWriter, pod: Pod, space = ''): void {
  const ips = pod.status?.podIPs ?? [];
  if (ips.length === 0) {
    w.write(LEVEL_0, `${space}IPs:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}IPs:\n`);
  for (const ip of ips) w.write(LEVEL_0, `${space}  IP:\t${ip.ip}\n`);
}

function describePodContainers(w: PrefixWriter, pod: Pod): void {
  const { spec } = pod;
  const status = pod.status ?? {};
  const resolver = podEnvResolver(pod);
  if ((spec.initContainers ?? []).length > 0) {
    describeContainers(w, 'Init Containers', spec.initContainers!, status.initContainerStatuses ?? [], resolver);
  }
  describeContainers(w, 'Containers', spec.containers ?? [], status.containerStatuses ?? [], resolver);
  if ((spec.ephemeralContainers ?? []).length > 0) {
    describeContainers(w, 'Ephemeral Containers', spec.ephemeralContainers!, status.ephemeralContainerStatuses ?? [], resolver);
  }
}

function describePodConditions(w: PrefixWriter, pod: Pod): void {
  const conditions = pod.status?.conditions ?? [];
  const gates = pod.spec.readinessGates ?? [];
  if (gates.length > 0) {
    w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of gates) {
      const status = conditions.find((c) => c.type === g.conditionType)?.status ?? '<none>';
      w.write(LEVEL_1, `${g.conditionType} \t${status} \n`);
    }
  }
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
  }
}
