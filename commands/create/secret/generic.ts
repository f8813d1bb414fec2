import { Flags } from '../../../src/client/oclif.js';
import { ClientError } from '../../../src/client/command.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../../src/client/create-command.js';
import { collectSources } from '../../../src/client/create-sources.js';
import { secretObject } from '../../../src/client/generated.js';
import { resolveResource } from '../../../src/apiserver/resources.js';

export default class CreateSecretGeneric extends CreateGeneratorCommand {
  static override summary = 'Create a secret from a local file, directory, or literal value';
  static override examples = ['kubectl create secret generic my-secret --from-literal=key1=supersecret'];
  static override flags = {
    ...createGeneratorFlags,
    'from-literal': Flags.string({ multiple: true, description: 'Specify a key and literal value to insert in secret (i.e. mykey=somevalue)' }),
    'from-file': Flags.string({ multiple: true, description: 'Key files can be specified using their file path, or an optional key name' }),
    'from-env-file': Flags.string({ multiple: true, description: 'Specify the path to a file to read lines of key=val pairs to create a secret' }),
    type: Flags.string({ description: 'The type of secret to create' }),
    'append-hash': Flags.boolean({ description: 'Append a hash of the secret to its name' }),
  };

  protected override createErrorPrefix(): string {
    return 'failed to create secret ';
  }

  async run(): Promise<void> {
    const name = this.requireName();
    if (this.flag('append-hash')) throw new ClientError('create secret --append-hash is not supported by kubesim yet');
    const { data } = collectSources('Secret', name, {
      literals: this.flag<string[]>('from-literal') ?? [],
      files: this.flag<string[]>('from-file') ?? [],
      envFiles: this.flag<string[]>('from-env-file') ?? [],
    });
    await this.createBuilt(resolveResource('secrets')!, () => secretObject(name, this.explicitNamespace(), data, this.flag('type')));
  }
}
