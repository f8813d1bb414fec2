// The kubelet keeps what a sync leaves unchanged as the same objects (conditions, the condition
// list, the status volumeMounts made once per container spec), the engine's queue indexes
// wake-ups per controller, and a ReplicaSet sync that creates and deletes nothing counts the pods it
// claimed: these tests pin that the reuse never hides a change.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshMeta, withCluster, type ClusterSession } from '../../src/cluster/session.js';
import { mountsOf, sameCondition } from '../../src/cluster/kubelet.js';
import { Engine, type Controller } from '../../src/cluster/engine.js';
import { Store } from '../../src/store/store.js';

import { resolveResource } from '../../src/apiserver/resources.js';
import type { Condition, Container, KObject, Pod } from '../../src/types/k8s.js';

process.env.KUBESIM_CLOCK = 'manual';
const pods = resolveResource('pods')!;
const stored = (s: ClusterSession, name: string) => s.store.get('pods', 'default', name) as Pod;
const condition = (p: Pod, type: string) => p.status!.conditions!.find((c) => c.type === type)!;

describe('sameCondition', () => {
  const written: Condition = { lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z', status: 'False', type: 'Ready', reason: 'ContainersNotReady', message: 'containers with unready status: [c]' };

  it('holds for a condition with the same members in the order setCondition writes them', () => {
    expect(sameCondition(written, 'False', 'ContainersNotReady', 'containers with unready status: [c]')).toBe(true);
    expect(sameCondition({ lastProbeTime: null, lastTransitionTime: 't', status: 'True', type: 'Ready' }, 'True')).toBe(true);
  });

  it('fails on another status, reason or message, a probe time, another order or another member', () => {
    expect(sameCondition(written, 'True', 'ContainersNotReady', 'containers with unready status: [c]')).toBe(false);
    expect(sameCondition(written, 'False', 'PodCompleted', 'containers with unready status: [c]')).toBe(false);
    expect(sameCondition(written, 'False', 'ContainersNotReady')).toBe(false);
    expect(sameCondition({ ...written, lastProbeTime: 't' as unknown as null }, 'False', 'ContainersNotReady', 'containers with unready status: [c]')).toBe(false);
    // The same values in the scheduler's order print differently: rewritten.
    const { type, status, ...rest } = written;
    expect(sameCondition({ type, status, ...rest }, 'False', 'ContainersNotReady', 'containers with unready status: [c]')).toBe(false);
    expect(sameCondition({ ...written, extra: 1 } as Condition, 'False', 'ContainersNotReady', 'containers with unready status: [c]')).toBe(false);
    expect(sameCondition({ lastProbeTime: null, lastTransitionTime: 't', status: 'True', type: 'Ready' }, 'True', 'Ready')).toBe(false);
  });
});

describe('mountsOf', () => {
  it('is made once per container object, and anew for another one', () => {
    const c: Container = { name: 'c', image: 'busybox:1.28', volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }] };
    const first = mountsOf(c);
    expect(first).toEqual([{ mountPath: '/data', name: 'data', readOnly: true, recursiveReadOnly: 'Disabled' }]);
    expect(mountsOf(c)).toBe(first);
    const changed: Container = { ...c, volumeMounts: [{ name: 'data', mountPath: '/srv' }] };
    expect(mountsOf(changed)).toEqual([{ mountPath: '/srv', name: 'data' }]);
    expect(mountsOf(c)).toBe(first);
    expect(mountsOf({ name: 'bare', image: 'busybox:1.28' })).toBeUndefined();
    expect(mountsOf({ name: 'none', image: 'busybox:1.28', volumeMounts: [] })).toBeUndefined();
  });
});

