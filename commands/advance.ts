import { Args } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { parseDuration } from '../src/util/duration.js';
import { withCluster, kubesimHome } from '../src/cluster/session.js';

export default class Advance extends KubeCommand {
  static override summary = 'Move simulated time forward, running everything that falls due';
  static override description = 'Adds DURATION (Go syntax: 30s, 5m, 1h30m) to the cluster clock. The controllers, scheduler and kubelets catch up at once, so restarts, probes and events happen as if that much time had passed.';
  static override examples = ['kubesim advance 60s', 'kubesim advance 1h30m'];
  static override args = { duration: Args.string({ description: 'how long, e.g. 30s, 5m, 1h30m', required: true }) };
  static override kubesimOnly = true;

  async run(): Promise<void> {
    const text = this.args[0];
    if (!text) throw new ClientError('a duration is required, e.g. kubesim advance 60s');
    let ms: number;
    try {
      ms = parseDuration(text);
    } catch {
      throw new ClientError(`invalid duration "${text}": use Go syntax such as 30s, 5m, 1h30m`);
    }
    if (ms < 0) throw new ClientError('time only moves forward: the duration must not be negative');
    await withCluster({ home: kubesimHome() }, (s) => s.advance(ms));
  }
}
