import { describe, expect, it } from 'vitest';
import { failureMessage, schedulePod, buildNodeInfo, NO_CLUSTER } from '../../src/cluster/scheduler-plugins.js';
import type { KObject } from '../../src/types/k8s.js';
import { kindCluster, node, pod, req } from './scheduler-fixtures.js';

describe('FailedScheduling message (scheduler.md §3)', () => {
  it('one node, not enough cpu', () => {
    const n = buildNodeInfo(node('minikube', { cpu: '2' }), [pod('sys', [req({ cpu: '950m' })])]);
    expect(schedulePod(pod('p', [req({ cpu: '2' })]), [n]).message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
    );
  });

  it('one node, selector mismatch', () => {
    const n = buildNodeInfo(node('minikube'), []);
    expect(schedulePod(pod('p', [{}], { nodeSelector: { disktype: 'ssd' } }), [n]).message).toBe(
      "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..",
    );
  });

  it('one tainted control plane', () => {
    const n = buildNodeInfo(node('cp', { controlPlane: true }), []);
    expect(schedulePod(pod('p'), [n]).message).toBe(
      '0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..',
    );
  });

  it('the kind cluster and 1000Gi of memory (tutorial 01)', () => {
    expect(schedulePod(pod('memory-demo-3', [req({ memory: '1000Gi' }, { memory: '1000Gi' })]), kindCluster()).message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..',
    );
  });

  it('the kind cluster and an extended resource nobody has (tutorial 08)', () => {
    expect(schedulePod(pod('x', [req({ 'example.com/dongle': '2' }, { 'example.com/dongle': '2' })]), kindCluster()).message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient example.com/dongle. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..',
    );
  });

  it('PreFilter failures: unbound immediate claims, a missing claim', () => {
    const n = [buildNodeInfo(node('minikube'), [])];
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: {}, status: { phase: 'Pending' } } as KObject;
    const cluster = { get: (r: string) => (r === 'persistentvolumeclaims' ? pvc : undefined), list: () => [] };
    const p = pod('p', [{}], { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'c' } }] } as never);
    expect(schedulePod(p, n, cluster).message).toBe(
      '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..',
    );
    const q = pod('q', [{}], { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'task-pv-claim' } }] } as never);
    expect(schedulePod(q, n, NO_CLUSTER).message).toBe(
      '0/1 nodes are available: persistentvolumeclaim "task-pv-claim" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..',
    );
  });

  it('preemptionPolicy: Never', () => {
    const n = [buildNodeInfo(node('a', { cpu: '1' }), []), buildNodeInfo(node('b', { cpu: '1' }), [])];
    expect(schedulePod(pod('p', [req({ cpu: '2' })], { preemptionPolicy: 'Never' }), n).message).toBe(
      '0/2 nodes are available: 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..',
    );
  });

  it('reasons sort as whole strings, counts included', () => {
    const r = (reasons: string[], unresolvable = false) => ({ reasons, unresolvable });
    expect(failureMessage(4, [r(['Insufficient memory']), r(['Insufficient memory']), r(['Insufficient cpu']), r(['node(s) were unschedulable'], true)], pod('p'))).toBe(
      '0/4 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable, 2 Insufficient memory. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..',
    );
    expect(failureMessage(0, [], pod('p'))).toBe('no nodes available to schedule pods');
  });
});
