// A container's root filesystem is left out of storage while nothing changed it since the start,
// and made again, the same, when it is used (src/runtime/index.ts rootFs / releaseRootFs).
import { describe, expect, it } from 'vitest';
import { execInContainer, newPod, releaseRootFs, rootFs, startContainer } from '../../src/runtime/index.js';
import { baseFs } from '../../src/runtime/catalog.js';
import { Vfs } from '../../src/runtime/fs.js';

const T0 = Date.parse('2025-01-15T10:00:00Z');

function started(image = 'busybox:1.36') {
  const volumes = [{ name: 'data', files: { 'a.txt': 'A\n' } }];
  const p = newPod({ hostname: 'web', ip: '10.244.1.5', volumes, now: T0 });
  const mounts = [{ volume: 'data', path: '/var/run/data', readOnly: false }];
  startContainer(p, { name: 'c', image, command: ['sleep', '3600'], env: [], mounts }, T0);
  return p;
}

function run(p: ReturnType<typeof started>, script: string, at = T0 + 1000) {
  return execInContainer(p, 'c', ['sh', '-c', script], undefined, at).output.map((o) => o.x).join('');
}

describe('root filesystem', () => {
  it('is released while unchanged, and rebuilt as it was (files, mount points, times)', () => {
    for (const image of ['busybox:1.36', 'nginx']) {
      const p = started(image);
      const before = JSON.stringify(p.containers['c']!.fs);
      expect(run(p, 'cat /etc/hostname; ls /var/run/data')).toBe('web\na.txt\n');
      releaseRootFs(p);
      expect(p.containers['c']!.fs).toBeUndefined();
      expect(JSON.stringify(rootFs(p, p.containers['c']!))).toBe(before);
      releaseRootFs(p);
      expect(run(p, 'cat /var/run/data/a.txt; ls -ld /tmp')).toMatch(/^A\ndrwxrwxrwt/);
    }
  });

  it('is kept once a process changed it, and keeps the change', () => {
    const p = started();
    run(p, 'echo hi > /tmp/note; chmod 600 /tmp/note');
    releaseRootFs(p);
    expect(p.containers['c']!.fs).toBeDefined();
    expect(run(p, 'cat /tmp/note', T0 + 2000)).toBe('hi\n');
    const q = started();
    run(q, 'mkdir /opt/x');
    releaseRootFs(q);
    expect(q.containers['c']!.fs).toBeDefined();
  });
});

describe('root filesystem made from a per-image template', () => {
  // What imageRoot made before templates: the image's tree for this pod, then a mkdir -p per mount point.
  function reference(image: string, hostname: string, etc: { hosts?: string; resolv?: string } | undefined, paths: string[], now: number) {
    const fs = baseFs(image, hostname, now, etc);
    const view = new Vfs(fs, () => undefined, [], { uid: 0, gid: 0, groups: [] }, () => now);
    const real = paths.map((path) => {
      try {
        view.mkdir(path, '/', true);
        return view.resolve(path, '/', true).path;
      } catch {
        return path;
      }
    });
    return { fs, real };
  }

  it('is byte for byte the tree built for the pod, whatever the pod, image, mounts and time', () => {
    const cases = [
      { image: 'busybox:1.36', paths: ['/var/run/secrets/kubernetes.io/serviceaccount', '/data'] },
      { image: 'nginx', paths: ['/var/run/x', '/usr/share/nginx/html', '/etc/hosts'] },
      { image: 'redis', paths: ['/data', '/tmp/a/b'] },
      { image: 'gcr.io/unknown/thing:1', paths: [] },
    ];
    const pods = [
      { hostname: 'a', etc: { hosts: '# hosts of a\n', resolv: 'nameserver 1.2.3.4\n' } },
      { hostname: 'b-longer-name', etc: { resolv: 'search x\n' } },
      { hostname: 'c', etc: undefined },
    ];
    for (const { image, paths } of cases) {
      for (const [i, pod] of pods.entries()) {
        const now = T0 + i * 7777;
        const p = newPod({ hostname: pod.hostname, ip: '10.244.1.9', volumes: [], now, ...(pod.etc ? { etc: pod.etc } : {}) });
        const mounts = paths.map((path, k) => ({ volume: `v${k}`, path }));
        startContainer(p, { name: 'c', image, command: ['sleep', '3600'], env: [], mounts }, now);
        const want = reference(image, pod.hostname, pod.etc, paths, now);
        expect(JSON.stringify(p.containers['c']!.fs)).toBe(JSON.stringify(want.fs));
        expect(p.containers['c']!.mounts.map((m) => m.path)).toEqual(want.real);
      }
    }
  });

  it('is rebuilt the same by a process that did not keep the released tree (a stored record read again)', () => {
    const p = started('nginx');
    const before = JSON.stringify(p.containers['c']!.fs);
    releaseRootFs(p);
    const loaded = JSON.parse(JSON.stringify(p)) as typeof p;
    expect(loaded.containers['c']!.fs).toBeUndefined();
    expect(JSON.stringify(rootFs(loaded, loaded.containers['c']!))).toBe(before);
  });

  it('gives the image groups of the user', () => {
    const p = newPod({ hostname: 'g', ip: '10.244.1.9', volumes: [], now: T0 });
    startContainer(p, { name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'], env: [], mounts: [], runAsUser: 0, supplementalGroups: [5000] }, T0);
    expect(p.containers['c']!.who.groups).toEqual([5000, 10]) // busybox's root is in wheel;
  });
});
