import { Flags } from '../../src/client/oclif.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../src/client/create-command.js';
import { buildBinding } from '../../src/client/rbac-generators.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { ClientError } from '../../src/client/command.js';

export default class CreateClusterRoleBinding extends CreateGeneratorCommand {
  static override summary = 'Create a cluster role binding for a particular cluster role';
  static override examples = ['kubectl create clusterrolebinding cluster-admin --clusterrole=cluster-admin --user=user1 --user=user2 --group=group1'];
  static override flags = {
    ...createGeneratorFlags,
    clusterrole: Flags.string({ description: 'ClusterRole this ClusterRoleBinding should reference' }),
    user: Flags.string({ multiple: true, description: 'Usernames to bind to the clusterrole. The flag can be repeated to add multiple users.' }),
    group: Flags.string({ multiple: true, description: 'Groups to bind to the clusterrole. The flag can be repeated to add multiple groups.' }),
    serviceaccount: Flags.string({ multiple: true, description: 'Service accounts to bind to the clusterrole, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.' }),
  };

  protected override createErrorPrefix(): string {
    return 'failed to create clusterrolebinding: ';
  }

  async run(): Promise<void> {
    if (!this.flag('clusterrole')) throw new ClientError('Error: required flag(s) "clusterrole" not set', 1, true);
    const name = this.requireName();
    const obj = buildBinding(name, undefined, {
      clusterRole: this.flag('clusterrole'),
      users: this.flag<string[]>('user') ?? [],
      groups: this.flag<string[]>('group') ?? [],
      serviceAccounts: this.flag<string[]>('serviceaccount') ?? [],
      clusterBinding: true,
    });
    await this.createBuilt(resolveResource('clusterrolebindings.rbac.authorization.k8s.io')!, () => obj);
  }
}