describe('the kubelet status writes', () => {
  it('keep unchanged conditions as they were and replace the ones that change', async () => {
    await withCluster({ home: mkdtempSync(join(tmpdir(), 'kubesim-reuse-')) }, (s) => {
      const create = (name: string, script: string, restartPolicy: string, extra = {}) =>
        s.api.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { restartPolicy, containers: [{ name: 'c', image: 'busybox:1.28', command: ['sh', '-c', script], ...extra }] } } as unknown as KObject);
      // (Never ready: its Ready condition stays False across restarts.)
      create('loop', 'exit 1', 'Always', { readinessProbe: { exec: { command: ['false'] } } });
      create('once', 'sleep 60; exit 1', 'Never');
      s.advance(30_000);
      const loop = stored(s, 'loop');
      const running = stored(s, 'once');
      expect(condition(running, 'Ready').status).toBe('True');
      s.advance(60_000);
      // A crash loop's statuses change (restarts, states) while its Ready condition stays the same.
      const later = stored(s, 'loop');
      expect(later.status!.containerStatuses![0]!.restartCount).toBeGreaterThan(loop.status!.containerStatuses![0]!.restartCount);
      expect(condition(later, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
      expect(condition(later, 'Ready')).toBe(condition(loop, 'Ready'));
      expect(later.status!.conditions).toBe(loop.status!.conditions); // nothing in it changed: the same list
      // An exit that ends the pod: Ready and ContainersReady are new, with the exit's time.
      const exited = stored(s, 'once');
      expect(condition(exited, 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
      expect(condition(exited, 'Ready').lastTransitionTime).not.toBe(condition(running, 'Ready').lastTransitionTime);
      expect(condition(exited, 'PodScheduled')).toBe(condition(running, 'PodScheduled'));
      // The volumeMounts of every status are the one list made for the container spec.
      expect(exited.status!.containerStatuses![0]!.volumeMounts).toBe(mountsOf(exited.spec.containers[0]!));
      expect(exited.status!.containerStatuses![0]!.volumeMounts?.[0]?.mountPath).toBe('/var/run/secrets/kubernetes.io/serviceaccount');
      expect(JSON.parse(JSON.stringify(exited))).toEqual(exited);
    });
  });
});

describe('the wake-up queue', () => {
  it('keeps one wake-up per controller and key, the earliest, in time then scheduling order', () => {
    const store = Store.open(mkdtempSync(join(tmpdir(), 'kubesim-queue-')), () => freshMeta({}));
    const ran: string[] = [];
    const controller = (name: string): Controller => ({ name, watches: {}, reconcile: (key, engine) => void ran.push(`${name} ${key} ${engine.now}`) });
    const engine = new Engine(store, [controller('a'), controller('b')]);
    const t = engine.now;
    engine.schedule('a', 'x', t + 30);
    engine.schedule('b', 'x', t + 20);
    engine.schedule('a', 'x', t + 40); // later than the pending one: dropped
    engine.schedule('a', 'y', t + 20);
    engine.schedule('a', 'x', t + 10); // earlier: replaces it
    expect(engine.pendingCount()).toBe(3);
    expect(engine.isPending('a', 'x') && engine.isPending('b', 'x') && !engine.isPending('b', 'y')).toBe(true);
    expect(store.meta.wakeups).toEqual([
      { at: t + 10, controller: 'a', key: 'x' },
      { at: t + 20, controller: 'b', key: 'x' },
      { at: t + 20, controller: 'a', key: 'y' },
    ]);
    engine.runUntil(t + 100);
    expect(ran).toEqual([`a x ${t + 10}`, `b x ${t + 20}`, `a y ${t + 20}`]);
    expect(engine.pendingCount()).toBe(0);
    expect(engine.isPending('a', 'x')).toBe(false);
  });
});

describe('the ReplicaSet status from the pods a sync claimed', () => {
  it('follows its pods\' readiness going and coming (syncs that create and delete nothing)', async () => {
    await withCluster({ home: mkdtempSync(join(tmpdir(), 'kubesim-rs-')) }, (s) => {
      const script = 'touch /tmp/ready; sleep 20; rm /tmp/ready; sleep 20; touch /tmp/ready; sleep 3600';
      const container = { name: 'c', image: 'busybox:1.28', command: ['sh', '-c', script], readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1 } };
      const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } };
      s.api.create(resolveResource('replicasets.apps')!, 'default', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } } as unknown as KObject);
      const status = () => (s.store.get('replicasets.apps', 'default', 'web') as KObject & { status: Record<string, unknown> }).status;
      s.advance(10_000);
      expect(status()).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, fullyLabeledReplicas: 2 });
      s.advance(20_000); // the readiness files are gone
      expect(status().readyReplicas).toBeUndefined();
      expect(status().availableReplicas).toBeUndefined();
      expect(status().replicas).toBe(2);
      s.advance(30_000); // and back
      expect(status()).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2 });
    });
  });
});
