// kubectl top pod / top node (pkg/cmd/top, pkg/metricsutil): read metrics.k8s.io
// (src/cluster/metrics.ts) and print kubectl's layout: a tabwriter table whose
// every cell, the last included, ends with a tab (so lines carry trailing spaces).
import { ClientError } from './command.js';
import { StatusError } from '../apiserver/errors.js';
import { resolveResource } from '../apiserver/resources.js';
import { SYSTEM_USER } from '../apiserver/api.js';
import type { ClusterSession } from '../cluster/session.js';
import { metricsApiState, nodeMetrics, podMetrics, type NodeMetrics, type PodMetrics } from '../cluster/metrics.js';
import { goDurationString } from '../util/go-duration.js';
import { printNodeMetrics, printPodMetrics } from '../printers/top.js';
import type { Node, Pod } from '../types/k8s.js';

/** metricsCreationDelay: a pod younger than this without metrics is "not ready yet", not an error. */
const METRICS_CREATION_DELAY_MS = 2 * 60_000;

export function validateSortBy(sortBy: string | undefined): void {
  if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory') throw new ClientError('--sort-by accepts only cpu or memory');
}

function checkApi(s: ClusterSession): void {
  const state = metricsApiState(s.store);
  if (state === 'missing') throw new ClientError('Metrics API not available');
  if (state === 'unavailable') {
    throw new StatusError(503, '', 'the server is currently unable to handle the request (get pods.metrics.k8s.io)');
  }
}

/**
 * kubectl's first request after discovery: the metrics API's get (a name) or list, refused
 * without that rule (`pods.metrics.k8s.io is forbidden: ...`). The metrics server then reads
 * the pods and nodes with its own identity.
 */
function authorizeMetrics(s: ClusterSession, resource: 'pods' | 'nodes', namespace: string | undefined, name: string | undefined): void {
  s.api.authorizeRequest(name ? 'get' : 'list', resolveResource(`${resource}.metrics.k8s.io`)!, namespace, name);
}

export interface TopPodOptions {
  name?: string;
  namespace: string;
  allNamespaces: boolean;
  containers: boolean;
  selector?: string;
  fieldSelector?: string;
  noHeaders: boolean;
  sortBy?: string;
}

export interface TopResult {
  stdout: string;
  stderr?: string;
}

export function topPods(s: ClusterSession, o: TopPodOptions): TopResult {
  checkApi(s);
  const podsR = resolveResource('pods')!;
  const ns = o.allNamespaces ? undefined : o.namespace;
  authorizeMetrics(s, 'pods', ns, o.name);
  const metricsServer = s.api.as(SYSTEM_USER);
  let metrics: PodMetrics[];
  if (o.name) {
    const pod = metricsServer.get(podsR, ns, o.name) as Pod;
    const m = podMetrics(s.store, pod, s.now);
    if (!m) throw new StatusError(404, 'NotFound', `podmetrics.metrics.k8s.io "${pod.metadata.namespace}/${pod.metadata.name}" not found`);
    metrics = [m];
  } else {
    const selectors = { labelSelector: o.selector, fieldSelector: o.fieldSelector };
    metrics = (metricsServer.list(podsR, ns, selectors) as Pod[]).map((p) => podMetrics(s.store, p, s.now)).filter((m): m is PodMetrics => m !== undefined);
    if (metrics.length === 0) {
      // verifyEmptyMetrics (kubectl's own list of the pods): pods old enough to have metrics make it an error.
      for (const p of s.api.list(podsR, ns, selectors) as Pod[]) {
        const age = s.now - Date.parse(p.metadata.creationTimestamp!);
        if (age > METRICS_CREATION_DELAY_MS) {
          throw new ClientError(`Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${goDurationString(age)}`);
        }
      }
      return { stdout: '', stderr: o.allNamespaces ? 'No resources found' : `No resources found in ${o.namespace} namespace.` };
    }
  }
  return { stdout: printPodMetrics(metrics, o) };
}

export interface TopNodeOptions {
  name?: string;
  selector?: string;
  noHeaders: boolean;
  sortBy?: string;
  showCapacity: boolean;
}

export function topNodes(s: ClusterSession, o: TopNodeOptions): TopResult {
  checkApi(s);
  authorizeMetrics(s, 'nodes', undefined, o.name);
  const nodesR = resolveResource('nodes')!;
  const nodes = o.name ? [s.api.get(nodesR, undefined, o.name) as Node] : (s.api.list(nodesR, undefined, { labelSelector: o.selector }) as Node[]);
  const pods = s.store.list('pods') as Pod[];
  const metrics: NodeMetrics[] = [];
  for (const n of nodes) {
    const m = nodeMetrics(s.store, n, pods, s.now);
    if (m) metrics.push(m);
    else if (o.name) throw new StatusError(404, 'NotFound', `nodemetrics.metrics.k8s.io "${o.name}" not found`);
  }
  if (metrics.length === 0) throw new ClientError('metrics not available yet');
  const available = new Map<string, Record<string, string>>();
  for (const n of nodes) available.set(n.metadata.name!, (o.showCapacity ? n.status?.capacity : n.status?.allocatable) ?? {});
  return { stdout: printNodeMetrics(metrics, available, o) };
}

