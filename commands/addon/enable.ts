import { Args } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { ADDONS } from '../../src/cluster/addons/index.js';

export default class AddonEnable extends KubeCommand {
  static override summary = 'Install an add-on a task needs';
  static override description =
    'Creates what the add-on\'s install script would: windows-gmsa is kubernetes-sigs/windows-gmsa\'s deploy-gmsa-webhook.sh ' +
    '(the GMSACredentialSpec CRD if missing, the gmsa-webhook namespace, Deployment and Service, and the mutating and validating webhooks, answered in-process).';
  static override examples = ['kubesim addon enable windows-gmsa'];
  static override args = { name: Args.string({ description: 'NAME of the add-on: ' + Object.keys(ADDONS).join(', '), required: true }) };
  static override kubesimOnly = true;

  async run(): Promise<void> {
    const name = this.args[0];
    if (!name) throw new ClientError(`an add-on name is required: ${Object.keys(ADDONS).join(', ')}`);
    if (this.args.length > 1) throw new ClientError(`exactly one add-on name is expected, got ${this.args.length}`);
    const addon = ADDONS[name];
    if (!addon) throw new ClientError(`unknown add-on "${name}": kubesim knows ${Object.keys(ADDONS).join(', ')}`);
    await this.cluster((s) => addon.enable(s.api));
  }
}
