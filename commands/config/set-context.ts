import { Flags } from '../../src/client/oclif.js';
import { ClientError } from '../../src/client/command.js';
import { ConfigCommand } from '../../src/client/config-command.js';

export default class ConfigSetContext extends ConfigCommand {
  static override summary = 'Set a context entry in kubeconfig';
  static override examples = ['kubectl config set-context gce --user=cluster-admin', 'kubectl config set-context --current --namespace=dev'];
  static override flags = {
    current: Flags.boolean({ description: 'Modify the current context' }),
  };

  async run(): Promise<void> {
    const set = await this.configSet();
    let name = this.args[0];
    if (this.args.length > 1) throw new ClientError(`Unexpected args: [${this.args.slice(1).join(' ')}]\nSee '${this.commandPath()} -h' for help and examples`);
    if (this.flag('current')) {
      if (name) throw new ClientError('you cannot specify both a context name and --current');
      name = set.currentContext();
      if (!name) throw new ClientError('no current context is set');
    }
    if (!name) throw new ClientError(`you must specify a non-empty context name or --current\nSee '${this.commandPath()} -h' for help and examples`);
    const existing = set.get('contexts', name);
    const body: Record<string, unknown> = { ...(existing ?? {}) };
    const given = this.kubeArgs.given;
    if (given.has('cluster')) body.cluster = this.flag('cluster');
    if (given.has('user')) body.user = this.flag('user');
    if (given.has('namespace')) body.namespace = this.flag('namespace');
    for (const k of ['cluster', 'user', 'namespace']) if (body[k] === '') delete body[k];
    set.put('contexts', name, body);
    await set.save();
    this.print(`Context "${name}" ${existing ? 'modified' : 'created'}.\n`);
  }
}
