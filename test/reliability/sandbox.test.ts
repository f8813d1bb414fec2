// Issue 12, proof 5: nothing a simulated container does reaches the host. The
// commands run in the container's simulated filesystem and identity; the host's
// files, /tmp and network stay untouched, and the outputs are the simulated ones.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, looksLikeCrash, newHome } from './lib.js';

const home = newHome('sandbox');
const PROBE = `/tmp/kubesim-escape-probe-${process.pid}`;
const hostPasswd = () => createHash('sha256').update(readFileSync('/etc/passwd')).digest('hex');
let before: { passwd: string; tmp: string[]; root: string[] };

beforeAll(async () => {
  before = { passwd: hostPasswd(), tmp: readdirSync('/tmp').sort(), root: readdirSync('/').sort() };
  expect((await cli(home, ['run', 'box', '--image=busybox:1.28', '--', 'sleep', '3600'])).code).toBe(0);
  await cli(home, ['advance', '10s'], { as: 'kubesim' });
}, 30_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

const exec = (script: string) => cli(home, ['exec', 'box', '--', 'sh', '-c', script]);

describe('reliability: the sandbox', () => {
  it('reads the image\'s /etc/passwd, not the host\'s', async () => {
    const r = await exec('cat /etc/passwd');
    expect(r.stdout).toMatch(/^root:x:0:0:root:\/root:\/bin\/sh\n/);
    expect(r.stdout).not.toBe(readFileSync('/etc/passwd', 'utf8'));
    expect((await exec('cat ../../../../etc/hostname')).stdout.trim()).toBe('box');
  });

  it('writes to /tmp stay in the container', async () => {
    const r = await exec(`echo escaped > ${PROBE} && cat ${PROBE}`);
    expect(r.stdout).toBe('escaped\n');
    expect(existsSync(PROBE)).toBe(false);
  });

  it('rm -rf / and a symlink to / remove nothing on the host', async () => {
    await exec('ln -s / /r; rm -rf /r/ /; true');
    expect(readdirSync('/').sort()).toEqual(before.root);
    expect(hostPasswd()).toBe(before.passwd);
  });

  it('the network is simulated: curl to the internet is refused plainly', async () => {
    const r = await exec('curl -s https://example.com 2>&1; echo rc=$?');
    expect(r.stdout).toContain('not supported by kubesim yet');
    expect(r.stdout).toContain('rc=7');
  });

  it('hostPath / mounts the simulated node, not the host', async () => {
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hostroot' },
      spec: { containers: [{ name: 'c', image: 'busybox:1.28', command: ['sleep', '3600'], volumeMounts: [{ name: 'root', mountPath: '/host' }] }], volumes: [{ name: 'root', hostPath: { path: '/' } }] },
    };
    expect((await cli(home, ['apply', '-f', '-'], { input: JSON.stringify(pod) })).code).toBe(0);
    await cli(home, ['advance', '10s'], { as: 'kubesim' });
    const r = await cli(home, ['exec', 'hostroot', '--', 'sh', '-c', `cat /host/etc/hostname; echo x > /host${PROBE}; ln -s /host/etc /e; rm -rf /host/etc/ /e/; ls /host/etc/hostname`]);
    expect(r.stdout).toMatch(/^kubesim-worker2?\n/);
    expect(r.stdout).not.toContain(readFileSync('/etc/hostname', 'utf8'));
    expect(existsSync(PROBE)).toBe(false);
    expect(hostPasswd()).toBe(before.passwd);
  });

  it('../ and /proc lead nowhere outside the container', async () => {
    expect((await exec('cd /; cd ../../..; pwd; cd /tmp/../../..; pwd')).stdout).toBe('/\n/\n');
    const r = await exec('ls /proc/1/root/ 2>&1; cat /proc/1/root/etc/passwd 2>&1; ln -s /etc/passwd /tmp/p; cat /tmp/p');
    expect(r.stdout).toContain('root:x:0:0:root:/root:/bin/sh\n');
    expect(r.stdout).not.toContain(readFileSync('/etc/passwd', 'utf8'));
  });

  // Runaways: a real container would run them until interrupted (or the node runs out); kubesim
  // runs a command to its end at once, so each is stopped with a plain message and killed (137),
  // within bounded steps, processes, output and file space. The test's timeout bounds the time.
  const runaways: [string, string, RegExp][] = [
    ['an endless loop', 'while true; do :; done', /ran 200000 shell steps without waiting for anything \(an endless loop\?\); a command that never waits is not supported by kubesim/],
    ['a fork bomb', ':(){ :|:& };:', /started more than 2000 processes \(a fork bomb\?\); runaway process trees are not supported by kubesim/],
    ['a fork bomb by name', 'bomb() { bomb & bomb; }; bomb', /(fork bomb|nested more than 500 deep)/],
    ['endless recursion', 'f() { f; }; f', /nested more than 500 deep \(a function calling itself without end\?\); out of stack/],
    ['a string doubling', 'x=a; while true; do x=$x$x; done', /grew past 4 MiB \(a string doubling without end\?\); out of memory/],
    ['an absurd output', 'seq 1 1000000000 > /dev/null', /wrote more than 8 MiB \(output without end\?\)/],
    ['an absurd file', 'seq 1 1000000000 > /tmp/huge', /wrote more than 8 MiB/],
  ];
  for (const [what, script, message] of runaways) {
    it(`${what} is stopped with a clear message: ${script}`, async () => {
      const r = await exec(script);
      expect(r.code).toBe(137);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^kubesim: stopped "sh -c .*\ncommand terminated with exit code 137\n$/m);
      expect(looksLikeCrash(r.stderr)).toBeUndefined();
    }, 60_000);
  }

  it('files cannot fill the disk: past the pod\'s space a write is ENOSPC', async () => {
    const r = await exec('seq 1 400000 > /tmp/f; i=0; while [ $i -lt 100 ]; do cp /tmp/f /tmp/c$i || break; i=$((i+1)); done; echo copies $i; rm -f /tmp/c* /tmp/f /tmp/huge');
    expect(r.stderr).toMatch(/^cp: can't create '\/tmp\/c\d+': No space left on device$/m);
    expect(Number(/copies (\d+)/.exec(r.stdout)?.[1])).toBeLessThan(100);
    expect((await exec('echo still here')).stdout).toBe('still here\n');
  }, 60_000);

  it('the host is untouched and no command printed a stack', async () => {
    const r = await exec('id; hostname');
    expect(r.stdout).toBe('uid=0(root) gid=0(root) groups=0(root),10(wheel)\nbox\n');
    expect(looksLikeCrash(r.stderr)).toBeUndefined();
    expect(readdirSync('/tmp').filter((f) => f.startsWith('kubesim-escape-probe'))).toEqual([]);
    expect(hostPasswd()).toBe(before.passwd);
  });
});
