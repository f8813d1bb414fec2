// Drivers of the waiting-command proofs of issue 10 (test/waiting/*.test.ts; the long daemon run
// is `npm run stress -- daemon`). Every CLI call is a real child process, as a learner's
// terminals are; `clock` chooses KUBESIM_CLOCK (wall: unset).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'bin', 'run.js');

export type Clock = 'wall' | 'manual';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export const newHome = (tag: string) => mkdtempSync(join(tmpdir(), `kubesim-${tag}-`));

export function envFor(home: string, clock: Clock, as: 'kubectl' | 'kubesim' = 'kubectl'): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBESIM_HOME: home, KUBESIM_ARGV0: as };
  delete env.KUBESIM_DEBUG;
  if (clock === 'manual') env.KUBESIM_CLOCK = 'manual';
  else delete env.KUBESIM_CLOCK;
  return env;
}

/** Starts the CLI; `done` settles with what it printed when it exits. */
/** A CLI process; `out()` is what it has printed so far. */
export function start(home: string, args: string[], clock: Clock, as: 'kubectl' | 'kubesim' = 'kubectl'): { child: ChildProcess; done: Promise<Run>; out: () => string } {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { env: envFor(home, clock, as), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 })));
  return { child, done, out: () => stdout };
}

export const run = (home: string, args: string[], clock: Clock, as: 'kubectl' | 'kubesim' = 'kubectl') => start(home, args, clock, as).done;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stored clock (state/meta.json). */
export function storedClock(home: string): { offsetMs: number; frozenMs: number } {
  return (JSON.parse(readFileSync(join(home, 'state', 'meta.json'), 'utf8')) as { clock: { offsetMs: number; frozenMs: number } }).clock;
}

/** Pids of live processes whose environment names this KUBESIM_HOME (Linux /proc). */
export function processesOf(home: string): number[] {
  if (!existsSync('/proc')) return [];
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${d}/environ`, 'latin1').split('\0').includes(`KUBESIM_HOME=${home}`)) out.push(Number(d));
    } catch {
      // gone, or not ours
    }
  }
  return out;
}

export interface DaemonWritersFigures {
  seconds: number;
  writers: number;
  commands: number;
  acknowledged: number;
  failedCommands: string[];
  daemonTicks: number;
  /** Objects whose stored value differs from the last acknowledged one (or that are missing). */
  lost: string[];
  /** Objects acknowledged as deleted that are still there, or objects nobody acknowledged. */
  unexpected: string[];
  /** `kubesim daemon stop` output and processes left afterwards. */
  stopOutput: string;
  leftProcesses: number[];
}

/**
 * The daemon plus `writers` concurrent CLI writers (wall clock), each creating, patching and
 * deleting its own ConfigMaps for `durationMs`; then every acknowledged object is checked.
 */
export async function daemonWritersRun(home: string, writers: number, durationMs: number): Promise<DaemonWritersFigures> {
  const daemon = await run(home, ['daemon', 'start'], 'wall', 'kubesim');
  if (daemon.code !== 0) throw new Error(`daemon start failed: ${daemon.stdout}${daemon.stderr}`);
  const expected = new Map<string, string | null>(); // name -> last acknowledged value (null: deleted)
  const failedCommands: string[] = [];
  let commands = 0;
  let acknowledged = 0;
  const until = Date.now() + durationMs;
  const writer = async (w: number) => {
    let n = 0;
    const live: string[] = [];
    for (let step = 0; Date.now() < until; step++) {
      const op = live.length === 0 || step % 5 === 0 ? 'create' : step % 7 === 0 ? 'delete' : 'patch';
      let args: string[];
      let name: string;
      let value: string | null;
      if (op === 'create') {
        name = `w${w}-cm${n++}`;
        value = `v${step}`;
        args = ['create', 'configmap', name, `--from-literal=value=${value}`];
      } else if (op === 'patch') {
        name = live[step % live.length]!;
        value = `v${step}`;
        args = ['patch', 'configmap', name, '--type=merge', '-p', JSON.stringify({ data: { value } })];
      } else {
        name = live.shift()!;
        value = null;
        args = ['delete', 'configmap', name];
      }
      commands++;
      const r = await run(home, args, 'wall');
      if (r.code !== 0) {
        failedCommands.push(`${args.join(' ')}: ${r.stderr.trim()}`);
        continue;
      }
      acknowledged++;
      expected.set(name, value);
      if (op === 'create') live.push(name);
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));

  const state = JSON.parse(readFileSync(join(home, 'daemon.json'), 'utf8')) as { ticks?: number };
  const got = await run(home, ['get', 'configmaps', '-o', 'json'], 'wall');
  const items = (JSON.parse(got.stdout) as { items: { metadata: { name: string }; data?: Record<string, string> }[] }).items;
  const stored = new Map(items.filter((o) => /^w\d+-cm\d+$/.test(o.metadata.name)).map((o) => [o.metadata.name, o.data?.value ?? '']));
  const lost: string[] = [];
  const unexpected: string[] = [];
  for (const [name, value] of expected) {
    if (value === null) {
      if (stored.has(name)) unexpected.push(`${name} (deleted, still there)`);
    } else if (stored.get(name) !== value) lost.push(`${name}: want ${value}, have ${stored.get(name) ?? '(missing)'}`);
  }
  for (const name of stored.keys()) if (!expected.has(name)) unexpected.push(`${name} (never acknowledged)`);

  const stop = await run(home, ['daemon', 'stop'], 'wall', 'kubesim');
  await sleep(200);
  return {
    seconds: durationMs / 1000,
    writers,
    commands,
    acknowledged,
    failedCommands,
    daemonTicks: state.ticks ?? 0,
    lost,
    unexpected,
    stopOutput: stop.stdout + stop.stderr,
    leftProcesses: processesOf(home),
  };
}
