import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { KubeCommand } from '../src/client/command.js';
import { ensureShims, shellenvText } from '../src/client/shims.js';
import { kubesimHome } from '../src/cluster/session.js';

/** The bin/run.js of this installation (dist/bundle/commands/x.js or dist/commands/x.js -> bin/run.js). */
export function runJsPath(from: string): string {
  const marker = '/dist/';
  const cut = from.lastIndexOf(marker);
  return cut < 0 ? fileURLToPath(new URL('../../bin/run.js', from)) : fileURLToPath(from.slice(0, cut) + '/bin/run.js');
}

export default class Shellenv extends KubeCommand {
  static override summary = 'Print the PATH setting that puts kubesim\'s kubectl first (eval "$(kubesim shellenv)")';
  static override examples = ['eval "$(kubesim shellenv)"'];
  static override kubesimOnly = true;

  async run(): Promise<void> {
    const home = kubesimHome();
    mkdirSync(home, { recursive: true });
    const dir = ensureShims(home, runJsPath(import.meta.url));
    this.print(shellenvText(dir));
  }
}
