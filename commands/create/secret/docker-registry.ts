import { Flags } from '../../../src/client/oclif.js';
import { ClientError } from '../../../src/client/command.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../../src/client/create-command.js';
import { collectSources } from '../../../src/client/create-sources.js';
import { dockerConfigJson, secretObject } from '../../../src/client/generated.js';
import { resolveResource } from '../../../src/apiserver/resources.js';

export default class CreateSecretDockerRegistry extends CreateGeneratorCommand {
  static override summary = 'Create a secret for use with a Docker registry';
  static override examples = ['kubectl create secret docker-registry my-secret --docker-server=DOCKER_REGISTRY_SERVER --docker-username=DOCKER_USER --docker-password=DOCKER_PASSWORD --docker-email=DOCKER_EMAIL'];
  static override flags = {
    ...createGeneratorFlags,
    'docker-server': Flags.string({ description: 'Server location for Docker registry', default: 'https://index.docker.io/v1/' }),
    'docker-username': Flags.string({ description: 'Username for Docker registry authentication' }),
    'docker-password': Flags.string({ description: 'Password for Docker registry authentication' }),
    'docker-email': Flags.string({ description: 'Email for Docker registry' }),
    'from-file': Flags.string({ multiple: true, description: 'Key files can be specified using their file path, or an optional key name' }),
    'from-literal': Flags.string({ multiple: true, description: 'Specify a key and literal value to insert in secret (i.e. mykey=somevalue)' }),
    'append-hash': Flags.boolean({ description: 'Append a hash of the secret to its name' }),
  };

  protected override createErrorPrefix(): string {
    return 'failed to create secret ';
  }

  async run(): Promise<void> {
    const name = this.requireName();
    if (this.flag('append-hash')) throw new ClientError('create secret --append-hash is not supported by kubesim yet');
    const files = this.flag<string[]>('from-file') ?? [];
    const literals = this.flag<string[]>('from-literal') ?? [];
    const user = this.flag<string | undefined>('docker-username');
    const password = this.flag<string | undefined>('docker-password');
    const server = this.flag<string>('docker-server');
    if (files.length === 0 && literals.length === 0 && (!user || !password || !server)) {
      throw new ClientError('either --from-file or the combination of --docker-username, --docker-password and --docker-server is required');
    }
    const { data } = collectSources('Secret', name, { literals, files, envFiles: [] });
    if (files.length === 0 && literals.length === 0) {
      data.set('.dockerconfigjson', Buffer.from(dockerConfigJson(server, user!, password!, this.flag('docker-email') ?? ''), 'utf8'));
    }
    await this.createBuilt(resolveResource('secrets')!, () => secretObject(name, this.explicitNamespace(), data, 'kubernetes.io/dockerconfigjson'));
  }
}
