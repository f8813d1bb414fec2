// The shell interpreter. Its whole state is the process's ShellState (plain
// JSON): every executing construct keeps its position in a frame on an explicit
// stack, indexed by nesting depth. Running again walks the same tree from the
// root and each construct resumes from its frame, so a `sleep 3600` started an
// hour ago simply finishes when the budget reaches its end time.
import type { Node, Redir, Word, WordPart } from './ast.js';
import { incompleteScript, parseScript, ShSyntaxError } from './parse.js';
import { evalArith } from './arith.js';
import type { Buf, Io, Proc, ShellState, Sink } from '../types.js';
import { FsError, MAX_OUTPUT_BYTES, normalize, type Vfs } from '../fs.js';

/** Thrown to unwind the interpreter when the process has to wait past the budget. */
export const SUSPEND = Symbol('suspend');
export class ExitSignal {
  constructor(readonly code: number) {}
}
class ReturnSignal {
  constructor(readonly code: number) {}
}
class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public n: number,
  ) {}
}

/** What an applet asks of the interpreter: an exit status, or to wait. */
export type AppletResult = number | { wait: number | null; code?: number; onTerm?: 'exit0' | 'ignore'; termCode?: number; mem?: number; cpu?: number; listen?: number[] };

export interface AppletCtx {
  argv: string[];
  sh: Interp;
  proc: Proc;
  vfs: Vfs;
  cwd: string;
  env: Record<string, string>;
  now: number;
  io: Io;
  /** The command's frame and depth (for applets that run shell code). */
  frame: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  depth: number;
  readAll(): string;
  readLine(): string | undefined;
  /** At most `max` characters of the input (an endless one is read only that far). */
  read(max: number): string;
  out(text: string): void;
  /** Writes `text` again and again without end (`yes`): see Interp.writeEndless. */
  outEndless(text: string): void;
  err(text: string): void;
}

export type Applet = (ctx: AppletCtx) => AppletResult;

/** What the interpreter needs from the runtime around it. */
export interface Kernel {
  vfs(proc: Proc): Vfs;
  log(proc: Proc, stream: 1 | 2, line: string, at: number, partial?: boolean): void;
  applet(name: string, proc: Proc): Applet | undefined;
  /** Starts a background process; undefined when the fork fails (too many processes). */
  spawn(parent: Proc, node: Node, io: Io, argv: string[]): number | undefined;
  /** Set when a process ran away (a fork bomb, a string doubling without end): every shell of the run unwinds. */
  runaway?: Runaway;
  /** How deep shell constructs are nested right now, across every shell of the run (they share the JS stack). */
  depth: number;
  /** Bytes the run's processes have written so far. */
  written: number;
  /** Whether pid is still alive at the parent's current time; its exit time and code when not. */
  waitPid(parent: Proc, pid: number): { at: number; code: number } | undefined | 'running';
  children(parent: Proc): number[];
  nextPid(): number;
  /** Bumped on every filesystem write in this run (loop fast-forward uses it). */
  writes: number;
  /** Lines dropped by fast-forwarding a loop. */
  dropLines(proc: Proc, n: number): void;
  /** The processes `viewer` can see (its PID namespace), with the commands they run in the foreground. */
  processes(viewer: Proc): PsEntry[];
  /** Sends a signal; false when there is no such process. */
  signal(from: Proc, pid: number, sig: string): boolean;
  /** An HTTP GET from inside the pod. */
  http(from: Proc, url: string): { status: number; body: string } | { error: string };
  hostname(proc: Proc): string;
  /** The pod's IP (its DNS search path); absent on a node. */
  podIp?(): string;
}

export interface PsEntry {
  pid: number;
  uid: number;
  argv: string[];
  /** The container the process belongs to. */
  container: string;
  start: number;
  memBytes: number;
  state: 'S' | 'R';
}

export const MAX_STEPS = 200_000;
/** The longest word or variable a shell builds: more is a runaway (`x=$x$x` forever). */
export const MAX_WORD_BYTES = 4 * 1024 * 1024;

/** Why a run was stopped: a fork bomb, or a shell whose strings grew without end. */
export type Runaway = 'forks' | 'memory' | 'depth' | 'output';
export { MAX_OUTPUT_BYTES };
/** Lines of an endless writer's output a container log receives before the output limit stops it (the kubelet keeps 10,000). */
const LOG_LINES_KEPT = 10_000;
/** How deep shell constructs may nest in one run (a function calling itself without end); about half what the JS stack holds. */
export const MAX_DEPTH = 500;
/** Iterations of a steady loop replayed in full at the end of a catch-up. */
const KEEP_ITERATIONS = 500;

export function newShell(prog: Node, opts: { vars: Record<string, string>; exported: string[]; cwd: string; arg0?: string; pos?: string[] }): ShellState {
  return {
    vars: { ...opts.vars },
    exported: [...opts.exported],
    pos: opts.pos ?? [],
    arg0: opts.arg0 ?? 'sh',
    cwd: opts.cwd,
    status: 0,
    funcs: {},
    traps: {},
    stack: [],
    bufs: {},
    nextBuf: 1,
    prog,
    partial: { 1: '', 2: '' },
  };
}

