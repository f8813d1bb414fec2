import { KubeCommand } from '../../src/client/command.js';
import { kubesimHome } from '../../src/cluster/session.js';
import { stopDaemon } from '../../src/cluster/daemon.js';

export default class DaemonStop extends KubeCommand {
  static override summary = 'Stop the background daemon';
  static override examples = ['kubesim daemon stop'];
  static override kubesimOnly = true;

  async run(): Promise<void> {
    const r = await stopDaemon(kubesimHome());
    if (r.stale) this.print(`Removed the stale pid file of a daemon that is gone (pid ${r.stale}).\n`);
    this.print(r.pid ? `kubesim daemon stopped (pid ${r.pid})\n` : 'kubesim daemon is not running\n');
  }
}
