// The disruption controller's arithmetic (pkg/controller/disruption): expected, healthy,
// desired and allowed counts, disruptedPods expiry, and the DisruptionAllowed condition.
import { describe, expect, it } from 'vitest';
import type { OwnerReference, Pod, PodDisruptionBudget } from '../../src/types/k8s.js';
import { computeStatus, goLabelSelector, nextStatus, type ScaleOf } from '../../src/cluster/controllers/disruption.js';

const T0 = Date.parse('2025-01-15T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const RS_REF: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs-uid', controller: true };

function pod(name: string, opts: { ready?: boolean; deleting?: boolean; owner?: OwnerReference | null } = {}): Pod {
  const owner = opts.owner === undefined ? RS_REF : opts.owner;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' }, ...(owner ? { ownerReferences: [owner] } : {}), ...(opts.deleting ? { deletionTimestamp: iso(T0) } : {}) },
    spec: { containers: [] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
  } as Pod;
}

function pdb(spec: PodDisruptionBudget['spec'], status?: PodDisruptionBudget['status']): PodDisruptionBudget {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b', namespace: 'default', generation: 1 }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec }, ...(status ? { status } : {}) };
}

/** Every pod's controller is a Deployment of `replicas`. */
const scaleOf = (replicas: number): ScaleOf => () => ({ uid: 'deploy-uid', replicas });
const noScale: ScaleOf = () => {
  throw new Error('scale must not be looked up for a plain minAvailable');
};

const three = () => [pod('a'), pod('b'), pod('c')];

describe('disruption controller arithmetic', () => {
  it('minAvailable integer counts the matching pods, without looking up scale', () => {
    expect(computeStatus(pdb({ minAvailable: 2 }), three(), noScale, T0)).toMatchObject({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    expect(computeStatus(pdb({ minAvailable: 5 }), three(), noScale, T0)).toMatchObject({ expectedPods: 3, desiredHealthy: 5, disruptionsAllowed: 0 });
  });

  it('minAvailable percentage takes the controllers scale, rounding up', () => {
    // 50% of 4 replicas = 2 (the fourth pod is not created yet).
    expect(computeStatus(pdb({ minAvailable: '50%' }), three(), scaleOf(4), T0)).toMatchObject({ expectedPods: 4, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    expect(computeStatus(pdb({ minAvailable: '34%' }), three(), scaleOf(3), T0)).toMatchObject({ desiredHealthy: 2, disruptionsAllowed: 1 });
  });

  it('maxUnavailable integer and percentage', () => {
    expect(computeStatus(pdb({ maxUnavailable: 1 }), three(), scaleOf(3), T0)).toMatchObject({ expectedPods: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    // ceil(34% of 3) = 2 unavailable, so 1 desired.
    expect(computeStatus(pdb({ maxUnavailable: '34%' }), three(), scaleOf(3), T0)).toMatchObject({ desiredHealthy: 1, disruptionsAllowed: 2 });
    expect(computeStatus(pdb({ maxUnavailable: 5 }), three(), scaleOf(3), T0)).toMatchObject({ desiredHealthy: 0, disruptionsAllowed: 3 });
  });

  it('unready and deleting pods are not healthy', () => {
    const pods = [pod('a'), pod('b', { ready: false }), pod('c', { deleting: true })];
    expect(computeStatus(pdb({ minAvailable: 1 }), pods, noScale, T0)).toMatchObject({ expectedPods: 3, currentHealthy: 1, disruptionsAllowed: 0 });
  });

  it('unmanaged pods are reported and leave nothing expected for maxUnavailable', () => {
    const pods = [pod('a', { owner: null })];
    expect(computeStatus(pdb({ maxUnavailable: 1 }), pods, scaleOf(3), T0)).toMatchObject({ expectedPods: 0, currentHealthy: 1, disruptionsAllowed: 0, unmanaged: ['a'] });
    expect(computeStatus(pdb({ minAvailable: 0 }), pods, noScale, T0)).toMatchObject({ expectedPods: 1, disruptionsAllowed: 1, unmanaged: [] });
  });

  it('a controller without scale is an error', () => {
    expect(() => computeStatus(pdb({ minAvailable: '50%' }), three(), () => ({ error: 'jobs.batch does not implement the scale subresource' }), T0)).toThrow('jobs.batch does not implement the scale subresource');
  });

  it('disruptedPods entries count as unhealthy for two minutes, then are dropped', () => {
    const status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptedPods: { a: iso(T0), gone: iso(T0), c: iso(T0) } };
    const pods = [pod('a'), pod('b'), pod('c', { deleting: true })];
    const fresh = computeStatus(pdb({ minAvailable: 1 }, status), pods, noScale, T0 + 60_000);
    expect(fresh).toMatchObject({ currentHealthy: 1, disruptedPods: { a: iso(T0) }, recheckAt: T0 + 120_000 });
    const late = computeStatus(pdb({ minAvailable: 1 }, status), pods, noScale, T0 + 120_001);
    expect(late).toMatchObject({ currentHealthy: 2, disruptedPods: {}, recheckAt: undefined });
  });

  it('the DisruptionAllowed condition moves its lastTransitionTime only when its status changes', () => {
    const b = pdb({ minAvailable: 2 });
    const first = nextStatus(b, computeStatus(b, [pod('a'), pod('b', { ready: false })], noScale, T0), T0);
    expect(first.conditions).toEqual([{ type: 'DisruptionAllowed', status: 'False', observedGeneration: 1, lastTransitionTime: iso(T0), reason: 'InsufficientPods', message: '' }]);
    expect(Object.keys(first)).toEqual(['observedGeneration', 'disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods', 'conditions']);
    const same = nextStatus({ ...b, status: first }, computeStatus(b, [pod('a')], noScale, T0 + 5000), T0 + 5000);
    expect(same.conditions?.[0]?.lastTransitionTime).toBe(iso(T0));
    const allowed = nextStatus({ ...b, status: first }, computeStatus(b, three(), noScale, T0 + 9000), T0 + 9000);
    expect(allowed.conditions?.[0]).toMatchObject({ status: 'True', reason: 'SufficientPods', lastTransitionTime: iso(T0 + 9000) });
    expect(allowed.disruptionsAllowed).toBe(1);
  });

  it('prints a selector as Go prints *LabelSelector in the UnmanagedPods event', () => {
    expect(goLabelSelector({ matchLabels: { b: '2', a: '1' } })).toBe('&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{},}');
    expect(goLabelSelector({ matchExpressions: [{ key: 'k', operator: 'In', values: ['x', 'y'] }] })).toBe('&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:In,Values:[x y],},},}');
  });
});
