import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCluster } from '../../src/cluster/session.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { validatePodLimits } from '../../src/apiserver/admission/limitranger.js';
import type { KObject, Pod } from '../../src/types/k8s.js';

const res = (n: string) => resolveResource(n)!;
const pod = (name: string, resources: Record<string, Record<string, string>> = {}): Pod =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name, image: 'nginx', resources }] } }) as Pod;

describe('LimitRanger', () => {
  it('validates min/max/ratio with the plugin texts', () => {
    const lr = { spec: { limits: [{ type: 'Container', max: { cpu: '800m' }, min: { memory: '500Mi' }, maxLimitRequestRatio: { cpu: '2' } }] } } as unknown as KObject;
    const errs = validatePodLimits(pod('x', { limits: { cpu: '1500m', memory: '1Gi' }, requests: { cpu: '375m', memory: '100Mi' } }), [lr as never]);
    expect(errs).toEqual([
      'minimum memory usage per Container is 500Mi, but request is 100Mi',
      'maximum cpu usage per Container is 800m, but limit is 1500m',
      'cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000',
    ]);
  });

  it('defaults requests and limits and annotates the pod', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-lr-'));
    await withCluster({ home }, (s) => {
      s.api.create(res('limitranges'), 'default', {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'd' },
        spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '250m', memory: '128Mi' } }] },
      } as KObject);
      const p = s.api.create(res('pods'), 'default', pod('web')) as Pod;
      expect(p.spec.containers[0]!.resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '250m', memory: '128Mi' } });
      expect(p.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web');
      expect(p.status?.qosClass).toBe('Burstable');
    });
  });
});

describe('ResourceQuota', () => {
  it('counts pods, rejects the one over the limit and keeps status.used', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-quota-'));
    await withCluster({ home }, (s) => {
      s.api.create(res('resourcequotas'), 'default', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pod-count' }, spec: { hard: { pods: '1' } } } as KObject);
      s.api.create(res('pods'), 'default', pod('a'));
      expect(() => s.api.create(res('pods'), 'default', pod('b'))).toThrowError(
        'pods "b" is forbidden: exceeded quota: pod-count, requested: pods=1, used: pods=1, limited: pods=1',
      );
      const q = s.api.get(res('resourcequotas'), 'default', 'pod-count') as KObject & { status: { used: Record<string, string> } };
      expect(q.status.used).toEqual({ pods: '1' });
    });
  });

  it('requires compute resources a quota tracks', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-quota-'));
    await withCluster({ home }, (s) => {
      s.api.create(res('resourcequotas'), 'default', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'mem-cpu-demo' }, spec: { hard: { 'requests.cpu': '1', 'requests.memory': '1Gi', 'limits.cpu': '2', 'limits.memory': '2Gi' } } } as KObject);
      expect(() => s.api.create(res('pods'), 'default', pod('nginx'))).toThrowError(
        'pods "nginx" is forbidden: failed quota: mem-cpu-demo: must specify limits.cpu for: nginx; limits.memory for: nginx; requests.cpu for: nginx; requests.memory for: nginx',
      );
      s.api.create(res('pods'), 'default', pod('one', { limits: { cpu: '800m', memory: '800Mi' }, requests: { cpu: '400m', memory: '600Mi' } }));
      expect(() => s.api.create(res('pods'), 'default', pod('two', { limits: { cpu: '800m', memory: '1Gi' }, requests: { cpu: '400m', memory: '700Mi' } }))).toThrowError(
        'pods "two" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi',
      );
    });
  });
});
