import { ClientError } from '../../src/client/command.js';
import { ConfigCommand } from '../../src/client/config-command.js';

export default class ConfigDeleteUser extends ConfigCommand {
  static override summary = 'Delete the specified user from the kubeconfig';
  static override examples = ['kubectl config delete-user NAME'];

  async run(): Promise<void> {
    if (this.args.length !== 1) throw new ClientError(`Unexpected args: [${this.args.join(' ')}]\nSee '${this.commandPath()} -h' for help and examples`);
    const name = this.args[0]!;
    const set = await this.configSet();
    const file = this.configFileName(set);
    if (!set.get('users', name)) throw new ClientError(`cannot delete user ${name}, not in ${file}`);
    const wasCurrent = false;
    set.remove('users', name);
    await set.save();
    if (wasCurrent) this.printErr('warning: this removed your active context, use "kubectl config use-context" to select a different one');
    this.print(`deleted user ${name} from ${file}\n`);
  }
}
