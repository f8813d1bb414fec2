import { Flags } from '../../src/client/oclif.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../src/client/create-command.js';
import { buildRole, slice } from '../../src/client/rbac-generators.js';
import { resolveResource } from '../../src/apiserver/resources.js';

export default class CreateRole extends CreateGeneratorCommand {
  static override summary = 'Create a role with single rule';
  static override examples = ['kubectl create role pod-reader --verb=get --verb=list --verb=watch --resource=pods'];
  static override flags = {
    ...createGeneratorFlags,
    verb: Flags.string({ multiple: true, description: 'Verb that applies to the resources contained in the rule' }),
    resource: Flags.string({ multiple: true, description: 'Resource that the rule applies to' }),
    'resource-name': Flags.string({ multiple: true, description: 'Resource in the white list that the rule applies to, repeat this flag for multiple items' }),
  };

  async run(): Promise<void> {
    const name = this.requireName();
    const obj = buildRole(
      name,
      this.explicitNamespace(),
      { verbs: slice(this.flag('verb')), resources: slice(this.flag('resource')), resourceNames: this.flag<string[]>('resource-name') ?? [], clusterRole: false },
      (w) => this.printErr(w),
    );
    await this.createBuilt(resolveResource('roles.rbac.authorization.k8s.io')!, () => obj);
  }
}
