import { Flags } from '../../src/client/oclif.js';
import { KubeCommand } from '../../src/client/command.js';
import { kubesimHome } from '../../src/cluster/session.js';
import { daemonLog } from '../../src/cluster/daemon.js';

export default class DaemonLogs extends KubeCommand {
  static override summary = "Print the background daemon's log";
  static override examples = ['kubesim daemon logs', 'kubesim daemon logs --tail=20'];
  static override kubesimOnly = true;
  static override flags = {
    tail: Flags.string({ description: 'Lines of the end of the log to show (-1: all)', default: '-1' }),
  };

  async run(): Promise<void> {
    const text = daemonLog(kubesimHome());
    if (text === undefined) {
      this.printErr('kubesim daemon has no log yet (it has never been started for this home)');
      return;
    }
    const tail = Number(this.flag('tail') ?? -1);
    const lines = text.split('\n').filter((l, i, a) => i < a.length - 1 || l !== '');
    this.print((tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines).map((l) => l + '\n').join(''));
  }
}
