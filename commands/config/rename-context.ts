import { ClientError } from '../../src/client/command.js';
import { ConfigCommand } from '../../src/client/config-command.js';

export default class ConfigRenameContext extends ConfigCommand {
  static override summary = 'Rename a context from the kubeconfig file';
  static override examples = ['kubectl config rename-context old-name new-name'];

  async run(): Promise<void> {
    if (this.args.length !== 2) throw new ClientError(`Unexpected args: [${this.args.join(' ')}]\nSee '${this.commandPath()} -h' for help and examples`);
    const [from, to] = this.args as [string, string];
    const set = await this.configSet();
    const file = this.configFileName(set);
    const ctx = set.get('contexts', from);
    if (!ctx) throw new ClientError(`cannot rename the context "${from}", it's not in ${file}`);
    if (set.get('contexts', to)) throw new ClientError(`cannot rename the context "${from}", the context "${to}" already exists in ${file}`);
    const wasCurrent = set.currentContext() === from;
    set.remove('contexts', from);
    set.put('contexts', to, ctx);
    if (wasCurrent) set.setCurrentContext(to);
    await set.save();
    this.print(`Context "${from}" renamed to "${to}".\n`);
  }
}
