import { describe, expect, it } from 'vitest';
import { podQosClass, podStatusCells } from '../../src/printers/pod-status.js';
import type { Condition, Container, ContainerState, ContainerStatus, Pod } from '../../src/types/k8s.js';

const NOW = Date.parse('2025-01-15T10:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.000Z$/, 'Z');

const running: ContainerState = { running: { startedAt: ago(600) } };
const waiting = (reason?: string): ContainerState => ({ waiting: reason ? { reason } : {} });
const terminated = (exitCode: number, reason?: string, signal?: number): ContainerState => ({
  terminated: { exitCode, reason, signal, startedAt: ago(300), finishedAt: ago(200) },
});

function status(name: string, state: ContainerState, extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, state, ready: false, restartCount: 0, image: `${name}:1`, imageID: '', ...extra };
}

/** A lastState entry for a container that last stopped `s` seconds ago. */
const lastStop = (s: number): Partial<ContainerStatus> => ({
  lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(s) } },
});

interface PodOpts {
  containers?: string[];
  initContainers?: Container[];
  phase?: string;
  reason?: string;
  conditions?: Condition[];
  statuses?: ContainerStatus[];
  initStatuses?: ContainerStatus[];
  deleting?: boolean;
}

function pod(o: PodOpts): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'default',
      creationTimestamp: ago(3600),
      ...(o.deleting ? { deletionTimestamp: ago(5) } : {}),
    },
    spec: {
      containers: (o.containers ?? ['app']).map((name) => ({ name, image: `${name}:1` })),
      initContainers: o.initContainers,
    },
    status: {
      phase: o.phase ?? 'Running',
      reason: o.reason,
      conditions: o.conditions,
      containerStatuses: o.statuses,
      initContainerStatuses: o.initStatuses,
    },
  };
}

const cond = (type: string, s: string, reason?: string): Condition => ({ type, status: s, reason });
const inits = (...names: string[]): Container[] => names.map((name) => ({ name, image: 'busybox' }));

function cells(p: Pod): [string, string, string] {
  const c = podStatusCells(p, NOW);
  return [c.ready, c.status, c.restarts];
}

