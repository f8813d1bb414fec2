import { describe, expect, it } from 'vitest';
import { evaluatePod, evaluatePodsInNamespace, forbiddenDetail, policyFor } from '../../src/apiserver/admission/podsecurity.js';
import type { Pod } from '../../src/types/k8s.js';

const pod = (name: string, spec: Partial<Pod['spec']> = {}): Pod =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name, image: 'nginx' }], ...spec } }) as Pod;

describe('PodSecurity checks', () => {
  it('reports a plain nginx pod under restricted as the API server does', () => {
    const p = pod('nginx');
    expect(forbiddenDetail(evaluatePod('restricted', p.metadata, p.spec))).toBe(
      'allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    expect(evaluatePod('baseline', p.metadata, p.spec)).toEqual([]);
  });

  it('checks baseline host namespaces, volumes, privileged and capabilities', () => {
    const p = pod('x', {
      hostNetwork: true,
      volumes: [{ name: 'data', hostPath: { path: '/' } }],
      containers: [{ name: 'x', image: 'i', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } }, ports: [{ containerPort: 80, hostPort: 8080 }] }],
    });
    expect(forbiddenDetail(evaluatePod('baseline', p.metadata, p.spec))).toBe(
      'non-default capabilities (container "x" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add), host namespaces (hostNetwork=true), hostPath volumes (volume "data"), hostPort (container "x" uses hostPort 8080), privileged (container "x" must not set securityContext.privileged=true)',
    );
  });

  it('groups existing pods for a namespace enforce change', () => {
    const hostNet = (n: string) => pod(n, { hostNetwork: true });
    const warnings = evaluatePodsInNamespace([hostNet('b'), hostNet('a'), hostNet('c'), pod('d', { hostPID: true, volumes: [{ name: 'v', hostPath: { path: '/' } }] })], 'ns', { level: 'baseline', version: 'latest' });
    expect(warnings).toEqual([
      'existing pods in namespace "ns" violate the new PodSecurity enforce level "baseline:latest"',
      'a (and 2 other pods): host namespaces',
      'd: host namespaces, hostPath volumes',
    ]);
  });

  it('reads levels from labels with defaults and validates them', () => {
    const { policy } = policyFor({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.31' }, { defaults: { warn: 'restricted' } });
    expect(policy.enforce).toEqual({ level: 'baseline', version: 'v1.31' });
    expect(policy.warn).toEqual({ level: 'restricted', version: 'latest' });
    expect(policyFor({ 'pod-security.kubernetes.io/enforce': 'bogus' }, {}).errors[0]!.message).toBe('Invalid value: "bogus": must be one of privileged, baseline, restricted');
  });
});
