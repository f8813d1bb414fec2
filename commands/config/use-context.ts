import { ClientError } from '../../src/client/command.js';
import { ConfigCommand } from '../../src/client/config-command.js';

export default class ConfigUseContext extends ConfigCommand {
  static override summary = 'Set the current-context in a kubeconfig file';
  static override examples = ['kubectl config use-context minikube'];

  async run(): Promise<void> {
    if (this.args.length !== 1) throw new ClientError(`Unexpected args: [${this.args.join(' ')}]\nSee '${this.commandPath()} -h' for help and examples`);
    const name = this.args[0]!;
    const set = await this.configSet();
    if (!set.get('contexts', name)) throw new ClientError(`no context exists with the name: "${name}"`);
    set.setCurrentContext(name);
    await set.save();
    this.print(`Switched to context "${name}".\n`);
  }
}
