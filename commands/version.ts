import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { toOrderedJson } from '../src/client/ordered-json.js';

import { CLIENT_VERSION as CLIENT, KUSTOMIZE_VERSION as KUSTOMIZE, SERVER_VERSION as SERVER } from '../src/cluster/version.js';

export default class Version extends KubeCommand {
  static override summary = 'Print the client and server version information';
  static override examples = ['kubectl version', 'kubectl version --client -o yaml'];
  static override flags = {
    client: Flags.boolean({ description: 'If true, shows client version only (no server required).' }),
    output: Flags.string({ char: 'o', description: "One of 'yaml' or 'json'." }),
  };

  async run(): Promise<void> {
    const output = this.flag<string | undefined>('output');
    if (output !== undefined && output !== 'yaml' && output !== 'json') throw new ClientError("--output must be 'yaml' or 'json'");
    const clientOnly = this.flag<boolean>('client');
    if (!clientOnly) await this.cluster(() => undefined);
    const info: Record<string, unknown> = { clientVersion: CLIENT, kustomizeVersion: KUSTOMIZE };
    if (!clientOnly) info.serverVersion = SERVER;
    if (output === 'yaml') {
      const { toYaml } = await import('../src/printers/yaml.js');
      this.print(toYaml(info) + '\n');
    } else if (output === 'json') {
      this.print(toOrderedJson(info));
    } else {
      let text = `Client Version: ${CLIENT.gitVersion}\nKustomize Version: ${KUSTOMIZE}\n`;
      if (!clientOnly) text += `Server Version: ${SERVER.gitVersion}\n`;
      this.print(text);
    }
  }
}
