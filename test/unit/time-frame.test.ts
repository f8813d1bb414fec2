// kubesim serve's time frame (src/server/time-frame.ts): which fields move, by
// how much, and that a client computing ages from the machine's clock prints
// the simulated ones.
import { describe, expect, it } from 'vitest';
import {
  GUARD_MS,
  TIME_FIELDS,
  TIME_MAPS,
  frameShiftMs,
  fromClientFrame,
  hasTimes,
  shiftTimes,
  shiftTimestamp,
  type SimClock,
} from '../../src/server/time-frame.js';
import { PROTO_MESSAGES } from '../../src/server/proto-schema.js';
import { humanDuration } from '../../src/util/duration.js';

const HOUR = 3600_000;

describe('shiftTimestamp', () => {
  it('moves an RFC 3339 time by whole seconds, in UTC, keeping a MicroTime fraction', () => {
    expect(shiftTimestamp('2025-01-15T10:00:05Z', HOUR)).toBe('2025-01-15T11:00:05Z');
    expect(shiftTimestamp('2025-01-15T10:00:05.123456Z', -5000)).toBe('2025-01-15T10:00:00.123456Z');
    expect(shiftTimestamp('2025-01-15T12:00:05+02:00', 0)).toBe('2025-01-15T10:00:05Z');
  });

  it('leaves anything else as it is', () => {
    for (const s of ['', 'now', '2025-01-15', '10s', '2025-01-15 10:00:00']) expect(shiftTimestamp(s, HOUR)).toBe(s);
  });
});

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'p',
    creationTimestamp: '2025-01-15T10:00:00Z',
    annotations: { creationTimestamp: '2025-01-15T10:00:00Z', 'kubectl.kubernetes.io/restartedAt': '2025-01-15T10:00:00Z' },
    labels: { startTime: 'x' },
    managedFields: [{ manager: 'kubectl', time: '2025-01-15T10:00:00Z' }],
  },
  spec: {
    containers: [{ name: 'c', args: ['2025-01-15T10:00:00Z'], env: [{ name: 'startTime', value: '2025-01-15T10:00:00Z' }] }],
    tolerations: [{ key: 'k', effect: 'NoExecute', tolerationSeconds: 300 }],
  },
  status: {
    startTime: '2025-01-15T10:00:01Z',
    conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-01-15T10:00:02Z' }],
    containerStatuses: [{ name: 'c', state: { running: { startedAt: '2025-01-15T10:00:03Z' } }, lastState: { terminated: { startedAt: '2025-01-15T09:59:00Z', finishedAt: '2025-01-15T09:59:30Z', exitCode: 1 } } }],
  },
});

