import { CreateGeneratorCommand } from '../../src/client/create-command.js';
import { serviceAccountObject } from '../../src/client/generated.js';
import { resolveResource } from '../../src/apiserver/resources.js';

export default class CreateServiceAccount extends CreateGeneratorCommand {
  static override summary = 'Create a service account with the specified name';
  static override examples = ['kubectl create serviceaccount my-service-account'];

  protected override createErrorPrefix(): string {
    return 'failed to create serviceaccount: ';
  }

  async run(): Promise<void> {
    const name = this.requireName();
    await this.createBuilt(resolveResource('serviceaccounts')!, () => serviceAccountObject(name, this.explicitNamespace()));
  }
}
