// Drives the CLI on a pseudo-terminal (util-linux `script`, else Python's pty module) as a person
// types: each line once the screen ends with a prompt. Used by the interactive tests.
import { execFileSync, spawn } from 'node:child_process';
import { CLI, envFor } from '../reliability/lib.js';

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
export const DRIVER: 'script' | 'python' | undefined = wanted !== 'python' && has('script') ? 'script' : has('python3') ? 'python' : undefined;
export const SKIP_REASON = 'skipped: neither script(1) from util-linux nor python3 is available to provide a pseudo-terminal';

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g; // eslint-disable-line no-control-regex
const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

export interface Session {
  /** What the terminal showed, escape sequences and carriage returns removed. */
  screen: string;
  code: number | null;
}

/**
 * Runs `kubectl ARGS` on a pseudo-terminal and types each line once the screen ends with a prompt
 * (`# `, `$ ` or `> `), or once the raw output (escape sequences kept) matches `ready` and then
 * `settleMs` have passed; `^D` and `^C` type Ctrl-D and Ctrl-C.
 */
export function onTerminal(home: string, args: string[], lines: string[], ready?: RegExp, settleMs = 0): Promise<Session> {
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
    const shown = () => (ready ? raw : screen());
    let seen = 0;
    for (const line of lines) {
      const deadline = Date.now() + 15_000;
      while (!(ready ?? /[#$>] $/).test(shown().slice(seen))) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no prompt before typing ${JSON.stringify(line)}; screen:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      seen = shown().length;
      // a program with no prompt shows nothing when its terminal session starts: give it time
      if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
      child.stdin.write(line === '^D' ? '\x04' : line === '^C' ? '\x03' : `${line}\r`);
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(timer);
    return { screen: screen(), code };
  })();
}

