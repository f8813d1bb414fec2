// What metrics-server reports (metrics.k8s.io/v1beta1 PodMetrics and NodeMetrics,
// controllers.md §11): CPU and memory usage per container, per pod, per node.
//
// Usage comes from a usage source. The runtime (src/runtime/) knows what a
// container's processes do and registers one with `registerUsageSource`; until it
// does (or for containers it does not know), a baseline per image stands in:
//   - kind's system pods at their typical idle figures (kube-apiserver ~40m/250Mi,
//     etcd ~20m/40Mi, coredns ~2m/13Mi, kindnet and kube-proxy ~1m/10-14Mi, ...);
//   - nginx idle: 0m, 3Mi; busybox/alpine running a shell or sleep: 0m, 0-1Mi;
//   - stress images from their arguments (polinux/stress `--vm N --vm-bytes X`,
//     `--cpu N`; vish/stress `-cpus N`, `-mem-total X`), CPU capped at the limit;
//   - anything else: 1m, 5Mi.
//
// Timing: metrics-server scrapes every kubelet every 15 s (--metric-resolution) on a
// grid that starts when the cluster does. A container's CPU is a rate between two
// samples, and the kubelet's stats (cAdvisor housekeeping) first include a new
// container about 15 s after it starts; so a container has metrics from the
// second scrape at least 15 s after its start, 30-45 s after it started.
import { createHash } from 'node:crypto';
import type { Container, KObject, Node, Pod } from '../types/k8s.js';
import type { Store } from '../store/store.js';
import { parseQuantity } from '../util/quantity.js';
import { rfc3339 } from '../util/duration.js';
import { normalizeImage, repositoryOf } from '../runtime/images.js';

export const SCRAPE_INTERVAL_MS = 15_000;
/** cAdvisor housekeeping: how long before a new container shows up in the kubelet's stats. */
export const STATS_DELAY_MS = 15_000;

const MI = 1024 * 1024;

export interface ContainerUsage {
  /** CPU in cores (0.25 = 250m). */
  cpu: number;
  /** Working set in bytes. */
  memory: number;
}

export interface UsageContext {
  store: Store;
  pod: Pod;
  container: Container;
  /** When the current instance of the container started (ms). */
  startedAt: number;
  /** The scrape instant the figure is for (ms). */
  at: number;
}

/** A source of real usage (the runtime); undefined means "use the baseline". */
export type UsageSource = (ctx: UsageContext) => ContainerUsage | undefined;

let usageSource: UsageSource | undefined;

/** The runtime registers what its processes use; metrics-server reports it. */
export function registerUsageSource(source: UsageSource | undefined): void {
  usageSource = source;
}

// ---------------------------------------------------------------- baseline

interface Baseline {
  cpu: number;
  memory: number;
}

/** Typical idle usage of the images a kind cluster and the tutorials run (repository → usage). */
export const BASELINES: Record<string, Baseline> = {
  'registry.k8s.io/kube-apiserver-amd64': { cpu: 0.04, memory: 250 * MI },
  'registry.k8s.io/kube-apiserver': { cpu: 0.04, memory: 250 * MI },
  'registry.k8s.io/etcd': { cpu: 0.02, memory: 40 * MI },
  'registry.k8s.io/kube-controller-manager-amd64': { cpu: 0.012, memory: 50 * MI },
  'registry.k8s.io/kube-controller-manager': { cpu: 0.012, memory: 50 * MI },
  'registry.k8s.io/kube-scheduler-amd64': { cpu: 0.003, memory: 20 * MI },
  'registry.k8s.io/kube-scheduler': { cpu: 0.003, memory: 20 * MI },
  'registry.k8s.io/kube-proxy-amd64': { cpu: 0.001, memory: 14 * MI },
  'registry.k8s.io/kube-proxy': { cpu: 0.001, memory: 14 * MI },
  'registry.k8s.io/coredns/coredns': { cpu: 0.002, memory: 13 * MI },
  'registry.k8s.io/metrics-server/metrics-server': { cpu: 0.004, memory: 18 * MI },
  'docker.io/kindest/kindnetd': { cpu: 0.001, memory: 10 * MI },
  'docker.io/kindest/local-path-provisioner': { cpu: 0.001, memory: 8 * MI },
  'docker.io/library/nginx': { cpu: 0, memory: 3 * MI },
  'docker.io/library/busybox': { cpu: 0, memory: 0.4 * MI },
  'docker.io/library/alpine': { cpu: 0, memory: 0.6 * MI },
  'docker.io/library/redis': { cpu: 0.002, memory: 3 * MI },
  'docker.io/library/ubuntu': { cpu: 0, memory: 1 * MI },
  'docker.io/library/debian': { cpu: 0, memory: 1 * MI },
  'registry.k8s.io/pause': { cpu: 0, memory: 0.2 * MI },
};

