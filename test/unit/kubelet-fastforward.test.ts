// The kubelet's crash-loop fast-forward: a long catch-up over a steady crash loop jumps whole
// cycles at once and must leave exactly what stepping through every wake-up leaves.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { withCluster, type ClusterSession } from '../../src/cluster/session.js';
import { kubelet, podRecord } from '../../src/cluster/kubelet.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { podStatusCells } from '../../src/printers/pod-status.js';
import { journalOf, type JournalEntry } from '../../src/store/journal.js';
import type { Container, Event, KObject, Pod } from '../../src/types/k8s.js';

process.env.KUBESIM_CLOCK = 'manual';
const pods = resolveResource('pods')!;
const deployments = resolveResource('deployments')!;
const HOUR = 3600_000;

const PODS: Record<string, Container> = {
  // busybox (latest) is pulled at every restart: the pull's duration differs per restart.
  pulled: { name: 'c', image: 'busybox', command: ['sh', '-c', 'echo starting; sleep 5; echo giving up >&2; exit 1'] },
  // A tagged image is already present: no pulls.
  present: { name: 'app', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 7; exit 3'] },
  // A liveness probe that always fails: the kubelet kills the container (after the grace period) and restarts it.
  live: {
    name: 'probed',
    image: 'busybox:1.28',
    command: ['sh', '-c', 'sleep 36000000'],
    livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
  },
  // A readiness probe that fails, then passes for an hour, then fails for good: unready with a growing Unhealthy count.
  unready: {
    name: 'r',
    image: 'busybox:1.28',
    command: ['sh', '-c', 'sleep 1000; touch /tmp/ready; sleep 3600; rm /tmp/ready; sleep 36000000'],
    readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 7 },
  },
  // Runs 11 minutes before it crashes: the back-off is reset every time (never a steady 5-minute cap).
  long: { name: 'slow', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 660; exit 1'] },
};

/** Liveness-killed loops, compared with stepping second by second (where no probe tick is taken ahead). */
const KILLED: Record<string, Container> = {
  live: PODS['live']!,
  // Exits as soon as it is told to stop (its trap ends the wait): the exit comes at the kill, not at the grace period's end.
  trapped: {
    name: 't',
    image: 'busybox:1.28',
    command: ['sh', '-c', "trap 'echo stopping; exit 0' TERM; echo up; sleep 36000000 & wait"],
    livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 3, periodSeconds: 4, failureThreshold: 2 },
  },
};

/**
 * Everything visible about the pods: statuses, RESTARTS cells, events,
 * and (`records`) logs, which unpark a parked loop (its record is read).
 */
function snapshot(s: ClusterSession, specs: Record<string, Container> = PODS, owners = ['web', 'lock'], records = true) {
  const out: Record<string, unknown> = { now: s.now };
  // Deployments of crashing pods: `web` (one replica, pulled at every restart) and `lock` (three
  // replicas in lockstep, no pulls): their Available condition flips with the pods' Ready.
  for (const name of owners) {
    const d = s.api.get(deployments, 'default', name) as KObject & { status?: unknown };
    out[`deployment ${name}`] = d.status;
    const owned = (s.store.list('pods', 'default') as Pod[]).filter((p) => p.metadata.name!.startsWith(`${name}-`));
    out[name] = owned.map((p) => ({ statuses: p.status!.containerStatuses!.map((st) => st.restartCount), conditions: p.status!.conditions, cells: podStatusCells(p, s.now) }));
  }
  for (const name of Object.keys(specs)) {
    const pod = s.api.get(pods, 'default', name) as Pod;
    // Container IDs are a hash of the pod, the container and the restart count: the same either way.
    const statuses = structuredClone(pod.status!.containerStatuses!);
    const events = (s.store.list('events', 'default') as Event[])
      .filter((e) => e.involvedObject.name === name)
      .map((e) => `${e.reason} ${e.message} x${e.count} ${e.firstTimestamp} ${e.lastTimestamp}`)
      .sort();
    const seen = { phase: pod.status!.phase, conditions: pod.status!.conditions, statuses, cells: podStatusCells(pod, s.now), events };
    if (!records) {
      out[name] = seen;
      continue;
    }
    const rec = podRecord(s.store, 'default', name)!;
    const cname = specs[name]!.name;
    out[name] = { ...seen, logs: rec.rt!.containers[cname]?.logs, previous: rec.containers[cname]?.prevLogs, pids: rec.rt!.containers[cname]?.nextPid };
  }
  return out;
}

