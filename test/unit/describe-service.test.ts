import { describe, expect, it } from 'vitest';
import { describeObject } from '../../src/printers/describe/index.js';
import { formatEndpointSlices } from '../../src/printers/describe/service.js';
import type { KObject } from '../../src/types/k8s.js';

const slice = (ready: boolean[], port = 80, name = ''): KObject => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's', namespace: 'default' },
  endpoints: ready.map((r, i) => ({ addresses: [`10.244.1.${i + 1}`], conditions: { ready: r } })),
  ports: [{ name, port, protocol: 'TCP' }],
} as KObject);

describe('describe service', () => {
  it('prints a ClusterIP service with its ready endpoints', () => {
    const svc = {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'web', namespace: 'default', uid: 'u', labels: { app: 'web' } },
      spec: {
        selector: { app: 'web' }, type: 'ClusterIP', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
        clusterIP: '10.96.12.34', clusterIPs: ['10.96.12.34'], ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
        sessionAffinity: 'None', internalTrafficPolicy: 'Cluster',
      },
    } as KObject;
    const out = describeObject(svc, { now: 0, events: [], showEvents: true, related: { endpointSlices: [slice([true, false], 8080)] } });
    expect(out).toBe(`Name:                     web
Namespace:                default
Labels:                   app=web
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.12.34
IPs:                      10.96.12.34
Port:                     <unset>  80/TCP
TargetPort:               8080/TCP
Endpoints:                10.244.1.1:8080
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`);
  });

  it('shows three endpoints and counts the rest', () => {
    expect(formatEndpointSlices([slice([true, true, true, true, true])], '')).toBe('10.244.1.1:80,10.244.1.2:80,10.244.1.3:80 + 2 more...');
    expect(formatEndpointSlices([], '')).toBe('<none>');
    expect(formatEndpointSlices([slice([false])], '')).toBe('');
  });
});
