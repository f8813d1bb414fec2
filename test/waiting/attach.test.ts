// `kubectl attach`: the main process's output from the moment of attaching until it stops
// (stdout and stderr apart without a TTY), kubectl's messages, and what kubesim does not do (-i).
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { newHome, run } from './lib.js';

const home = newHome('attach');
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('kubectl attach (manual clock)', () => {
  it('follows the output written after it attaches, until the process ends', async () => {
    const script = 'i=0; while [ $i -lt 4 ]; do i=$((i+1)); echo out $i; echo err $i >&2; sleep 10; done';
    await run(home, ['run', 'c', '--image=busybox', '--restart=Never', '--', 'sh', '-c', script], 'manual');
    await run(home, ['advance', '15s'], 'manual', 'kubesim');
    const logs = await run(home, ['logs', 'c'], 'manual');
    const before = logs.stdout.split('\n').filter(Boolean).length;
    expect(before).toBeGreaterThan(0);
    const a = await run(home, ['attach', 'c'], 'manual');
    expect(a.code).toBe(0);
    // Only what came after: the lines `kubectl logs` had already shown are not repeated.
    const expectedOut = [1, 2, 3, 4].filter((i) => i * 2 > before).map((i) => `out ${i}\n`).join('');
    expect(a.stdout).toBe(expectedOut);
    expect(a.stderr).toBe("If you don't see a command prompt, try pressing enter.\n" + [1, 2, 3, 4].filter((i) => i * 2 > before).map((i) => `err ${i}\n`).join(''));
    expect((await run(home, ['attach', 'c'], 'manual')).stderr).toBe('error: cannot attach a container in a completed pod; current phase is Succeeded\n');
  }, 30_000);

  it("prints kubectl's errors and says plainly that input is not supported", async () => {
    await run(home, ['run', 'w', '--image=nginx'], 'manual');
    expect((await run(home, ['attach', 'w'], 'manual')).stderr).toBe("If you don't see a command prompt, try pressing enter.\nerror: unable to upgrade connection: container w not found in pod w_default\n");
    expect((await run(home, ['attach', 'w', '-c', 'nope'], 'manual')).stderr).toBe('error: cannot attach to the container: container nope not found in pod w\n');
    const i = await run(home, ['attach', '-it', 'w'], 'manual');
    expect(i.code).toBe(1);
    expect(i.stderr).toMatch(/attach -i .* is not supported by kubesim/);
    expect((await run(home, ['attach'], 'manual')).stderr).toBe('error: at least 1 argument is required for attach\n');
  }, 30_000);
});