function deployment(name: string, replicas: number, container: Container): KObject {
  const labels = { app: name };
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } } } as unknown as KObject;
}

/**
 * A cluster with the pods of PODS and the Deployments `web` and `lock`, `settleMs` after they were
 * created; nothing parked yet (parking off: both runs compared from it start from stepped state, and
 * the one with parking on parks its loops itself).
 */
async function cluster(settleMs: number): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-ff-'));
  await withoutParking(() => withCluster({ home }, (s) => {
    for (const [name, c] of Object.entries(PODS)) {
      s.api.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [c] } } as unknown as KObject);
    }
    // `web`: one replica, pulled at every restart; `lock`: three replicas in lockstep, no pulls.
    s.api.create(deployments, 'default', deployment('web', 1, { name: 'web', image: 'busybox', command: ['sh', '-c', 'sleep 20; exit 2'] }));
    s.api.create(deployments, 'default', deployment('lock', 3, { name: 'lock', image: 'busybox:1.28', command: ['sh', '-c', 'echo starting; sleep 5; exit 1'] }));
    s.advance(settleMs);
  }));
  return home;
}

/** Runs `fn` with the kubelet's parking of steady loops off (plain stepping, the reference). */
async function withoutParking<T>(fn: () => Promise<T>): Promise<T> {
  kubelet.parking = false;
  try {
    return await fn();
  } finally {
    kubelet.parking = true;
  }
}

/**
 * Snapshots after each span: advanced in one go each (a), and in 10-second steps without parking
 * (b), from copies of one state. `records`: the snapshots read the pods' records (unparking them).
 */
async function jumpedAndStepped(home: string, spans: number[], records = true) {
  const copy = mkdtempSync(join(tmpdir(), 'kubesim-ff-'));
  cpSync(home, copy, { recursive: true });
  const syncs = vi.spyOn(kubelet, 'reconcile');
  const parked = new Set<string>();
  const jumped = await withCluster({ home }, (s) =>
    spans.map((ms) => {
      s.advance(ms);
      for (const loop of s.store.list('_loops', 'default')) parked.add(loop.metadata.name!.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''));
      return snapshot(s, PODS, ['web', 'lock'], records);
    }),
  );
  const jumpedSyncs = syncs.mock.calls.length;
  syncs.mockRestore();
  const stepped = await withoutParking(() =>
    withCluster({ home: copy }, (s) =>
      spans.map((ms) => {
        for (let i = 0; i < Math.floor(ms / 10_000); i++) s.advance(10_000);
        s.advance(ms % 10_000);
        return snapshot(s, PODS, ['web', 'lock'], records);
      }),
    ),
  );
  return { jumped, stepped, jumpedSyncs, parked };
}

describe('liveness ticks taken ahead in a catch-up', () => {
  it('leave what stepping second by second leaves', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-ff-'));
    await withCluster({ home }, (s) => {
      for (const [name, c] of Object.entries(KILLED)) {
        s.api.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [c] } } as unknown as KObject);
      }
    });
    const copy = mkdtempSync(join(tmpdir(), 'kubesim-ff-'));
    cpSync(home, copy, { recursive: true });
    const spans = [95_000, 600_000, 31_000];
    const syncs = vi.spyOn(kubelet, 'reconcile');
    const ahead = await withCluster({ home }, (s) =>
      spans.map((ms) => {
        s.advance(ms);
        return snapshot(s, KILLED, []);
      }),
    );
    const aheadSyncs = syncs.mock.calls.length;
    syncs.mockReset();
    const stepped = await withoutParking(() =>
      withCluster({ home: copy }, (s) =>
        spans.map((ms) => {
          for (let i = 0; i < ms / 1000; i++) s.advance(1000);
          return snapshot(s, KILLED, []);
        }),
      ),
    );
    expect(syncs.mock.calls.length).toBeGreaterThan(aheadSyncs);
    syncs.mockRestore();
    for (let i = 0; i < spans.length; i++) expect(ahead[i]).toEqual(stepped[i]);
    const trapped = ahead[2]!['trapped'] as { statuses: { restartCount: number }[]; logs: { x: string }[]; events: string[] };
    expect(trapped.statuses[0]!.restartCount).toBeGreaterThan(2);
    expect(trapped.events.some((e) => /^Killing Container t failed liveness probe, will be restarted x\d+ /.test(e))).toBe(true);
  }, 180_000);
});

