import { ClientError } from '../../src/client/command.js';
import { ConfigCommand } from '../../src/client/config-command.js';

export default class ConfigCurrentContext extends ConfigCommand {
  static override summary = 'Display the current-context';
  static override examples = ['kubectl config current-context'];

  async run(): Promise<void> {
    const current = (await this.configSet()).currentContext();
    if (!current) throw new ClientError('current-context is not set');
    this.print(`${current}\n`);
  }
}
