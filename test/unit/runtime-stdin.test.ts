// A container's main process with `stdin: true` (kubectl run -i / attach -i): reads wait for input
// instead of ending at an empty stdin; a shell there runs each command as it arrives, keeps its
// state, waits in simulated time, and ends at `exit` or the end of input.
import { describe, expect, it } from 'vitest';
import { advancePod, awaitingInput, mainShellPrompt, newPod, nextWake, startContainer, unreadInput, writeStdin, type PodRt } from '../../src/runtime/index.js';

const T0 = Date.parse('2025-01-15T10:00:00Z');

function container(argv: string[], stdin = true, image = 'busybox:1.28'): PodRt {
  const p = newPod({ hostname: 'bb', ip: '10.244.1.5', volumes: [], now: T0 });
  startContainer(p, { name: 'c', image, command: argv, env: [], mounts: [], stdin }, T0);
  advancePod(p, T0);
  return p;
}
const out = (p: PodRt) => p.containers['c']!.logs.map((l) => l.x).join('|');

describe('main process stdin', () => {
  it('without stdin: true, sh reads an empty stdin and ends at once', () => {
    const p = container(['sh'], false);
    expect(p.containers['c']!.exited).toEqual({ at: T0, code: 0, reason: 'Completed' });
  });

  it('sh waits for input, runs each line as it comes, prompts with its state, exits with exit N', () => {
    const p = container(['sh']);
    expect(p.containers['c']!.exited).toBeUndefined();
    expect(awaitingInput(p, 'c')).toBe(true);
    expect(nextWake(p)).toBeUndefined(); // nothing happens until input comes
    expect(mainShellPrompt(p, 'c')).toBe('/ # ');
    expect(writeStdin(p, 'c', 'cd /tmp; X=5\n', T0 + 1000)).toBe(true);
    expect(mainShellPrompt(p, 'c')).toBe('/tmp # ');
    writeStdin(p, 'c', 'echo $X; sleep 10; echo done\n', T0 + 2000);
    expect(out(p)).toBe('5');
    expect(awaitingInput(p, 'c')).toBe(false);
    expect(nextWake(p)).toBe(T0 + 12_000);
    advancePod(p, T0 + 12_000);
    expect(out(p)).toBe('5|done');
    expect(awaitingInput(p, 'c')).toBe(true);
    writeStdin(p, 'c', 'if true; then\n', T0 + 13_000);
    expect(mainShellPrompt(p, 'c')).toBe('> ');
    writeStdin(p, 'c', 'echo in; fi\nexit 3\n', T0 + 14_000);
    expect(out(p)).toBe('5|done|in');
    expect(p.containers['c']!.exited).toEqual({ at: T0 + 14_000, code: 3, reason: 'Error' });
    expect(writeStdin(p, 'c', 'echo late\n', T0 + 15_000)).toBe(false);
  });

  it('cat reads until its stdin closes (stdinOnce), then ends', () => {
    const p = container(['cat']);
    writeStdin(p, 'c', 'hi\n', T0 + 1000);
    expect(p.containers['c']!.exited).toBeUndefined();
    writeStdin(p, 'c', 'there\n', T0 + 2000, true);
    expect(out(p)).toBe('hi|there');
    expect(p.containers['c']!.exited).toEqual({ at: T0 + 2000, code: 0, reason: 'Completed' });
  });

  it('the end of input ends the shell with its last status', () => {
    const p = container(['sh']);
    writeStdin(p, 'c', 'false\n', T0 + 1000, true);
    expect(p.containers['c']!.exited).toEqual({ at: T0 + 1000, code: 1, reason: 'Error' });
  });

  it('a program that never reads leaves the input unread (an attached terminal does not wait for it)', () => {
    const p = container(['nginx', '-g', 'daemon off;'], true, 'nginx');
    expect(writeStdin(p, 'c', 'hello\n', T0 + 1000)).toBe(true);
    expect(unreadInput(p, 'c')).toBe(true);
    expect(awaitingInput(p, 'c')).toBe(false);
    expect(mainShellPrompt(p, 'c')).toBe('');
    const sh = container(['sh']);
    writeStdin(sh, 'c', 'echo x\n', T0 + 1000);
    expect(unreadInput(sh, 'c')).toBe(false);
  });
});
