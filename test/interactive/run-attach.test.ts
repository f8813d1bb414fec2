// Issue 10: `kubectl run -i/-t/--rm` and `kubectl attach -it` in a real terminal (and run -i with
// piped input): the shell typed at IS the container's main process, so `exit` ends the container
// and the pod restarts or finishes as its restartPolicy says. One manual-clock cluster.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, newHome } from '../reliability/lib.js';
import { DRIVER, SKIP_REASON, onTerminal } from './pty.js';

if (!DRIVER) console.warn(`test/interactive/run-attach.test.ts ${SKIP_REASON}`);
const home = newHome('run-attach');
const terminal = (args: string[], lines: string[]) => onTerminal(home, args, lines);
afterAll(() => rmSync(home, { recursive: true, force: true }));

const PRESS_ENTER = "If you don't see a command prompt, try pressing enter.";

describe.skipIf(!DRIVER)(`kubectl run -it / attach -it under a pseudo-terminal (${DRIVER ?? SKIP_REASON})`, () => {
  it('run -i --tty -- sh: the shell is the main process; exit ends the container, which restarts (Always)', async () => {
    const s = await terminal(['run', '-i', '--tty', 'busybox', '--image=busybox:1.28', '--', 'sh'], ['echo hi; exit']);
    expect(s.screen).toBe(`${PRESS_ENTER}\n/ # echo hi; exit\nhi\nSession ended, resume using 'kubectl attach busybox -c busybox -i -t' command when the pod is running\n`);
    expect(s.code).toBe(0);
    // what the shell printed is the container's log; the kubelet starts it again
    expect((await cli(home, ['logs', 'busybox'])).stdout).toBe('hi\n');
    await cli(home, ['advance', '5s'], { as: 'kubesim' });
    expect((await cli(home, ['get', 'pod', 'busybox', '--no-headers'])).stdout).toMatch(/^busybox +1\/1 +Running +1 \(/);
  });

  it('attach -it to a shell started with stdin and tty: state carries between lines, time passes for sleep', async () => {
    const s = await terminal(['attach', '-it', 'busybox'], ['cd /tmp; X=5', 'echo $X $PWD; sleep 10; echo slept', 'if true; then', 'echo in; fi', 'exit 3']);
    expect(s.screen).toBe(
      [PRESS_ENTER, '/ # cd /tmp; X=5', '/tmp # echo $X $PWD; sleep 10; echo slept', '5 /tmp', 'slept', '/tmp # if true; then', '> echo in; fi', 'in', '/tmp # exit 3', "Session ended, resume using 'kubectl attach busybox -c busybox -i -t' command when the pod is running", ''].join('\n'),
    );
    expect(s.code).toBe(0);
    const pod = JSON.parse((await cli(home, ['get', 'pod', 'busybox', '-o', 'json'])).stdout) as { status: { containerStatuses: { restartCount: number; lastState?: { terminated?: { exitCode: number } }; state: { terminated?: { exitCode: number } } }[] } };
    const st = pod.status.containerStatuses[0]!;
    expect(st.state.terminated?.exitCode ?? st.lastState?.terminated?.exitCode).toBe(3);
  });

  it('run -it --rm --restart=Never -- sh -c: output, the pod deleted, the exit status is the container\'s', async () => {
    const s = await terminal(['run', '-it', '--rm', '--restart=Never', 'once', '--image=busybox', '--', 'sh', '-c', 'echo x; exit 2'], []);
    expect(s.screen).toBe('x\npod "once" deleted\npod default/once terminated (Error)\n');
    expect(s.code).toBe(2);
    expect((await cli(home, ['get', 'pod', 'once'])).stderr).toBe('Error from server (NotFound): pods "once" not found\n');
  });

  it('run -it --rm --restart=Never -- sh: exit N ends the session with N, no reattach message', async () => {
    const s = await terminal(['run', '-it', '--rm', '--restart=Never', 'shell', '--image=busybox', '--', 'sh'], ['echo $HOSTNAME', 'exit 4']);
    expect(s.screen).toBe(`${PRESS_ENTER}\n/ # echo $HOSTNAME\nshell\n/ # exit 4\npod "shell" deleted\npod default/shell terminated (Error)\n`);
    expect(s.code).toBe(4);
  });

  it('debug -it --target: a shell in an ephemeral container that sees the target, never restarted', async () => {
    await cli(home, ['run', 'target', '--image=registry.k8s.io/pause:3.1']);
    await cli(home, ['advance', '30s'], { as: 'kubesim' });
    const s = await terminal(['debug', '-it', 'target', '--image=busybox:1.28', '--target=target', '-c', 'dbg', '--profile=general'], ['ps', 'exit']);
    expect(s.screen).toBe(
      [
        'Targeting container "target". If you don\'t see processes from this container it may be because the container runtime doesn\'t support this feature.',
        PRESS_ENTER,
        '/ # ps',
        'PID   USER     TIME  COMMAND',
        '    1 root      0:00 /pause',
        '    2 root      0:00 sh',
        '    3 root      0:00 ps',
        '/ # exit',
        "Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach target -c dbg -i -t' if it is still running",
        '',
      ].join('\n'),
    );
    expect(s.code).toBe(0);
    await cli(home, ['advance', '5s'], { as: 'kubesim' });
    const state = (await cli(home, ['get', 'pod', 'target', '-o', 'jsonpath={.status.ephemeralContainerStatuses[0].state.terminated.reason}'])).stdout;
    expect(state).toBe('Completed');
  });

  it('run -i --tty of a loop (the HPA load generator): Ctrl-C goes to the container, whose loop ends', async () => {
    const args = ['run', '-i', '--tty', 'load', '--rm', '--image=busybox:1.28', '--restart=Never', '--', '/bin/sh', '-c', 'while sleep 0.01; do echo OK; done'];
    // typed a moment after kubectl's message, once its terminal session is up, as a person would
    const s = await onTerminal(home, args, ['^C'], /enter\.\r?\n/, 1500);
    expect(s.screen).toBe(`${PRESS_ENTER}\n^C\npod "load" deleted\n`);
    expect(s.code).toBe(0);
  });
});

describe('kubectl run -i with piped input (no terminal)', () => {
  it('the input reaches the main process, stdinOnce closes it, the pod goes', async () => {
    const r = await cli(home, ['run', '-i', '--rm', 'cat', '--image=busybox', '--restart=Never', '--', 'cat'], { input: 'hi\nthere\n' });
    expect(r.stdout).toBe('hi\nthere\npod "cat" deleted\n');
    expect(r.stderr).toBe(`${PRESS_ENTER}\n`);
    expect(r.code).toBe(0);
    const sh = await cli(home, ['run', '-i', '--rm', 'script', '--image=busybox', '--restart=Never', '--', 'sh'], { input: 'echo one\nexit 5\necho never\n' });
    expect(sh.stdout).toBe('one\npod "script" deleted\n');
    expect(sh.stderr).toBe(`${PRESS_ENTER}\npod default/script terminated (Error)\n`);
    expect(sh.code).toBe(5);
  });

  it('-t without a terminal says so and goes on without a TTY', async () => {
    const r = await cli(home, ['run', '-it', '--rm', 'tee', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'read l; echo got $l'], { input: 'x\n' });
    expect(r.stderr).toBe(`Unable to use a TTY - input is not a terminal or the right kind of file\n${PRESS_ENTER}\n`);
    expect(r.stdout).toBe('got x\npod "tee" deleted\n');
    expect(r.code).toBe(0);
  });
});