type F = Record<string, unknown> & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class Interp {
  private steps = 0;
  /** A write to a file failed for want of space (the applet then reports a write error). */
  private noSpace = false;
  readonly st: ShellState;

  constructor(
    readonly proc: Proc,
    readonly k: Kernel,
    /** The instant up to which the process may run. */
    readonly budget: number,
  ) {
    this.st = proc.sh;
  }

  get now(): number {
    return this.proc.now;
  }

  /** Whether the last run ended through `exit` (an interactive shell's line ending the session). */
  exited = false;

  /**
   * Runs the program until it ends (returns its exit status) or has to wait past the budget (returns undefined).
   * `interactive`: the program is one line typed at an interactive shell, so the EXIT trap waits for `exit`.
   */
  run(io: Io, interactive = false): number | undefined {
    try {
      const code = this.exec(this.st.prog, 0, io);
      this.st.stack.length = 0;
      if (interactive) {
        this.flush();
        return code;
      }
      return this.finish(code, io);
    } catch (e) {
      if (e === SUSPEND) return undefined;
      if (e instanceof ExitSignal) {
        this.st.stack.length = 0;
        this.exited = true;
        return this.finish(e.code, io);
      }
      if (e instanceof ReturnSignal) return this.finish(e.code, io);
      if (e instanceof LoopSignal) return this.finish(0, io);
      throw e;
    }
  }

  private finish(code: number, io: Io): number {
    const exitTrap = this.st.traps['EXIT'];
    if (exitTrap) {
      delete this.st.traps['EXIT'];
      try {
        this.evalString(exitTrap, 0, io);
      } catch (e) {
        if (e instanceof ExitSignal) code = e.code;
        else if (e !== SUSPEND) throw e;
      }
    }
    this.flush();
    return code;
  }

  /** Writes out unterminated log output (at exit). */
  flush(): void {
    for (const s of [1, 2] as const) {
      if (this.st.partial[s]) {
        this.k.log(this.proc, s, this.st.partial[s], this.now, true);
        this.st.partial[s] = '';
      }
    }
  }

  // ---------- frames ----------
  private frame(d: number, init: () => F): F {
    let f = this.st.stack[d] as F | undefined;
    if (!f) {
      f = init();
      this.st.stack[d] = f;
    }
    return f;
  }
  private drop(d: number): void {
    this.st.stack.length = d;
  }

  // ---------- output ----------
  write(sink: Sink, text: string): void {
    if (!text) return;
    if ((this.k.written += text.length) > MAX_OUTPUT_BYTES) {
      this.k.runaway = 'output';
      throw SUSPEND;
    }
    switch (sink.k) {
      case 'null':
        return;
      case 'buf': {
        const b = this.st.bufs[sink.id];
        if (b) b.d += text;
        return;
      }
      case 'file':
        try {
          this.k.vfs(this.proc).writeFile(sink.path, '/', text, true);
          this.k.writes++;
        } catch (e) {
          // A full disk is the writer's error; a file that went away is nobody's.
          if (e instanceof FsError && e.code === 'ENOSPC') this.noSpace = true;
        }
        return;
      case 'log': {
        const all = this.st.partial[sink.s] + text;
        const lines = all.split('\n');
        this.st.partial[sink.s] = lines.pop()!;
        this.st.lines = (this.st.lines ?? 0) + lines.length;
        for (const l of lines) this.k.log(this.proc, sink.s, l, this.now);
      }
    }
  }

  /**
   * An endless writer: a pipe's reader takes as much as it reads (`yes | head -3` ends); a file
   * fills to its limit (ENOSPC, the writer's error); anything else is written until the run's
   * output limit stops it.
   */
  writeEndless(sink: Sink, text: string): void {
    if (!text) return;
    if (sink.k === 'buf') {
      const b = this.st.bufs[sink.id];
      if (b) b.more = text;
      return;
    }
    if (sink.k === 'log') {
      // The kubelet keeps a log's last lines only: write as many as it keeps, then the limit stops the writer.
      this.write(sink, text.repeat(LOG_LINES_KEPT));
      this.k.runaway = 'output';
      throw SUSPEND;
    }
    const chunk = text.repeat(Math.ceil((64 * 1024) / text.length));
    while (!this.noSpace) this.write(sink, chunk);
  }

  /** Refills an endless buffer's unread part with its repeated text, to at least `want` characters. */
  private refill(b: { d: string; p: number; more?: string }, want: number): void {
    if (!b.more || b.d.length - b.p >= want) return;
    const rest = b.d.slice(b.p);
    b.d = rest + b.more.repeat(Math.ceil((want - rest.length) / b.more.length));
    b.p = 0;
  }

  newBuf(data = ''): string {
    const id = String(this.st.nextBuf++);
    this.st.bufs[id] = { d: data, p: 0 };
    return id;
  }
  freeBuf(id: string | null | undefined): void {
    if (id) delete this.st.bufs[id];
  }
  readAll(io: Io): string {
    if (!io.in) return '';
    const b = this.st.bufs[io.in];
    if (!b) return '';
    if (b.open) this.awaitInput(b);
    if (b.more) {
      // Reading an endless stream to its end: the output limit's case (`yes | wc -l`).
      this.k.runaway = 'output';
      throw SUSPEND;
    }
    const s = b.d.slice(b.p);
    b.p = b.d.length;
    return s;
  }
  readLine(io: Io): string | undefined {
    if (!io.in) return undefined;
    const b = this.st.bufs[io.in];
    if (!b) return undefined;
    if (b.open && b.d.indexOf('\n', b.p) < 0) this.awaitInput(b);
    if (b.more && b.d.indexOf('\n', b.p) < 0) this.refill(b, b.d.length - b.p + b.more.length + 1);
    if (b.p >= b.d.length) return undefined;
    const nl = b.d.indexOf('\n', b.p);
    const end = nl < 0 ? b.d.length : nl;
    const line = b.d.slice(b.p, end);
    b.p = nl < 0 ? b.d.length : nl + 1;
    return line;
  }

  /**
   * A read from an open stdin with nothing (more) to read: the process waits for input, which
   * resumes it (writeStdin in runtime/index.ts). The command re-runs from its start then, as after
   * any suspension, so readers read before they write.
   */
  private awaitInput(b: Buf): never {
    b.w = 1;
    throw SUSPEND;
  }

  /** Whether this input may still grow (a container's stdin): `sh` then reads commands one by one. */
  inputOpen(io: Io): boolean {
    return !!(io.in && this.st.bufs[io.in]?.open);
  }

  /**
   * `sh` reading commands from an open stdin (the main process of a container with `stdin: true`,
   * as `kubectl run -it -- sh` makes): each complete command runs as it arrives, so an attached
   * terminal sees its output before typing the next; the end of input ends the shell.
   */
  repl(ctx: AppletCtx, arg0: string): number {
    const f = ctx.frame;
    f.ph = 'repl';
    f.save = { ...(this.snapshot() as object), arg0: this.st.arg0 };
    this.st.vars = { ...ctx.env, PWD: this.st.cwd };
    this.st.exported = Object.keys(ctx.env);
    this.st.funcs = {};
    this.st.traps = {};
    this.st.pos = [];
    this.st.arg0 = arg0;
    this.st.status = 0;
    return this.continueRepl(f, ctx.depth, ctx.io);
  }

  private continueRepl(f: F, d: number, io: Io): number {
    for (;;) {
      if (f.cmd) {
        try {
          this.st.status = this.exec(f.cmd as Node, d + 1, io);
        } catch (e) {
          if (!(e instanceof ExitSignal)) throw e;
          this.restore(f.save);
          return e.code;
        }
        delete f.cmd;
        this.drop(d + 1);
        this.flush(); // a terminal shows a line without its newline (printf) before the next prompt
      }
      const line = this.readLine(io);
      if (line === undefined) {
        const status = this.st.status;
        this.restore(f.save);
        return status;
      }
      const text = f.pending !== undefined ? `${f.pending as string}\n${line}` : line;
      delete f.pending;
      if (!text.trim()) continue;
      try {
        f.cmd = parseScript(text);
      } catch (e) {
        if (!(e instanceof ShSyntaxError)) throw e;
        if (incompleteScript(text, e)) f.pending = text;
        else {
          this.errMsg(io, e.message);
          this.st.status = 2;
        }
      }
    }
  }

  /** Whether the shell reading commands from stdin has an unfinished command (it prompts with PS2). */
  static replPending(stack: Record<string, unknown>[]): boolean {
    return stack.some((f) => f['ph'] === 'repl' && f['pending'] !== undefined);
  }

  read(io: Io, max: number): string {
    if (!io.in) return '';
    const b = this.st.bufs[io.in];
    if (!b) return '';
    if (b.open && b.p >= b.d.length) this.awaitInput(b);
    this.refill(b, max);
    const s = b.d.slice(b.p, b.p + max);
    b.p += s.length;
    return s;
  }

  errMsg(io: Io, msg: string): void {
    this.write(io.err, `${this.st.arg0 === 'bash' || this.st.arg0 === '/bin/bash' ? 'bash' : 'sh'}: ${msg}\n`);
  }

  private tick(): void {
    if (this.k.runaway || ++this.steps > MAX_STEPS) throw SUSPEND;
  }

  /** The program was stopped after MAX_STEPS steps without waiting (a busy loop), not to wait for time to pass. */
  get outOfSteps(): boolean {
    return this.steps > MAX_STEPS;
  }

  /** A word past MAX_WORD_BYTES stops the run (`out of memory` is what a real shell would come to). */
  private bounded<T extends string | string[]>(v: T): T {
    const size = typeof v === 'string' ? v.length : v.reduce((n, x) => n + x.length, 0);
    if (size > MAX_WORD_BYTES) {
      this.k.runaway = 'memory';
      throw SUSPEND;
    }
    return v;
  }

  // ---------- execution ----------
  exec(node: Node, d: number, io: Io): number {
    this.tick();
    // Every construct nests on the JS stack, through functions and background children alike.
    if (++this.k.depth > MAX_DEPTH) {
      this.k.depth = 0;
      this.k.runaway = 'depth';
      throw SUSPEND;
    }
    try {
      return this.execNode(node, d, io);
    } finally {
      if (this.k.depth > 0) this.k.depth--;
    }
  }

  private execNode(node: Node, d: number, io: Io): number {
    switch (node.t) {
      case 'list':
        return this.execList(node, d, io);
      case 'andor': {
        const f = this.frame(d, () => ({ i: -1, st: 0 }));
        if (f.i === -1) {
          f.st = this.exec(node.first, d + 1, io);
          this.drop(d + 1);
          f.i = 0;
        }
        for (; f.i < node.rest.length; f.i++) {
          const r = node.rest[f.i]!;
          if ((r.op === '&&' && f.st !== 0) || (r.op === '||' && f.st === 0)) continue;
          f.st = this.exec(r.node, d + 1, io);
          this.drop(d + 1);
        }
        this.st.status = f.st;
        return f.st;
      }
      case 'pipe':
        return this.execPipe(node, d, io);
      case 'cmd':
        return this.execCmd(node, d, io);
      case 'func':
        this.st.funcs[node.name] = node.body;
        return 0;
      default:
        return this.execCompound(node, d, io);
    }
  }

  private execList(node: Extract<Node, { t: 'list' }>, d: number, io: Io): number {
    const f = this.frame(d, () => ({ i: 0, st: this.st.status }));
    for (; f.i < node.items.length; f.i++) {
      const item = node.items[f.i]!;
      if (item.bg) {
        const pid = this.k.spawn(this.proc, item.node, { in: null, out: io.out, err: io.err }, ['sh']);
        if (pid === undefined) {
          this.errMsg(io, "can't fork: Resource temporarily unavailable");
          f.st = this.st.status = 2;
          continue;
        }
        this.st.lastBg = pid;
        f.st = 0;
        continue;
      }
      f.st = this.exec(item.node, d + 1, io);
      this.st.status = f.st;
      this.drop(d + 1);
    }
    return f.st;
  }

  private execPipe(node: Extract<Node, { t: 'pipe' }>, d: number, io: Io): number {
    const f = this.frame(d, () => ({ i: 0, bufs: node.cmds.slice(1).map(() => this.newBuf()), st: 0, save: null }));
    for (; f.i < node.cmds.length; f.i++) {
      const last = f.i === node.cmds.length - 1;
      const stageIo: Io = {
        in: f.i === 0 ? io.in : f.bufs[f.i - 1],
        out: last ? io.out : { k: 'buf', id: f.bufs[f.i] },
        err: io.err,
      };
      if (!f.save) f.save = this.snapshot();
      try {
        f.st = this.exec(node.cmds[f.i]!, d + 1, stageIo);
      } catch (e) {
        if (!(e instanceof ExitSignal)) throw e;
        f.st = e.code;
      }
      this.restore(f.save);
      f.save = null;
      this.drop(d + 1);
    }
    for (const b of f.bufs) this.freeBuf(b);
    const st = node.bang ? (f.st === 0 ? 1 : 0) : f.st;
    this.st.status = st;
    return st;
  }

  private snapshot(): unknown {
    const { vars, exported, pos, cwd, funcs, traps } = this.st;
    return JSON.parse(JSON.stringify({ vars, exported, pos, cwd, funcs, traps }));
  }
  private restore(s: unknown): void {
    Object.assign(this.st, s as object);
  }

  private execCompound(node: Exclude<Node, { t: 'list' | 'andor' | 'pipe' | 'cmd' | 'func' }>, d: number, io0: Io): number {
    const f = this.frame(d, () => ({ io: null, ph: 0 }));
    if (!f.io) {
      const r = this.applyRedirs(node.redirs, io0);
      if (typeof r === 'number') {
        this.drop(d);
        return r;
      }
      f.io = r;
    }
    const io = f.io as Io;
    const st = this.runCompound(node, d, io, f);
    this.closeIo(io, io0);
    return st;
  }

  private runCompound(node: Exclude<Node, { t: 'list' | 'andor' | 'pipe' | 'cmd' | 'func' }>, d: number, io: Io, f: F): number {
    switch (node.t) {
      case 'group':
        return this.exec(node.body, d + 1, io);
      case 'sub': {
        if (!f.save) f.save = this.snapshot();
        let st: number;
        try {
          st = this.exec(node.body, d + 1, io);
        } catch (e) {
          if (!(e instanceof ExitSignal)) throw e;
          st = e.code;
        }
        this.restore(f.save);
        this.st.status = st;
        return st;
      }
      case 'if': {
        // f.c: clause index being evaluated; f.in: 'cond' | 'body'
        if (f.c === undefined) {
          f.c = 0;
          f.in = 'cond';
        }
        while (f.c < node.clauses.length) {
          const cl = node.clauses[f.c]!;
          if (f.in === 'cond') {
            const st = this.exec(cl.cond, d + 1, io);
            this.drop(d + 1);
            if (st === 0) f.in = 'body';
            else {
              f.c++;
              continue;
            }
          }
          const st = this.exec(cl.body, d + 1, io);
          return st;
        }
        if (node.else) {
          f.c = node.clauses.length;
          return this.exec(node.else, d + 1, io);
        }
        this.st.status = 0;
        return 0;
      }
      case 'while': {
        if (f.in === undefined) {
          f.in = 'cond';
          f.st = 0;
        }
        for (;;) {
          try {
            if (f.in === 'cond') {
              this.fastForward(f, node);
              const c = this.exec(node.cond, d + 1, io);
              this.drop(d + 1);
              if ((c === 0) === node.until) break;
              f.in = 'body';
            }
            f.st = this.exec(node.body, d + 1, io);
            this.drop(d + 1);
            f.in = 'cond';
          } catch (e) {
            if (!(e instanceof LoopSignal)) throw e;
            this.drop(d + 1);
            if (e.n > 1) {
              e.n--;
              throw e;
            }
            if (e.kind === 'break') break;
            f.in = 'cond';
          }
        }
        this.st.status = f.st;
        return f.st;
      }
      case 'for': {
        if (!f.items) f.items = node.items ? this.expandWords(node.items, io) : [...this.st.pos];
        if (f.i === undefined) f.i = 0;
        if (f.st === undefined) f.st = 0;
        for (; f.i < f.items.length; f.i++) {
          if (!f.entered) {
            this.st.vars[node.name] = f.items[f.i];
            f.entered = true;
          }
          try {
            f.st = this.exec(node.body, d + 1, io);
          } catch (e) {
            if (!(e instanceof LoopSignal)) throw e;
            this.drop(d + 1);
            f.entered = false;
            if (e.n > 1) {
              e.n--;
              throw e;
            }
            if (e.kind === 'break') break;
            continue;
          }
          this.drop(d + 1);
          f.entered = false;
        }
        return f.st;
      }
      case 'case': {
        if (f.arm === undefined) {
          const w = this.expandString(node.word, io);
          f.arm = -1;
          for (let i = 0; i < node.arms.length && f.arm < 0; i++) {
            for (const p of node.arms[i]!.pats) {
              if (globMatch(this.expandPattern(p, io), w)) {
                f.arm = i;
                break;
              }
            }
          }
        }
        if (f.arm < 0 || !node.arms[f.arm]!.body) return 0;
        return this.exec(node.arms[f.arm]!.body!, d + 1, io);
      }
    }
  }

  /**
   * A loop whose iterations change nothing but the clock (same variables, no
   * file writes) and take the same time is advanced arithmetically: only the
   * last KEEP_ITERATIONS before the budget are run, the rest are counted.
   */
  private fastForward(f: F, node: Extract<Node, { t: 'while' }>): void {
    const fp = JSON.stringify(this.st.vars) + '|' + this.st.cwd;
    const t = this.now;
    const w = this.k.writes;
    const lines = this.st.lines ?? 0;
    if (f.ffT !== undefined && f.ffFp === fp && f.ffW === w) {
      const dt = t - f.ffT;
      const perIt = lines - f.ffL;
      if (dt > 0 && f.ffDt === dt) {
        // An endless loop that only passes time never ends by itself.
        if (!node.until && isAlwaysTrue(node.cond)) f.steady = true;
        const n = Math.floor((this.budget - t) / dt) - KEEP_ITERATIONS;
        if (n > 0) {
          this.proc.now = t + n * dt;
          this.k.dropLines(this.proc, n * perIt);
        }
      }
      f.ffDt = dt;
    }
    f.ffT = this.now;
    f.ffFp = fp;
    f.ffW = w;
    f.ffL = this.st.lines ?? 0;
  }

  /** Sets up redirections; returns the new io, or an exit status on failure. */
  applyRedirs(redirs: Redir[], io: Io): Io | number {
    if (!redirs.length) return io;
    const out: Io = { ...io };
    const fds: Record<number, Sink | string | null> = { 0: io.in, 1: io.out, 2: io.err };
    const vfs = this.k.vfs(this.proc);
    for (const r of redirs) {
      const fd = r.fd ?? (r.op.startsWith('<') ? 0 : 1);
      if (r.op === '<<' || r.op === '<<-') {
        fds[fd] = this.newBuf(this.expandString(r.body ?? [], io));
        continue;
      }
      const target = this.expandString(r.target, io);
      if (r.op === '>&' || r.op === '<&') {
        if (target === '-') fds[fd] = { k: 'null' };
        else if (/^\d+$/.test(target)) fds[fd] = fds[Number(target)] ?? { k: 'null' };
        continue;
      }
      const path = normalize(target, this.st.cwd);
      try {
        if (r.op === '<') {
          fds[0] = this.newBuf(vfs.readFile(path, '/'));
          continue;
        }
        const sink: Sink = path === '/dev/null' ? { k: 'null' } : path === '/dev/stderr' ? (fds[2] as Sink) : path === '/dev/stdout' ? (fds[1] as Sink) : { k: 'file', path };
        if (sink.k === 'file') {
          const existing = vfs.stat(path, '/');
          if (r.op === '>>' || r.op === '<>') {
            if (!existing) vfs.writeFile(path, '/', '', true);
          } else vfs.writeFile(path, '/', '', false);
          this.k.writes++;
        }
        if (r.op === '&>') {
          fds[1] = sink;
          fds[2] = sink;
        } else fds[fd] = sink;
      } catch (e) {
        if (e instanceof FsError) {
          this.errMsg(io, r.op === '<' ? `can't open '${target}': ${e.message}` : `can't create ${target}: ${e.message}`);
          return 1;
        }
        throw e;
      }
    }
    out.in = typeof fds[0] === 'string' ? (fds[0] as string) : null;
    if (fds[0] === io.in) out.in = io.in;
    out.out = typeof fds[1] === 'object' && fds[1] ? (fds[1] as Sink) : { k: 'null' };
    out.err = typeof fds[2] === 'object' && fds[2] ? (fds[2] as Sink) : { k: 'null' };
    return out;
  }

  private closeIo(io: Io, parent: Io): void {
    if (io.in && io.in !== parent.in) this.freeBuf(io.in);
  }

  private execCmd(node: Extract<Node, { t: 'cmd' }>, d: number, io0: Io): number {
    const f = this.frame(d, () => ({ ph: 'new' }));
    if (f.ph === 'new') {
      const argv = this.expandWords(node.words, io0);
      const assigns: [string, string][] = node.assigns.map((a) => [a.name, this.expandString(a.value, io0)]);
      if (argv.length === 0) {
        for (const [k, v] of assigns) this.st.vars[k] = v;
        const r = this.applyRedirs(node.redirs, io0);
        if (typeof r === 'number') return r;
        this.closeIo(r, io0);
        return 0;
      }
      const r = this.applyRedirs(node.redirs, io0);
      if (typeof r === 'number') {
        this.drop(d);
        this.st.status = r;
        return r;
      }
      f.argv = argv;
      f.assigns = assigns;
      f.io = r;
      f.ph = 'run';
    }
    const io = f.io as Io;
    const st = this.runCommand(f, d, io);
    this.closeIo(io, io0);
    this.st.status = st;
    return st;
  }

  private runCommand(f: F, d: number, io: Io): number {
    const argv = f.argv as string[];
    const name = argv[0]!;
    if (f.ph === 'wait') return this.continueWait(f);
    if (f.ph === 'func') return this.continueFunc(f, d, io);
    if (f.ph === 'nested') return this.continueNested(f, d, io);
    if (f.ph === 'repl') return this.continueRepl(f, d, io);
    const func = this.st.funcs[name];
    if (func) {
      f.ph = 'func';
      f.savedPos = this.st.pos;
      this.st.pos = argv.slice(1);
      return this.continueFunc(f, d, io);
    }
    const builtin = BUILTINS[name];
    const saved: Record<string, string | undefined> = {};
    for (const [k, v] of f.assigns as [string, string][]) {
      saved[k] = this.st.vars[k];
      this.st.vars[k] = v;
    }
    try {
      if (builtin) return builtin(this, argv, io, d, f);
      return this.runApplet(argv, io, f, d, (f.assigns as [string, string][]).map(([k]) => k));
    } finally {
      if (!builtin || name === 'exec') {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete this.st.vars[k];
          else this.st.vars[k] = v;
        }
      }
    }
  }

  private continueFunc(f: F, d: number, io: Io): number {
    const body = this.st.funcs[(f.argv as string[])[0]!]!;
    let st: number;
    try {
      st = this.exec(body, d + 1, io);
    } catch (e) {
      if (!(e instanceof ReturnSignal)) throw e;
      st = e.code;
    }
    this.st.pos = f.savedPos;
    return st;
  }

  env(extra: string[] = []): Record<string, string> {
    const env: Record<string, string> = {};
    for (const k of [...this.st.exported, ...extra]) if (this.st.vars[k] !== undefined) env[k] = this.st.vars[k]!;
    return env;
  }

  /** A shell started from this one (`sh -c`, `sh script`, `sh` reading stdin): a fresh scope, same process. */
  nested(prog: Node, ctx: AppletCtx, arg0: string, pos: string[]): number {
    const f = ctx.frame;
    f.ph = 'nested';
    f.prog = prog;
    f.save = { ...(this.snapshot() as object), arg0: this.st.arg0 };
    const env = ctx.env;
    this.st.vars = { ...env, PWD: this.st.cwd };
    this.st.exported = Object.keys(env);
    this.st.funcs = {};
    this.st.traps = {};
    this.st.pos = pos;
    this.st.arg0 = arg0;
    return this.continueNested(f, ctx.depth, ctx.io);
  }

  private continueNested(f: F, d: number, io: Io): number {
    let st: number;
    try {
      st = this.exec(f.prog as Node, d + 1, io);
    } catch (e) {
      if (!(e instanceof ExitSignal)) throw e;
      st = e.code;
    }
    this.restore(f.save);
    return st;
  }

  runApplet(argv: string[], io: Io, f: F, d: number, extraEnv: string[] = []): number {
    const raw = argv[0]!;
    const name = raw.includes('/') ? raw.slice(raw.lastIndexOf('/') + 1) : raw;
    const vfs = this.k.vfs(this.proc);
    // A program an image knows by its absolute path (vish/stress's `/stress`).
    const byPath = raw.startsWith('/') ? this.k.applet(raw, this.proc) : undefined;
    if (raw.includes('/') && !byPath) {
      const node = vfs.stat(raw, this.st.cwd);
      const inBin = /^\/(usr\/)?(s?bin)\/[^/]+$/.test(raw);
      if (!node && !(this.k.applet(name, this.proc) || (inBin && isBuiltin(name)))) {
        this.errMsg(io, `${raw}: not found`);
        return 127;
      }
    }
    const applet = byPath ?? this.k.applet(name, this.proc);
    if (!applet) {
      this.errMsg(io, `${raw}: not found`);
      return 127;
    }
    const ctx = this.ctx(argv, io, f, d, extraEnv);
    // The process's own program (PID 1 `nginx`, `sleep 3600`) is no child of itself.
    const own = d === 0 && this.st.prog.t === 'cmd';
    const pid = own ? this.proc.pid : this.k.nextPid();
    const prevFg = this.proc.fg;
    if (!own) this.proc.fg = { pid, argv };
    this.noSpace = false;
    const r = applet(ctx);
    if (typeof r === 'number') {
      this.proc.fg = prevFg;
      if (!prevFg) delete this.proc.fg;
      if (this.noSpace) {
        this.write(io.err, `${name}: write error: No space left on device\n`);
        return 1;
      }
      return r;
    }
    f.ph = 'wait';
    f.until = r.wait;
    f.code = r.code ?? 0;
    f.pid = pid;
    if (r.mem) this.proc.memAt = this.now;
    if (r.onTerm) f.onTerm = r.onTerm;
    if (r.termCode !== undefined) f.termCode = r.termCode;
    if (r.mem) this.proc.memBytes += r.mem;
    if (r.cpu) this.proc.cpuMilli += r.cpu;
    if (r.listen) this.proc.listen = [...(this.proc.listen ?? []), ...r.listen];
    f.mem = r.mem ?? 0;
    f.cpu = r.cpu ?? 0;
    return this.continueWait(f);
  }

  ctx(argv: string[], io: Io, f: F, d: number, extraEnv: string[] = []): AppletCtx {
    return {
      frame: f,
      depth: d,
      argv,
      sh: this,
      proc: this.proc,
      vfs: this.k.vfs(this.proc),
      cwd: this.st.cwd,
      env: this.env(extraEnv),
      now: this.now,
      io,
      readAll: () => this.readAll(io),
      readLine: () => this.readLine(io),
      read: (max) => this.read(io, max),
      out: (t) => this.write(io.out, t),
      outEndless: (t) => this.writeEndless(io.out, t),
      err: (t) => this.write(io.err, t),
    };
  }

  private continueWait(f: F): number {
    if (f.until === null || f.until > this.budget) {
      throw SUSPEND;
    }
    if (f.until > this.proc.now) this.proc.now = f.until;
    delete this.proc.fg;
    this.proc.memBytes -= f.mem ?? 0;
    this.proc.cpuMilli -= f.cpu ?? 0;
    return f.code ?? 0;
  }

  /** Blocks the current command until `until` (null: forever). Used by builtins such as sleep and wait. */
  block(f: F, until: number | null, code = 0): number {
    f.ph = 'wait';
    f.until = until;
    f.code = code;
    f.pid = this.k.nextPid();
    if (f.argv?.[0] === 'sleep') this.proc.fg = { pid: f.pid, argv: f.argv };
    return this.continueWait(f);
  }

  /** Runs a script string (eval, traps, `.`) at depth d. */
  evalString(src: string, d: number, io: Io): number {
    const f = this.frame(d, () => ({ prog: parseScript(src) }));
    return this.exec(f.prog as Node, d + 1, io);
  }

  runNode(node: Node, d: number, io: Io): number {
    return this.exec(node, d, io);
  }

  // ---------- expansion ----------
  getVar(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.st.status);
      case '$':
        return String(this.proc.pid);
      case '#':
        return String(this.st.pos.length);
      case '0':
        return this.st.arg0;
      case '!':
        return this.st.lastBg !== undefined ? String(this.st.lastBg) : '';
      case '@':
      case '*':
        return this.st.pos.join(' ');
      case '-':
        return '';
    }
    if (/^[1-9][0-9]*$/.test(name)) return this.st.pos[Number(name) - 1];
    return this.st.vars[name];
  }

  /** Expands words into fields (splitting unquoted expansions, globbing unquoted patterns). */
  expandWords(words: Word[], io: Io): string[] {
    const out: string[] = [];
    for (const w of words) out.push(...this.expandWord(w, io));
    return this.bounded(out);
  }

  expandWord(word: Word, io: Io): string[] {
    // segments: [text, quoted, splittable]
    const fields: { s: string; glob: boolean; pat: string }[] = [];
    let cur: { s: string; glob: boolean; pat: string } | null = null;
    let hadQuoted = false;
    const ensure = () => (cur ??= { s: '', glob: false, pat: '' });
    const add = (text: string, quoted: boolean, split: boolean) => {
      if (split && !quoted) {
        const ifs = this.st.vars['IFS'] ?? ' \t\n';
        const pieces = splitIfs(text, ifs);
        if (pieces.length === 0) {
          if (/^[ \t\n]*$/.test(text) && text.length && cur) {
            fields.push(cur);
            cur = null;
          }
          return;
        }
        const leadingSep = ifs.includes(text[0]!);
        const trailingSep = ifs.includes(text[text.length - 1]!);
        pieces.forEach((p, i) => {
          if (i > 0 || (leadingSep && cur)) {
            if (cur) fields.push(cur);
            cur = null;
          }
          const c = ensure();
          c.s += p;
          c.pat += escapeGlob(p);
        });
        if (trailingSep && cur) {
          fields.push(cur);
          cur = null;
        }
        return;
      }
      const c = ensure();
      c.s += text;
      if (!quoted && /[*?[]/.test(text)) {
        c.glob = true;
        c.pat += text;
      } else c.pat += escapeGlob(text);
    };
    const walk = (parts: WordPart[], quoted: boolean) => {
      for (const p of parts) {
        switch (p.t) {
          case 'lit':
            add(p.v, quoted, false);
            break;
          case 'sq':
            hadQuoted = true;
            add(p.v, true, false);
            break;
          case 'dq':
            hadQuoted = true;
            ensure();
            if (p.parts.length === 1 && p.parts[0]!.t === 'param' && p.parts[0]!.name === '@' && !p.parts[0]!.op) {
              // "$@": one field per positional parameter
              const pos = this.st.pos;
              if (pos.length === 0) {
                if (cur && !cur.s) cur = null;
                break;
              }
              pos.forEach((v, i) => {
                if (i > 0) {
                  fields.push(cur!);
                  cur = null;
                }
                const c = ensure();
                c.s += v;
                c.pat += escapeGlob(v);
              });
              break;
            }
            walk(p.parts, true);
            break;
          case 'param':
            add(this.expandParam(p, io), quoted, true);
            break;
          case 'cmdsub':
            add(this.commandSubst(p.body, io), quoted, true);
            break;
          case 'arith':
            add(String(this.arith(p.expr, io)), quoted, true);
            break;
        }
      }
    };
    walk(word, false);
    if (cur) fields.push(cur);
    const result: string[] = [];
    for (const f of fields) {
      if (f.glob) {
        const matches = this.glob(f.pat);
        if (matches.length) {
          result.push(...matches);
          continue;
        }
      }
      result.push(f.s);
    }
    if (result.length === 0 && hadQuoted && fields.length === 0) return [''];
    return result;
  }

  /** Expands without field splitting or globbing (assignments, redirection targets, heredocs). */
  expandString(word: Word, io: Io): string {
    let s = '';
    for (const p of word) {
      switch (p.t) {
        case 'lit':
        case 'sq':
          s += p.v;
          break;
        case 'dq':
          s += this.expandString(p.parts, io);
          break;
        case 'param':
          s += this.expandParam(p, io);
          break;
        case 'cmdsub':
          s += this.commandSubst(p.body, io);
          break;
        case 'arith':
          s += String(this.arith(p.expr, io));
          break;
      }
    }
    return this.bounded(s);
  }

  /** A pattern (case, ${x#pat}): quoted parts match literally. */
  expandPattern(word: Word, io: Io): string {
    let s = '';
    for (const p of word) {
      if (p.t === 'lit') s += p.v;
      else if (p.t === 'sq') s += escapeGlob(p.v);
      else if (p.t === 'dq') s += escapeGlob(this.expandString(p.parts, io));
      else s += this.expandString([p], io);
    }
    return s;
  }

  private arith(expr: string, io: Io): number {
    const expanded = this.expandString(parseArithText(expr), io);
    try {
      return evalArith(
        expanded,
        (n) => this.getVar(n) ?? '0',
        (n, v) => {
          this.st.vars[n] = v;
        },
      );
    } catch (e) {
      this.errMsg(io, `arithmetic syntax error`);
      throw new ExitSignal(2);
    }
  }

  private expandParam(p: Extract<WordPart, { t: 'param' }>, io: Io): string {
    const v = this.getVar(p.name);
    if (p.len) return String((v ?? '').length);
    if (!p.op) {
      if (v === undefined && this.st.vars['-u']) this.errMsg(io, `${p.name}: parameter not set`);
      return v ?? '';
    }
    const arg = () => this.expandString(p.arg ?? [], io);
    const unsetOrEmpty = p.op.startsWith(':') ? v === undefined || v === '' : v === undefined;
    switch (p.op) {
      case ':-':
      case '-':
        return unsetOrEmpty ? arg() : v!;
      case ':=':
      case '=':
        if (unsetOrEmpty) this.st.vars[p.name] = arg();
        return this.st.vars[p.name] ?? '';
      case ':+':
      case '+':
        return unsetOrEmpty ? '' : arg();
      case ':?':
      case '?':
        if (unsetOrEmpty) {
          this.errMsg(io, `${p.name}: ${arg() || 'parameter not set'}`);
          throw new ExitSignal(1);
        }
        return v!;
      case '#':
      case '##':
      case '%':
      case '%%': {
        const val = v ?? '';
        const pat = this.expandPattern(p.arg ?? [], io);
        const re = globToRegex(pat, false);
        if (p.op.startsWith('#')) {
          const lens = [...Array(val.length + 1).keys()];
          if (p.op === '##') lens.reverse();
          for (const n of lens) if (re.test(val.slice(0, n))) return val.slice(n);
        } else {
          const starts = [...Array(val.length + 1).keys()].reverse();
          if (p.op === '%%') starts.reverse();
          for (const n of starts) if (re.test(val.slice(n))) return val.slice(0, n);
        }
        return val;
      }
    }
    return v ?? '';
  }

  /** $(...): runs in a subshell with the same clock; trailing newlines removed. */
  commandSubst(body: Node, io: Io): string {
    const saved = this.snapshot();
    const savedStack = this.st.stack;
    const savedStatus = this.st.status;
    this.st.stack = [];
    const id = this.newBuf();
    let st = 0;
    try {
      st = this.exec(body, 0, { in: io.in, out: { k: 'buf', id }, err: io.err });
    } catch (e) {
      if (e === SUSPEND) {
        // A command substitution that waits past the budget is finished at once.
        st = 0;
      } else if (e instanceof ExitSignal) st = e.code;
      else throw e;
    }
    if (this.st.bufs[id]?.more) {
      // `x=$(yes)`: a string without end.
      this.k.runaway = 'memory';
      throw SUSPEND;
    }
    const out = this.st.bufs[id]?.d ?? '';
    this.freeBuf(id);
    this.st.stack = savedStack;
    this.restore(saved);
    this.st.status = st;
    void savedStatus;
    return out.replace(/\n+$/, '');
  }

  glob(pattern: string): string[] {
    const vfs = this.k.vfs(this.proc);
    const abs = pattern.startsWith('/');
    const parts = pattern.split('/').filter(Boolean);
    let paths = [abs ? '/' : ''];
    for (const part of parts) {
      const next: string[] = [];
      const isPat = /(^|[^\\])[*?[]/.test(part);
      for (const base of paths) {
        if (!isPat) {
          next.push(joinPath(base, unescapeGlob(part)));
          continue;
        }
        let names: string[] = [];
        try {
          names = vfs.readdir(base || '.', this.st.cwd);
        } catch {
          continue;
        }
        const re = globToRegex(part, true);
        for (const n of names) {
          if (n.startsWith('.') && !part.startsWith('.')) continue;
          if (re.test(n)) next.push(joinPath(base, n));
        }
      }
      paths = next;
    }
    return paths.filter((p) => vfs.stat(p, this.st.cwd, false)).sort();
  }
}

function isAlwaysTrue(n: Node): boolean {
  const only = n.t === 'list' && n.items.length === 1 ? n.items[0]!.node : n;
  if (only.t !== 'cmd' || only.words.length !== 1) return false;
  const w = only.words[0]!;
  return w.length === 1 && (w[0]!.t === 'lit' || w[0]!.t === 'sq') && ((w[0] as { v: string }).v === 'true' || (w[0] as { v: string }).v === ':');
}

function joinPath(base: string, name: string): string {
  if (!base) return name;
  return base.endsWith('/') ? base + name : `${base}/${name}`;
}

function splitIfs(text: string, ifs: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (const c of text) {
    if (ifs.includes(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

export function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => '\\' + c);
}
function unescapeGlob(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

export function globToRegex(pat: string, whole = true): RegExp {
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\' && i + 1 < pat.length) {
      re += pat[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pat.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let cls = pat.slice(i + 1, end);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(whole ? `^${re}$` : `^${re}$`, 's');
}

export function globMatch(pattern: string, s: string): boolean {
  return globToRegex(pattern).test(s);
}

function parseArithText(expr: string): Word {
  // $var and $(...) inside arithmetic are expanded first.
  const parts: WordPart[] = [];
  const re = /\$\{?([A-Za-z_][A-Za-z0-9_]*|[0-9#?])\}?/g;
  let last = 0;
  for (const m of expr.matchAll(re)) {
    if (m.index! > last) parts.push({ t: 'sq', v: expr.slice(last, m.index) });
    parts.push({ t: 'param', name: m[1]! });
    last = m.index! + m[0].length;
  }
  if (last < expr.length) parts.push({ t: 'sq', v: expr.slice(last) });
  return parts;
}

// ---------- builtins ----------
type Builtin = (sh: Interp, argv: string[], io: Io, d: number, f: F) => number;

function sleepSeconds(args: string[]): number | null | undefined {
  let total = 0;
  for (const a of args) {
    if (a === 'infinity' || a === 'inf') return null;
    const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return undefined;
    total += Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]!]!;
  }
  return total;
}

const BUILTINS: Record<string, Builtin> = {
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  exit: (sh, argv) => {
    throw new ExitSignal(argv[1] !== undefined ? Number(argv[1]) & 255 : sh.st.status);
  },
  return: (sh, argv) => {
    throw new ReturnSignal(argv[1] !== undefined ? Number(argv[1]) & 255 : sh.st.status);
  },
  break: (_sh, argv) => {
    throw new LoopSignal('break', Number(argv[1] ?? 1));
  },
  continue: (_sh, argv) => {
    throw new LoopSignal('continue', Number(argv[1] ?? 1));
  },
  cd: (sh, argv, io) => {
    const target = argv[1] === undefined ? (sh.st.vars['HOME'] ?? '/') : argv[1] === '-' ? (sh.st.vars['OLDPWD'] ?? sh.st.cwd) : argv[1];
    const path = normalize(target, sh.st.cwd);
    const vfs = sh.k.vfs(sh.proc);
    const node = vfs.stat(path, '/');
    if (!node) {
      sh.errMsg(io, `cd: can't cd to ${target}: No such file or directory`);
      return 2;
    }
    if (node.t !== 'd') {
      sh.errMsg(io, `cd: can't cd to ${target}: Not a directory`);
      return 2;
    }
    sh.st.vars['OLDPWD'] = sh.st.cwd;
    sh.st.cwd = path;
    sh.st.vars['PWD'] = path;
    return 0;
  },
  pwd: (sh, _argv, io) => {
    sh.write(io.out, sh.st.cwd + '\n');
    return 0;
  },
  export: (sh, argv, io) => {
    if (argv.length === 1 || argv[1] === '-p') {
      for (const k of [...sh.st.exported].sort()) if (sh.st.vars[k] !== undefined) sh.write(io.out, `export ${k}='${sh.st.vars[k]}'\n`);
      return 0;
    }
    for (const a of argv.slice(1)) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (eq >= 0) sh.st.vars[name] = a.slice(eq + 1);
      if (!sh.st.exported.includes(name)) sh.st.exported.push(name);
    }
    return 0;
  },
  readonly: (sh, argv) => {
    for (const a of argv.slice(1)) {
      const eq = a.indexOf('=');
      if (eq >= 0) sh.st.vars[a.slice(0, eq)] = a.slice(eq + 1);
    }
    return 0;
  },
  local: (sh, argv) => {
    for (const a of argv.slice(1)) {
      const eq = a.indexOf('=');
      if (eq >= 0) sh.st.vars[a.slice(0, eq)] = a.slice(eq + 1);
    }
    return 0;
  },
  unset: (sh, argv) => {
    for (const a of argv.slice(1)) {
      if (a === '-f' || a === '-v') continue;
      delete sh.st.vars[a];
      delete sh.st.funcs[a];
      sh.st.exported = sh.st.exported.filter((e) => e !== a);
    }
    return 0;
  },
  set: (sh, argv, io) => {
    if (argv.length === 1) {
      for (const k of Object.keys(sh.st.vars).sort()) sh.write(io.out, `${k}='${sh.st.vars[k]}'\n`);
      return 0;
    }
    const i = argv.indexOf('--');
    if (i >= 0) sh.st.pos = argv.slice(i + 1);
    else if (!argv[1]!.startsWith('-') && !argv[1]!.startsWith('+')) sh.st.pos = argv.slice(1);
    return 0;
  },
  shift: (sh, argv) => {
    const n = Number(argv[1] ?? 1);
    if (n > sh.st.pos.length) return 1;
    sh.st.pos = sh.st.pos.slice(n);
    return 0;
  },
  read: (sh, argv, io) => {
    const names = argv.slice(1).filter((a) => !a.startsWith('-'));
    const line = sh.readLine(io);
    if (line === undefined) {
      for (const n of names) sh.st.vars[n] = '';
      return 1;
    }
    const raw = argv.includes('-r') ? line : line.replace(/\\(.)/g, '$1');
    if (names.length === 0) {
      sh.st.vars['REPLY'] = raw;
      return 0;
    }
    const fields = raw.trim().split(/[ \t]+/);
    names.forEach((n, i) => {
      sh.st.vars[n] = i === names.length - 1 ? fields.slice(i).join(' ') : (fields[i] ?? '');
    });
    return 0;
  },
  eval: (sh, argv, io, d) => {
    try {
      return sh.evalString(argv.slice(1).join(' '), d + 1, io);
    } catch (e) {
      if (e instanceof ShSyntaxError) {
        sh.errMsg(io, e.message);
        return 2;
      }
      throw e;
    }
  },
  '.': (sh, argv, io, d) => {
    const path = argv[1];
    if (!path) return 0;
    let src: string;
    try {
      src = sh.k.vfs(sh.proc).readFile(path, sh.st.cwd);
    } catch {
      sh.errMsg(io, `.: ${path}: not found`);
      return 2;
    }
    return sh.evalString(src, d + 1, io);
  },
  trap: (sh, argv) => {
    if (argv.length < 3) return 0;
    const action = argv[1]!;
    for (const sig of argv.slice(2)) {
      const name = sig.toUpperCase().replace(/^SIG/, '');
      const norm = name === '15' ? 'TERM' : name === '0' ? 'EXIT' : name === '2' ? 'INT' : name;
      if (action === '-') delete sh.st.traps[norm];
      else sh.st.traps[norm] = action;
    }
    return 0;
  },
  wait: (sh, argv, _io, _d, f) => {
    const pids = argv.length > 1 ? argv.slice(1).map(Number) : sh.k.children(sh.proc);
    let latest = sh.proc.now;
    let code = 0;
    for (const pid of pids) {
      const r = sh.k.waitPid(sh.proc, pid);
      if (r === 'running') return sh.block(f, null);
      if (r) {
        latest = Math.max(latest, r.at);
        code = r.code;
      }
    }
    if (latest > sh.budget) return sh.block(f, latest, code);
    sh.proc.now = latest;
    return code;
  },
  sleep: (sh, argv, io, _d, f) => {
    const secs = sleepSeconds(argv.slice(1));
    if (secs === undefined) {
      sh.write(io.err, `sleep: invalid number '${argv[1] ?? ''}'\n`);
      return 1;
    }
    if (argv.length < 2) {
      sh.write(io.err, 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n');
      return 1;
    }
    return sh.block(f, secs === null ? null : sh.proc.now + Math.round(secs * 1000));
  },
  exec: (sh, argv, io, d, f) => {
    if (argv.length === 1) return 0;
    // `exec cmd`: the shell becomes cmd (the process's command line changes).
    sh.proc.argv = argv.slice(1);
    const st = sh.runApplet(argv.slice(1), io, f, d);
    throw new ExitSignal(st);
  },
  command: (sh, argv, io, d, f) => {
    const args = argv.slice(1).filter((a) => a !== '-v' && a !== '-V');
    if (argv[1] === '-v') {
      const name = args[0] ?? '';
      if (BUILTINS[name] || sh.st.funcs[name]) {
        sh.write(io.out, name + '\n');
        return 0;
      }
      if (sh.k.applet(name, sh.proc)) {
        sh.write(io.out, `/bin/${name}\n`);
        return 0;
      }
      return 1;
    }
    if (!args.length) return 0;
    return sh.runApplet(args, io, f, d);
  },
};

export function isBuiltin(name: string): boolean {
  return name in BUILTINS;
}
