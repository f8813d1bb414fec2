import { Flags } from '../../src/client/oclif.js';
import { CreateGeneratorCommand, createGeneratorFlags } from '../../src/client/create-command.js';
import { ClientError } from '../../src/client/command.js';
import { resolveResource } from '../../src/apiserver/resources.js';
import { canonicalQuantity, isValidQuantity } from '../../src/util/quantity.js';
import type { KObject } from '../../src/types/k8s.js';

export default class CreateQuota extends CreateGeneratorCommand {
  static override summary = 'Create a quota with the specified name';
  static override examples = ['kubectl create quota my-quota --hard=cpu=1,memory=1G,pods=2,services=3,replicationcontrollers=2,resourcequotas=1,secrets=5,persistentvolumeclaims=10'];
  static override flags = {
    ...createGeneratorFlags,
    hard: Flags.string({ description: 'A comma-delimited set of resource=quantity pairs that define a hard limit.' }),
    scopes: Flags.string({ description: 'A comma-delimited set of quota scopes that must all match each object tracked by the quota.' }),
  };

  async run(): Promise<void> {
    const name = this.requireName();
    const hard: Record<string, string> = {};
    for (const pair of (this.flag<string | undefined>('hard') ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq < 0 || pair.indexOf('=', eq + 1) >= 0) throw new ClientError(`Invalid argument syntax ${pair}, expected <resource>=<value>`);
      const value = pair.slice(eq + 1);
      if (!isValidQuantity(value)) throw new ClientError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
      hard[pair.slice(0, eq)] = canonicalQuantity(value);
    }
    const scopes = (this.flag<string | undefined>('scopes') ?? '').split(',').filter(Boolean);
    const spec: Record<string, unknown> = {};
    if (Object.keys(hard).length) spec.hard = Object.fromEntries(Object.entries(hard).sort(([a], [b]) => (a < b ? -1 : 1)));
    if (scopes.length) spec.scopes = scopes;
    const ns = this.explicitNamespace();
    const obj = {
      kind: 'ResourceQuota',
      apiVersion: 'v1',
      metadata: ns ? { name, namespace: ns, creationTimestamp: null } : { name, creationTimestamp: null },
      spec,
      status: {},
    } as unknown as KObject;
    await this.createBuilt(resolveResource('resourcequotas')!, () => obj);
  }
}
