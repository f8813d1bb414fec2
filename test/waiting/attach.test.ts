// `kubectl attach`: the main process's output from the moment of attaching until it stops
// (stdout and stderr apart without a TTY), kubectl's messages; `kubectl run`'s attach flags and
// their errors. (Input through -i under a terminal: test/interactive/run-attach.test.ts.)
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

  it("prints kubectl's errors", async () => {
    await run(home, ['run', 'w', '--image=nginx'], 'manual');
    expect((await run(home, ['attach', 'w'], 'manual')).stderr).toBe("If you don't see a command prompt, try pressing enter.\nerror: unable to upgrade connection: container w not found in pod w_default\n");
    expect((await run(home, ['attach', 'w', '-c', 'nope'], 'manual')).stderr).toBe('error: cannot attach to the container: container nope not found in pod w\n');
    const i = await run(home, ['attach', '-it', 'w'], 'manual');
    expect(i.code).toBe(1);
    expect(i.stderr).toBe("error: Unable to use a TTY - container w did not allocate one\nIf you don't see a command prompt, try pressing enter.\nerror: unable to upgrade connection: container w not found in pod w_default\n");
    expect((await run(home, ['attach'], 'manual')).stderr).toBe('error: at least 1 argument is required for attach\n');
    expect((await run(home, ['attach', '--pod-running-timeout=0s'], 'manual')).stderr).toBe("error: --pod-running-timeout must be higher than zero\nSee 'kubectl attach -h' for help and examples\n");
  }, 30_000);
});

describe('kubectl run --attach / -i / -t / --rm (manual clock)', () => {
  const see = (cmd: string) => `\nSee 'kubectl ${cmd} -h' for help and examples\n`;
  it("refuses kubectl v1.32's flag combinations, creating nothing", async () => {
    expect((await run(home, ['run', 'x', '--image=busybox', '--rm'], 'manual')).stderr).toBe('error: --rm should only be used for attached containers' + see('run'));
    expect((await run(home, ['run', 'x', '--image=busybox', '-t'], 'manual')).stderr).toBe('error: -i/--stdin is required for containers with -t/--tty=true' + see('run'));
    expect((await run(home, ['run', 'x', '--image=busybox', '-i', '--dry-run=client'], 'manual')).stderr).toBe("error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)" + see('run'));
    expect((await run(home, ['run', 'x', '--image=busybox', '-i', '--attach=false', '--rm'], 'manual')).stderr).toBe('error: --rm should only be used for attached containers' + see('run'));
    expect((await run(home, ['run', 'x', '--image=busybox', '--attach', '--pod-running-timeout=0s'], 'manual')).stderr).toBe('error: --pod-running-timeout must be higher than zero' + see('run'));
    expect((await run(home, ['run', 'x', '--image=busybox', '--pod-running-timeout=xx'], 'manual')).stderr).toBe('error: invalid argument "xx" for "--pod-running-timeout" flag: time: invalid duration "xx"\nSee \'kubectl run --help\' for usage.\n');
    expect((await run(home, ['get', 'pod', 'x'], 'manual')).code).toBe(1);
  }, 30_000);

  it('-i --attach=false creates the pod with stdin set, as the dry run shows', async () => {
    const y = await run(home, ['run', 'si', '--image=busybox', '-i', '-t', '--attach=false', '--', 'sh'], 'manual');
    expect(y.stdout).toBe('pod/si created\n');
    const spec = await run(home, ['get', 'pod', 'si', '-o', 'jsonpath={.spec.containers[0].stdin} {.spec.containers[0].stdinOnce} {.spec.containers[0].tty}'], 'manual');
    expect(spec.stdout).toBe('true true true');
  }, 30_000);

  it('--attach waits for the pod, prints its output; with --restart=Never the exit status is the container\'s', async () => {
    const a = await run(home, ['run', 'job', '--attach', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'echo a; sleep 2; echo b >&2; exit 3'], 'manual');
    expect(a.stdout).toBe('a\n');
    expect(a.stderr).toBe("If you don't see a command prompt, try pressing enter.\nb\npod default/job terminated (Error)\n");
    expect(a.code).toBe(3);
    // a pod that already finished: its logs (logOpts), then its status
    const done = await run(home, ['run', 'quick', '--attach', '--rm', '--image=busybox', '--restart=Never', '--', 'echo', 'hi'], 'manual');
    expect(done.stdout).toBe('hi\npod "quick" deleted\n');
    expect(done.code).toBe(0);
  }, 30_000);
});
