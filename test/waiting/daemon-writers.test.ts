// Issue 10, "done when": the daemon and 8 concurrent CLI writers lose and corrupt nothing.
// The suite runs 20 s (WAITING_DAEMON_SECONDS); `npm run stress -- daemon` runs the full minute.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { daemonWritersRun, newHome, processesOf } from './lib.js';

const SECONDS = Number(process.env.WAITING_DAEMON_SECONDS ?? 20);
const home = newHome('daemon-writers');

afterAll(() => {
  for (const pid of processesOf(home)) process.kill(pid, 'SIGTERM');
  rmSync(home, { recursive: true, force: true });
});

describe('daemon + 8 concurrent writers (wall clock)', () => {
  it(`keeps every acknowledged write for ${SECONDS}s and stops leaving no process`, async () => {
    const f = await daemonWritersRun(home, 8, SECONDS * 1000);
    console.log(`daemon-writers: ${JSON.stringify({ ...f, failedCommands: f.failedCommands.length })}`);
    expect(f.failedCommands).toEqual([]);
    expect(f.acknowledged).toBeGreaterThan(8 * 5);
    expect(f.daemonTicks).toBeGreaterThan(SECONDS / 4);
    expect(f.lost).toEqual([]);
    expect(f.unexpected).toEqual([]);
    expect(f.stopOutput).toMatch(/^kubesim daemon stopped \(pid \d+\)\n$/);
    expect(f.leftProcesses).toEqual([]);
  }, (SECONDS + 40) * 1000);
});
