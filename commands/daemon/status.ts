import Table from 'cli-table3';
import { KubeCommand } from '../../src/client/command.js';
import { kubesimHome } from '../../src/cluster/session.js';
import { clearStale, daemonFiles, daemonStatus, readState } from '../../src/cluster/daemon.js';
import { humanDuration } from '../../src/util/duration.js';

export default class DaemonStatus extends KubeCommand {
  static override summary = 'Show whether the background daemon runs, and how far it has caught up';
  static override examples = ['kubesim daemon status'];
  static override kubesimOnly = true;

  async run(): Promise<void> {
    const home = kubesimHome();
    const st = daemonStatus(home);
    const table = new Table({ style: { head: [], border: [] } });
    const now = Date.now();
    const files = daemonFiles(home);
    if (st.state === 'running') {
      const info = st.info ?? readState(home);
      table.push(
        { state: 'running' },
        { pid: String(st.pid) },
        { started: info ? `${new Date(info.startedAt).toISOString()} (${humanDuration(now - info.startedAt)} ago)` : '-' },
        { 'last catch-up': info?.lastTick ? `${humanDuration(now - info.lastTick)} ago` : '-' },
        { 'catch-ups': String(info?.ticks ?? 0) },
        { 'simulated now': info?.simulatedNow ? new Date(info.simulatedNow).toISOString() : '-' },
      );
      if (info?.lastError) table.push({ 'last error': info.lastError });
    } else if (st.state === 'stale') {
      clearStale(home);
      table.push({ state: `stopped (process ${st.pid} is gone; its stale pid file was removed)` });
    } else {
      table.push({ state: 'stopped' });
    }
    table.push({ home }, { log: files.log });
    this.print(table.toString() + '\n');
  }
}
