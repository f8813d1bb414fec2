import { Flags } from '../../src/client/oclif.js';
import { ClientError } from '../../src/client/command.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../src/client/create-command.js';
import { collectSources } from '../../src/client/create-sources.js';
import { configMapObject } from '../../src/client/generated.js';
import { resolveResource } from '../../src/apiserver/resources.js';

export default class CreateConfigMap extends CreateGeneratorCommand {
  static override summary = 'Create a config map from a local file, directory or literal value';
  static override examples = ['kubectl create configmap my-config --from-file=path/to/bar', 'kubectl create configmap my-config --from-literal=key1=config1'];
  static override flags = {
    ...createGeneratorFlags,
    'from-literal': Flags.string({ multiple: true, description: 'Specify a key and literal value to insert in configmap (i.e. mykey=somevalue)' }),
    'from-file': Flags.string({ multiple: true, description: 'Key file can be specified using its file path, or an optional key name' }),
    'from-env-file': Flags.string({ multiple: true, description: 'Specify the path to a file to read lines of key=val pairs to create a configmap' }),
    'append-hash': Flags.boolean({ description: 'Append a hash of the configmap to its name' }),
  };

  protected override createErrorPrefix(): string {
    return 'failed to create configmap: ';
  }

  async run(): Promise<void> {
    const name = this.requireName();
    if (this.flag('append-hash')) throw new ClientError('create configmap --append-hash is not supported by kubesim yet');
    const { data, binary } = collectSources('ConfigMap', name, {
      literals: this.flag<string[]>('from-literal') ?? [],
      files: this.flag<string[]>('from-file') ?? [],
      envFiles: this.flag<string[]>('from-env-file') ?? [],
    });
    await this.createBuilt(resolveResource('configmaps')!, () => configMapObject(name, this.explicitNamespace(), data, binary));
  }
}
