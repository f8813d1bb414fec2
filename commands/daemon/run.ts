import { KubeCommand, ClientError } from '../../src/client/command.js';
import { kubesimHome } from '../../src/cluster/session.js';
import { runDaemon } from '../../src/cluster/daemon.js';

/** The daemon's own loop; `kubesim daemon start` runs it in the background. */
export default class DaemonRun extends KubeCommand {
  static override summary = 'Run the daemon in the foreground (what `kubesim daemon start` starts)';
  static override hidden = true;
  static override kubesimOnly = true;

  async run(): Promise<void> {
    try {
      await runDaemon(kubesimHome());
    } catch (e) {
      throw new ClientError((e as Error).message);
    }
  }
}
