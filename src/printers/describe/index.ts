// kubectl describe, as pure functions of an object and its context.
//
// The caller fetches what each kind needs into ctx.related (see RELATED_NEEDS)
// and the candidate events into ctx.events.

import type { ConfigMap, KObject, Namespace, Node, Pod, Secret, ServiceAccount } from '../../types/k8s.js';
import { describeConfigMap, describeSecret, describeServiceAccount } from './config.js';
import type { DescribeContext } from './context.js';
import { describeNamespace } from './namespace.js';
import { describeNode } from './node.js';
import { describePod } from './pod.js';
import { describePodDisruptionBudget } from './policy.js';
import { describeLimitRange, describeResourceQuota, type LimitRange, type ResourceQuota } from './quota.js';
import { describePersistentVolume, describePersistentVolumeClaim } from './storage.js';
import { describeService } from './service.js';
import { describeDeployment, describeJob, describeReplicaSet } from './workloads.js';

export type { DescribeContext } from './context.js';

type Describer = (obj: KObject, ctx: DescribeContext) => string;

const DESCRIBERS: Record<string, Describer> = {
  Pod: (o, c) => describePod(o as Pod, c),
  Node: (o, c) => describeNode(o as Node, c),
  Namespace: (o, c) => describeNamespace(o as Namespace, c),
  ConfigMap: (o, c) => describeConfigMap(o as ConfigMap, c),
  Secret: (o) => describeSecret(o as Secret),
  ServiceAccount: (o, c) => describeServiceAccount(o as ServiceAccount, c),
  LimitRange: (o) => describeLimitRange(o as LimitRange),
  ResourceQuota: (o) => describeResourceQuota(o as ResourceQuota),
  PersistentVolume: (o, c) => describePersistentVolume(o, c),
  PersistentVolumeClaim: (o, c) => describePersistentVolumeClaim(o, c),
  Deployment: (o, c) => describeDeployment(o, c),
  ReplicaSet: (o, c) => describeReplicaSet(o, c),
  Job: (o, c) => describeJob(o, c),
  Service: (o, c) => describeService(o, c),
  PodDisruptionBudget: (o, c) => describePodDisruptionBudget(o, c),
};

/**
 * What each describer reads from ctx.related (all lists in server list order).
 * Events: ctx.events holds the events of the object's namespace; for cluster-scoped
 * kinds (Node, PersistentVolume) the events of all namespaces.
 */
export const RELATED_NEEDS: Record<string, string[]> = {
  Pod: [],
  Node: ['pods: pods with spec.nodeName = node, all namespaces (omit if forbidden)', 'lease: kube-node-lease/<node> Lease, if any'],
  Namespace: ['resourceQuotas: ResourceQuotas of the namespace', 'limitRanges: LimitRanges of the namespace'],
  ConfigMap: [],
  Secret: [],
  ServiceAccount: ['secrets: Secrets of the namespace'],
  LimitRange: [],
  ResourceQuota: [],
  PersistentVolume: [],
  PersistentVolumeClaim: ['pods: pods of the namespace'],
  Deployment: ['replicaSets: ReplicaSets of the namespace'],
  ReplicaSet: ['pods: pods of the namespace'],
  Job: [],
  Service: ['endpointSlices: EndpointSlices of the namespace labelled kubernetes.io/service-name=<service>'],
  PodDisruptionBudget: [],
};

export function isDescribable(kind: string): boolean {
  return kind in DESCRIBERS;
}

export function describeObject(obj: KObject, ctx: DescribeContext): string {
  const describer = DESCRIBERS[obj.kind];
  if (!describer) throw new Error(`describe for kind ${obj.kind} is not supported by kubesim`);
  return describer(obj, ctx);
}

/** Several descriptions joined by "\n\n" (each already ends with "\n", so two blank lines show). */
export function describeMany(outputs: string[]): string {
  return outputs.join('\n\n');
}
