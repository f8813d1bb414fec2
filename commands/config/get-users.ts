import { ConfigCommand } from '../../src/client/config-command.js';

export default class ConfigGetUsers extends ConfigCommand {
  static override summary = 'Display users defined in the kubeconfig';
  static override examples = ['kubectl config get-users'];

  async run(): Promise<void> {
    const set = await this.configSet();
    this.print(['NAME', ...set.names('users')].map((n) => `${n}\n`).join(''));
  }
}
