// A container's root filesystem is left out of storage while nothing changed it since the start,
// and made again, the same, when it is used (src/runtime/index.ts rootFs / releaseRootFs).
import { describe, expect, it } from 'vitest';
import { execInContainer, newPod, releaseRootFs, rootFs, startContainer } from '../../src/runtime/index.js';

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
