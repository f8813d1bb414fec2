import { describe, expect, it, afterEach } from 'vitest';
import {
  baselineUsage, cpuQuantity, memoryQuantity, metricsAvailableAt, lastScrape, podMetrics, nodeMetrics, registerUsageSource, SCRAPE_INTERVAL_MS,
} from '../../src/cluster/metrics.js';
import { printNodeMetrics, printPodMetrics } from '../../src/printers/top.js';
import type { Container, Node, Pod } from '../../src/types/k8s.js';
import type { Store } from '../../src/store/store.js';

const T0 = Date.parse('2025-01-15T09:59:00Z');
const MI = 1024 * 1024;
const store = { meta: { createdAt: T0 } } as unknown as Store;

function runningPod(name: string, containers: Partial<Container>[], startedAt: number, nodeName = 'kubesim-worker2'): Pod {
  const cs = containers.map((c, i) => ({ name: `c${i}`, image: 'nginx', ...c })) as Container[];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: new Date(startedAt - 5000).toISOString() },
    spec: { containers: cs, nodeName },
    status: {
      phase: 'Running',
      containerStatuses: cs.map((c) => ({ name: c.name, state: { running: { startedAt: new Date(startedAt).toISOString().replace('.000Z', 'Z') } } })),
    },
  } as unknown as Pod;
}

afterEach(() => registerUsageSource(undefined));

describe('metrics-server timing', () => {
  it('scrapes every 15 s from the cluster start', () => {
    expect(lastScrape(T0, T0 + 44_000)).toBe(T0 + 30_000);
  });

  it('a container has metrics 30-45 s after it starts', () => {
    const start = T0 + 60_000;
    const at = metricsAvailableAt(T0, start);
    expect(at - start).toBeGreaterThanOrEqual(30_000);
    expect(at - start).toBeLessThanOrEqual(30_000 + SCRAPE_INTERVAL_MS);
    const p = runningPod('nginx', [{}], start);
    expect(podMetrics(store, p, at - 1)).toBeUndefined();
    expect(podMetrics(store, p, at)?.containers).toHaveLength(1);
  });

  it('pods without running containers have no metrics', () => {
    const p = runningPod('nginx', [{}], T0);
    p.status!.containerStatuses = [{ name: 'c0', state: { waiting: { reason: 'ContainerCreating' } } } as never];
    expect(podMetrics(store, p, T0 + 600_000)).toBeUndefined();
  });
});

describe('usage', () => {
  it('renders nanocores and Ki like metrics-server', () => {
    expect(cpuQuantity(0.0012345)).toBe('1234500n');
    expect(cpuQuantity(0)).toBe('0');
    expect(memoryQuantity(3 * MI)).toBe('3072Ki');
  });

  it('baselines: nginx idle, stress from its arguments, cpu capped at the limit', () => {
    expect(baselineUsage({ name: 'n', image: 'nginx' } as Container)).toEqual({ cpu: 0, memory: 3 * MI });
    const mem = baselineUsage({ name: 's', image: 'polinux/stress', command: ['stress'], args: ['--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1'] } as Container);
    expect(mem.memory / MI).toBeGreaterThan(150);
    expect(mem.memory / MI).toBeLessThan(160);
    const cpu = baselineUsage({ name: 's', image: 'vish/stress', args: ['-cpus', '2'], resources: { limits: { cpu: '1' }, requests: { cpu: '0.5' } } } as Container);
    expect(cpu.cpu).toBeGreaterThan(0.95);
    expect(cpu.cpu).toBeLessThan(1);
  });

  it('the runtime can report real usage', () => {
    registerUsageSource(({ container }) => (container.name === 'c0' ? { cpu: 0.25, memory: 100 * MI } : undefined));
    const m = podMetrics(store, runningPod('x', [{}], T0), T0 + 120_000)!;
    expect(m.containers[0]!.usage).toEqual({ cpu: '250000000n', memory: '102400Ki' });
  });

  it('node usage adds the pods to the node overhead', () => {
    const n = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'kubesim-worker2', uid: 'n', creationTimestamp: new Date(T0).toISOString(), labels: {} }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } } as unknown as Node;
    registerUsageSource(() => ({ cpu: 1, memory: 1024 * MI }));
    const m = nodeMetrics(store, n, [runningPod('x', [{}], T0)], T0 + 120_000)!;
    expect(parseInt(m.usage.cpu) / 1e9).toBeGreaterThan(1);
    expect(parseInt(m.usage.memory) * 1024 / MI).toBeGreaterThan(1024);
  });
});

describe('kubectl top layout (commands.md §14)', () => {
  const pm = (name: string, ns: string, containers: [string, string, string][]) => ({
    apiVersion: 'metrics.k8s.io/v1beta1', kind: 'PodMetrics', metadata: { name, namespace: ns }, timestamp: '', window: '15s',
    containers: containers.map(([n, cpu, memory]) => ({ name: n, usage: { cpu, memory } })),
  });

  it('pads after the last column too', () => {
    const out = printPodMetrics([pm('nginx', 'default', [['nginx', '0', '3072Ki']])], { allNamespaces: false, containers: false, noHeaders: false });
    expect(out).toBe('NAME    CPU(cores)   MEMORY(bytes)   \nnginx   0m           3Mi             \n');
  });

  it('rounds CPU up to a millicore and memory down to a MiB', () => {
    const out = printPodMetrics([pm('a', 'default', [['x', '1500000n', '160000Ki']])], { allNamespaces: false, containers: false, noHeaders: true });
    expect(out).toBe('a     2m    156Mi   \n');
  });

  it('-A, --containers and --sort-by', () => {
    const metrics = [pm('b', 'default', [['y', '5000000n', '2048Ki'], ['x', '1000000n', '1024Ki']]), pm('a', 'kube-system', [['z', '20000000n', '40960Ki']])];
    expect(printPodMetrics(metrics, { allNamespaces: true, containers: true, noHeaders: false })).toBe(
      'NAMESPACE     POD   NAME   CPU(cores)   MEMORY(bytes)   \n' +
        'default       b     x      1m           1Mi             \n' +
        'default       b     y      5m           2Mi             \n' +
        'kube-system   a     z      20m          40Mi            \n',
    );
    const sorted = printPodMetrics(metrics, { allNamespaces: false, containers: false, noHeaders: true, sortBy: 'cpu' });
    expect(sorted.split('\n')[0]).toMatch(/^a /);
  });

  it('top node: percentages of allocatable, <unknown> for nodes without metrics', () => {
    const nm = { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: 'kubesim-worker' }, timestamp: '', window: '20s', usage: { cpu: '85123456n', memory: '412000Ki' } };
    const available = new Map([
      ['kubesim-worker', { cpu: '4', memory: '8Gi' }],
      ['kubesim-win', { cpu: '4', memory: '8Gi' }],
    ]);
    expect(printNodeMetrics([nm], available, { noHeaders: false })).toBe(
      'NAME             CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   \n' +
        'kubesim-worker   86m          2%          402Mi           4%          \n' +
        'kubesim-win      <unknown>    <unknown>   <unknown>       <unknown>   \n',
    );
  });
});
