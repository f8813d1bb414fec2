import { CreateGeneratorCommand } from '../../src/client/create-command.js';
import { namespaceObject } from '../../src/client/generated.js';
import { resolveResource } from '../../src/apiserver/resources.js';

export default class CreateNamespace extends CreateGeneratorCommand {
  static override summary = 'Create a namespace with the specified name';
  static override examples = ['kubectl create namespace my-namespace'];

  async run(): Promise<void> {
    const name = this.requireName();
    await this.createBuilt(resolveResource('namespaces')!, () => namespaceObject(name));
  }
}