describe('crash-loop fast-forward', () => {
  it('a long advance over steady crash and probe loops equals stepping through them', async () => {
    // Two horizons: 3h, then 1h and 3s more (another phase of the cycles).
    const { jumped, stepped, jumpedSyncs } = await jumpedAndStepped(await cluster(5 * 60_000), [3 * HOUR, HOUR + 3000]);
    // Jumped, not stepped: a few kubelet syncs per pod, where stepping 4 hours takes thousands.
    expect(jumpedSyncs).toBeLessThan(400);
    expect(jumped[0]).toEqual(stepped[0]);
    expect(jumped[1]).toEqual(stepped[1]);
    const pulled = jumped[1]!['pulled'] as { statuses: { restartCount: number }[]; events: string[] };
    expect(pulled.statuses[0]!.restartCount).toBeGreaterThan(30);
    expect(pulled.events.some((e) => /^BackOff .* x\d{3,} /.test(e))).toBe(true);
    const live = jumped[1]!['live'] as { statuses: { restartCount: number }[]; events: string[] };
    expect(live.statuses[0]!.restartCount).toBeGreaterThan(10);
    expect(live.events.some((e) => /^Killing Container probed failed liveness probe, will be restarted x\d{2,} /.test(e))).toBe(true);
    const unready = jumped[1]!['unready'] as { conditions: { type: string; status: string }[]; events: string[] };
    expect(unready.conditions.find((k) => k.type === 'Ready')!.status).toBe('False');
    expect(unready.events.some((e) => /^Unhealthy Readiness probe failed: [^]* x\d{3,} /.test(e))).toBe(true);
  }, 180_000);

  it('equals stepping wherever in the cycles the horizon falls (running, exiting, waiting)', async () => {
    // Two-hour catch-ups whose ends fall at other offsets in the 5-minute cycles each time.
    const spans = [0, 1000, 4000, 6000, 11_000, 150_000].map((extra) => 2 * HOUR + extra);
    const { jumped, stepped } = await jumpedAndStepped(await cluster(10 * 60_000), spans);
    for (let i = 0; i < spans.length; i++) expect(jumped[i]).toEqual(stepped[i]);
  }, 180_000);

  it('parks steady loops: pods and events read as stepping leaves them, at every second of a cycle', async () => {
    // Nothing reads the records between the spans: the loops stay parked throughout. Two hours,
    // then each second of a whole 5-minute cycle (running, exited, waiting), then six hours more.
    const spans = [2 * HOUR, ...Array.from({ length: 310 }, () => 1000), 6 * HOUR + 7000];
    const { jumped, stepped, parked } = await jumpedAndStepped(await cluster(10 * 60_000), spans, false);
    expect([...parked].sort()).toEqual(['live', 'lock', 'present']); // pulled and web pull at each restart
    for (let i = 0; i < spans.length; i++) expect(jumped[i]).toEqual(stepped[i]);
  }, 180_000);

  it('unparks a loop whose pod is written to or deleted, leaving what stepping leaves', async () => {
    const home = await cluster(10 * 60_000);
    const copy = mkdtempSync(join(tmpdir(), 'kubesim-ff-'));
    cpSync(home, copy, { recursive: true });
    // Hours after the loops were parked: a label on one (mid-cycle), a deletion of another, then the
    // kubelet's kill of the deleted pod's running instance and the next cycles.
    const parked = (s: ClusterSession) => s.store.list('_loops', 'default').map((l) => l.metadata.name);
    const story = (s: ClusterSession, step: (ms: number) => void) => {
      const out: unknown[] = [];
      step(3 * HOUR + 2000);
      out.push(parked(s).filter((n) => n === 'live' || n === 'present'));
      s.api.patch(pods, 'default', 'present', 'merge', { metadata: { labels: { seen: 'yes' } } });
      out.push(snapshot(s, PODS, ['lock'], false));
      step(7000);
      s.api.delete(pods, 'default', 'live');
      out.push(snapshot(s, { present: PODS['present']! }, ['lock'], false));
      step(HOUR + 41_000);
      out.push(snapshot(s, { present: PODS['present']! }, ['lock']));
      return out;
    };
    const parkedFirst = await withCluster({ home }, (s) => {
      const out = story(s, (ms) => s.advance(ms));
      expect(out[0]).toEqual(['live', 'present']);
      expect(parked(s)).not.toContain('live');
      return out.slice(1);
    });
    const stepped = await withoutParking(() =>
      withCluster({ home: copy }, (s) =>
        story(s, (ms) => {
          for (let i = 0; i < Math.floor(ms / 10_000); i++) s.advance(10_000);
          s.advance(ms % 10_000);
        }),
      ),
    );
    expect(parkedFirst).toEqual(stepped.slice(1));
  }, 180_000);

  it('unparks every loop while someone watches: the watcher sees each change stepping shows', async () => {
    const home = await cluster(10 * 60_000);
    const copy = mkdtempSync(join(tmpdir(), 'kubesim-ff-'));
    cpSync(home, copy, { recursive: true });
    const seen = (e: JournalEntry) => {
      if (e.resource === 'events') {
        const ev = e.object as Event;
        return `${e.at} ${e.type} event ${ev.involvedObject.name} ${ev.reason} x${ev.count} ${ev.lastTimestamp}`;
      }
      const p = e.object as Pod;
      return `${e.at} ${e.type} pod ${p.metadata.name} ${JSON.stringify(podStatusCells(p, e.at))} ${JSON.stringify(p.status?.conditions?.map((k) => [k.type, k.status, k.lastTransitionTime]))}`;
    };
    // Two hours (parked, or stepped), then seven minutes watched in 10-second steps (the loops
    // are unparked as the watch begins, without a change of their own to see).
    const story = (s: ClusterSession, step: (ms: number) => void) => {
      step(2 * HOUR);
      const parked = s.store.list('_loops', 'default').length;
      const journal = journalOf(s.store)!;
      const from = s.store.meta.revision;
      journal.recording = true;
      for (let i = 0; i < 42; i++) s.advance(10_000);
      const changes = journal.since(from).entries.filter((e) => e.resource === 'events' || e.resource === 'pods');
      journal.recording = false;
      return { parked, left: s.store.list('_loops', 'default').length, changes: changes.map(seen).sort(), after: snapshot(s, PODS, ['web', 'lock'], false) };
    };
    const parked = await withCluster({ home }, (s) => story(s, (ms) => s.advance(ms)));
    const stepped = await withoutParking(() =>
      withCluster({ home: copy }, (s) =>
        story(s, (ms) => {
          for (let i = 0; i < ms / 10_000; i++) s.advance(10_000);
        }),
      ),
    );
    expect([parked.parked, parked.left, stepped.parked]).toEqual([5, 0, 0]);
    expect(parked.changes.filter((c) => / event .* BackOff /.test(c)).length).toBeGreaterThan(20);
    expect(parked.changes).toEqual(stepped.changes);
    expect(parked.after).toEqual(stepped.after);
  }, 180_000);

  it('equals stepping from the first start, while the back-off still grows', async () => {
    const { jumped, stepped } = await jumpedAndStepped(await cluster(0), [2 * HOUR + 1234]);
    expect(jumped[0]).toEqual(stepped[0]);
    const long = jumped[0]!['long'] as { statuses: { restartCount: number; state: unknown }[] };
    expect(long.statuses[0]!.restartCount).toBeGreaterThan(5);
  }, 180_000);
});
