import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { parseResourceArgs } from '../src/client/resource-args.js';
import { describeContext } from '../src/client/describe.js';
import { describeMany, describeObject, isDescribable } from '../src/printers/describe/index.js';
import { notFound, StatusError } from '../src/apiserver/errors.js';
import type { KObject } from '../src/types/k8s.js';

export default class Describe extends KubeCommand {
  static override summary = 'Show details of a specific resource or group of resources';
  static override examples = ['kubectl describe pod nginx', 'kubectl describe node kubesim-worker', 'kubectl describe pods -l app=web'];
  static override args = { resources: Args.string({ description: 'TYPE [NAME_PREFIX] | TYPE/NAME' }) };
  static override flags = {
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'List the requested object(s) across all namespaces' }),
    'show-events': Flags.boolean({ description: 'If true, display events related to the described object', default: true, allowNo: true }),
    filename: Flags.string({ char: 'f', multiple: true, description: 'Filename, directory, or URL to files containing the resource to describe' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f recursively' }),
    'chunk-size': Flags.string({ description: 'Return large lists in chunks' }),
  };

  async run(): Promise<void> {
    if (this.args.length === 0 && !this.flag<string[]>('filename')?.length) {
      throw new ClientError(`You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.`);
    }
    if (this.flag<string[]>('filename')?.length) throw new ClientError('describe -f is not supported by kubesim yet');
    const selection = parseResourceArgs(this.args);
    const showEvents = this.flag<boolean | undefined>('show-events') !== false;
    const outputs: string[] = [];
    const errors: StatusError[] = [];
    let namespaceForEmpty = 'default';
    await this.cluster((s, k) => {
      namespaceForEmpty = k.namespace;
      const ns = this.flag('all-namespaces') ? undefined : k.namespace;
      for (const { resource, names } of selection.requests) {
        if (!isDescribable(resource.kind)) throw new ClientError(`describe for ${resource.name} is not supported by kubesim yet`);
        let objects: KObject[] = [];
        if (names.length === 0) {
          objects = s.api.list(resource, ns, { labelSelector: this.flag('selector') });
        } else {
          for (const name of names) {
            const exact = s.api.find(resource, k.namespace, name);
            if (exact) {
              objects.push(exact);
              continue;
            }
            // kubectl describes every object whose name starts with what was typed.
            const prefixed = s.api.list(resource, k.namespace).filter((o) => o.metadata.name!.startsWith(name));
            if (prefixed.length) objects.push(...prefixed);
            else errors.push(notFound(resource, name));
          }
        }
        for (const obj of objects) outputs.push(describeObject(obj, describeContext(s.api, obj, showEvents)));
      }
    }, { readOnly: true });
    if (outputs.length) this.print(describeMany(outputs));
    for (const e of errors) this.printErr(`Error from server (NotFound): ${e.message}`);
    if (errors.length) process.exitCode = 1;
    else if (outputs.length === 0) {
      const clusterScoped = selection.requests.some((r) => !r.resource.namespaced);
      this.printErr(this.flag('all-namespaces') || clusterScoped ? 'No resources found' : `No resources found in ${namespaceForEmpty} namespace.`);
    }
  }
}
