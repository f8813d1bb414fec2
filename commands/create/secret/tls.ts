import { Flags } from '../../../src/client/oclif.js';
import { readFileSync } from 'node:fs';
import { ClientError } from '../../../src/client/command.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../../src/client/create-command.js';
import { secretObject } from '../../../src/client/generated.js';
import { checkKeyPair } from '../../../src/client/tls-pair.js';
import { resolveResource } from '../../../src/apiserver/resources.js';

export default class CreateSecretTls extends CreateGeneratorCommand {
  static override summary = 'Create a TLS secret';
  static override examples = ['kubectl create secret tls tls-secret --cert=path/to/tls.crt --key=path/to/tls.key'];
  static override flags = {
    ...createGeneratorFlags,
    cert: Flags.string({ description: 'Path to PEM encoded public key certificate.' }),
    key: Flags.string({ description: 'Path to private key associated with given certificate.' }),
    'append-hash': Flags.boolean({ description: 'Append a hash of the secret to its name' }),
  };

  protected override createErrorPrefix(): string {
    return 'failed to create secret ';
  }

  async run(): Promise<void> {
    const name = this.requireName();
    if (this.flag('append-hash')) throw new ClientError('create secret --append-hash is not supported by kubesim yet');
    const certPath = this.flag<string | undefined>('cert');
    const keyPath = this.flag<string | undefined>('key');
    if (!certPath || !keyPath) throw new ClientError('key and cert must be specified');
    const read = (p: string) => {
      try {
        return readFileSync(p);
      } catch {
        throw new ClientError(`open ${p}: no such file or directory`);
      }
    };
    const cert = read(certPath);
    const key = read(keyPath);
    checkKeyPair(cert, key);
    const data = new Map([['tls.crt', cert], ['tls.key', key]]);
    await this.createBuilt(resolveResource('secrets')!, () => secretObject(name, this.explicitNamespace(), data, 'kubernetes.io/tls'));
  }
}
