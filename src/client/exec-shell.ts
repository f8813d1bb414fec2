// `kubectl exec -it POD -- sh`: the interactive shell's line loop. Each line typed at the
// terminal is run through the container's shell (one cluster session per line, so the files it
// changes are stored at once and other commands see them), with the shell's state (variables,
// functions, working directory, $?) carried from line to line by the caller's `run`.
import { createInterface } from 'node:readline';
import { execShellLine, openShellSession, shellPrompt, type ExecResult, type PodRt, type ShellSession } from '../runtime/index.js';
import { WAIT_POLL_MS } from './wait.js';

export interface ShellLineOutcome {
  output: { s: 1 | 2; x: string }[];
  exitCode: number;
  /** The line ran `exit`. */
  exited: boolean;
  /** The line is an unfinished command (open quote, `if` without `fi`): more lines follow. */
  incomplete?: boolean;
  /** The prompts after this line: PS1, and PS2 for the next line of an unfinished command. */
  prompt: string;
  ps2: string;
}

export interface ShellSessionIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
  errors: NodeJS.WritableStream;
  /** `-t`: the terminal is the shell's, so it prompts, echoes and merges stderr into stdout. */
  tty: boolean;
  /** What the shell prints when the terminal ends the input (Ctrl-D): bash says `exit`. */
  eofText: string;
  /** Ctrl-C: the terminal's SIGINT to what runs in the foreground (`attach`: the main process, unless it waits at its prompt). */
  interrupt?: () => void;
  /**
   * `attach`: what the process wrote while no line runs, and whether it has ended (the session
   * ends with it); asked every WAIT_POLL_MS between lines.
   */
  poll?: () => Promise<{ output: { s: 1 | 2; x: string }[]; ended: boolean }>;
}

/** Runs the session until `exit` or the end of input; resolves to the shell's exit status. */
export function interactiveShell(firstPrompt: string, run: (text: string) => Promise<ShellLineOutcome>, io: ShellSessionIo): Promise<number> {
  const rl = createInterface({ input: io.input, output: io.tty ? io.output : undefined, terminal: io.tty, historySize: io.tty ? 500 : 0, prompt: firstPrompt });
  let prompt = firstPrompt;
  let ps2 = '> ';
  let pending = '';
  let status = 0;
  let busy = false;
  let closed = false;
  let done = false;
  let partialLine = false;
  const queue: string[] = [];

  return new Promise<number>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (code: number, err?: unknown): void => {
      if (done) return;
      done = true;
      if (timer) clearInterval(timer);
      rl.close();
      io.input.pause?.();
      if (err !== undefined) reject(err);
      else resolve(code);
    };
    const showPrompt = (): void => {
      // attach to a program that is not a shell: no prompt to show
      if (!io.tty || done || (!pending && !prompt)) return;
      if (partialLine) {
        // readline redraws the prompt from column 0: keep output without a final newline
        io.output.write('\n');
        partialLine = false;
      }
      rl.setPrompt(pending ? ps2 : prompt);
      rl.prompt();
    };
    const write = (chunks: { s: 1 | 2; x: string }[]): void => {
      for (const c of chunks) {
        if (!c.x) continue;
        (io.tty || c.s === 1 ? io.output : io.errors).write(c.x);
        if (io.tty) partialLine = !c.x.endsWith('\n');
      }
    };
    const pump = async (): Promise<void> => {
      if (busy || done) return;
      busy = true;
      try {
        while (queue.length && !done) {
          const line = queue.shift()!;
          const text = pending ? `${pending}\n${line}` : line;
          if (!text.trim()) {
            pending = '';
            continue;
          }
          const r = await run(text);
          write(r.output);
          prompt = r.prompt;
          ps2 = r.ps2;
          if (r.exited) return finish(r.exitCode);
          pending = r.incomplete ? text : '';
          if (!r.incomplete) status = r.exitCode;
          if (queue.length === 0 && !closed) showPrompt();
        }
      } catch (e) {
        return finish(1, e);
      } finally {
        busy = false;
      }
      if (closed && queue.length === 0) {
        // Ctrl-D (end of input): the shell ends with the last status
        if (io.tty) io.output.write((partialLine ? '\n' : '') + io.eofText);
        finish(status);
      }
    };
    rl.on('line', (line) => {
      queue.push(line);
      void pump();
    });
    rl.on('close', () => {
      closed = true;
      void pump();
    });
    rl.on('SIGINT', () => {
      io.interrupt?.();
      if (busy) {
        // Ctrl-C while a line runs: its foreground command is interrupted; the prompt follows its end
        if (io.interrupt && io.tty) io.output.write('^C\n');
        return;
      }
      if (!pending && !prompt) {
        // a program with no prompt (attach): the terminal echoes it, nothing to redraw
        if (io.tty) io.output.write('^C\n');
        return;
      }
      // Ctrl-C at the prompt: the shell drops the line and prompts again
      pending = '';
      rl.write(null, { ctrl: true, name: 'e' });
      io.output.write('^C\n');
      rl.write(null, { ctrl: true, name: 'u' });
      showPrompt();
    });
    if (io.poll) {
      let polling = false;
      timer = setInterval(() => {
        if (busy || polling || done) return;
        polling = true;
        io.poll!()
          .then((r) => {
            if (done) return;
            write(r.output);
            if (r.output.length && prompt && !busy) showPrompt();
            if (r.ended) finish(status);
          }, (e: unknown) => finish(1, e))
          .finally(() => (polling = false));
      }, WAIT_POLL_MS);
    }
    showPrompt();
  });
}

/** Runs a function on the container's runtime state in a cluster session (the caller picks pod and container). */
export type InContainer = <T>(fn: (rt: PodRt, name: string, now: number) => T) => Promise<T>;

/**
 * `exec -i` of a shell: opens it in the container and runs the line loop, one
 * cluster session per line. `failed` when the shell could not start (its
 * output and status); else the shell's exit status.
 */
export async function runShellSession(argv: string[], inContainer: InContainer, io: Omit<ShellSessionIo, 'eofText'>, beforeLoop?: () => void): Promise<{ failed?: ExecResult; code: number }> {
  const opened = await inContainer((rt, name) => {
    const session = openShellSession(rt, name, argv);
    return 'shell' in session ? { session, prompt: shellPrompt(rt, name, session) } : { failed: session };
  });
  if (opened.failed || !opened.session) return { failed: opened.failed, code: opened.failed?.exitCode ?? 1 };
  let session: ShellSession = opened.session;
  const run = (text: string): Promise<ShellLineOutcome> =>
    inContainer((rt, name, now) => {
      const r = execShellLine(rt, name, session, text, now);
      session = r.session;
      return { ...r, prompt: shellPrompt(rt, name, session), ps2: shellPrompt(rt, name, session, true) };
    });
  beforeLoop?.();
  const code = await interactiveShell(opened.prompt, run, { ...io, eofText: session.shell === 'bash' ? 'exit\n' : '\n' });
  return { code };
}
