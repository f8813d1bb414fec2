// The kubelet's crash-loop fast-forward: a long catch-up over a steady crash loop jumps whole
// cycles at once and must leave exactly what stepping through every wake-up leaves.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCluster, type ClusterSession } from '../../src/cluster/session.js';
import { podRecord } from '../../src/cluster/kubelet.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { podStatusCells } from '../../src/printers/pod-status.js';
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
};

/** Everything visible about the pods: statuses (container IDs are random), RESTARTS cells, events, logs. */
function snapshot(s: ClusterSession) {
  const out: Record<string, unknown> = { now: s.now };
  // A one-replica Deployment of a crashing pod: its Available condition flips with the pod's Ready.
  const d = s.api.get(deployments, 'default', 'web') as KObject & { status?: unknown };
  out['deployment'] = d.status;
  const webPod = (s.store.list('pods', 'default') as Pod[]).find((p) => p.metadata.name!.startsWith('web-'))!;
  out['web'] = { statuses: webPod.status!.containerStatuses!.map((st) => st.restartCount), conditions: webPod.status!.conditions, cells: podStatusCells(webPod, s.now) };
  for (const name of Object.keys(PODS)) {
    const pod = s.api.get(pods, 'default', name) as Pod;
    const statuses = structuredClone(pod.status!.containerStatuses!);
    for (const st of statuses) {
      delete st.containerID;
      if (st.lastState?.terminated) delete st.lastState.terminated.containerID;
      if (st.state?.terminated) delete st.state.terminated.containerID;
    }
    const rec = podRecord(s.store, 'default', name)!;
    const cname = PODS[name]!.name;
    out[name] = {
      phase: pod.status!.phase,
      conditions: pod.status!.conditions,
      statuses,
      cells: podStatusCells(pod, s.now),
      logs: rec.rt!.containers[cname]?.logs,
      previous: rec.containers[cname]?.prevLogs,
      events: (s.store.list('events', 'default') as Event[])
        .filter((e) => e.involvedObject.name === name)
        .map((e) => `${e.reason} ${e.message} x${e.count} ${e.firstTimestamp} ${e.lastTimestamp}`)
        .sort(),
    };
  }
  return out;
}

describe('crash-loop fast-forward', () => {
  it('a long advance over steady crash loops equals stepping through them', async () => {
    const a = mkdtempSync(join(tmpdir(), 'kubesim-ff-'));
    await withCluster({ home: a }, (s) => {
      for (const [name, c] of Object.entries(PODS)) {
        s.api.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [c] } } as unknown as KObject);
      }
      s.api.create(deployments, 'default', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'busybox', command: ['sh', '-c', 'sleep 20; exit 2'] }] } },
        },
      } as unknown as KObject);
      s.advance(5 * 60_000);
    });
    const b = mkdtempSync(join(tmpdir(), 'kubesim-ff-'));
    cpSync(a, b, { recursive: true });
    // Two horizons: 3h, then 1h and 3s more (another phase of the cycles).
    const jumped = await withCluster({ home: a }, (s) => {
      s.advance(3 * HOUR);
      const first = snapshot(s);
      s.advance(HOUR + 3000);
      return [first, snapshot(s)];
    });
    const stepped = await withCluster({ home: b }, (s) => {
      for (let i = 0; i < (3 * HOUR) / 10_000; i++) s.advance(10_000);
      const first = snapshot(s);
      for (let i = 0; i < HOUR / 10_000; i++) s.advance(10_000);
      s.advance(3000);
      return [first, snapshot(s)];
    });
    expect(jumped[0]).toEqual(stepped[0]);
    expect(jumped[1]).toEqual(stepped[1]);
    const pulled = jumped[1]!['pulled'] as { statuses: { restartCount: number }[]; events: string[] };
    expect(pulled.statuses[0]!.restartCount).toBeGreaterThan(30);
    expect(pulled.events.some((e) => /^BackOff .* x\d{3,} /.test(e))).toBe(true);
  }, 120_000);
});
