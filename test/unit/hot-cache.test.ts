// bin/run.js compiles the hot path with a V8 code cache per verb, written by the verb's first run.
// A run on an empty home makes the default cluster first, code other runs never compile, so it
// keeps a cache of its own (`<verb>+new`). Runs a copy of the package whose dist/hot is its own,
// so the caches seen are the ones these runs wrote.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');
const pkg = mkdtempSync(join(tmpdir(), 'kubesim-hot-cache-'));
afterAll(() => rmSync(pkg, { recursive: true, force: true }));

function copyPackage(): void {
  // bin/ is copied: Node runs a symlinked main module from its real path.
  for (const entry of readdirSync(ROOT)) if (!['bin', 'dist', '.git'].includes(entry)) symlinkSync(join(ROOT, entry), join(pkg, entry));
  mkdirSync(join(pkg, 'bin'));
  for (const entry of readdirSync(join(ROOT, 'bin'))) copyFileSync(join(ROOT, 'bin', entry), join(pkg, 'bin', entry));
  mkdirSync(join(pkg, 'dist', 'hot'), { recursive: true });
  for (const entry of readdirSync(join(ROOT, 'dist'))) if (entry !== 'hot') symlinkSync(join(ROOT, 'dist', entry), join(pkg, 'dist', entry));
  copyFileSync(join(ROOT, 'dist', 'hot', 'cli.cjs'), join(pkg, 'dist', 'hot', 'cli.cjs'));
}

const caches = () => readdirSync(join(pkg, 'dist', 'hot')).filter((f) => f.endsWith('.v8cache')).map((f) => f.split('.')[0]).sort();

describe('the hot path code caches', () => {
  it('keeps one for the first command on an empty home and one for the verb on a cluster', () => {
    copyPackage();
    const home = join(pkg, 'home');
    // bin/run.js resolves the package from its own path: run it through the copy's path.
    const run = (...args: string[]) =>
      execFileSync(process.execPath, [join(pkg, 'bin', 'run.js'), ...args], {
        env: { ...process.env, KUBESIM_HOME: home, KUBESIM_CLOCK: 'manual', KUBESIM_ARGV0: 'kubectl', HOME: pkg },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    expect(caches()).toEqual([]);
    run('get', 'pods');
    expect(caches()).toEqual(['get+new']);
    expect(run('get', 'pods', '-n', 'kube-system', '-o', 'name')).toContain('pod/etcd-kubesim-control-plane');
    expect(caches()).toEqual(['get', 'get+new']);
  });
});
