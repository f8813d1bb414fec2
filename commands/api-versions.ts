import { KubeCommand } from '../src/client/command.js';
import { apiVersions } from '../src/client/api-resources.js';
import { RESOURCES, discoverCustomResources } from '../src/apiserver/resources.js';

export default class ApiVersions extends KubeCommand {
  static override summary = 'Print the supported API versions on the server, in the form of "group/version"';
  static override examples = ['kubectl api-versions'];

  async run(): Promise<void> {
    const versions = await this.cluster(() => (discoverCustomResources(), apiVersions(RESOURCES)));
    this.print(versions.map((v) => `${v}\n`).join(''));
  }
}
