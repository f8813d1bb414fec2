import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand } from '../src/client/command.js';
import { runCordon } from '../src/client/cordon.js';
import type { ClusterSession } from '../src/cluster/session.js';

export default class Cordon extends KubeCommand {
  static override summary = 'Mark node as unschedulable';
  static override examples = ['kubectl cordon foo'];
  static override args = { node: Args.string({ description: 'NODE' }) };
  static override flags = {
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
  };

  /** What `spec.unschedulable` becomes (uncordon extends this command with false). */
  protected readonly unschedulable: boolean = true;

  async run(): Promise<void> {
    await runCordon(
      {
        args: this.args,
        flag: (n) => this.flag(n),
        print: (t) => this.print(t),
        commandName: this.commandPath(),
        cluster: <T>(fn: (s: ClusterSession) => T | Promise<T>) => this.cluster((s) => fn(s)),
      },
      this.unschedulable,
    );
  }
}
