import { describe, expect, it } from 'vitest';
import { humanDuration, runOnNode, type NodeHost } from '../../src/runtime/node-shell.js';
import { hostDir, nodeBaseFs, readNodeFile } from '../../src/runtime/node-fs.js';
import { newPod, startContainer, execInContainer } from '../../src/runtime/index.js';
import { staticPodPath } from '../../src/cluster/static-pods.js';

const T0 = Date.parse('2025-01-15T10:00:00Z');

function host(over: Partial<NodeHost> = {}): NodeHost {
  return {
    name: 'kubesim-worker',
    now: T0 + 60_000,
    containers: () => [
      { id: 'a'.repeat(64), imageId: `sha256:${'b'.repeat(64)}`, createdAt: T0 + 30_000, state: 'Running', name: 'web', attempt: 0, podId: 'c'.repeat(64), podName: 'static-web-kubesim-worker', namespace: 'default' },
      { id: 'd'.repeat(64), imageId: `sha256:${'e'.repeat(64)}`, createdAt: T0, state: 'Exited', name: 'old', attempt: 0, podId: 'f'.repeat(64), podName: 'other', namespace: 'default' },
    ],
    pods: () => [],
    images: () => [],
    stop: () => true,
    logs: () => [{ t: T0, s: 1, x: 'one' }, { t: T0, s: 1, x: 'two' }],
    http: () => ({ error: 'no' }),
    restartKubelet: () => {},
    ...over,
  };
}

const run = (argv: string[], h = host(), root = nodeBaseFs({ name: 'kubesim-worker', ip: '172.18.0.3', controlPlane: false, version: 'v1.32.0', now: T0 })) => {
  const r = runOnNode(root, h, argv);
  return { out: r.output.filter((o) => o.s === 1).map((o) => o.x).join(''), err: r.output.filter((o) => o.s === 2).map((o) => o.x).join(''), code: r.exitCode, root };
};

describe('node filesystem', () => {
  it('has the kubelet configuration with staticPodPath, and the control plane its four manifests', () => {
    const worker = nodeBaseFs({ name: 'w', ip: '172.18.0.3', controlPlane: false, version: 'v1.32.0', now: T0 });
    expect(staticPodPath(worker)).toBe('/etc/kubernetes/manifests');
    const cp = nodeBaseFs({ name: 'kubesim-control-plane', ip: '172.18.0.2', controlPlane: true, version: 'v1.32.0', now: T0 });
    expect(readNodeFile(cp, '/etc/kubernetes/manifests/etcd.yaml')).toContain('--initial-cluster=kubesim-control-plane=https://172.18.0.2:2380');
    expect(readNodeFile(cp, '/etc/kubernetes/manifests/kube-scheduler.yaml')).toContain('cpu: 100m');
  });

  it('backs hostPath volumes: what the node wrote, the container reads, and the other way round', () => {
    const root = nodeBaseFs({ name: 'w', ip: '172.18.0.3', controlPlane: false, version: 'v1.32.0', now: T0 });
    run(['sudo', 'sh', '-c', 'mkdir /mnt/data && echo hello > /mnt/data/index.html'], host(), root);
    const pod = newPod({ hostname: 'p', ip: '10.244.1.5', volumes: [{ name: 'v', hostPath: '/mnt/data' }], now: T0 });
    Object.defineProperty(pod, 'host', { value: root, enumerable: false }); // as attachNodeFs does
    startContainer(pod, { name: 'c', image: 'busybox', command: ['sleep', '3600'], env: [], mounts: [{ path: '/data', volume: 'v' }] }, T0);
    expect(execInContainer(pod, 'c', ['cat', '/data/index.html'], undefined, T0).output.map((o) => o.x).join('')).toBe('hello\n');
    execInContainer(pod, 'c', ['sh', '-c', 'echo back > /data/b'], undefined, T0);
    expect(readNodeFile(root, '/mnt/data/b')).toBe('back\n');
    expect(JSON.stringify(pod)).not.toContain('hello'); // the node's tree is not stored with the pod
    expect(hostDir(root, '/var/lib/etcd', T0)).toBeDefined();
  });
});

describe('node shell', () => {
  it('runs argv as given, with sudo and the exit status', () => {
    expect(run(['sh', '-c', 'exit 3']).code).toBe(3);
    expect(run(['grep', 'staticPodPath', '/var/lib/kubelet/config.yaml']).out).toBe('staticPodPath: /etc/kubernetes/manifests\n');
    const missing = run(['nosuch']);
    expect(missing.code).toBe(127);
    expect(missing.out).toContain('executable file not found in $PATH');
  });

  it('crictl ps: running containers in crictl tabwriter columns, -q full IDs, --name filter', () => {
    const r = run(['crictl', 'ps', '--name', 'web']);
    expect(r.out.split('\n')[0]).toBe('CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD                         NAMESPACE');
    expect(r.out.split('\n')[1]).toBe('aaaaaaaaaaaaa       bbbbbbbbbbbbb       30 seconds ago      Running             web                 0                   ccccccccccccc       static-web-kubesim-worker   default');
    expect(run(['crictl', 'ps', '-q']).out).toBe(`${'a'.repeat(64)}\n`);
    expect(run(['crictl', 'ps', '-a', '-q']).out.split('\n').length).toBe(3);
    expect(run(['crictl', 'logs', '--tail=1', 'aaaa']).out).toBe('two\n');
    expect(run(['crictl', 'stop', 'aaaa']).out).toBe('aaaa\n');
  });

  it('systemctl restart kubelet is acknowledged; other units are not simulated', () => {
    let restarted = 0;
    expect(run(['systemctl', 'restart', 'kubelet'], host({ restartKubelet: () => void restarted++ })).code).toBe(0);
    expect(restarted).toBe(1);
    const r = run(['systemctl', 'restart', 'containerd']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not supported by kubesim yet');
  });

  it('go-units HumanDuration', () => {
    expect(humanDuration(500)).toBe('Less than a second');
    expect(humanDuration(1000)).toBe('1 second');
    expect(humanDuration(59_000)).toBe('59 seconds');
    expect(humanDuration(90_000)).toBe('About a minute');
    expect(humanDuration(5 * 60_000)).toBe('5 minutes');
    expect(humanDuration(3_600_000)).toBe('About an hour');
  });
});
