// kubesim serve's time frame, end to end (src/server/time-frame.ts): on a
// manual clock, frozen in 2025 and moved by `kubesim advance`, the real kubectl
// v1.32 computes ages from the machine's clock and still prints the simulated
// ones; the times it sees and sends back are the cluster's moved by one whole
// number of seconds. Also `serve --kubeconfig-out --context-name`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT, CLI, REAL, baseEnv, exec, startServe, stop } from './serve-helpers.js';
import { existsSync } from 'node:fs';

const ready = existsSync(REAL) && BUILT;
if (!ready) console.warn('test/serve-time-frame.test.ts skipped: needs the real kubectl v1.32 and `npm run build`');

/** describe's absolute instants (`Start Time:`, `Started:`), which are in each client's own frame. */
const DATE = /[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000/g;
const STAMP = /^(\S+) (.*)$/;

describe.skipIf(!ready)('kubesim serve: times in the machine frame on a manual clock', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-serve-time-'));
  const clientConfig = join(home, 'client', 'kubeconfig');
  const env = { ...baseEnv(home), KUBESIM_CLOCK: 'manual' };
  let child: ChildProcess | undefined;
  const real = (args: string[]) => exec(REAL, args, { ...env, KUBECONFIG: clientConfig });
  const sim = (args: string[]) => exec('node', [CLI, ...args], { ...env, KUBESIM_ARGV0: 'kubectl' });
  const kubesim = (args: string[]) => exec('node', [CLI, ...args], env);

  beforeAll(async () => {
    child = (await startServe(home, ['--kubeconfig-out', clientConfig, '--context-name', 'kubesim'], env)).child;
    await sim(['run', 'logger', '--image=busybox', '--', 'sh', '-c', 'i=0; while true; do echo line $i; i=$((i+1)); sleep 5; done']);
    await kubesim(['advance', '42s']);
  }, 60_000);

  afterAll(async () => {
    await stop(child);
    rmSync(home, { recursive: true, force: true });
  });

  it('--kubeconfig-out writes a kubeconfig of its own named by --context-name; the cluster kubeconfig keeps its one context', async () => {
    const view = await real(['config', 'view', '-o', 'jsonpath={.current-context} {.clusters[*].name} {.users[*].name} {.contexts[*].context.user} {.clusters[0].cluster.server}']);
    expect(view.stdout).toMatch(/^kubesim kubesim kubesim kubesim https:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(join(home, 'kubeconfig'), 'utf8')).not.toContain('kubesim-api');
  });

  it('ages computed by the client are the simulated ones: kubectl events, describe', async () => {
    for (const args of [['events'], ['describe', 'pod', 'logger'], ['describe', 'node', 'kubesim-worker2']]) {
      const mine = (await sim(args)).stdout.replace(DATE, 'DATE');
      // Real kubectl computes ages from the machine's clock as it prints, after the server chose its
      // frame: a run that crosses a machine second (a loaded machine) shows every age a second
      // older. It only reads, so it is asked again from the start of a second, twice at most.
      let theirs = await real(args);
      for (let retry = 0; retry < 2 && theirs.code === 0 && theirs.stdout.replace(DATE, 'DATE') !== mine; retry++) {
        await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000)));
        theirs = await real(args);
      }
      expect(theirs.code, theirs.stderr).toBe(0);
      expect(theirs.stdout.replace(DATE, 'DATE'), `kubectl ${args.join(' ')}`).toBe(mine);
    }
  }, 60_000);

  it("objects' times are the simulated ones moved by whole seconds to the machine's now", async () => {
    const jsonpath = ['get', 'pod', 'logger', '-o', 'jsonpath={.metadata.creationTimestamp} {.status.startTime} {.status.conditions[0].lastTransitionTime}'];
    const mine = (await sim(jsonpath)).stdout.split(' ').map(Date.parse);
    const theirs = (await real(jsonpath)).stdout.split(' ').map(Date.parse);
    const after = Date.now();
    const shift = theirs[0]! - mine[0]!;
    expect(shift % 1000).toBe(0);
    expect(theirs.map((t, i) => t - mine[i]!)).toEqual([shift, shift, shift]);
    // The pod is 42 s old in both frames: created at the manual clock's start, then `advance 42s`
    // (the machine's clock moved on a little since the server chose the shift).
    const age = after - theirs[0]!;
    expect(age).toBeGreaterThanOrEqual(42_000);
    expect(age).toBeLessThan(44_000);
    // A write through the real client leaves the cluster's times as they were.
    expect((await real(['label', 'pod', 'logger', 'seen=yes'])).code).toBe(0);
    expect((await sim(jsonpath)).stdout.split(' ').map(Date.parse).slice(0, 2)).toEqual(mine.slice(0, 2));
  });

  it('get -w --request-timeout=10s lets 10 s of simulated time pass, as kubesim\'s own -w does', async () => {
    const age = async () => Number(/^(\d+)s$/.exec((await sim(['get', 'pod', 'logger', '--no-headers'])).stdout.trim().split(/\s+/)[4]!)![1]);
    const before = await age();
    const watched = await real(['get', 'pods', '-w', '--request-timeout=10s']);
    expect(watched.stdout).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\nlogger +1\/1 +Running /);
    expect(await age()).toBe(before + 10);
  }, 60_000);

  it('logs: --timestamps in the machine frame, --since-time taken back from it', async () => {
    const mine = (await sim(['logs', 'logger', '--timestamps'])).stdout.trim().split('\n').map((l) => STAMP.exec(l)!);
    const theirs = (await real(['logs', 'logger', '--timestamps'])).stdout.trim().split('\n').map((l) => STAMP.exec(l)!);
    expect(theirs.map((m) => m[2])).toEqual(mine.map((m) => m[2]));
    expect(mine.length).toBeGreaterThan(3);
    const shift = Date.parse(theirs[0]![1]!) - Date.parse(mine[0]![1]!);
    expect(shift % 1000).toBe(0);
    expect(shift).toBeGreaterThan(0);
    const since = await real(['logs', 'logger', `--since-time=${theirs[2]![1]}`]);
    expect(since.stdout).toBe((await sim(['logs', 'logger', `--since-time=${mine[2]![1]}`])).stdout);
    expect(since.stdout.split('\n')[0]).toBe(mine[2]![2]);
  });
});
