import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { discoverCustomResources } from '../src/apiserver/resources.js';

export default class Explain extends KubeCommand {
  static override summary = 'Get documentation for a resource';
  static override description =
    'Describe fields and structure of various resources.\n\nThis command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:\n\n        <type>.<fieldName>[.<fieldName>]\n\nInformation about each field is retrieved from the server in OpenAPI format (kubesim ships the Kubernetes v1.32 schemas).';
  static override examples = [
    'kubectl explain pods',
    'kubectl explain pods.spec.containers',
    'kubectl explain deployments.spec --recursive',
    'kubectl explain deployments --api-version=apps/v1',
  ];
  static override args = { type: Args.string({ description: 'TYPE[.FIELD...]' }) };
  static override flags = {
    recursive: Flags.boolean({ description: 'When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.' }),
    'api-version': Flags.string({ description: 'Use given api-version (group/version) of the resource.' }),
    output: Flags.string({ char: 'o', default: 'plaintext', description: 'Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).' }),
  };

  async run(): Promise<void> {
    const args = this.args;
    if (args.length === 0) throw new ClientError('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n');
    if (args.length > 1) throw new ClientError('We accept only this format: explain RESOURCE\n');
    const { explain } = await import('../src/client/explain.js');
    const opts = { recursive: !!this.flag<boolean | undefined>('recursive'), apiVersion: this.flag<string | undefined>('api-version'), output: this.flag<string>('output') };
    const result = await this.cluster(() => (discoverCustomResources(), explain(args[0]!, opts)));
    this.print(result.out);
    if (result.error) throw new ClientError(result.error);
  }
}
