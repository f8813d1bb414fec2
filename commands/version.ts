import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { toOrderedJson } from '../src/client/ordered-json.js';

// kubectl v1.32.0 and the kind v1.32.0 server (facts of the simulated cluster).
const CLIENT = {
  major: '1', minor: '32', gitVersion: 'v1.32.0', gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53', gitTreeState: 'clean',
  buildDate: '2024-12-11T18:04:20Z', goVersion: 'go1.23.3', compiler: 'gc', platform: 'linux/amd64',
};
const SERVER = { ...CLIENT, buildDate: '2024-12-11T17:59:15Z' };
const KUSTOMIZE = 'v5.5.0';

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
