import { Flags } from '../../src/client/oclif.js';
import { ClientError } from '../../src/client/command.js';
import { ConfigCommand } from '../../src/client/config-command.js';
import { asConfigStruct, flatten, minify, normalizeForWrite, shorten } from '../../src/client/kubeconfig-edit.js';
import { toOrderedJson } from '../../src/client/ordered-json.js';
import { splitOutput } from '../../src/printers/output.js';

export default class ConfigView extends ConfigCommand {
  static override summary = 'Display merged kubeconfig settings or a specified kubeconfig file';
  static override examples = ['kubectl config view', "kubectl config view -o jsonpath='{.users[?(@.name == \"e2e\")].user.password}'"];
  static override flags = {
    output: Flags.string({ char: 'o', description: 'Output format', default: 'yaml' }),
    minify: Flags.boolean({ description: 'Remove all information not used by current-context from the output' }),
    raw: Flags.boolean({ description: 'Display raw byte data and sensitive data' }),
    flatten: Flags.boolean({ description: 'Flatten the resulting kubeconfig file into self-contained output' }),
    merge: Flags.string({ description: 'Merge the full hierarchy of kubeconfig files', default: 'true' }),
  };

  async run(): Promise<void> {
    const set = await this.configSet();
    const cfg = set.merged();
    if (this.flag('minify')) minify(cfg, this.flag('context'));
    if (this.flag('flatten')) flatten(cfg);
    else if (!this.flag('raw')) shorten(cfg);
    const normalized = normalizeForWrite(cfg);
    const { format, arg } = splitOutput(this.flag('output'));
    switch (format) {
      case 'yaml': {
        const { toYaml } = await import('../../src/printers/yaml.js');
        this.print(toYaml(normalized));
        return;
      }
      case 'json':
        this.print(toOrderedJson(asConfigStruct(normalized)));
        return;
      case 'name':
        this.print('config/<unknown>\n');
        return;
      case 'jsonpath': {
        const jp = await import('../../src/printers/jsonpath.js');
        try {
          this.print(jp.executeJsonPath(arg, JSON.parse(JSON.stringify(asConfigStruct(normalized)))));
        } catch (e) {
          throw new ClientError((e as Error).message);
        }
        return;
      }
      default:
        throw new ClientError(`config view -o ${format} is not supported by kubesim yet`);
    }
  }
}
