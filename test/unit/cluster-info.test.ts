// `kubectl cluster-info` (src/client/cluster-info.ts); the default cluster's output is checked
// against real kubectl v1.32 in test/scenarios/99-foundation.t.
import { describe, expect, it } from 'vitest';
import { renderClusterInfo } from '../../src/client/cluster-info.js';
import type { KObject } from '../../src/types/k8s.js';

const HOST = 'https://127.0.0.1:6443';
const svc = (name: string, ports: { name?: string; port: number }[], extra: Partial<KObject> & Record<string, unknown> = {}): KObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'kube-system', ...(extra.metadata ?? {}) }, spec: { ports }, ...extra }) as KObject;
const lines = (services: KObject[]) => renderClusterInfo(HOST, services).split('\n');

describe('cluster-info', () => {
  it('names the control plane, then each service by its kubernetes.io/name label, and ends with the dump hint', () => {
    const dns = svc('kube-dns', [{ name: 'dns', port: 53 }, { name: 'dns-tcp', port: 53 }], { metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'kubernetes.io/name': 'CoreDNS' } } });
    expect(renderClusterInfo(HOST, [dns])).toBe(
      'Kubernetes control plane is running at https://127.0.0.1:6443\n' +
        'CoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n' +
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
  });

  it('builds the proxy name as JoinSchemeNamePort does: https guessed from the port, three parts with a scheme', () => {
    expect(lines([svc('a', [{ name: 'https', port: 8443 }])])[1]).toBe(`a is running at ${HOST}/api/v1/namespaces/kube-system/services/https:a:https/proxy`);
    expect(lines([svc('b', [{ port: 443 }])])[1]).toBe(`b is running at ${HOST}/api/v1/namespaces/kube-system/services/https:b:/proxy`);
    expect(lines([svc('c', [{ port: 80 }])])[1]).toBe(`c is running at ${HOST}/api/v1/namespaces/kube-system/services/c/proxy`);
    expect(lines([svc('d', [])])[1]).toBe(`d is running at ${HOST}/api/v1/namespaces/kube-system/services/d/proxy`);
  });

  it('links a load balancer\'s first ingress on every port, each followed by a space', () => {
    const lb = svc('lb', [{ port: 80 }, { port: 8080 }], { status: { loadBalancer: { ingress: [{ hostname: 'lb.example' }, { ip: '1.2.3.4' }] } } });
    expect(lines([lb])[1]).toBe('lb is running at http://lb.example:80 http://lb.example:8080 ');
  });

  it('prints the control plane alone when no service is labelled', () => {
    expect(lines([])).toEqual([`Kubernetes control plane is running at ${HOST}`, '', "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.", '']);
  });
});
