// kubectl drain (pkg/cmd/drain and pkg/drain of kubectl v1.32): cordon the nodes, then evict (or,
// with --disable-eviction, delete) the pods on each that the filters let go, retrying an eviction
// a disruption budget refuses every 5 s and looking every second until each pod is gone.
import { ClientError } from './command.js';
import { dryRunSuffix, parseDryRun, type DryRun } from './generated.js';
import { cordonNodes, type CordonCommandHost } from './cordon.js';
import { pollEvery } from './wait.js';
import { parseGracePeriod } from './delete-options.js';
import { goDurationString } from '../util/go-duration.js';
import { controllerRef, isTerminal } from '../cluster/controllers/common.js';
import type { ClusterSession } from '../cluster/session.js';
import { StatusError } from '../apiserver/errors.js';
import { evictPod } from '../apiserver/eviction.js';
import { resolveResource } from '../apiserver/resources.js';
import type { ApiServer } from '../apiserver/api.js';
import type { Pod } from '../types/k8s.js';

export interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  disableEviction: boolean;
  /** -1: each pod's own grace period. */
  gracePeriodSeconds: number;
  /** 0: no limit (kubesim stops after NO_TIMEOUT_CAP_MS of simulated time and says so). */
  timeoutMs: number;
  podSelector?: string;
  dryRun?: DryRun;
}

export interface DrainHost extends CordonCommandHost {
  printErr(text: string): void;
}

/** How long a drain without --timeout waits for its pods (kubectl waits for ever). */
export const NO_TIMEOUT_CAP_MS = 3600_000;
const RETRY_MS = 5000;
const POLL_MS = 1000;

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
// kubectl's text already starts "cannot delete", and its error list adds another.
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

/** What a filter says of a pod (pkg/drain PodDeleteStatus). */
interface Verdict {
  delete: boolean;
  kind: 'okay' | 'skip' | 'warning' | 'error';
  message?: string;
}

const okay: Verdict = { delete: true, kind: 'okay' };

/** The pods a drain would remove from a node, and what it says about the others. */
export interface PodDeleteList {
  pods: Pod[];
  /** `message: ns/a, ns/b; message: ...` (printed as one `Warning:` line). */
  warnings: string;
  /** `cannot delete message: ns/a, ns/b`, one per message. */
  errors: string[];
}

function daemonSetFilter(api: ApiServer, p: Pod, o: DrainOptions): Verdict {
  const ref = controllerRef(p);
  if (!ref || ref.kind !== 'DaemonSet' || isTerminal(p)) return okay;
  try {
    api.get(resolveResource('daemonsets')!, p.metadata.namespace, ref.name);
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    return e.reason === 'NotFound' && o.force ? { delete: true, kind: 'warning', message: e.message } : { delete: false, kind: 'error', message: e.message };
  }
  return o.ignoreDaemonSets ? { delete: false, kind: 'warning', message: DAEMONSET_WARNING } : { delete: false, kind: 'error', message: DAEMONSET_FATAL };
}

const mirrorPodFilter = (p: Pod): Verdict => (p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined ? { delete: false, kind: 'skip' } : okay);

function localStorageFilter(p: Pod, o: DrainOptions): Verdict {
  if (!(p.spec.volumes ?? []).some((v) => v.emptyDir) || isTerminal(p)) return okay;
  return o.deleteEmptyDirData ? { delete: true, kind: 'warning', message: LOCAL_STORAGE_WARNING } : { delete: false, kind: 'error', message: LOCAL_STORAGE_FATAL };
}

function unreplicatedFilter(p: Pod, o: DrainOptions): Verdict {
  if (isTerminal(p) || controllerRef(p)) return okay;
  return o.force ? { delete: true, kind: 'warning', message: UNMANAGED_WARNING } : { delete: false, kind: 'error', message: UNMANAGED_FATAL };
}

