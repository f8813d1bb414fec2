import { Flags } from '../../src/client/oclif.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../src/client/create-command.js';
import { buildBinding } from '../../src/client/rbac-generators.js';
import { resolveResource } from '../../src/apiserver/resources.js';

export default class CreateRoleBinding extends CreateGeneratorCommand {
  static override summary = 'Create a role binding for a particular role or cluster role';
  static override examples = ['kubectl create rolebinding admin --clusterrole=admin --user=user1 --user=user2 --group=group1'];
  static override flags = {
    ...createGeneratorFlags,
    role: Flags.string({ description: 'Role this RoleBinding should reference' }),
    clusterrole: Flags.string({ description: 'ClusterRole this RoleBinding should reference' }),
    user: Flags.string({ multiple: true, description: 'Usernames to bind to the role. The flag can be repeated to add multiple users.' }),
    group: Flags.string({ multiple: true, description: 'Groups to bind to the role. The flag can be repeated to add multiple groups.' }),
    serviceaccount: Flags.string({ multiple: true, description: 'Service accounts to bind to the role, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.' }),
  };

  protected override createErrorPrefix(): string {
    return 'failed to create rolebinding: ';
  }

  async run(): Promise<void> {
    const name = this.requireName();
    const obj = buildBinding(name, this.explicitNamespace(), {
      role: this.flag('role'),
      clusterRole: this.flag('clusterrole'),
      users: this.flag<string[]>('user') ?? [],
      groups: this.flag<string[]>('group') ?? [],
      serviceAccounts: this.flag<string[]>('serviceaccount') ?? [],
      clusterBinding: false,
    });
    await this.createBuilt(resolveResource('rolebindings.rbac.authorization.k8s.io')!, () => obj);
  }
}
