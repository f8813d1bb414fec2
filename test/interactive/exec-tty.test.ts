// Issue 5: `kubectl exec -it POD -- sh` in a real terminal. The CLI runs under a pseudo-terminal
// (util-linux `script`, else Python's pty module); the test types lines when the prompt shows,
// as a person would, and checks the prompts, the outputs, the exit status and that the session's
// changes stay in the container. One manual-clock cluster with busybox, nginx and debian pods.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, looksLikeCrash, newHome } from '../reliability/lib.js';
import { DRIVER, SKIP_REASON, onTerminal } from './pty.js';

if (!DRIVER) console.warn(`test/interactive/exec-tty.test.ts ${SKIP_REASON}`);
const home = newHome('exec-tty');
const terminal = (args: string[], lines: string[]) => onTerminal(home, args, lines);

beforeAll(async () => {
  if (!DRIVER) return;
  expect((await cli(home, ['run', 'bb', '--image=busybox', '--', 'sleep', '3600'])).code).toBe(0);
  expect((await cli(home, ['run', 'web', '--image=nginx'])).code).toBe(0);
  expect((await cli(home, ['run', 'deb', '--image=debian', '--', 'sleep', '3600'])).code).toBe(0);
  await cli(home, ['advance', '30s'], { as: 'kubesim' });
  const pods = await cli(home, ['get', 'pods', '--no-headers']);
  expect(pods.stdout.match(/Running/g)?.length).toBe(3);
}, 60_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe.skipIf(!DRIVER)(`kubectl exec -it under a pseudo-terminal (${DRIVER ?? SKIP_REASON})`, () => {
  it('busybox: ash prompts, state between lines, exit N is the status', async () => {
    const s = await terminal(['exec', '-it', 'bb', '--', 'sh'], ['echo $HOSTNAME', 'cd /tmp; touch x; ls', 'X=5; false', 'echo $X $?', 'cd', 'exit 3']);
    expect(s.screen).toBe(
      [
        '/ # echo $HOSTNAME',
        'bb',
        '/ # cd /tmp; touch x; ls',
        'x',
        '/tmp # X=5; false',
        '/tmp # echo $X $?',
        '5 1',
        '/tmp # cd',
        '~ # exit 3',
        'command terminated with exit code 3',
        '',
      ].join('\n'),
    );
    expect(s.code).toBe(3);
    // the file made in the session is in the container for the next exec
    const later = await cli(home, ['exec', 'bb', '--', 'ls', '/tmp']);
    expect(later.stdout).toBe('x\n');
  });

  it('busybox: an unfinished command continues at PS2; a syntax error is the shell\'s', async () => {
    const s = await terminal(['exec', '-it', 'bb', '--', '/bin/sh'], ['for i in 1 2; do', 'echo n$i', 'done', 'fi', 'exit']);
    expect(s.screen).toContain('/ # for i in 1 2; do\n> echo n$i\n> done\nn1\nn2\n/ # fi\nsh: syntax error: unexpected "fi"\n/ # exit\n');
    expect(s.screen).toContain('command terminated with exit code 2');
    expect(s.code).toBe(2);
  });

  it('nginx: sh is dash (`# `), bash prompts root@POD, Ctrl-D ends with the last status', async () => {
    const dash = await terminal(['exec', '-it', 'web', '--', 'sh'], ['echo $HOSTNAME', 'cd /tmp; touch x; ls', 'exit 3']);
    expect(dash.screen).toBe('# echo $HOSTNAME\nweb\n# cd /tmp; touch x; ls\nx\n# exit 3\ncommand terminated with exit code 3\n');
    expect(dash.code).toBe(3);
    const bash = await terminal(['exec', '-it', 'web', '--', 'bash'], ['cd /tmp; ls', 'cd /etc/nginx', 'test -e /nope', '^D']);
    expect(bash.screen).toBe(
      [
        'root@web:/# cd /tmp; ls',
        'x',
        'root@web:/tmp# cd /etc/nginx',
        'root@web:/etc/nginx# test -e /nope',
        'root@web:/etc/nginx# exit',
        'command terminated with exit code 1',
        '',
      ].join('\n'),
    );
    expect(bash.code).toBe(1);
  });

  it('debian: bash session, exit 0 prints nothing more', async () => {
    const s = await terminal(['exec', '-it', 'deb', '--', 'bash'], ['echo $HOSTNAME', 'cd /tmp; touch x; ls', 'f() { echo "in $PWD"; }', 'cd /; f', 'exit']);
    expect(s.screen).toBe('root@deb:/# echo $HOSTNAME\ndeb\nroot@deb:/# cd /tmp; touch x; ls\nx\nroot@deb:/tmp# f() { echo "in $PWD"; }\nroot@deb:/tmp# cd /; f\nin /\nroot@deb:/# exit\n');
    expect(s.code).toBe(0);
    expect(looksLikeCrash(s.screen)).toBeUndefined();
    expect((await cli(home, ['exec', 'deb', '--', 'cat', '/etc/debian_version'])).stdout).toBe('12.8\n');
  });

  it('a shell given a command is not a session: -it runs it and returns', async () => {
    const s = await terminal(['exec', '-it', 'bb', '--', 'sh', '-c', 'ls /tmp; exit 4'], []);
    expect(s.screen).toBe('x\ncommand terminated with exit code 4\n');
    expect(s.code).toBe(4);
  });
});
