// Parked crash loops (src/cluster/parked-loops.ts): the formulas' arithmetic, and what a learner
// sees of a parked loop through the CLI. test/unit/kubelet-fastforward.test.ts compares parked
// loops with stepping field by field.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyLoopToEvent, instanceId, lastTransitions, nextTransition, phaseAt, ShowPlan, type ParkedLoop } from '../../src/cluster/parked-loops.js';
import type { Event } from '../../src/types/k8s.js';
import { runCli } from './cli-run.js';

const T0 = Date.parse('2025-01-15T10:00:00Z');

/** A loop whose last instance ran 5 s from T0 and whose exit the kubelet saw 1 s later; 305 s a cycle. */
function loop(settle = 1000): ParkedLoop {
  return {
    apiVersion: 'kubesim/v1',
    kind: 'ParkedLoop',
    metadata: { name: 'p', namespace: 'default', resourceVersion: '10' },
    podUid: 'uid',
    container: 'c',
    start: T0,
    finish: T0 + 5000,
    restarts: 6,
    id: 'containerd://before',
    exitCode: 1,
    reason: 'Error',
    seed: '2025-01-15T09:50:00Z',
    period: 305_000,
    run: 5000,
    settle,
    waiting: { message: 'back-off 5m0s', reason: 'CrashLoopBackOff' },
    unready: { reason: 'ContainersNotReady', message: 'containers with unready status: [c]', lag: 0 },
    parkedAt: T0 + 6000,
    wake: T0 + 16_000,
    rv: '9',
    events: [],
  };
}

describe('a parked loop in time', () => {
  const l = loop();
  const next = T0 + 305_000; // the first instance after parking starts
  it('is in the wait of the instance before parking until the next one starts', () => {
    expect(phaseAt(l, T0 + 6000)).toEqual({ j: -1, phase: 'waiting' });
    expect(phaseAt(l, next - 1)).toEqual({ j: -1, phase: 'waiting' });
  });
  it('runs, has exited until the kubelet sees it, then waits', () => {
    expect(phaseAt(l, next)).toEqual({ j: 0, phase: 'running' });
    expect(phaseAt(l, next + 4999)).toEqual({ j: 0, phase: 'running' });
    expect(phaseAt(l, next + 5000)).toEqual({ j: 0, phase: 'exited' });
    expect(phaseAt(l, next + 6000)).toEqual({ j: 0, phase: 'waiting' });
    expect(phaseAt(l, next + 305_000 * 100 + 2000)).toEqual({ j: 100, phase: 'running' });
  });
  it('shows the last start and exit up to a horizon', () => {
    const h = next + 305_000 * 10 + 100_000; // waiting in cycle 10
    const start = next + 305_000 * 10;
    expect(lastTransitions(l, h)).toEqual([start, start + 5000]);
    // While an instance runs, the previous one's exit comes before its start.
    expect(lastTransitions(l, start + 1000)).toEqual([start - 305_000 + 5000, start]);
    expect(lastTransitions(l, next - 1)).toEqual([]);
    expect(nextTransition(l, T0 + 6000)).toBe(next);
    expect(nextTransition(l, next)).toBe(next + 5000);
    expect(nextTransition(l, next + 5000)).toBe(next + 305_000);
  });
  it("plans a namespace's shows: each loop's last transitions by instant, then the first one after the horizon", () => {
    const a = loop();
    const b = { ...loop(), metadata: { ...loop().metadata, name: 'q' }, start: T0 + 2000, finish: T0 + 7000 };
    const start = next + 305_000 * 10;
    const plan = new ShowPlan(start + 100_000);
    plan.add(a, T0);
    plan.add(b, T0);
    expect(plan.next(T0)).toBe(start);
    expect(plan.take(start)).toEqual(['p']);
    expect(plan.take(start)).toEqual([]); // taken once
    expect(plan.next(start)).toBe(start + 2000);
    expect(plan.take(start + 2000)).toEqual(['q']);
    expect([plan.next(start + 2000), plan.next(start + 5000)]).toEqual([start + 5000, start + 7000]);
    // A loop parked meanwhile adds instants out of order; past ones are not shown again.
    const c = { ...loop(), metadata: { ...loop().metadata, name: 'r' }, start: T0 + 1000, finish: T0 + 6000 };
    plan.add(c, start + 5001);
    expect(plan.next(start + 5000)).toBe(start + 6000);
    expect(plan.take(start + 6000)).toEqual(['r']);
    expect(plan.take(start + 7000)).toEqual(['q']);
    // Past the horizon: the first transition of any loop after it (the next catch-up's first wake-up).
    expect(plan.next(start + 7000)).toBe(start + 305_000);
  });
  it('counts an event on from when it was parked, its last time the last occurrence', () => {
    const ev = { metadata: { name: 'e', resourceVersion: '5' }, count: 0, lastTimestamp: '' } as unknown as Event;
    // A BackOff retry every 10 s of each wait: 30 a cycle, the first 6 s after the instance started.
    const f = { name: 'e', count: 26, last: '2025-01-15T10:04:16Z', since: T0 + 256_000, runs: [[T0 + 6000, 30, 10_000] as [number, number, number]] };
    applyLoopToEvent(ev, f, 305_000, T0 + 256_000);
    expect([ev.count, ev.lastTimestamp]).toEqual([26, '2025-01-15T10:04:16Z']);
    applyLoopToEvent(ev, f, 305_000, T0 + 300_000);
    expect([ev.count, ev.lastTimestamp]).toEqual([30, '2025-01-15T10:04:56Z']);
    // A day later, against the occurrences counted one by one.
    const day = T0 + 86_400_000;
    let count = 26;
    let last = 0;
    for (let k = 0; T0 + 6000 + k * 305_000 <= day; k++) {
      for (let i = 0; i < 30; i++) {
        const t = T0 + 6000 + k * 305_000 + i * 10_000;
        if (t > T0 + 256_000 && t <= day) [count, last] = [count + 1, t];
      }
    }
    applyLoopToEvent(ev, f, 305_000, day);
    expect([ev.count, ev.lastTimestamp]).toEqual([count, new Date(Math.floor(last / 1000) * 1000).toISOString().replace('.000Z', 'Z')]);
    expect(ev.metadata.resourceVersion).toBe('5');
  });
});

