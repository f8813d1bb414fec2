import { Flags } from '../../src/client/oclif.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../src/client/create-command.js';
import { buildRole, slice } from '../../src/client/rbac-generators.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { ClientError } from '../../src/client/command.js';

export default class CreateClusterRole extends CreateGeneratorCommand {
  static override summary = 'Create a cluster role';
  static override examples = ['kubectl create clusterrole pod-reader --verb=get,list,watch --resource=pods'];
  static override flags = {
    ...createGeneratorFlags,
    verb: Flags.string({ multiple: true, description: 'Verb that applies to the resources contained in the rule' }),
    resource: Flags.string({ multiple: true, description: 'Resource that the rule applies to' }),
    'resource-name': Flags.string({ multiple: true, description: 'Resource in the white list that the rule applies to, repeat this flag for multiple items' }),
    'non-resource-url': Flags.string({ multiple: true, description: 'A partial url that user should have access to.' }),
    'aggregation-rule': Flags.string({ multiple: true, description: 'An aggregation label selector for combining ClusterRoles.' }),
  };

  async run(): Promise<void> {
    const name = this.requireName();
    const aggregation: Record<string, string> = {};
    for (const pair of slice(this.flag('aggregation-rule'))) {
      const eq = pair.indexOf('=');
      if (eq < 0) throw new ClientError(`invalid argument "${pair}" for "--aggregation-rule" flag: ${pair} must be formatted as key=value`);
      aggregation[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const obj = buildRole(
      name,
      undefined,
      {
        verbs: slice(this.flag('verb')),
        resources: slice(this.flag('resource')),
        resourceNames: this.flag<string[]>('resource-name') ?? [],
        nonResourceURLs: slice(this.flag('non-resource-url')),
        aggregationRule: aggregation,
        clusterRole: true,
      },
      (w) => this.printErr(w),
    );
    await this.createBuilt(resolveResource('clusterroles.rbac.authorization.k8s.io')!, () => obj);
  }
}
