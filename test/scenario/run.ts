/**
 * Replays one cram scenario (`.t` file) against kubesim.
 *
 * Per file: a fresh temporary folder holding KUBESIM_HOME, the working
 * directory, HOME, TMPDIR and a bin directory (first on PATH) with `kubectl`
 * and `kubesim` symlinks to bin/run.js and a `kompose` shim. One long-lived
 * bash process runs every command of the file, so `cd`, `export` and shell
 * variables carry over. Each command is handed to bash as `eval '<text>'`
 * with stdin from /dev/null (a command that reads stdin sees end of file
 * instead of swallowing the rest of the session, and a syntax error stays
 * inside its own command), followed by a unique sentinel that carries the
 * exit status. stdout and stderr are one stream (`exec 2>&1`). No TTY: bash
 * runs in its own session with pipes only.
 *
 * Real mode (RunOptions.realKubectl, env KUBESIM_SCENARIO_KUBECTL): `kubectl`
 * is a real client binary against a `kubesim serve` of the sandbox (on 6443 when
 * free), with its own kubeconfig named as kubesim's default one, fetching the
 * example URLs through test/scenario/example-proxy.ts. The Data blocks of its
 * `describe configmap` come in Go map order; they are sorted before judging
 * (test/scenario/go-map-order.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, existsSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  actualLines,
  commandPasses,
  formatCommandDiff,
  parseCram,
  rewriteWithActual,
  type ActualLine,
  type CramCommand,
  type CramFile,
} from './cram.js';
import { runsKubectlDescribe, sortConfigMapDataBlocks } from './go-map-order.js';
import { exampleProxy } from './example-proxy.js';

/** The project root: two levels above this file (test/scenario/run.ts). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const DEFAULT_COMMAND_TIMEOUT_MS = Number(process.env.KUBESIM_SCENARIO_CMD_TIMEOUT_MS ?? 60_000);

export interface RunOptions {
  /** Per-command timeout (default 60 s, env KUBESIM_SCENARIO_CMD_TIMEOUT_MS). */
  commandTimeoutMs?: number;
  /** Time budget for the whole file; commands not started within it are reported as not run. */
  budgetMs?: number;
  /** Stop at the first failing command (used for pending scenarios: the verdict is known). */
  stopOnFailure?: boolean;
  /** Keep the temporary folder (also env KUBESIM_SCENARIO_KEEP=1). */
  keepTemp?: boolean;
  /** Where bin/run.js lives (default: env KUBESIM_PROJECT_ROOT, else this checkout). */
  projectRoot?: string;
  /** Aborts the run (e.g. vitest's test timeout). */
  signal?: AbortSignal;
  /** Refuse to run when bin/run.js is missing or not executable (default true). */
  requireCli?: boolean;
  /** Extra environment variables for the session. */
  env?: Record<string, string>;
  /**
   * Run `kubectl` as this real client binary against a `kubesim serve` of the
   * sandbox (default: env KUBESIM_SCENARIO_KUBECTL; `real` names kubectl v1.32).
   */
  realKubectl?: string;
  /** The port of that `kubesim serve` (default SERVE_PORT, 6443, or a free one when it is taken; 0: a free one). */
  servePort?: number;
  /** Called after each command. */
  onCommand?: (r: CommandResult) => void;
}

export interface CommandResult {
  command: CramCommand;
  /** stdout and stderr together, as captured. */
  output: string;
  /** Exit status; null when the command was killed (timeout, abort). */
  exitCode: number | null;
  actual: ActualLine[];
  passed: boolean;
  durationMs: number;
  /** Why the command did not complete normally (timeout, shell exited, ...). */
  note?: string;
}

export interface ScenarioResult {
  file: string;
  name: string;
  source: string;
  cram: CramFile;
  results: CommandResult[];
  /** Commands never run (after a timeout, the shell exiting, stopOnFailure or the budget). */
  notRun: CramCommand[];
  notRunReason?: string;
  passed: boolean;
  failed: CommandResult[];
  durationMs: number;
  tempDir: string;
  /** Human-readable report: one diff per failing command, then a summary line. */
  report: string;
}

interface RawOutcome {
  output: string;
  exitCode: number | null;
  note?: string;
  /** The session cannot be used any more. */
  fatal?: boolean;
  /** The command was killed (timeout, abort): it fails whatever it printed. */
  killed?: boolean;
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

class BashSession {
  private readonly proc: ChildProcess;
  private buf = '';
  private exitCode: number | null | undefined = undefined;
  private readonly exited: Promise<void>;
  private wake: (() => void) | null = null;
  private readonly sentinel = `__KUBESIM_CRAM_${randomBytes(8).toString('hex')}__`;
  private seq = 0;

