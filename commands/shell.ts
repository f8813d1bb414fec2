import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { delimiter } from 'node:path';
import { KubeCommand } from '../src/client/command.js';
import { ensureShims } from '../src/client/shims.js';
import { kubesimHome } from '../src/cluster/session.js';
import { runJsPath } from './shellenv.js';

export default class Shell extends KubeCommand {
  static override summary = "Start $SHELL with kubesim's kubectl and kompose first on the PATH";
  static override examples = ['kubesim shell'];
  static override kubesimOnly = true;

  async run(): Promise<void> {
    const home = kubesimHome();
    mkdirSync(home, { recursive: true });
    const dir = ensureShims(home, runJsPath(import.meta.url));
    const shell = process.env.SHELL || '/bin/sh';
    const result = spawnSync(shell, this.args, {
      stdio: 'inherit',
      env: { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}`, KUBESIM_HOME: home },
    });
    process.exitCode = result.status ?? 1;
  }
}
