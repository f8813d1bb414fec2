import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { intFlag } from '../src/client/flags.js';
import { parseResourceArgs } from '../src/client/resource-args.js';
import { qualifiedKind } from '../src/apiserver/resources.js';
import { conflict } from '../src/apiserver/errors.js';

const SCALABLE = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];

/** Whether a flag was set (a repeatable flag is an empty list when not). */
const isSet = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== false);

export default class Scale extends KubeCommand {
  static override summary = 'Set a new size for a deployment, replica set, replication controller, or stateful set';
  static override examples = ['kubectl scale --replicas=3 rs/foo', 'kubectl scale --replicas=3 deployment/mysql'];
  static override flags = {
    replicas: Flags.string({ description: 'The new desired number of replicas. Required.' }),
    'current-replicas': Flags.string({ description: 'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.' }),
    'resource-version': Flags.string({ description: 'Precondition for resource version. Requires that the current resource version match this value in order to scale.' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    all: Flags.boolean({ description: 'Select all resources in the namespace of the specified resource types' }),
    output: Flags.string({ char: 'o', description: 'Output format' }),
    filename: Flags.string({ char: 'f', multiple: true, description: 'Filename, directory, or URL to files identifying the resource to set a new size' }),
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
    timeout: Flags.string({ description: 'The length of time to wait before giving up on a scale operation' }),
  };

  async run(): Promise<void> {
    const given = this.flag<string | undefined>('replicas');
    if (given === undefined) throw new ClientError(`required flag(s) "replicas" not set`);
    const replicas = intFlag('--replicas', given);
    if (replicas < 0) throw new ClientError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    for (const f of ['filename', 'output', 'dry-run']) if (isSet(this.flag(f))) throw new ClientError(`scale --${f} is not supported by kubesim yet`);
    const current = this.flag('current-replicas') !== undefined ? intFlag('--current-replicas', this.flag<string>('current-replicas')) : -1;
    const sel = parseResourceArgs(this.args);
    if (sel.requests.length === 0) throw new ClientError('required resource not specified');
    await this.cluster((s, k) => {
      for (const { resource, names } of sel.requests) {
        if (!SCALABLE.includes(resource.kind)) throw new ClientError(`cannot scale ${resource.kind.toLowerCase() === 'job' ? 'jobs' : resource.name}`);
        const targets = names.length
          ? names
          : this.flag('all') || this.flag('selector')
            ? s.api.list(resource, k.namespace, { labelSelector: this.flag('selector') }).map((o) => o.metadata.name!)
            : (() => {
                throw new ClientError('resource(s) were provided, but no name was specified');
              })();
        for (const name of targets) {
          const obj = s.api.get(resource, k.namespace, name);
          const now = (obj.spec as { replicas?: number }).replicas ?? 1;
          if (current >= 0 && current !== now) throw new ClientError(`Expected replicas to be ${current}, was ${now}`);
          if (this.flag('resource-version') && this.flag('resource-version') !== obj.metadata.resourceVersion) throw conflict(resource, name);
          s.api.patch(resource, k.namespace, name, 'merge', { spec: { replicas } });
          this.print(`${qualifiedKind(resource)}/${name} scaled\n`);
        }
      }
    });
  }
}