describe('container IDs', () => {
  it('are the same whoever computes them, one per instance, 64 hex digits', () => {
    const a = instanceId('uid', 'c', 'seed', 7);
    expect(a).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(instanceId('uid', 'c', 'seed', 7)).toBe(a);
    const others = [instanceId('uid', 'c', 'seed', 8), instanceId('uid', 'd', 'seed', 7), instanceId('uid2', 'c', 'seed', 7), instanceId('uid', 'c', 'seed2', 7)];
    expect(new Set([a, ...others]).size).toBe(5);
  });
  it('differ across thousands of pods and restarts, digit by digit', () => {
    const ids = new Set<string>();
    for (let p = 0; p < 2000; p++) for (let r = 0; r < 5; r++) ids.add(instanceId(`pod-uid-${p}`, 'c', '2025-01-15T10:00:00Z', r));
    expect(ids.size).toBe(10_000);
    // No digit position is stuck: each takes most of the sixteen values.
    const digits = [...ids].map((id) => id.slice('containerd://'.length));
    for (let i = 0; i < 64; i++) expect(new Set(digits.map((d) => d[i])).size).toBe(16);
  });
});

describe('through the CLI', () => {
  it('a parked crash loop reads as stepping leaves it: get -w, logs, then deletion', () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-parked-'));
    runCli(home, ['run', 'crash', '--image=busybox:1.28', '--', 'sh', '-c', 'echo starting; sleep 5; exit 1']);
    // Watched wake-up by wake-up for 25 minutes: the loop reaches its cap after ~6 minutes, but
    // nothing is parked while someone watches (stepped, every change is seen).
    const watch = runCli(home, ['get', 'pods', '-w', '--request-timeout=25m']);
    const loops = join(home, 'state', 'objects', '_loops', 'default.json');
    const parked = () => (existsSync(loops) ? Object.keys(JSON.parse(readFileSync(loops, 'utf8'))) : []);
    expect(parked()).toEqual([]);
    // Each cycle as a watch shows it: Running, Error, CrashLoopBackOff.
    const rows = watch.out.trim().split('\n').slice(-9).map((r) => r.split(/\s{2,}/).slice(2, 4).join(' '));
    expect(rows).toEqual(['Running 7 (5m ago)', 'Error 7 (5m5s ago)', 'CrashLoopBackOff 7 (1s ago)', 'Running 8 (5m ago)', 'Error 8 (5m5s ago)', 'CrashLoopBackOff 8 (1s ago)', 'Running 9 (5m ago)', 'Error 9 (5m5s ago)', 'CrashLoopBackOff 9 (1s ago)']);
    runCli(home, ['advance', '24h'], { argv0: 'kubesim' });
    expect(parked()).toEqual(['crash']);
    const before = runCli(home, ['get', 'pod', 'crash', '-o', 'jsonpath={.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].containerID}']).out;
    expect(before).toMatch(/^29[0-9] containerd:\/\/[0-9a-f]{64}$/);
    // Reading the logs unparks the loop (the record is stepped to now) and the kubelet parks it
    // again from the wait it is in; the pod reads the same.
    const parkedAt = () => (JSON.parse(readFileSync(loops, 'utf8')) as Record<string, ParkedLoop>)['crash']?.restarts;
    expect(parkedAt()).toBe(9);
    expect(runCli(home, ['logs', 'crash', '--previous']).out).toBe('starting\n');
    expect(parkedAt()).toBeGreaterThan(290);
    expect(runCli(home, ['get', 'pod', 'crash', '-o', 'jsonpath={.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].containerID}']).out).toBe(before);
    expect(runCli(home, ['delete', 'pod', 'crash']).out).toBe('pod "crash" deleted\n');
    expect(runCli(home, ['get', 'pods']).err).toBe('No resources found in default namespace.\n');
  }, 120_000);
});