  constructor(cwd: string, env: Record<string, string>) {
    this.proc = spawn('bash', ['--noprofile', '--norc'], {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // own session and process group: no controlling TTY, and we can kill the group
    });
    this.proc.stdout!.setEncoding('utf8');
    this.proc.stderr!.setEncoding('utf8');
    const onData = (chunk: string) => {
      this.buf += chunk;
      this.wake?.();
    };
    this.proc.stdout!.on('data', onData);
    this.proc.stderr!.on('data', onData); // only before `exec 2>&1` takes effect
    this.proc.stdin!.on('error', () => {}); // EPIPE after the shell died
    this.exited = new Promise((resolve) => {
      this.proc.on('error', (err) => {
        this.buf += `[runner] could not start bash: ${err.message}\n`;
        this.exitCode = null;
        this.wake?.();
        resolve();
      });
      this.proc.on('exit', (code, sig) => {
        this.exitCode = code ?? (sig ? 128 + (os.constants.signals[sig] ?? 0) : null);
        // Let the last output arrive before waking the reader.
        setTimeout(() => {
          this.wake?.();
          resolve();
        }, 50);
      });
    });
    this.proc.stdin!.write('exec 2>&1\n');
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  async run(text: string, timeoutMs: number, signal?: AbortSignal): Promise<RawOutcome> {
    if (!this.alive) return { output: '', exitCode: null, note: 'the shell is gone', fatal: true };
    const id = ++this.seq;
    const marker = `${this.sentinel} ${id} `;
    this.buf = '';
    this.proc.stdin!.write(`eval ${shQuote(text + '\n')} </dev/null\nprintf '%s %s %s\\n' '${this.sentinel}' ${id} "$?"\n`);

    let timedOut = false;
    let aborted = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.wake?.();
    }, timeoutMs);
    const onAbort = () => {
      aborted = true;
      this.wake?.();
    };
    signal?.addEventListener('abort', onAbort);
    try {
      for (;;) {
        const at = this.buf.indexOf(marker);
        if (at >= 0) {
          const nl = this.buf.indexOf('\n', at);
          if (nl >= 0) {
            const status = Number(this.buf.slice(at + marker.length, nl));
            const output = this.buf.slice(0, at);
            this.buf = this.buf.slice(nl + 1);
            return { output, exitCode: status };
          }
        }
        if (!this.alive) {
          // The command ended the shell (`exit N`) or it crashed.
          const output = this.buf;
          this.buf = '';
          return {
            output,
            exitCode: this.exitCode ?? null,
            note: `the shell exited (status ${this.exitCode}) during this command; later commands are not run`,
            fatal: true,
          };
        }
        if (timedOut || aborted) {
          const output = this.buf;
          this.kill();
          return {
            output,
            exitCode: null,
            note: timedOut
              ? `timed out after ${Math.round(timeoutMs / 1000)} s (the shell was killed; later commands are not run)`
              : 'aborted (test timeout or cancellation); later commands are not run',
            fatal: true,
            killed: true,
          };
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = null;
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  kill(): void {
    const pid = this.proc.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** End the session: `exit`, then kill whatever is left in the process group. */
  async close(): Promise<void> {
    if (this.alive) {
      this.proc.stdin!.end('exit 0\n');
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, 5_000))]);
    }
    this.kill(); // stray background jobs of the session
    this.proc.stdout!.destroy();
    this.proc.stderr!.destroy();
  }
}

type SandboxDirs = Record<'kubesimHome' | 'work' | 'home' | 'bin' | 'tmp', string>;

/** The real kubectl's kubeconfig (named `kubeconfig`, as kubesim's own, which `-v=6` shows). */
const realKubeconfig = (dirs: SandboxDirs) => path.join(path.dirname(dirs.bin), 'real-kubectl', 'kubeconfig');

/** Builds the per-file sandbox: returns its folders and the session environment. */
async function makeSandbox(name: string, projectRoot: string, extraEnv: Record<string, string> = {}, realKubectl?: string) {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), `kubesim-scenario-${name.replace(/[^\w.-]/g, '_')}-`));
  const dirs = {
    kubesimHome: path.join(tempDir, 'kubesim-home'),
    work: path.join(tempDir, 'work'),
    home: path.join(tempDir, 'home'),
    bin: path.join(tempDir, 'bin'),
    tmp: path.join(tempDir, 'tmp'),
  };
  await Promise.all(Object.values(dirs).map((d) => mkdir(d, { recursive: true })));

  const runJs = path.join(projectRoot, 'bin', 'run.js');
  if (realKubectl) {
    // kubectl is the real client against this sandbox's `kubesim serve`, with a
    // kubeconfig of its own named as the default one (`kubesim`, written by serve:
    // startServe) unless the scenario names one; kubesim verbs stay kubesim's. It
    // fetches https://k8s.io/examples/... itself, through the example proxy.
    const proxy = await exampleProxy(path.join(projectRoot, 'examples'));
    await writeFile(
      path.join(dirs.bin, 'kubectl'),
      [
        '#!/bin/bash',
        `export KUBECONFIG="\${KUBECONFIG:-${realKubeconfig(dirs)}}" HTTPS_PROXY=${proxy.url} SSL_CERT_FILE=${shQuote(proxy.caFile)}`,
        `exec ${shQuote(realKubectl)} "$@"`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
  } else {
    await symlink(runJs, path.join(dirs.bin, 'kubectl'));
  }
  await symlink(runJs, path.join(dirs.bin, 'kubesim'));
  await writeFile(
    path.join(dirs.bin, 'kompose'),
    `#!/bin/sh\nexec ${shQuote(path.join(dirs.bin, 'kubesim'))} kompose "$@"\n`,
    { mode: 0o755 },
  );

  const env: Record<string, string> = {
    PATH: `${dirs.bin}:${process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`,
    HOME: dirs.home,
    KUBESIM_HOME: dirs.kubesimHome,
    KUBESIM_CLOCK: 'manual',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    COLUMNS: '80',
    TERM: 'dumb',
    TMPDIR: dirs.tmp,
    SHELL: '/bin/bash',
    ...extraEnv,
  };
  return { tempDir, dirs, env, runJs };
}

/** The real kubectl v1.32 client (never the one on PATH: it is not v1.32). */
export const REAL_KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

/**
 * Where the real kubectl v1.32 is on this machine: $KUBECTL_REAL, else
 * REAL_KUBECTL, else `kubectl.1.32` beside the kubectl on PATH (the Google Cloud
 * SDK installs its versions side by side); undefined when there is none.
 */
export function findRealKubectl(): string | undefined {
  if (process.env.KUBECTL_REAL) return existsSync(process.env.KUBECTL_REAL) ? process.env.KUBECTL_REAL : undefined;
  if (existsSync(REAL_KUBECTL)) return REAL_KUBECTL;
  const onPath = spawnSync('bash', ['-c', 'command -v kubectl >/dev/null && readlink -f "$(command -v kubectl)"'], { encoding: 'utf8' }).stdout?.trim();
  const beside = onPath ? path.join(path.dirname(onPath), 'kubectl.1.32') : undefined;
  return beside && existsSync(beside) ? beside : undefined;
}

function realKubectlFromEnv(): string | undefined {
  const v = process.env.KUBESIM_SCENARIO_KUBECTL;
  if (!v || v === 'kubesim') return undefined;
  return v === 'real' ? (findRealKubectl() ?? REAL_KUBECTL) : v;
}

/**
 * The port real kubectl talks to: 6443, the default cluster's advertised
 * address (`kubectl config view` shows it), when it is free, else any free one.
 */
export const SERVE_PORT = 6443;

/** Starts `kubesim serve` (HTTPS on `port`) on the sandbox's home; resolves once it listens. */
function startServeOn(port: number, runJs: string, cwd: string, env: Record<string, string>, kubeconfig: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const args = ['serve', '--port', String(port), '--kubeconfig-out', kubeconfig, '--context-name', 'kubesim'];
    const child = spawn(process.execPath, [runJs, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Starting to serve on [\d.]+:(\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`exited with status ${code}: ${err.trim()}`)));
  });
}

