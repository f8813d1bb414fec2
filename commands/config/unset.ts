import { ClientError } from '../../src/client/command.js';
import { ConfigCommand } from '../../src/client/config-command.js';
import { setProperty } from '../../src/client/kubeconfig-props.js';

export default class ConfigUnset extends ConfigCommand {
  static override summary = 'Unset an individual value in a kubeconfig file';
  static override examples = ['kubectl config unset users.foo', 'kubectl config unset contexts.foo.namespace'];

  async run(): Promise<void> {
    if (this.args.length !== 1) throw new ClientError(`Unexpected args: [${this.args.join(' ')}]\nSee '${this.commandPath()} -h' for help and examples`);
    const prop = this.args[0]!;
    const set = await this.configSet();
    setProperty(set, prop, undefined);
    await set.save();
    this.print(`Property "${prop}" unset.\n`);
  }
}