describe('shiftTimes', () => {
  it('moves the time fields of a built-in object, never its user data', () => {
    const before = pod();
    const after = shiftTimes(before, HOUR, 'builtin');
    expect(before).toEqual(pod()); // not changed in place
    expect(after.metadata.creationTimestamp).toBe('2025-01-15T11:00:00Z');
    expect(after.metadata.managedFields[0]!.time).toBe('2025-01-15T11:00:00Z');
    expect(after.metadata.annotations).toBe(before.metadata.annotations);
    expect(after.spec).toBe(before.spec); // args and env values are data
    expect(after.status.startTime).toBe('2025-01-15T11:00:01Z');
    expect(after.status.conditions[0]).toEqual({ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-01-15T11:00:02Z' });
    expect(after.status.containerStatuses[0]!.state.running.startedAt).toBe('2025-01-15T11:00:03Z');
    expect(after.status.containerStatuses[0]!.lastState.terminated).toMatchObject({ startedAt: '2025-01-15T10:59:00Z', finishedAt: '2025-01-15T10:59:30Z' });
  });

  it('keeps ConfigMap and Secret data, however its keys are named', () => {
    const cm = { kind: 'ConfigMap', metadata: { name: 'c' }, data: { lastTimestamp: '2025-01-15T10:00:00Z' }, binaryData: { time: 'AA==' } };
    expect(shiftTimes(cm, HOUR, 'builtin')).toBe(cm);
    const secret = { kind: 'Secret', metadata: { name: 's' }, stringData: { renewTime: '2025-01-15T10:00:00Z' } };
    expect(shiftTimes(secret, HOUR, 'builtin')).toBe(secret);
  });

  it('moves events, leases, taints, jobs, token requests and PDB disruptions', () => {
    const list = {
      kind: 'List',
      items: [
        { kind: 'Event', firstTimestamp: '2025-01-15T10:00:00Z', lastTimestamp: '2025-01-15T10:00:09Z', eventTime: '2025-01-15T10:00:00.500000Z', series: { count: 2, lastObservedTime: '2025-01-15T10:00:09.000000Z' } },
        { kind: 'Lease', spec: { acquireTime: '2025-01-15T10:00:00.000000Z', renewTime: '2025-01-15T10:00:09.000000Z', leaseDurationSeconds: 40 } },
        { kind: 'Node', spec: { taints: [{ key: 'k', effect: 'NoExecute', timeAdded: '2025-01-15T10:00:00Z' }] } },
        { kind: 'Job', status: { startTime: '2025-01-15T10:00:00Z', completionTime: '2025-01-15T10:00:05Z' } },
        { kind: 'CronJob', status: { lastScheduleTime: '2025-01-15T10:00:00Z', lastSuccessfulTime: '2025-01-15T10:00:05Z' } },
        { kind: 'TokenRequest', status: { token: 'x', expirationTimestamp: '2025-01-15T11:00:00Z' } },
        { kind: 'PodDisruptionBudget', status: { disruptedPods: { web: '2025-01-15T10:00:00Z' } } },
      ],
    };
    expect(shiftTimes(list, -HOUR, 'builtin').items).toEqual([
      { kind: 'Event', firstTimestamp: '2025-01-15T09:00:00Z', lastTimestamp: '2025-01-15T09:00:09Z', eventTime: '2025-01-15T09:00:00.500000Z', series: { count: 2, lastObservedTime: '2025-01-15T09:00:09.000000Z' } },
      { kind: 'Lease', spec: { acquireTime: '2025-01-15T09:00:00.000000Z', renewTime: '2025-01-15T09:00:09.000000Z', leaseDurationSeconds: 40 } },
      { kind: 'Node', spec: { taints: [{ key: 'k', effect: 'NoExecute', timeAdded: '2025-01-15T09:00:00Z' }] } },
      { kind: 'Job', status: { startTime: '2025-01-15T09:00:00Z', completionTime: '2025-01-15T09:00:05Z' } },
      { kind: 'CronJob', status: { lastScheduleTime: '2025-01-15T09:00:00Z', lastSuccessfulTime: '2025-01-15T09:00:05Z' } },
      { kind: 'TokenRequest', status: { token: 'x', expirationTimestamp: '2025-01-15T10:00:00Z' } },
      { kind: 'PodDisruptionBudget', status: { disruptedPods: { web: '2025-01-15T09:00:00Z' } } },
    ]);
  });

  it("moves metrics' timestamp only in metrics.k8s.io, never their window", () => {
    const m = { kind: 'PodMetrics', metadata: { creationTimestamp: '2025-01-15T10:00:00Z' }, timestamp: '2025-01-15T10:00:00Z', window: '15s' };
    expect(shiftTimes(m, HOUR, 'metrics')).toEqual({ ...m, metadata: { creationTimestamp: '2025-01-15T11:00:00Z' }, timestamp: '2025-01-15T11:00:00Z' });
    expect(shiftTimes(m, HOUR, 'builtin').timestamp).toBe('2025-01-15T10:00:00Z');
  });

  it("moves only a custom resource's metadata: its schema is its author's", () => {
    const cr = { kind: 'Widget', metadata: { creationTimestamp: '2025-01-15T10:00:00Z' }, spec: { startTime: '2025-01-15T10:00:00Z' }, status: { conditions: [{ lastTransitionTime: '2025-01-15T10:00:00Z' }] } };
    const out = shiftTimes({ kind: 'WidgetList', items: [cr] }, HOUR, 'custom');
    expect(out.items[0]).toEqual({ ...cr, metadata: { creationTimestamp: '2025-01-15T11:00:00Z' } });
  });

  it("moves a Table's row objects, not its rendered cells", () => {
    const table = { kind: 'Table', rows: [{ cells: ['p', '10s'], object: { kind: 'PartialObjectMetadata', metadata: { creationTimestamp: '2025-01-15T10:00:00Z' } } }] };
    const out = shiftTimes(table, HOUR, 'builtin');
    expect(out.rows[0]!.cells).toEqual(['p', '10s']);
    expect(out.rows[0]!.object.metadata.creationTimestamp).toBe('2025-01-15T11:00:00Z');
    expect(shiftTimes(table, HOUR, 'custom').rows[0]!.object.metadata.creationTimestamp).toBe('2025-01-15T11:00:00Z');
  });

  it('hands back the same body when it has no times', () => {
    const status = { kind: 'Status', status: 'Failure', message: 'pods "x" not found', details: { name: 'x' } };
    expect(shiftTimes(status, HOUR, 'builtin')).toBe(status);
    expect(hasTimes(status, 'builtin')).toBe(false);
    expect(hasTimes(pod(), 'builtin')).toBe(true);
  });
});

describe('fromClientFrame', () => {
  it('brings an object back by the same shift', () => {
    const shifted = shiftTimes(pod(), HOUR, 'builtin');
    expect(fromClientFrame(shifted, HOUR, 'builtin')).toEqual(pod());
  });

  it("moves a JSON patch's time values, by the path's last field or inside the value", () => {
    const ops = [
      { op: 'replace', path: '/status/conditions/0/lastTransitionTime', value: '2025-01-15T11:00:00Z' },
      { op: 'add', path: '/status/conditions/-', value: { type: 'X', lastTransitionTime: '2025-01-15T11:00:00Z' } },
      { op: 'add', path: '/metadata/annotations/lastTransitionTime', value: '2025-01-15T11:00:00Z' },
      { op: 'add', path: '/data/renewTime', value: '2025-01-15T11:00:00Z' },
      { op: 'replace', path: '/status/disruptedPods/web', value: '2025-01-15T11:00:00Z' },
      { op: 'remove', path: '/status/startTime' },
    ];
    expect(fromClientFrame(ops, HOUR, 'builtin')).toEqual([
      { op: 'replace', path: '/status/conditions/0/lastTransitionTime', value: '2025-01-15T10:00:00Z' },
      { op: 'add', path: '/status/conditions/-', value: { type: 'X', lastTransitionTime: '2025-01-15T10:00:00Z' } },
      ops[2],
      ops[3],
      { op: 'replace', path: '/status/disruptedPods/web', value: '2025-01-15T10:00:00Z' },
      ops[5],
    ]);
  });

  it('leaves the non-metadata fields of a custom resource patch alone', () => {
    const ops = [{ op: 'add', path: '/spec/startTime', value: '2025-01-15T11:00:00Z' }];
    expect(fromClientFrame(ops, HOUR, 'custom')).toEqual(ops);
  });
});

describe('frameShiftMs', () => {
  const SIM = Date.parse('2025-01-15T10:00:10Z');
  const MACHINE = Date.parse('2026-12-02T14:09:32Z');

  it('with the wall clock and a whole-second offset, is minus the offset whatever the phase', () => {
    const clock: SimClock = { manual: false, simNowMs: 0, offsetMs: 600_000 };
    for (const phase of [0, 1, 500, 999]) expect(frameShiftMs(clock, MACHINE + phase)).toBe(-600_000);
  });

  it('is whole seconds, and a client reading its clock in the same machine second prints the simulated age', () => {
    const created = Date.parse('2025-01-15T10:00:00Z');
    for (const simPhase of [0, 250, 999]) {
      const clock: SimClock = { manual: true, simNowMs: SIM + simPhase, offsetMs: 0 };
      const simulatedAge = humanDuration(clock.simNowMs - created);
      for (const phase of [0, 1, 400, 1000 - GUARD_MS - 1]) {
        const shift = frameShiftMs(clock, MACHINE + phase);
        expect(shift % 1000).toBe(0);
        const sent = Date.parse(shiftTimestamp(new Date(created).toISOString().replace('.000', ''), shift));
        // The client decodes and prints up to GUARD_MS later.
        for (const delay of [0, GUARD_MS - 1]) expect(humanDuration(MACHINE + phase + delay - sent)).toBe(simulatedAge);
      }
    }
  });
});

describe('TIME_FIELDS', () => {
  it('names every metav1.Time and MicroTime field of the protobuf schema (but PodLogOptions.sinceTime, a query parameter)', () => {
    const found = new Set<string>();
    for (const [message, fields] of Object.entries(PROTO_MESSAGES)) {
      if (message === '@core.v1.PodLogOptions') continue;
      for (const field of fields.split(',')) {
        const [, name, type] = field.split(' ');
        if (type && /meta\.v1\.(Micro)?Time$/.test(type)) found.add(name!);
        if (type && /^map:.*meta\.v1\.Time$/.test(type)) expect(TIME_MAPS.has(name!), name).toBe(true);
      }
    }
    found.delete('disruptedPods');
    expect([...found].filter((f) => !TIME_FIELDS.has(f))).toEqual([]);
  });
});
