import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCluster, type ClusterSession } from '../../src/cluster/session.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import type { Container, Event, KObject, Pod } from '../../src/types/k8s.js';

process.env.KUBESIM_CLOCK = 'manual';
const pods = resolveResource('pods')!;

function create(s: ClusterSession, name: string, containers: Container[], extra: Record<string, unknown> = {}): void {
  s.api.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers, ...extra } } as unknown as KObject);
}
const get = (s: ClusterSession, name: string) => s.api.get(pods, 'default', name) as Pod;
const events = (s: ClusterSession, name: string) =>
  (s.store.list('events', 'default') as Event[]).filter((e) => e.involvedObject.name === name).map((e) => `${e.reason}: ${e.message} x${e.count ?? 1}`);

async function cluster<T>(fn: (s: ClusterSession) => T): Promise<T> {
  return withCluster({ home: mkdtempSync(join(tmpdir(), 'kubesim-kubelet-')) }, fn);
}

describe('kubelet with the runtime', () => {
  it('a pod whose program exits 0 with restartPolicy Never Succeeds', async () => {
    await cluster((s) => {
      create(s, 'once', [{ name: 'c', image: 'busybox:1.28', command: ['sh', '-c', 'echo done; sleep 5'] }], { restartPolicy: 'Never' });
      s.advance(3000);
      expect(get(s, 'once').status?.phase).toBe('Running');
      s.advance(10_000);
      const p = get(s, 'once');
      expect(p.status?.phase).toBe('Succeeded');
      expect(p.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
      expect(p.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    });
  });

  it('a crashing container restarts at once, then with back-off 10s, 20s (CrashLoopBackOff)', async () => {
    await cluster((s) => {
      create(s, 'crash', [{ name: 'c', image: 'busybox:1.28', command: ['sh', '-c', 'exit 3'] }]);
      s.advance(5000);
      let st = get(s, 'crash').status!.containerStatuses![0]!;
      expect(st.restartCount).toBe(1);
      expect(st.state?.waiting?.reason).toBe('CrashLoopBackOff');
      expect(st.state?.waiting?.message).toMatch(/^back-off 10s restarting failed container=c pod=crash_default\(/);
      expect(st.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
      expect(get(s, 'crash').status?.phase).toBe('Running');
      s.advance(12_000);
      st = get(s, 'crash').status!.containerStatuses![0]!;
      expect(st.restartCount).toBe(2);
      expect(st.state?.waiting?.message).toMatch(/^back-off 20s/);
      expect(events(s, 'crash').some((e) => e.startsWith('BackOff: Back-off restarting failed container c in pod crash_default('))).toBe(true);
    });
  });

  it('a failing liveness probe kills the container; PID 1 sleep ignores SIGTERM until the grace period ends', async () => {
    await cluster((s) => {
      create(s, 'live', [
        {
          name: 'liveness',
          image: 'busybox:1.28',
          args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
          livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
        },
      ]);
      s.advance(45_000);
      expect(events(s, 'live')).toContain(
        "Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n x3",
      );
      expect(events(s, 'live')).toContain('Killing: Container liveness failed liveness probe, will be restarted x1');
      expect(get(s, 'live').status!.containerStatuses![0]!.restartCount).toBe(0);
      s.advance(40_000);
      const st = get(s, 'live').status!.containerStatuses![0]!;
      expect(st.restartCount).toBe(1);
      expect(st.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
      expect(st.state?.running).toBeDefined();
    });
  });

  it('a missing configMap is a CreateContainerConfigError until it exists', async () => {
    await cluster((s) => {
      create(s, 'cfg', [{ name: 'c', image: 'busybox:1.28', command: ['sh', '-c', 'echo $LEVEL; sleep 3600'], env: [{ name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'special', key: 'level' } } }] }]);
      s.advance(5000);
      expect(get(s, 'cfg').status!.containerStatuses![0]!.state?.waiting).toEqual({ message: 'configmap "special" not found', reason: 'CreateContainerConfigError' });
      s.api.create(resolveResource('configmaps')!, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'special' }, data: { level: 'very' } } as unknown as KObject);
      s.advance(15_000);
      expect(get(s, 'cfg').status!.containerStatuses![0]!.state?.running).toBeDefined();
    });
  });
});
