import { ConfigCommand } from '../../src/client/config-command.js';

export default class ConfigGetClusters extends ConfigCommand {
  static override summary = 'Display clusters defined in the kubeconfig';
  static override examples = ['kubectl config get-clusters'];

  async run(): Promise<void> {
    const set = await this.configSet();
    this.print(['NAME', ...set.names('clusters')].map((n) => `${n}\n`).join(''));
  }
}
