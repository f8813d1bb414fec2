// Helpers of the `kubesim serve` tests: run a program, start and stop a server.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REAL_KUBECTL, findRealKubectl } from './scenario/run.js';

/** The real kubectl v1.32 (test/scenario/run.ts findRealKubectl; the usual path when there is none, which tests check for). */
export const REAL = findRealKubectl() ?? REAL_KUBECTL;
export const ROOT = join(__dirname, '..');
export const CLI = join(ROOT, 'bin', 'run.js');
export const BUILT = existsSync(join(ROOT, 'dist', 'bundle', 'commands', 'serve.js'));
const run = promisify(execFile);

export interface Out {
  stdout: string;
  stderr: string;
  code: number;
}

export async function exec(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Out> {
  try {
    const r = await run(file, args, { env, cwd: ROOT, maxBuffer: 16 << 20 });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: typeof err.code === 'number' ? err.code : 1 };
  }
}

export function baseEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBESIM_HOME: home, KUBECONFIG: join(home, 'kubeconfig'), TZ: 'UTC', LANG: 'C.UTF-8' };
  delete env.KUBESIM_CLOCK;
  return env;
}

/** Starts `kubesim serve` and resolves with its port once it listens. */
export function startServe(home: string, args: string[], env = baseEnv(home)): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [CLI, 'serve', '--port', '0', ...args], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Starting to serve on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`kubesim serve exited (${code}): ${err}`)));
  });
}

export const stop = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });


/** `kubesim serve` on `home` for the tests of one describe block: started before them, stopped (and `home` removed) after. */
export function serveDuringSuite(home: string, args: string[]): void {
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    child = (await startServe(home, args)).child;
  }, 30_000);
  afterAll(async () => {
    await stop(child);
    rmSync(home, { recursive: true, force: true });
  });
}
