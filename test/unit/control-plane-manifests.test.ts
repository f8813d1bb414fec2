// The control plane's static pod manifests are printed from objects and remembered with them, so
// that the static pod source's parse of them is a copy (src/util/lazy-yaml.ts). What it gets must
// be what the YAML library reads from the text, key order included: the order feeds the mirror
// pod's config.hash.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { listNodeDir, nodeBaseFs } from '../../src/runtime/node-fs.js';
import { parseYaml } from '../../src/util/lazy-yaml.js';

const T0 = Date.parse('2025-01-15T09:59:00Z');

describe('control plane manifests', () => {
  const root = nodeBaseFs({ name: 'kubesim-control-plane', ip: '172.18.0.2', controlPlane: true, version: 'v1.32.0', now: T0 });
  const files = listNodeDir(root, '/etc/kubernetes/manifests') ?? {};

  it('holds kubeadm\'s four manifests, in kubeadm\'s layout', () => {
    expect(Object.keys(files).sort()).toEqual(['etcd.yaml', 'kube-apiserver.yaml', 'kube-controller-manager.yaml', 'kube-scheduler.yaml']);
    expect(files['kube-scheduler.yaml']).toBe(`apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    component: kube-scheduler
    tier: control-plane
  name: kube-scheduler
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-scheduler
    - --authentication-kubeconfig=/etc/kubernetes/scheduler.conf
    - --authorization-kubeconfig=/etc/kubernetes/scheduler.conf
    - --bind-address=127.0.0.1
    - --kubeconfig=/etc/kubernetes/scheduler.conf
    - --leader-elect=true
    image: registry.k8s.io/kube-scheduler-amd64:v1.32.0
    imagePullPolicy: IfNotPresent
    name: kube-scheduler
    resources:
      requests:
        cpu: 100m
    volumeMounts:
    - mountPath: /etc/kubernetes/scheduler.conf
      name: kubeconfig
      readOnly: true
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/kubernetes/scheduler.conf
      type: FileOrCreate
    name: kubeconfig
status: {}
`);
  });

  it('parses each back to what the YAML library reads from its text, key order included', () => {
    for (const text of Object.values(files)) expect(JSON.stringify(parseYaml(text))).toBe(JSON.stringify(parse(text)));
  });

  it('hands out copies, and parses an edited manifest afresh', () => {
    const text = files['etcd.yaml'] as string;
    const first = parseYaml(text) as { metadata: { name: string } };
    first.metadata.name = 'changed';
    expect((parseYaml(text) as { metadata: { name: string } }).metadata.name).toBe('etcd');
    const edited = text.replace('name: etcd\n  namespace', 'name: etcd2\n  namespace');
    expect((parseYaml(edited) as { metadata: { name: string } }).metadata.name).toBe('etcd2');
  });
});
