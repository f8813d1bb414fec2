import { describe, expect, it } from 'vitest';
import { describeObject } from '../../src/printers/describe/index.js';
import type { DescribeContext } from '../../src/printers/describe/index.js';
import type { KObject } from '../../src/types/k8s.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const ctx = (related?: DescribeContext['related']): DescribeContext => ({ now: T0, events: [], showEvents: true, related });
const meta = (name: string, namespace = 'default', extra: Record<string, unknown> = {}) => ({ name, namespace, uid: `${name}-uid`, ...extra });
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('describe namespace', () => {
  const ns: KObject = {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } },
    spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
  };

  it('prints the default namespace without quota or limits', () => {
    expect(describeObject(ns, ctx({ resourceQuotas: [], limitRanges: [] }))).toBe(`Name:         default
Labels:       kubernetes.io/metadata.name=default
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.
`);
  });

  it('prints the Resource Quotas and Resource Limits sections', () => {
    const quota = {
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('pod-count'),
      spec: { hard: { pods: '2' } }, status: { hard: { pods: '2' }, used: { pods: '1' } },
    };
    const lr = {
      apiVersion: 'v1', kind: 'LimitRange', metadata: meta('cpu-limit-range'),
      spec: { limits: [{ type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '500m' } }] },
    };
    expect(describeObject(ns, ctx({ resourceQuotas: [quota], limitRanges: [lr] }))).toBe(`Name:         default
Labels:       kubernetes.io/metadata.name=default
Annotations:  <none>
Status:       Active

Resource Quotas
  Name:     pod-count
  Resource  Used  Hard
  --------  ---   ---
  pods      1     2

Resource Limits
 Type       Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio
 ----       --------  ---  ---  ---------------  -------------  -----------------------
 Container  cpu       -    -    500m             1              -
`);
  });
});

describe('describe quota and limitrange', () => {
  it('prints a quota (00b-pod-creation)', () => {
    const quota = {
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('pod-count', 'demo'),
      spec: { hard: { pods: '2' } }, status: { hard: { pods: '2' }, used: { pods: '1' } },
    };
    expect(describeObject(quota, ctx())).toBe(`Name:       pod-count
Namespace:  demo
Resource    Used  Hard
--------    ----  ----
pods        1     2
`);
  });

  it('re-formats used quantities in the hard format (describe.md §6 example)', () => {
    const hard = { 'limits.cpu': '2', 'limits.memory': '2Gi', 'requests.cpu': '1', 'requests.memory': '1Gi' };
    const quota = {
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('mem-cpu-demo', 'quota-mem-cpu-example'),
      spec: { hard }, status: { hard, used: { 'limits.cpu': '0', 'limits.memory': '0', 'requests.cpu': '0', 'requests.memory': '0' } },
    };
    expect(describeObject(quota, ctx())).toBe(`Name:            mem-cpu-demo
Namespace:       quota-mem-cpu-example
Resource         Used  Hard
--------         ----  ----
limits.cpu       0     2
limits.memory    0     2Gi
requests.cpu     0     1
requests.memory  0     1Gi
`);
  });

  it('prints a LimitRange (describe.md §5 example)', () => {
    const lr = {
      apiVersion: 'v1', kind: 'LimitRange', metadata: meta('cpu-limit-range'),
      spec: { limits: [{ type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '500m' } }] },
    };
    expect(describeObject(lr, ctx())).toBe(`Name:       cpu-limit-range
Namespace:  default
Type        Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio
----        --------  ---  ---  ---------------  -------------  -----------------------
Container   cpu       -    -    500m             1              -
`);
  });
});