/** `kubesim serve` on SERVE_PORT, or on a free port when that one is taken. */
async function startServe(runJs: string, dirs: SandboxDirs, env: Record<string, string>, port = SERVE_PORT): Promise<{ child: ChildProcess; port: number }> {
  try {
    return await startServeOn(port, runJs, dirs.work, env, realKubeconfig(dirs));
  } catch (e) {
    if (port === 0 || !/EADDRINUSE|address already in use/.test((e as Error).message)) throw e;
    return startServeOn(0, runJs, dirs.work, env, realKubeconfig(dirs));
  }
}

function stopServe(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Replays the scenario file at `file`. Never throws for scenario failures; see `passed` and `report`. */
export async function runScenario(file: string, opts: RunOptions = {}): Promise<ScenarioResult> {
  const started = Date.now();
  const projectRoot = opts.projectRoot ?? process.env.KUBESIM_PROJECT_ROOT ?? PROJECT_ROOT;
  const commandTimeoutMs = opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const keepTemp = opts.keepTemp ?? process.env.KUBESIM_SCENARIO_KEEP === '1';
  const name = path.basename(file);
  const source = await readFile(file, 'utf8');
  const cram = parseCram(source, path.relative(process.cwd(), file) || file);

  const realKubectl = opts.realKubectl ?? realKubectlFromEnv();
  const { tempDir, dirs, env, runJs } = await makeSandbox(name, projectRoot, opts.env, realKubectl);
  const results: CommandResult[] = [];
  let notRunReason: string | undefined;
  const preamble: string[] = [];
  try {
    await access(runJs, fsConstants.X_OK);
  } catch {
    preamble.push(`!  ${runJs} is missing or not executable: kubectl and kubesim cannot run`);
    if (opts.requireCli ?? true) {
      if (!keepTemp) await rm(tempDir, { recursive: true, force: true }).catch(() => {});
      return {
        file, name, source, cram, results: [], notRun: cram.commands, notRunReason: 'no CLI',
        passed: false, failed: [], durationMs: Date.now() - started, tempDir,
        report: `${preamble[0]}\n\n${name}: not run`,
      };
    }
  }

  let server: ChildProcess | undefined;
  if (realKubectl) {
    try {
      const wanted = opts.servePort ?? SERVE_PORT;
      const started = await startServe(runJs, dirs, env, wanted);
      server = started.child;
      if (started.port !== wanted && wanted !== 0) preamble.push(`!  port ${wanted} was taken: kubesim serve listens on ${started.port}`);
    } catch (e) {
      preamble.push(`!  kubesim serve did not start: ${(e as Error).message}`);
    }
  }
  const shell = new BashSession(dirs.work, env);
  try {
    for (const cmd of cram.commands) {
      if (opts.signal?.aborted) {
        notRunReason = 'aborted';
        break;
      }
      if (opts.budgetMs !== undefined && Date.now() - started > opts.budgetMs) {
        notRunReason = `the scenario's time budget (${Math.round(opts.budgetMs / 1000)} s) ran out`;
        break;
      }
      const t0 = Date.now();
      const attempt = async () => {
        const raw = await shell.run(cmd.text, commandTimeoutMs, opts.signal);
        if (realKubectl && runsKubectlDescribe(cmd.text)) raw.output = sortConfigMapDataBlocks(raw.output);
        const actual = actualLines(raw.output, raw.exitCode);
        return { raw, actual, passed: !raw.killed && commandPasses(cmd, actual) };
      };
      let { raw, actual, passed } = await attempt();
      if (realKubectl && !passed && !raw.killed && readsOnly(cmd.text)) {
        // The real client computes ages from the machine's clock as it prints, after kubesim serve
        // chose the time frame of each response (src/server/time-frame.ts): a command that crossed
        // a machine second on the way (several requests on a slow machine) prints those ages a
        // second older. A read changes nothing: it is asked again from the start of a second.
        await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
        ({ raw, actual, passed } = await attempt());
      }
      const r: CommandResult = {
        command: cmd,
        output: raw.output,
        exitCode: raw.exitCode,
        actual,
        passed,
        durationMs: Date.now() - t0,
        note: raw.note,
      };
      results.push(r);
      opts.onCommand?.(r);
      if (raw.fatal) {
        if (results.length < cram.commands.length) notRunReason = raw.note;
        break;
      }
      if (!passed && opts.stopOnFailure) {
        notRunReason = 'stopped at the first failure';
        break;
      }
    }
  } finally {
    await shell.close();
    if (server) await stopServe(server);
    if (!keepTemp) await rm(tempDir, { recursive: true, force: true }).catch(() => {});
  }

  const notRun = cram.commands.slice(results.length);
  const failed = results.filter((r) => !r.passed);
  const passed = cram.errors.length === 0 && failed.length === 0 && notRun.length === 0;

  const parts: string[] = [...preamble, ...cram.errors.map((e) => `!  ${e}`)];
  for (const r of failed) parts.push(formatCommandDiff(cram.path, r.command, r.actual, r.note));
  const summary =
    `${name}: ${results.length - failed.length}/${cram.commands.length} commands passed` +
    (failed.length ? `, ${failed.length} failed` : '') +
    (notRun.length ? `, ${notRun.length} not run (${notRunReason})` : '') +
    ` in ${((Date.now() - started) / 1000).toFixed(1)} s` +
    (keepTemp ? `; sandbox kept in ${tempDir}` : '');
  parts.push(summary);

  return {
    file,
    name,
    source,
    cram,
    results,
    notRun,
    notRunReason,
    passed,
    failed,
    durationMs: Date.now() - started,
    tempDir,
    report: parts.join('\n\n'),
  };
}

/** A lone `kubectl get` or `kubectl describe` (no watch, no pipe, no other command): asking again changes nothing. */
export function readsOnly(command: string): boolean {
  return /^kubectl (get|describe) [^|;&<>`$()]*$/.test(command) && !/\s(-w|--watch|--watch-only)(\s|=|$)/.test(command);
}

/** The scenario rewritten with what actually happened (cram's `.err` file). */
export function actualTranscript(result: ScenarioResult): string {
  const perCommand: Array<ActualLine[] | undefined> = result.cram.commands.map(
    (c) => result.results[c.index]?.actual,
  );
  return rewriteWithActual(result.source, result.cram, perCommand);
}