const DEFAULT_BASELINE: Baseline = { cpu: 0.001, memory: 5 * MI };

/** Node overhead outside pods (kubelet, containerd, systemd in the kind node container). */
const NODE_OVERHEAD: Record<'control-plane' | 'worker', Baseline> = {
  'control-plane': { cpu: 0.06, memory: 420 * MI },
  worker: { cpu: 0.02, memory: 190 * MI },
};

function argValue(args: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

/** stress(1) sizes: `150M` is 150 MiB in stress (it multiplies by 1024 * 1024), `1G`, `512k`, plain bytes. */
function stressBytes(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const m = /^(\d+(?:\.\d+)?)([bkKmMgG]?)$/.exec(v);
  if (!m) {
    try {
      return parseQuantity(v);
    } catch {
      return undefined;
    }
  }
  const n = Number(m[1]);
  const unit = { '': 1, b: 1, k: 1024, K: 1024, m: MI, M: MI, g: 1024 * MI, G: 1024 * MI }[m[2]!] ?? 1;
  return n * unit;
}

/** What a container uses when nothing better is known (see the file comment). */
export function baselineUsage(container: Container): ContainerUsage {
  const repo = repositoryOf(normalizeImage(container.image ?? ''));
  const args = [...(container.command ?? []), ...(container.args ?? [])];
  let usage: ContainerUsage;
  if (repo === 'docker.io/polinux/stress' || repo.endsWith('/progrium/stress')) {
    const vm = Number(argValue(args, '--vm', '-m') ?? 0);
    const bytes = stressBytes(argValue(args, '--vm-bytes')) ?? 256 * MI;
    const cpus = Number(argValue(args, '--cpu', '-c') ?? 0);
    usage = { cpu: cpus + vm * 0.35 || 0.001, memory: vm * bytes + 1.2 * MI };
  } else if (repo === 'docker.io/vish/stress') {
    const cpus = Number(argValue(args, '-cpus') ?? 0);
    const mem = argValue(args, '-mem-total');
    usage = { cpu: cpus || 0.001, memory: (mem ? parseQuantity(mem) : 0) + 1.1 * MI };
  } else {
    const b = BASELINES[repo] ?? DEFAULT_BASELINE;
    usage = { cpu: b.cpu, memory: b.memory };
  }
  // CPU is throttled at the limit (CFS quota): a busy container reads just under it.
  const cpuLimit = container.resources?.limits?.cpu;
  if (cpuLimit) {
    const lim = parseQuantity(cpuLimit);
    if (usage.cpu > lim) usage.cpu = lim * 0.997;
  }
  const memLimit = container.resources?.limits?.memory;
  if (memLimit) usage.memory = Math.min(usage.memory, parseQuantity(memLimit));
  return usage;
}

/** A small, stable wobble so figures look measured (±4% CPU, ±1% memory), fixed per scrape. */
function jitter(seed: string, spread: number): number {
  const h = createHash('sha256').update(seed).digest();
  return 1 + ((h.readUInt16BE(0) / 0xffff) * 2 - 1) * spread;
}

// ---------------------------------------------------------------- timing

/** The latest scrape instant not after `now`. */
export function lastScrape(origin: number, now: number): number {
  if (now < origin) return origin;
  return origin + Math.floor((now - origin) / SCRAPE_INTERVAL_MS) * SCRAPE_INTERVAL_MS;
}

/** The first instant at which a container started at `startedAt` has metrics. */
export function metricsAvailableAt(origin: number, startedAt: number): number {
  const visible = startedAt + STATS_DELAY_MS;
  const first = visible <= origin ? origin : origin + Math.ceil((visible - origin) / SCRAPE_INTERVAL_MS) * SCRAPE_INTERVAL_MS;
  return first + SCRAPE_INTERVAL_MS;
}

// ---------------------------------------------------------------- metrics objects

export interface ContainerMetrics {
  name: string;
  usage: { cpu: string; memory: string };
}

export interface PodMetrics extends KObject {
  timestamp: string;
  window: string;
  containers: ContainerMetrics[];
}

export interface NodeMetrics extends KObject {
  timestamp: string;
  window: string;
  usage: { cpu: string; memory: string };
}

/** Nanocores as metrics-server renders them (`1234567n`, `0`). */
export function cpuQuantity(cores: number): string {
  const n = Math.round(cores * 1e9);
  return n === 0 ? '0' : `${n}n`;
}

/** Working set bytes as metrics-server renders them (`2412Ki`). */
export function memoryQuantity(bytes: number): string {
  const ki = Math.round(bytes / 1024);
  return ki === 0 ? '0' : `${ki}Ki`;
}

function runningSince(pod: Pod, name: string): number | undefined {
  const cs = pod.status?.containerStatuses?.find((c) => c.name === name);
  const started = (cs?.state as { running?: { startedAt?: string } } | undefined)?.running?.startedAt;
  return started ? Date.parse(started) : undefined;
}

/** Usage of one running container at scrape instant `at`. */
export function containerUsage(store: Store, pod: Pod, container: Container, startedAt: number, at: number): ContainerUsage {
  const real = usageSource?.({ store, pod, container, startedAt, at });
  if (real) return real;
  const base = baselineUsage(container);
  const seed = `${pod.metadata.uid}/${container.name}/${at}`;
  return { cpu: base.cpu * jitter(seed + '#cpu', 0.04), memory: base.memory * jitter(seed + '#mem', 0.01) };
}

/** The origin of the scrape grid: when metrics-server started (the cluster's creation). */
export function scrapeOrigin(store: Store): number {
  return store.meta.createdAt ?? 0;
}

/** PodMetrics as metrics-server serves it, or undefined when it has none for the pod yet. */
export function podMetrics(store: Store, pod: Pod, now: number): PodMetrics | undefined {
  if (pod.status?.phase !== 'Running' && pod.status?.phase !== 'Pending') return undefined;
  const origin = scrapeOrigin(store);
  const at = lastScrape(origin, now);
  const containers: ContainerMetrics[] = [];
  for (const c of pod.spec.containers ?? []) {
    const started = runningSince(pod, c.name);
    if (started === undefined || metricsAvailableAt(origin, started) > now) continue;
    const u = containerUsage(store, pod, c, started, at);
    containers.push({ name: c.name, usage: { cpu: cpuQuantity(u.cpu), memory: memoryQuantity(u.memory) } });
  }
  if (containers.length === 0) return undefined;
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      creationTimestamp: rfc3339(now),
      ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}),
    },
    timestamp: rfc3339(at),
    window: '15s',
    containers,
  };
}

function isReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** NodeMetrics: the pods' usage plus what runs outside pods on the node. */
export function nodeMetrics(store: Store, node: Node, pods: Pod[], now: number): NodeMetrics | undefined {
  if (!isReady(node)) return undefined;
  const origin = scrapeOrigin(store);
  const created = node.metadata.creationTimestamp ? Date.parse(node.metadata.creationTimestamp) : origin;
  if (metricsAvailableAt(origin, created) > now) return undefined;
  const at = lastScrape(origin, now);
  const controlPlane = Object.prototype.hasOwnProperty.call(node.metadata.labels ?? {}, 'node-role.kubernetes.io/control-plane');
  const overhead = NODE_OVERHEAD[controlPlane ? 'control-plane' : 'worker'];
  let cpu = overhead.cpu * jitter(`${node.metadata.uid}/${at}#cpu`, 0.1);
  let memory = overhead.memory * jitter(`${node.metadata.uid}/${at}#mem`, 0.01);
  for (const pod of pods) {
    if (pod.spec.nodeName !== node.metadata.name) continue;
    for (const c of pod.spec.containers ?? []) {
      const started = runningSince(pod, c.name);
      if (started === undefined) continue;
      const u = containerUsage(store, pod, c, started, at);
      cpu += u.cpu;
      memory += u.memory;
    }
  }
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'NodeMetrics',
    metadata: { name: node.metadata.name, creationTimestamp: rfc3339(now), ...(node.metadata.labels ? { labels: node.metadata.labels } : {}) },
    timestamp: rfc3339(at),
    window: '20.047s',
    usage: { cpu: cpuQuantity(cpu), memory: memoryQuantity(memory) },
  };
}

// ---------------------------------------------------------------- availability

export type MetricsApiState = 'ok' | 'missing' | 'unavailable';

/** Whether metrics.k8s.io is registered (the APIService) and served (metrics-server running). */
export function metricsApiState(store: Store): MetricsApiState {
  if (!store.get('apiservices.apiregistration.k8s.io', undefined, 'v1beta1.metrics.k8s.io')) return 'missing';
  const servers = (store.list('pods', 'kube-system') as Pod[]).filter((p) => p.metadata.labels?.['k8s-app'] === 'metrics-server');
  const running = servers.some((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
  return running ? 'ok' : 'unavailable';
}
