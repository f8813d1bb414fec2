// Issue 10, "done when": `kubectl wait --for=condition=Ready pod/x --timeout=60s` works in both
// clock modes. Manual clock: simulated time passes inside the command (deterministic, instant).
// Wall clock: simulated time follows the wall clock, so the command really waits, polling with
// short sessions (other commands run meanwhile), and never moves the stored clock offset.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { MANUAL_EPOCH } from '../../src/cluster/clock.js';
import { newHome, run, start, storedClock } from './lib.js';

const homes: string[] = [];
const home = (tag: string) => {
  const h = newHome(tag);
  homes.push(h);
  return h;
};
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

describe.concurrent('kubectl wait, manual clock', () => {
  it('advances simulated time until the pod is Ready', async () => {
    const h = home('wait-manual');
    expect((await run(h, ['run', 'x', '--image=nginx'], 'manual')).stdout).toBe('pod/x created\n');
    const before = storedClock(h).frozenMs;
    const w = await run(h, ['wait', '--for=condition=Ready', 'pod/x', '--timeout=60s'], 'manual');
    expect(w).toMatchObject({ code: 0, stdout: 'pod/x condition met\n', stderr: '' });
    const moved = storedClock(h).frozenMs - before;
    expect(moved).toBeGreaterThan(1000); // the image pull and start took simulated seconds
    expect(moved).toBeLessThan(60_000);
    const phase = await run(h, ['get', 'pod', 'x', '-o', 'jsonpath={.status.phase}'], 'manual');
    expect(phase.stdout).toBe('Running');
  });

  it('times out after exactly --timeout of simulated time, with kubectl\'s text', async () => {
    const h = home('wait-manual-timeout');
    await run(h, ['run', 'y', '--image=busybox', '--', 'false'], 'manual');
    const before = storedClock(h).frozenMs;
    const w = await run(h, ['wait', '--for=condition=Ready', 'pod/y', '--timeout=60s'], 'manual');
    expect(w).toMatchObject({ code: 1, stdout: '', stderr: 'error: timed out waiting for the condition on pods/y\n' });
    expect(storedClock(h).frozenMs - before).toBe(60_000);
    expect(storedClock(h).frozenMs).toBeGreaterThan(MANUAL_EPOCH);
  });
});

describe.concurrent('kubectl wait, wall clock', () => {
  it('really waits until the pod is Ready, leaves the clock offset alone and the lock free', async () => {
    const h = home('wait-wall');
    expect((await run(h, ['run', 'x', '--image=nginx'], 'wall')).code).toBe(0);
    const w = start(h, ['wait', '--for=condition=Ready', 'pod/x', '--timeout=60s'], 'wall');
    // While it waits, another terminal's command is not held up.
    await new Promise((r) => setTimeout(r, 300));
    const other = await run(h, ['get', 'pod', 'x', '--no-headers'], 'wall');
    expect(other.code).toBe(0);
    expect(other.ms).toBeLessThan(5000);
    const r = await w.done;
    expect(r).toMatchObject({ code: 0, stdout: 'pod/x condition met\n', stderr: '' });
    expect(r.ms).toBeGreaterThan(1000); // nginx is pulled and started in wall-clock seconds
    expect(storedClock(h).offsetMs).toBe(0);
    expect((await run(h, ['get', 'pod', 'x', '-o', 'jsonpath={.status.phase}'], 'wall')).stdout).toBe('Running');
  });

  it('times out after --timeout of wall-clock time, with kubectl\'s text', async () => {
    const h = home('wait-wall-timeout');
    await run(h, ['run', 'y', '--image=busybox', '--', 'false'], 'wall');
    const r = await run(h, ['wait', '--for=condition=Ready', 'pod/y', '--timeout=3s'], 'wall');
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'error: timed out waiting for the condition on pods/y\n' });
    expect(r.ms).toBeGreaterThanOrEqual(3000);
    expect(r.ms).toBeLessThan(9000);
    expect(storedClock(h).offsetMs).toBe(0);
  });

  it('kubectl delete really waits for the pod to be gone, without moving the clock', async () => {
    const h = home('delete-wall');
    await run(h, ['run', 'z', '--image=nginx'], 'wall');
    await run(h, ['wait', '--for=condition=Ready', 'pod/z', '--timeout=60s'], 'wall');
    const d = await run(h, ['delete', 'pod', 'z'], 'wall');
    expect(d).toMatchObject({ code: 0, stdout: 'pod "z" deleted\n', stderr: '' });
    expect(storedClock(h).offsetMs).toBe(0);
    expect((await run(h, ['get', 'pod', 'z'], 'wall')).stderr).toBe('Error from server (NotFound): pods "z" not found\n');
  });

  it('kubectl logs -f streams lines as the container writes them, in wall-clock time', async () => {
    const h = home('logs-wall');
    await run(h, ['run', 'c', '--image=busybox', '--', 'sh', '-c', 'for i in 1 2 3; do echo line $i; sleep 1; done'], 'wall');
    await run(h, ['wait', '--for=condition=Ready', 'pod/c', '--timeout=60s'], 'wall');
    const f = start(h, ['logs', '-f', 'c'], 'wall');
    let firstAt = 0;
    f.child.stdout!.once('data', () => (firstAt = performance.now()));
    const r = await f.done;
    expect(r).toMatchObject({ code: 0, stdout: 'line 1\nline 2\nline 3\n', stderr: '' });
    expect(firstAt).toBeGreaterThan(0);
    expect(storedClock(h).offsetMs).toBe(0);
  });

  it('kubectl rollout status waits for the rollout in wall-clock time, without moving the clock', async () => {
    const h = home('rollout-wall');
    await run(h, ['create', 'deployment', 'd', '--image=nginx', '--replicas=2'], 'wall');
    const r = await run(h, ['rollout', 'status', 'deployment/d', '--timeout=60s'], 'wall');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^(Waiting for deployment "d" rollout to finish: .*\n)+deployment "d" successfully rolled out\n$/);
    expect(storedClock(h).offsetMs).toBe(0);
  });
});