describe('podStatusCells — pod-status.md §3 worked examples', () => {
  it('1 container running ready', () => {
    expect(cells(pod({ statuses: [status('app', running, { ready: true })] }))).toEqual(['1/1', 'Running', '0']);
  });

  it('running, readiness probe failing', () => {
    expect(cells(pod({ statuses: [status('app', running)] }))).toEqual(['0/1', 'Running', '0']);
  });

  it('2 containers both ready', () => {
    const p = pod({
      containers: ['a', 'b'],
      statuses: [status('a', running, { ready: true }), status('b', running, { ready: true })],
    });
    expect(cells(p)).toEqual(['2/2', 'Running', '0']);
  });

  it('c0 CrashLoopBackOff with 4 restarts 30s ago, c1 ready', () => {
    const p = pod({
      containers: ['a', 'b'],
      statuses: [
        status('a', waiting('CrashLoopBackOff'), { restartCount: 4, ...lastStop(30) }),
        status('b', running, { ready: true }),
      ],
    });
    expect(cells(p)).toEqual(['1/2', 'CrashLoopBackOff', '4 (30s ago)']);
  });

  it('c0 ready, c1 Completed: Running or NotReady by the Ready condition', () => {
    const statuses = [status('a', running, { ready: true }), status('b', terminated(0, 'Completed'))];
    const ready = pod({ containers: ['a', 'b'], statuses, conditions: [cond('Ready', 'True')] });
    const notReady = pod({ containers: ['a', 'b'], statuses, conditions: [cond('Ready', 'False')] });
    expect(cells(ready)).toEqual(['1/2', 'Running', '0']);
    expect(cells(notReady)).toEqual(['1/2', 'NotReady', '0']);
  });

  it('Pending without statuses', () => {
    expect(cells(pod({ phase: 'Pending' }))).toEqual(['0/1', 'Pending', '0']);
  });

  it.each(['ContainerCreating', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError'])(
    'waiting %s',
    (reason) => {
      expect(cells(pod({ phase: 'Pending', statuses: [status('app', waiting(reason))] }))).toEqual([
        '0/1',
        reason,
        '0',
      ]);
    },
  );

  it('2 init containers, first PodInitializing', () => {
    const p = pod({
      phase: 'Pending',
      initContainers: inits('i0', 'i1'),
      initStatuses: [status('i0', waiting('PodInitializing')), status('i1', waiting('PodInitializing'))],
      statuses: [status('app', waiting('PodInitializing'))],
    });
    expect(cells(p)).toEqual(['0/1', 'Init:0/2', '0']);
  });

  it('3 init: #0 done, #1 running', () => {
    const p = pod({
      phase: 'Pending',
      initContainers: inits('i0', 'i1', 'i2'),
      initStatuses: [
        status('i0', terminated(0, 'Completed')),
        status('i1', running),
        status('i2', waiting('PodInitializing')),
      ],
      statuses: [status('app', waiting('PodInitializing'))],
    });
    expect(cells(p)).toEqual(['0/1', 'Init:1/3', '0']);
  });

  it('init CrashLoopBackOff, 3 restarts 10s ago', () => {
    const p = pod({
      phase: 'Pending',
      initContainers: inits('i0'),
      initStatuses: [status('i0', waiting('CrashLoopBackOff'), { restartCount: 3, ...lastStop(10) })],
      statuses: [status('app', waiting('PodInitializing'))],
    });
    expect(cells(p)).toEqual(['0/1', 'Init:CrashLoopBackOff', '3 (10s ago)']);
  });

  it('init exit 2 without reason; init killed by signal 9', () => {
    const exit = pod({ phase: 'Pending', initContainers: inits('i0'), initStatuses: [status('i0', terminated(2))] });
    const sig = pod({
      phase: 'Pending',
      initContainers: inits('i0'),
      initStatuses: [status('i0', terminated(137, undefined, 9))],
    });
    expect(cells(exit)).toEqual(['0/1', 'Init:ExitCode:2', '0']);
    expect(cells(sig)).toEqual(['0/1', 'Init:Signal:9', '0']);
  });

  it('init failed with reason Error (restartPolicy Never)', () => {
    const p = pod({ phase: 'Failed', initContainers: inits('i0'), initStatuses: [status('i0', terminated(1, 'Error'))] });
    expect(cells(p)).toEqual(['0/1', 'Init:Error', '0']);
  });

  it('init done; app waiting PodInitializing', () => {
    const p = pod({
      phase: 'Pending',
      initContainers: inits('i0'),
      initStatuses: [status('i0', terminated(0, 'Completed'))],
      statuses: [status('app', waiting('PodInitializing'))],
    });
    expect(cells(p)).toEqual(['0/1', 'PodInitializing', '0']);
  });

  it('Job pod Completed; Error with restartPolicy Never', () => {
    expect(cells(pod({ phase: 'Succeeded', statuses: [status('app', terminated(0, 'Completed'))] }))).toEqual([
      '0/1',
      'Completed',
      '0',
    ]);
    expect(cells(pod({ phase: 'Failed', statuses: [status('app', terminated(1, 'Error'))] }))).toEqual([
      '0/1',
      'Error',
      '0',
    ]);
  });

  it('main container terminated without reason', () => {
    expect(cells(pod({ statuses: [status('app', terminated(3))] }))[1]).toBe('ExitCode:3');
    expect(cells(pod({ statuses: [status('app', terminated(143, '', 15))] }))[1]).toBe('Signal:15');
  });

  it('OOMKilled twice, now CrashLoopBackOff', () => {
    const p = pod({
      statuses: [
        status('app', waiting('CrashLoopBackOff'), {
          restartCount: 2,
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(5) } },
        }),
      ],
    });
    expect(cells(p)).toEqual(['0/1', 'CrashLoopBackOff', '2 (5s ago)']);
  });

  it('running pod being deleted', () => {
    const p = pod({ deleting: true, statuses: [status('app', running, { ready: true })] });
    expect(cells(p)).toEqual(['1/1', 'Terminating', '0']);
  });

  it('Succeeded pod being deleted keeps Completed', () => {
    const p = pod({ deleting: true, phase: 'Succeeded', statuses: [status('app', terminated(0, 'Completed'))] });
    expect(cells(p)).toEqual(['0/1', 'Completed', '0']);
  });

  it('deleted pod on a lost node', () => {
    const p = pod({ deleting: true, reason: 'NodeLost', statuses: [status('app', running, { ready: true })] });
    expect(cells(p)).toEqual(['1/1', 'Unknown', '0']);
  });

  it('SchedulingGated', () => {
    const p = pod({ phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'SchedulingGated')] });
    expect(cells(p)).toEqual(['0/1', 'SchedulingGated', '0']);
  });

  it('Unschedulable stays Pending', () => {
    const p = pod({ phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'Unschedulable')] });
    expect(cells(p)).toEqual(['0/1', 'Pending', '0']);
  });

  it('sidecar started+ready, app ready, sidecar restarted once 2m ago', () => {
    const p = pod({
      initContainers: [{ name: 'log', image: 'busybox', restartPolicy: 'Always' }],
      initStatuses: [status('log', running, { ready: true, started: true, restartCount: 1, ...lastStop(120) })],
      statuses: [status('app', running, { ready: true })],
      conditions: [cond('Initialized', 'True'), cond('Ready', 'True')],
    });
    expect(cells(p)).toEqual(['2/2', 'Running', '1 (2m ago)']);
  });

  it('regular init restarts are dropped once initialized', () => {
    const p = pod({
      initContainers: inits('i0'),
      initStatuses: [status('i0', terminated(0, 'Completed'), { restartCount: 2, ...lastStop(400) })],
      statuses: [status('app', running, { ready: true })],
    });
    expect(cells(p)).toEqual(['1/1', 'Running', '0']);
  });

  it('Evicted with no terminated reason; overridden by a container reason', () => {
    const plain = pod({ phase: 'Failed', reason: 'Evicted', statuses: [status('app', {})] });
    const withReason = pod({
      phase: 'Failed',
      reason: 'Evicted',
      statuses: [status('app', terminated(137, 'ContainerStatusUnknown'))],
    });
    expect(cells(plain)).toEqual(['0/1', 'Evicted', '0']);
    expect(cells(withReason)).toEqual(['0/1', 'ContainerStatusUnknown', '0']);
  });

  it('restarts without a recorded lastState print just the count', () => {
    expect(cells(pod({ statuses: [status('app', running, { ready: true, restartCount: 3 })] }))).toEqual([
      '1/1',
      'Running',
      '3',
    ]);
  });

  it('the lowest-index waiting container decides STATUS', () => {
    const p = pod({
      containers: ['a', 'b'],
      statuses: [status('a', waiting('ImagePullBackOff')), status('b', waiting('CrashLoopBackOff'))],
    });
    expect(cells(p)[1]).toBe('ImagePullBackOff');
  });

  it('the most recent restart across containers is used', () => {
    const p = pod({
      containers: ['a', 'b'],
      statuses: [
        status('a', running, { ready: true, restartCount: 1, ...lastStop(4000) }),
        status('b', running, { ready: true, restartCount: 2, ...lastStop(90) }),
      ],
    });
    expect(cells(p)).toEqual(['2/2', 'Running', '3 (90s ago)']);
  });
});