describe('describe configmap, secret, serviceaccount', () => {
  it('prints a ConfigMap with file contents (20a-configure-pod-configmap-create)', () => {
    const cm = {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('game-config-2'),
      data: { 'game.properties': 'enemies=aliens\nlives=3\n' },
    };
    expect(describeObject(cm, ctx())).toBe(`Name:         game-config-2
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
game.properties:
----
enemies=aliens
lives=3



BinaryData
====

Events:  <none>
`);
  });

  it('prints a ConfigMap with a plain value and binary data (describe.md §9)', () => {
    const cm = {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('game-config'),
      data: { k1: 'v1' }, binaryData: { bin: b64('abcd') },
    };
    expect(describeObject(cm, { ...ctx(), showEvents: false })).toBe(`Name:         game-config
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
k1:
----
v1


BinaryData
====
bin: 4 bytes

`);
  });

  it('prints a Secret with byte counts (describe.md §10)', () => {
    const secret = {
      apiVersion: 'v1', kind: 'Secret', metadata: meta('db-user-pass'), type: 'Opaque',
      data: { username: b64('admin'), password: b64('S!B\\*d$zDsb=') },
    };
    expect(describeObject(secret, ctx())).toBe(`Name:         db-user-pass
Namespace:    default
Labels:       <none>
Annotations:  <none>

Type:  Opaque

Data
====
password:  12 bytes
username:  5 bytes
`);
  });

  it('shows the token of a service-account-token Secret (13-configure-service-account)', () => {
    const secret = {
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
      metadata: meta('build-robot-secret', 'default', { annotations: {
        'kubernetes.io/service-account.name': 'build-robot',
        'kubernetes.io/service-account.uid': '0f5e8a35-3f0e-4a2c-9c1e-2b6f4f7f1a11',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
      } }),
      data: { 'ca.crt': b64('x'.repeat(1107)), namespace: b64('default'), token: b64('eyJhbGciOiJSUzI1NiIsImtpZCI6abc.def.ghi') },
    };
    expect(describeObject(secret, ctx())).toBe(`Name:         build-robot-secret
Namespace:    default
Labels:       <none>
Annotations:  kubernetes.io/service-account.name: build-robot
              kubernetes.io/service-account.uid: 0f5e8a35-3f0e-4a2c-9c1e-2b6f4f7f1a11

Type:  kubernetes.io/service-account-token

Data
====
ca.crt:     1107 bytes
namespace:  7 bytes
token:      eyJhbGciOiJSUzI1NiIsImtpZCI6abc.def.ghi
`);
  });

  it('prints the default ServiceAccount (describe.md §11)', () => {
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default') };
    expect(describeObject(sa, ctx({ secrets: [] }))).toBe(`Name:                default
Namespace:           default
Labels:              <none>
Annotations:         <none>
Image pull secrets:  <none>
Mountable secrets:   <none>
Tokens:              <none>
Events:              <none>
`);
  });

  it('lists pull secrets, mountable secrets (missing ones marked) and tokens', () => {
    const sa = {
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('build-robot'),
      imagePullSecrets: [{ name: 'myregistrykey' }, { name: 'other' }], secrets: [{ name: 'gone' }],
    };
    const token = {
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
      metadata: meta('build-robot-secret', 'default', { annotations: {
        'kubernetes.io/service-account.name': 'build-robot', 'kubernetes.io/service-account.uid': 'build-robot-uid',
      } }),
    };
    expect(describeObject(sa, { ...ctx({ secrets: [token] }), showEvents: false })).toBe(`Name:                build-robot
Namespace:           default
Labels:              <none>
Annotations:         <none>
Image pull secrets:  myregistrykey
                     other
Mountable secrets:   gone (not found)
Tokens:              build-robot-secret
`);
  });

  it('breaks long annotations over lines', () => {
    const long = 'x'.repeat(150);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('a', 'default', { annotations: { k: long, m: 'one\ntwo\n' } }) };
    expect(describeObject(cm, ctx())).toContain(`Annotations:  k:\n                ${'x'.repeat(138)}...\n              m:\n                one\n                two\n`);
  });

  it('rejects kinds it does not know', () => {
    expect(() => describeObject({ apiVersion: 'v1', kind: 'NetworkPolicy', metadata: meta('web') }, ctx())).toThrow(
      'describe for kind NetworkPolicy is not supported by kubesim',
    );
  });
});
