// The background daemon (`kubesim daemon start|stop|status|logs`): one process
// per KUBESIM_HOME that opens a cluster session every second, so the cluster
// catches up to the wall clock on its own (probes fire, back-offs expire, a
// `get -w` in another terminal moves) even when no command runs. It shares the
// store under the same lock as every command, and stops cleanly on SIGTERM
// (after the session in progress). Without it, every command still catches up
// when it opens the cluster; the daemon only makes that continuous.
//
// Files in KUBESIM_HOME: daemon.pid (the pid, written by the daemon itself once
// it runs), daemon.json (its state: start, last catch-up), daemon.log.
// A pid file whose process is gone (killed with -9, a reboot) is stale: it is
// detected and cleared by start, stop and status.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { withCluster } from './session.js';

export const TICK_MS = 1000;

export const daemonFiles = (home: string) => ({
  pid: join(home, 'daemon.pid'),
  state: join(home, 'daemon.json'),
  log: join(home, 'daemon.log'),
});

export interface DaemonState {
  pid: number;
  startedAt: number;
  /** Wall-clock time of the last completed catch-up. */
  lastTick?: number;
  ticks: number;
  /** The simulated instant the cluster was caught up to. */
  simulatedNow?: number;
  lastError?: string;
}

export type DaemonStatus =
  | { state: 'running'; pid: number; info?: DaemonState }
  | { state: 'stopped' }
  | { state: 'stale'; pid: number };

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A recycled pid: on Linux, make sure it is still a kubesim daemon.
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('daemon');
  } catch {
    return true;
  }
}

function readPid(home: string): number | undefined {
  try {
    const pid = Number(readFileSync(daemonFiles(home).pid, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function readState(home: string): DaemonState | undefined {
  try {
    return JSON.parse(readFileSync(daemonFiles(home).state, 'utf8')) as DaemonState;
  } catch {
    return undefined;
  }
}

/** The daemon's state; a stale pid file is reported (and left for clearStale). */
export function daemonStatus(home: string): DaemonStatus {
  const pid = readPid(home);
  if (pid === undefined) return { state: 'stopped' };
  if (!isAlive(pid)) return { state: 'stale', pid };
  const info = readState(home);
  return { state: 'running', pid, info: info?.pid === pid ? info : undefined };
}

export function clearStale(home: string): number | undefined {
  const st = daemonStatus(home);
  if (st.state !== 'stale') return undefined;
  rmSync(daemonFiles(home).pid, { force: true });
  return st.pid;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the daemon in the background (detached, output to daemon.log) and
 * waits until it has written its pid file. `entry` is the CLI script to run.
 */
export async function startDaemon(home: string, entry: string, timeoutMs = 15_000): Promise<{ pid: number; already: boolean; stale?: number }> {
  mkdirSync(home, { recursive: true });
  const stale = clearStale(home);
  const st = daemonStatus(home);
  if (st.state === 'running') return { pid: st.pid, already: true };
  const files = daemonFiles(home);
  const log = openSync(files.log, 'a');
  const child = spawn(process.execPath, [entry, 'daemon', 'run'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, KUBESIM_HOME: home, KUBESIM_ARGV0: 'kubesim' },
  });
  closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (readPid(home) === child.pid) return { pid: child.pid!, already: false, stale };
    if (exited !== undefined) throw new Error(`the daemon exited at once (status ${exited}); see ${files.log}`);
    await sleep(50);
  }
  try {
    process.kill(child.pid!, 'SIGTERM');
  } catch {
    /* already gone */
  }
  throw new Error(`the daemon did not start within ${timeoutMs / 1000}s; see ${files.log}`);
}

/** Stops the daemon (SIGTERM, then waits for it to go); SIGKILL after `timeoutMs`. */
export async function stopDaemon(home: string, timeoutMs = 10_000): Promise<{ pid?: number; stale?: number }> {
  const stale = clearStale(home);
  const st = daemonStatus(home);
  if (st.state !== 'running') return { stale };
  process.kill(st.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(st.pid)) {
    if (Date.now() > deadline) {
      process.kill(st.pid, 'SIGKILL');
      await sleep(100);
      break;
    }
    await sleep(50);
  }
  rmSync(daemonFiles(home).pid, { force: true });
  return { pid: st.pid };
}

function log(home: string, text: string): void {
  appendFileSync(daemonFiles(home).log, `${new Date().toISOString()} ${text}\n`);
}

/**
 * The daemon itself (`kubesim daemon run`, started by startDaemon): catches the
 * cluster up every second until SIGTERM/SIGINT or `signal`.
 */
export async function runDaemon(home: string, opts: { signal?: AbortSignal; tickMs?: number } = {}): Promise<void> {
  const files = daemonFiles(home);
  mkdirSync(home, { recursive: true });
  const other = readPid(home);
  if (other !== undefined && other !== process.pid && isAlive(other)) throw new Error(`a daemon is already running for ${home} (pid ${other})`);
  let stopping = false;
  const stop = () => {
    stopping = true;
    wake?.();
  };
  let wake: (() => void) | undefined;
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  opts.signal?.addEventListener('abort', stop, { once: true });
  const state: DaemonState = { pid: process.pid, startedAt: Date.now(), ticks: 0 };
  const tickMs = opts.tickMs ?? TICK_MS;
  log(home, `daemon started (pid ${process.pid}) for ${home}`);
  try {
    let first = true;
    while (!stopping) {
      try {
        state.simulatedNow = await withCluster({ home }, (s) => s.now);
        state.lastTick = Date.now();
        state.ticks++;
        state.lastError = undefined;
      } catch (e) {
        state.lastError = (e as Error).message;
        log(home, `catch-up failed: ${(e as Error).message}`);
      }
      writeFileSync(files.state, JSON.stringify(state));
      // The pid file says "running and caught up once": start waits for it.
      if (first) writeFileSync(files.pid, String(process.pid));
      first = false;
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, tickMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    if (readPid(home) === process.pid) rmSync(files.pid, { force: true });
    log(home, `daemon stopped (pid ${process.pid})`);
  }
}

export function daemonLog(home: string): string | undefined {
  const file = daemonFiles(home).log;
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