describe('podQosClass', () => {
  const withResources = (...rs: Container['resources'][]): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'q' },
    spec: { containers: rs.map((resources, i) => ({ name: `c${i}`, resources })) },
  });

  it('BestEffort without cpu/memory requests or limits', () => {
    expect(podQosClass(withResources(undefined))).toBe('BestEffort');
    expect(podQosClass(withResources({ limits: { 'example.com/dongle': '1' } }))).toBe('BestEffort');
  });

  it('Guaranteed when requests equal limits (or are defaulted from them)', () => {
    const same = { cpu: '700m', memory: '200Mi' };
    expect(podQosClass(withResources({ requests: same, limits: same }))).toBe('Guaranteed');
    expect(podQosClass(withResources({ limits: same }))).toBe('Guaranteed');
    expect(podQosClass(withResources({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } })))
      .toBe('Guaranteed');
  });

  it('Burstable otherwise', () => {
    expect(podQosClass(withResources({ requests: { memory: '200Mi' }, limits: { memory: '200Mi' } }))).toBe(
      'Burstable',
    );
    expect(podQosClass(withResources({ requests: { cpu: '100m' } }))).toBe('Burstable');
    expect(
      podQosClass(withResources({ limits: { cpu: '1', memory: '1Gi' } }, { requests: { memory: '100Mi' } })),
    ).toBe('Burstable');
  });

  it('init containers count', () => {
    const p = withResources({ limits: { cpu: '1', memory: '1Gi' } });
    p.spec.initContainers = [{ name: 'init', resources: { requests: { cpu: '100m' } } }];
    expect(podQosClass(p)).toBe('Burstable');
  });
});
