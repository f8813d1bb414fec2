// The built CLI, run as a learner runs it, for the end-to-end tests here (npm test builds first):
// a fresh KUBESIM_HOME on the manual clock, as kubectl unless told kubesim.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(__dirname, '..', '..', 'bin', 'run.js');

export interface CliOptions {
  argv0?: 'kubectl' | 'kubesim';
  /** Standard input (none when undefined). */
  input?: string;
  /** The working directory (relative -f paths). */
  cwd?: string;
  env?: Record<string, string>;
}

export function runCli(home: string, args: string[], o: CliOptions = {}): { out: string; err: string; code: number | null } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, KUBESIM_HOME: home, KUBESIM_CLOCK: 'manual', KUBESIM_ARGV0: o.argv0 ?? 'kubectl', ...o.env },
    cwd: o.cwd,
    input: o.input,
    encoding: 'utf8',
  });
  return { out: r.stdout, err: r.stderr, code: r.status };
}
