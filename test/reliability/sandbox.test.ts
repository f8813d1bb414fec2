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

  it('the host is untouched and no command printed a stack', async () => {
    const r = await exec('id; hostname');
    expect(r.stdout).toBe('uid=0(root) gid=0(root) groups=0(root),10(wheel)\nbox\n');
    expect(looksLikeCrash(r.stderr)).toBeUndefined();
    expect(readdirSync('/tmp').filter((f) => f.startsWith('kubesim-escape-probe'))).toEqual([]);
    expect(hostPasswd()).toBe(before.passwd);
  });
});
