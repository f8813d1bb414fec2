// The background daemon: start, status, stale pid files, stop, and no process left behind.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonFiles, daemonStatus, isAlive, runDaemon, stopDaemon } from '../../src/cluster/daemon.js';

const BIN = join(__dirname, '..', '..', 'bin', 'run.js');
const started: { home: string; pid: number }[] = [];

function kubesim(home: string, args: string[]) {
  const env = { ...process.env, KUBESIM_HOME: home, KUBESIM_ARGV0: 'kubesim' };
  delete env.KUBESIM_CLOCK;
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

afterAll(async () => {
  // Never leave a daemon behind, whatever failed.
  for (const { home, pid } of started) {
    if (isAlive(pid)) await stopDaemon(home);
  }
});

describe('kubesim daemon', () => {
  it('starts one background process, reports it, and stops it cleanly', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-daemon-'));
    const start = kubesim(home, ['daemon', 'start']);
    expect(start.err).toBe('');
    expect(start.out).toMatch(/^kubesim daemon started \(pid \d+\)/);
    const pid = Number(readFileSync(daemonFiles(home).pid, 'utf8'));
    started.push({ home, pid });
    expect(isAlive(pid)).toBe(true);
    expect(kubesim(home, ['daemon', 'start']).out).toBe(`kubesim daemon is already running (pid ${pid})\n`);
    const status = kubesim(home, ['daemon', 'status']);
    expect(status.out).toMatch(/state +│ running/);
    expect(status.out).toContain(String(pid));
    // The daemon shares the store: commands still run while it catches up.
    expect(kubesim(home, ['advance', '1s']).code).toBe(0);
    expect(kubesim(home, ['daemon', 'stop']).out).toBe(`kubesim daemon stopped (pid ${pid})\n`);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(daemonFiles(home).pid)).toBe(false);
    expect(kubesim(home, ['daemon', 'logs']).out).toMatch(/daemon started[\s\S]*daemon stopped/);
  }, 30_000);

  it('detects and clears the pid file of a daemon that is gone', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubesim-daemon-'));
    // A pid that cannot be a live kubesim daemon.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(daemonFiles(home).pid, dead.stdout);
    expect(daemonStatus(home).state).toBe('stale');
    expect(kubesim(home, ['daemon', 'stop']).out).toMatch(/Removed the stale pid file[\s\S]*kubesim daemon is not running/);
    expect(existsSync(daemonFiles(home).pid)).toBe(false);
  });

  it('the loop catches up on each tick and ends on abort', async () => {
    const saved = process.env.KUBESIM_CLOCK;
    delete process.env.KUBESIM_CLOCK;
    try {
      const home = mkdtempSync(join(tmpdir(), 'kubesim-daemon-'));
      const ac = new AbortController();
      const run = runDaemon(home, { signal: ac.signal, tickMs: 50 });
      // Wait for the condition, not a fixed time: a loaded machine may tick slowly.
      const ticks = () => {
        try {
          return (JSON.parse(readFileSync(daemonFiles(home).state, 'utf8')) as { ticks: number }).ticks;
        } catch {
          return 0; // not written yet (or mid-rename)
        }
      };
      for (const deadline = Date.now() + 25_000; ticks() <= 1 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
      ac.abort();
      await run;
      expect(ticks()).toBeGreaterThan(1);
      expect(existsSync(daemonFiles(home).pid)).toBe(false);
    } finally {
      if (saved !== undefined) process.env.KUBESIM_CLOCK = saved;
    }
  }, 30_000);
});
