// `kubectl attach` and `kubectl run --attach/-i/-t`: the container's main process, attached.
// Its output is what it writes to its log from now on; with -i, what the user types (or pipes)
// reaches its stdin (runtime writeStdin: a container with `stdin: true` keeps it open, and a shell
// there runs each command as it arrives). Every step is one short cluster session, so no lock is
// held while the user types; between a line and the next prompt the command waits as `wait` does
// (src/client/wait.ts waitUntil: simulated time with the manual clock, short sessions every
// 200 ms with the wall clock) until the process reads again or the container stops.
import { readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { podRecord, savePodRecord } from '../cluster/kubelet.js';
import { attachNodeFs } from '../cluster/node-fs.js';
import { isManualClock } from '../cluster/clock.js';
import { awaitingInput, interruptMain, mainShellPrompt, unreadInput, writeStdin, type LogLine, type PodRt } from '../runtime/index.js';
import type { ClusterSession } from '../cluster/session.js';
import type { Pod } from '../types/k8s.js';
import { containerLogLines, containerRunning } from '../cluster/pod-logs.js';
import { interactiveShell } from './exec-shell.js';
import { waitTimeoutMs, waitUntil } from './wait.js';

type Open = <T>(fn: (s: ClusterSession) => T) => Promise<T>;

export interface AttachIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
  errors: NodeJS.WritableStream;
}

/** The attached container instance: its output printed so far, and whether it still runs. */
export class AttachedContainer {
  private printed: number;
  private readonly containerID: string | undefined;
  /** One session at a time from this process (a poll between lines and a line typed may overlap). */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly open: Open;

  constructor(
    open: Open,
    readonly pod: Pod,
    readonly name: string,
    s: ClusterSession,
    /** Lines already written that the user sees too (`run --attach` shows them from the start). */
    fromStart: boolean,
  ) {
    this.open = (fn) => {
      const job = this.queue.then(() => open(fn));
      this.queue = job.catch(() => undefined);
      return job;
    };
    this.printed = fromStart ? 0 : containerLogLines(s, pod, name).length;
    this.containerID = this.record(s)?.containerID;
  }

  private record(s: ClusterSession) {
    return podRecord(s.store, this.pod.metadata.namespace!, this.pod.metadata.name!)?.containers[this.name];
  }

  /** The lines written since the last call (the processes advanced to now). */
  private newLines(s: ClusterSession): LogLine[] {
    const lines = containerLogLines(s, this.pod, this.name);
    const out = lines.slice(Math.min(this.printed, lines.length));
    this.printed = lines.length;
    return out;
  }

  /** The instance attached to has stopped (exited, or restarted as another instance). */
  private ended(s: ClusterSession): boolean {
    const cr = this.record(s);
    return !cr || cr.containerID !== this.containerID || !containerRunning(s, this.pod, this.name);
  }

  /** Runs `fn` on the pod's runtime state at now inside the session and stores it (as exec does). */
  private inRuntime<T>(s: ClusterSession, fn: (rt: PodRt, now: number) => T): T | undefined {
    const rec = podRecord(s.store, this.pod.metadata.namespace!, this.pod.metadata.name!);
    if (!rec?.rt?.containers[this.name] || this.ended(s)) return undefined;
    const copy = structuredClone(rec);
    attachNodeFs(s.store, copy.rt, this.pod.spec.nodeName);
    const r = fn(copy.rt!, s.now);
    savePodRecord(s.engine, copy);
    return r;
  }

  /**
   * Input to the main process; `close` ends its stdin. True when the process took it in (it was
   * reading): false when its stdin is not open, or it does not read now (nothing to wait for then).
   */
  send(text: string, close = false): Promise<boolean> {
    return this.open((s) => this.inRuntime(s, (rt, now) => writeStdin(rt, this.name, text, now, close) && !unreadInput(rt, this.name)) ?? false);
  }

  /** Writes the output as it comes until `done` holds (or the container stops): an hour of simulated time at most with the manual clock. */
  async follow(write: (line: LogLine) => void, done: (s: ClusterSession) => boolean = () => false): Promise<void> {
    await waitUntil(
      this.open,
      (s) => {
        for (const l of this.newLines(s)) write(l);
        return this.ended(s) || done(s);
      },
      isManualClock() ? 3600_000 : waitTimeoutMs(-1),
    );
  }

  /** Input to the main process, then its output until it reads again (or does not read: then none is awaited). */
  private async feed(text: string, write: (line: LogLine) => void): Promise<void> {
    const taken = await this.send(text);
    await this.follow(write, (s) => !taken || this.state(s).waiting);
  }

  /** Whether the main process waits for input, and the prompt its shell would show. */
  private state(s: ClusterSession): { waiting: boolean; prompt: string; ended: boolean } {
    containerLogLines(s, this.pod, this.name); // advances the processes to now (and stores them)
    const rt = podRecord(s.store, this.pod.metadata.namespace!, this.pod.metadata.name!)?.rt;
    const ended = this.ended(s);
    return { ended, waiting: !ended && !!rt && awaitingInput(rt, this.name), prompt: rt && !ended ? mainShellPrompt(rt, this.name) : '' };
  }

