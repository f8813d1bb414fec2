import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';

export default class Explain extends KubeCommand {
  static override summary = 'Get documentation for a resource';
  static override examples = ['kubectl explain pods', 'kubectl explain pods.spec.containers'];
  static override flags = {
    recursive: Flags.boolean({ description: 'When true, print the name of all the fields recursively.' }),
    'api-version': Flags.string({ description: 'Use given api-version (group/version) of the resource.' }),
    output: Flags.string({ description: 'Format in which to render the schema.' }),
  };

  async run(): Promise<void> {
    throw new ClientError('explain is not supported by kubesim yet');
  }
}
