// Issue 5: `kubectl exec -it POD -- sh` in a real terminal. The CLI runs under a pseudo-terminal
// (util-linux `script`, else Python's pty module); the test types lines when the prompt shows,
// as a person would, and checks the prompts, the outputs, the exit status and that the session's
// changes stay in the container. One manual-clock cluster with busybox, nginx and debian pods.
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli, envFor, looksLikeCrash, newHome } from '../reliability/lib.js';

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// KUBESIM_PTY_DRIVER=python tries the fallback where script(1) exists too.
const wanted = process.env['KUBESIM_PTY_DRIVER'];
const DRIVER: 'script' | 'python' | undefined = wanted !== 'python' && has('script') ? 'script' : has('python3') ? 'python' : undefined;
const SKIP_REASON = 'skipped: neither script(1) from util-linux nor python3 is available to provide a pseudo-terminal';
if (!DRIVER) console.warn(`test/interactive/exec-tty.test.ts ${SKIP_REASON}`);

const home = newHome('exec-tty');
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g; // eslint-disable-line no-control-regex
const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

interface Session {
  /** What the terminal showed, escape sequences and carriage returns removed. */
  screen: string;
  code: number | null;
}

/**
 * Runs `kubectl ARGS` on a pseudo-terminal and types each line once the screen ends with a prompt
 * (`# `, `$ ` or `> `); `^D` types Ctrl-D.
 */
function terminal(args: string[], lines: string[]): Promise<Session> {
  const argv = [process.execPath, CLI, ...args];
  const child =
    DRIVER === 'script'
      ? spawn('script', ['-qec', argv.map(quote).join(' '), '/dev/null'], { env: { ...envFor(home), TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn('python3', ['-c', 'import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))', ...argv], { env: { ...envFor(home), TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let raw = '';
  child.stdout.on('data', (d: Buffer) => (raw += d));
  child.stderr.on('data', (d: Buffer) => (raw += d));
  child.stdin.on('error', () => undefined);
  const screen = () => raw.replace(ANSI, '').replace(/\r/g, '');
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return (async () => {
    let seen = 0;
    for (const line of lines) {
      const deadline = Date.now() + 15_000;
      while (!/[#$>] $/.test(screen().slice(seen))) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no prompt before typing ${JSON.stringify(line)}; screen:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      seen = screen().length;
      child.stdin.write(line === '^D' ? '\x04' : `${line}\r`);
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(timer);
    return { screen: screen(), code };
  })();
}

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