  /**
   * A terminal attached to the main process: each line typed goes to its stdin, then its output
   * until it reads again; a shell there prompts as `exec -it`'s does. Ends when the container
   * stops, or at the end of input (Ctrl-D), which closes the process's stdin when it is a TTY's or
   * the container is stdinOnce.
   */
  async terminal(io: AttachIo & { tty: boolean; stdinOnce: boolean }): Promise<void> {
    const chunk = (l: LogLine) => ({ s: l.s, x: l.p ? l.x : `${l.x}\n` });
    const show = (l: LogLine) => (io.tty || l.s === 1 ? io.output : io.errors).write(chunk(l).x);
    const first = await this.open((s) => {
      for (const l of this.newLines(s)) show(l); // what it wrote before the first prompt
      return this.state(s);
    });
    if (first.ended) return;
    await interactiveShell(
      first.prompt,
      async (text) => {
        const output: { s: 1 | 2; x: string }[] = [];
        await this.feed(`${text}\n`, (l) => output.push(chunk(l)));
        const after = await this.open((s) => this.state(s));
        return { output, exitCode: 0, exited: after.ended, prompt: after.prompt, ps2: after.prompt };
      },
      {
        ...io,
        eofText: '\n',
        interrupt: () => void this.open((s) => this.inRuntime(s, (rt, now) => interruptMain(rt, this.name, now))),
        // with the wall clock the process runs on between lines: its output shows, its end ends the session
        poll: () => this.open((s) => ({ output: this.newLines(s).map(chunk), ended: this.ended(s) })),
      },
    );
    const running = await this.open((s) => !this.ended(s));
    if (running && (io.tty || io.stdinOnce)) {
      // a reader (a shell, cat) ends at the end of its input; what that prints is the last look
      await this.send('', true);
      await this.open((s) => this.newLines(s).forEach(show));
    }
  }

  /**
   * Input that is not a terminal and comes over time (a client's stdin over the network): each chunk
   * as it arrives, byte for byte, then the end of input when stdinOnce; output until the container
   * stops. With the wall clock the output shows while no input comes; with the manual clock time
   * moves only as far as the process reading again after each chunk, until the input ends.
   */
  async stream(input: AsyncIterable<Buffer>, stdinOnce: boolean, write: (line: LogLine) => void): Promise<void> {
    const decoder = new StringDecoder('utf8');
    // settled, never rejected, so a client gone while input waits is no unhandled rejection
    const meanwhile = isManualClock() ? undefined : this.follow(write).then(() => undefined, (e: unknown) => e ?? new Error('attach failed'));
    for await (const chunk of input) {
      const text = decoder.write(chunk);
      if (text) await (meanwhile ? this.send(text) : this.feed(text, write));
    }
    await this.send(decoder.end(), stdinOnce);
    const failed = await (meanwhile ?? this.follow(write));
    if (failed) throw failed;
  }

  /** Input that is not a terminal (a pipe, a file): all of it, then the end of input when stdinOnce; output until the container stops. */
  async pipe(text: string, stdinOnce: boolean, write: (line: LogLine) => void): Promise<void> {
    await this.send(text, stdinOnce);
    await this.follow(write);
  }
}

export interface AttachOptions {
  /** -i: input goes to the process. */
  stdin: boolean;
  /** The container has a TTY (its output is one stream). */
  tty: boolean;
  stdinOnce: boolean;
  quiet: boolean;
  /** `kubectl attach`, for the reattach message. */
  commandName: string;
  restartPolicy: string;
}

/** Whether input is a raw terminal session (stdin, a TTY container, a terminal here): kubectl's SetupTTY. */
export function rawTerminal(stdin: boolean, tty: boolean): boolean {
  return stdin && tty && process.stdin.isTTY === true;
}

/** SetupTTY's note when a TTY is wanted but the input is no terminal. */
export function ttyNote(stdin: boolean, tty: boolean): string | undefined {
  return stdin && tty && !rawTerminal(stdin, tty) ? 'Unable to use a TTY - input is not a terminal or the right kind of file' : undefined;
}

/** The attach proper, after kubectl's messages: output, input from a terminal or a pipe, and the reattach message. */
export async function attachStreams(a: AttachedContainer, o: AttachOptions): Promise<void> {
  const write = (l: LogLine) => (o.tty || l.s === 1 ? process.stdout : process.stderr).write(`${l.x}${l.p ? '' : '\n'}`);
  if (!o.stdin) return a.follow(write);
  if (process.stdin.isTTY === true) {
    await a.terminal({ input: process.stdin, output: process.stdout, errors: process.stderr, tty: o.tty, stdinOnce: o.stdinOnce });
    // attach.go reattachMessage: a raw terminal session on a pod that will run the container again
    // (an ephemeral container never runs again, but may still run to be attached to).
    if (rawTerminal(o.stdin, o.tty) && !o.quiet && o.restartPolicy === 'Always') {
      const again = `'${o.commandName} ${a.pod.metadata.name} -c ${a.name} -i -t'`;
      const ephemeral = a.pod.spec.ephemeralContainers?.some((c) => c.name === a.name);
      process.stdout.write(
        ephemeral
          ? `Session ended, the ephemeral container will not be restarted but may be reattached using ${again} if it is still running\n`
          : `Session ended, resume using ${again} command when the pod is running\n`,
      );
    }
    return;
  }
  let text = '';
  try {
    text = readFileSync(0, 'utf8');
  } catch {
    // no input at all (closed stdin)
  }
  await a.pipe(text, o.stdinOnce, write);
}
