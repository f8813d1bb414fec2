// The kubelet-managed /etc/hosts and /etc/resolv.conf of a pod, and what a container reads of them.
import { describe, expect, it } from 'vitest';
import { podHostsFile, podResolvConf } from '../../src/cluster/pod-dns.js';
import { execInContainer, newPod, startContainer } from '../../src/runtime/index.js';
import type { Pod, PodSpec } from '../../src/types/k8s.js';

const T0 = Date.parse('2025-01-15T10:00:00Z');

function pod(spec: Partial<PodSpec>, namespace = 'default'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec } } as Pod;
}

const HEADER = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';

describe('/etc/hosts', () => {
  it('names the pod at its IP, with its subdomain when it has one, then the host aliases', () => {
    expect(podHostsFile(pod({}), '10.244.1.5')).toBe(`${HEADER}10.244.1.5\tweb\n`);
    expect(podHostsFile(pod({ hostname: 'busybox-1', subdomain: 'sub' }, 'team'), '10.244.2.7')).toBe(`${HEADER}10.244.2.7\tbusybox-1.sub.team.svc.cluster.local\tbusybox-1\n`);
    const aliases = [{ ip: '127.0.0.1', hostnames: ['foo.local', 'bar.local'] }, { ip: '10.1.2.3', hostnames: ['foo.remote'] }];
    expect(podHostsFile(pod({ hostAliases: aliases }), '10.244.1.5')).toBe(`${HEADER}10.244.1.5\tweb\n\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n10.1.2.3\tfoo.remote\n`);
  });
});

describe('/etc/resolv.conf', () => {
  it('searches the pod namespace first on the cluster DNS', () => {
    expect(podResolvConf(pod({}, 'mem-example'))).toBe('search mem-example.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });
  it('merges dnsConfig (duplicates dropped, an option given again takes the new value)', () => {
    const dnsConfig = { nameservers: ['1.2.3.4', '10.96.0.10'], searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] };
    expect(podResolvConf(pod({ dnsConfig }))).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 10.96.0.10\nnameserver 1.2.3.4\noptions ndots:2 edns0\n',
    );
  });
  it('is only dnsConfig with dnsPolicy None; left to the node (not modelled) with Default or on the host network', () => {
    const dnsConfig = { nameservers: ['192.0.2.1'], searches: ['ns1.svc.cluster-domain.example'], options: [{ name: 'ndots', value: '2' }] };
    expect(podResolvConf(pod({ dnsPolicy: 'None', dnsConfig }))).toBe('search ns1.svc.cluster-domain.example\nnameserver 192.0.2.1\noptions ndots:2\n');
    expect(podResolvConf(pod({ dnsPolicy: 'Default' }))).toBeUndefined();
    expect(podResolvConf(pod({ hostNetwork: true }))).toBeUndefined();
    expect(podResolvConf(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }))).toContain('nameserver 10.96.0.10');
  });
});

describe('in the container', () => {
  it('cat reads the files the kubelet made', () => {
    const p = pod({}, 'team');
    const rt = newPod({ hostname: 'web', ip: '10.244.1.5', volumes: [], now: T0, etc: { hosts: podHostsFile(p, '10.244.1.5'), resolv: podResolvConf(p) } });
    startContainer(rt, { name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'], env: [], mounts: [] }, T0);
    const r = execInContainer(rt, 'c', ['sh', '-c', 'tail -1 /etc/hosts; head -1 /etc/resolv.conf'], undefined, T0 + 1000);
    expect(r.output.map((o) => o.x).join('')).toBe('10.244.1.5\tweb\nsearch team.svc.cluster.local svc.cluster.local cluster.local\n');
  });
});
