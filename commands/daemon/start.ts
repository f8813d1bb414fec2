import { Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { kubesimHome } from '../../src/cluster/session.js';
import { isManualClock } from '../../src/cluster/clock.js';
import { daemonFiles, startDaemon } from '../../src/cluster/daemon.js';

export default class DaemonStart extends KubeCommand {
  static override summary = 'Start the background daemon that keeps the cluster caught up with the wall clock';
  static override description =
    'Starts one background process for this KUBESIM_HOME. Every second it catches the cluster up to now, so probes, restarts and back-offs happen while no command runs and `kubectl get -w` in another terminal moves on its own. Without it, every command catches up when it starts.';
  static override examples = ['kubesim daemon start', 'kubesim daemon status', 'kubesim daemon stop'];
  static override kubesimOnly = true;
  static override flags = {
    timeout: Flags.string({ description: 'How long to wait for the daemon to come up', default: '15s' }),
  };

  async run(): Promise<void> {
    if (isManualClock()) {
      throw new ClientError('the daemon follows the wall clock; with KUBESIM_CLOCK=manual time moves only through `kubesim advance` and waiting commands');
    }
    const home = kubesimHome();
    const entry = process.argv[1];
    if (!entry) throw new ClientError('cannot tell which program to start as the daemon');
    const spinner = process.stdout.isTTY ? (await import('ora')).default('Starting the kubesim daemon...').start() : undefined;
    try {
      const r = await startDaemon(home, entry);
      spinner?.stop();
      if (r.stale) this.print(`Removed the stale pid file of a daemon that is gone (pid ${r.stale}).\n`);
      if (r.already) this.print(`kubesim daemon is already running (pid ${r.pid})\n`);
      else this.print(`kubesim daemon started (pid ${r.pid}); log: ${daemonFiles(home).log}\n`);
    } catch (e) {
      spinner?.fail();
      throw new ClientError((e as Error).message);
    }
  }
}