/** pkg/drain GetPodsForDeletion: the node's pods through the filters, each stopping at the first that keeps the pod. */
export function podsForDeletion(api: ApiServer, nodeName: string, o: DrainOptions): PodDeleteList {
  const all = api.list(resolveResource('pods')!, undefined, { labelSelector: o.podSelector, fieldSelector: `spec.nodeName=${nodeName}` }) as Pod[];
  const filters = [(p: Pod) => daemonSetFilter(api, p, o), mirrorPodFilter, (p: Pod) => localStorageFilter(p, o), (p: Pod) => unreplicatedFilter(p, o)];
  const warned = new Map<string, string[]>();
  const failed = new Map<string, string[]>();
  const pods: Pod[] = [];
  for (const pod of all) {
    let verdict = okay;
    for (const filter of filters) {
      verdict = filter(pod);
      if (!verdict.delete) break;
    }
    const who = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (verdict.kind === 'warning') warned.set(verdict.message!, [...(warned.get(verdict.message!) ?? []), who]);
    if (verdict.kind === 'error') failed.set(verdict.message || 'unexpected error', [...(failed.get(verdict.message || 'unexpected error') ?? []), who]);
    if (verdict.delete) pods.push(pod);
  }
  return {
    pods,
    warnings: [...warned].map(([m, who]) => `${m}: ${who.join(', ')}`).join('; '),
    errors: [...failed].map(([m, who]) => `cannot delete ${m}: ${who.join(', ')}`),
  };
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several (distinct ones) in brackets. */
export function aggregateMessage(messages: string[]): string {
  const distinct = [...new Set(messages)];
  return distinct.length === 1 ? distinct[0]! : `[${distinct.join(', ')}]`;
}

/** One pod on its way out: evicted (or deleted) and waited for. */
interface Removal {
  pod: Pod;
  state: 'remove' | 'wait' | 'done';
  retryAt: number;
}

/**
 * Evicts (or deletes) the pods and waits until each is gone, printing as kubectl does; returns the
 * errors (kubectl runs a goroutine a pod: here they take turns on the same one-second beat).
 */
async function removePods(host: DrainHost, pods: Pod[], o: DrainOptions): Promise<string[]> {
  const errors: string[] = [];
  const verb = o.disableEviction ? 'deleted' : 'evicted';
  const removals: Removal[] = pods.map((pod) => ({ pod, state: 'remove', retryAt: 0 }));
  const podsR = resolveResource('pods')!;
  const attempt = (s: ClusterSession, r: Removal) => {
    const { namespace, name } = r.pod.metadata as { namespace: string; name: string };
    if (!o.disableEviction) host.print(`evicting pod ${namespace}/${name}${o.dryRun === 'server' ? ' (server dry run)' : ''}\n`);
    const grace = o.gracePeriodSeconds >= 0 ? o.gracePeriodSeconds : undefined;
    try {
      if (o.disableEviction) s.api.delete(podsR, namespace, name, { gracePeriodSeconds: grace, dryRun: o.dryRun === 'server' });
      else evictPod(s.api, namespace, name, { gracePeriodSeconds: grace, dryRun: o.dryRun === 'server' });
      r.state = o.dryRun === 'server' ? 'done' : 'wait';
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      if (e.reason === 'NotFound') r.state = 'done';
      else if (e.reason === 'TooManyRequests' && !o.disableEviction) {
        host.printErr(`error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(namespace)} (will retry after 5s): ${e.message}`);
        r.retryAt = s.now + RETRY_MS;
      } else {
        errors.push(`error when ${o.disableEviction ? 'deleting' : 'evicting'} pods/${JSON.stringify(name)} -n ${JSON.stringify(namespace)}: ${e.message}`);
        r.state = 'done';
      }
    }
  };
  const gone = (s: ClusterSession, r: Removal) => s.api.tryGet(podsR, r.pod.metadata.namespace, r.pod.metadata.name!)?.metadata.uid !== r.pod.metadata.uid;
  const limit = o.timeoutMs || NO_TIMEOUT_CAP_MS;
  const finishedAll = await pollEvery(
    (fn) => host.cluster(fn),
    POLL_MS,
    (s) => {
      for (const r of removals) if (r.state === 'remove' && r.retryAt <= s.now) attempt(s, r);
      // A pod evicted in this tick is looked at at once (wait.PollUntilContextTimeout's immediate check).
      for (const r of removals) {
        if (r.state !== 'wait' || !gone(s, r)) continue;
        r.state = 'done';
        host.print(`pod/${r.pod.metadata.name} ${verb}\n`);
      }
      return removals.every((r) => r.state === 'done');
    },
    limit,
  );
  if (!finishedAll) {
    if (!o.timeoutMs) throw new ClientError(`kubesim stopped waiting after ${NO_TIMEOUT_CAP_MS / 60_000}m of simulated time: kubectl drain would wait for ever; give --timeout`);
    for (const r of removals.filter((x) => x.state !== 'done')) {
      const { namespace, name } = r.pod.metadata;
      // A pod waiting to retry wakes after the deadline, announces its attempt, then sees the timeout.
      if (r.state === 'remove') host.print(`evicting pod ${namespace}/${name}\n`);
      errors.push(
        r.state === 'remove'
          ? `error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(namespace)}: global timeout reached: ${goDurationString(o.timeoutMs)}`
          : `error when waiting for pod ${JSON.stringify(name)} in namespace ${JSON.stringify(namespace)} to terminate: context deadline exceeded`,
      );
    }
  }
  return errors;
}

/** One node after the cordon: its pods removed, or why not. Returns the errors that keep it from being drained. */
async function drainNode(host: DrainHost, node: string, o: DrainOptions): Promise<string[] | undefined> {
  const list = await host.cluster((s) => podsForDeletion(s.api, node, o));
  if (list.errors.length) return list.errors;
  if (list.warnings) host.printErr(`Warning: ${list.warnings}`);
  if (o.dryRun === 'client') {
    for (const p of list.pods) host.print(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`);
    return undefined;
  }
  const errors = list.pods.length ? await removePods(host, list.pods, o) : [];
  if (!errors.length) return undefined;
  const pending = await host.cluster((s) => podsForDeletion(s.api, node, o));
  if (pending.pods.length) {
    host.printErr(`There are pending pods in node ${JSON.stringify(node)} when an error occurred: ${aggregateMessage(errors)}`);
    for (const p of pending.pods) host.printErr(`pod/${p.metadata.name}`);
  }
  return errors;
}

export async function runDrain(host: DrainHost, o: DrainOptions): Promise<void> {
  const nodes = await cordonNodes(host, 'drain', true, o.dryRun);
  const fatal: string[][] = [];
  const remaining: string[] = [];
  for (const node of nodes) {
    const errors = await drainNode(host, node, o);
    if (errors === undefined) {
      host.print(`node/${node} drained${dryRunSuffix(o.dryRun)}\n`);
      continue;
    }
    host.printErr(`error: unable to drain node ${JSON.stringify(node)} due to error: ${aggregateMessage(errors)}, continuing command...`);
    fatal.push(errors);
    remaining.push(node);
  }
  if (remaining.length) host.printErr(`There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}`).join('\n')}`);
  // kubectl's CheckErr unwraps an aggregate of one (one node failed: its own errors) and prints an
  // aggregate one error a line, without the `error: ` prefix.
  if (fatal.length === 1) throw new ClientError(fatal[0]!.join('\n'), 1, true);
  if (fatal.length) throw new ClientError(fatal.map(aggregateMessage).join('\n'), 1, true);
}

/** The drain flags as kubectl reads them. */
export function drainOptions(flag: DrainHost['flag'], parseTimeout: (s: string) => number): DrainOptions {
  const grace = flag<string | undefined>('grace-period');
  const gracePeriodSeconds = grace === undefined ? -1 : parseGracePeriod(grace);
  const skipWait = flag<string | undefined>('skip-wait-for-delete-timeout');
  if (skipWait !== undefined && Number(skipWait) > 0) throw new ClientError('drain --skip-wait-for-delete-timeout is not supported by kubesim yet');
  const timeout = flag<string | undefined>('timeout');
  return {
    force: flag<boolean>('force'),
    ignoreDaemonSets: flag<boolean>('ignore-daemonsets'),
    deleteEmptyDirData: flag<boolean>('delete-emptydir-data'),
    disableEviction: flag<boolean>('disable-eviction'),
    gracePeriodSeconds,
    timeoutMs: timeout ? parseTimeout(timeout) : 0,
    podSelector: flag<string | undefined>('pod-selector'),
    dryRun: parseDryRun(flag('dry-run')),
  };
}
