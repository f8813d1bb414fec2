import { Flags } from '../../src/client/oclif.js';
import { ClientError } from '../../src/client/command.js';
import { ConfigCommand } from '../../src/client/config-command.js';
import { setProperty } from '../../src/client/kubeconfig-props.js';

export default class ConfigSet extends ConfigCommand {
  static override summary = 'Set an individual value in a kubeconfig file';
  static override examples = ['kubectl config set clusters.my-cluster.server https://1.2.3.4', 'kubectl config set contexts.my-context.namespace dev'];
  static override flags = {
    'set-raw-bytes': Flags.string({ description: 'When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.' }),
  };

  async run(): Promise<void> {
    if (this.args.length !== 2) throw new ClientError(`Unexpected args: [${this.args.join(' ')}]\nSee '${this.commandPath()} -h' for help and examples`);
    const [prop, value] = this.args as [string, string];
    const set = await this.configSet();
    setProperty(set, prop, value);
    await set.save();
    this.print(`Property "${prop}" set.\n`);
  }
}
