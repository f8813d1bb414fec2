import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { renderApiResources, selectResources } from '../src/client/api-resources.js';
import { RESOURCES, discoverCustomResources } from '../src/apiserver/resources.js';

export default class ApiResources extends KubeCommand {
  static override summary = 'Print the supported API resources on the server';
  static override examples = ['kubectl api-resources', 'kubectl api-resources --namespaced=false', 'kubectl api-resources --api-group=apps'];
  static override flags = {
    'api-group': Flags.string({ description: 'Limit to resources in the specified API group.' }),
    namespaced: Flags.string({ description: 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.' }),
    verbs: Flags.string({ multiple: true, description: 'Limit to resources that support the specified verbs.' }),
    output: Flags.string({ char: 'o', description: 'Output format. One of: (wide, name).' }),
    'no-headers': Flags.boolean({ description: "When using the default or custom-column output format, don't print headers" }),
    'sort-by': Flags.string({ description: "If non-empty, sort list of resources using specified field. One of: (name, kind)." }),
    cached: Flags.boolean({ description: 'Use the cached list of resources if available.' }),
    categories: Flags.string({ multiple: true, description: 'Limit to resources that belong to the specified categories.' }),
  };

  async run(): Promise<void> {
    const output = this.flag<string | undefined>('output');
    if (output !== undefined && output !== 'wide' && output !== 'name') {
      throw new ClientError(`--output ${output} is not available`);
    }
    const ns = this.flag<string | undefined>('namespaced');
    let namespaced: boolean | undefined;
    if (ns !== undefined) {
      if (['true', '1', 't', 'T', 'TRUE', 'True'].includes(ns)) namespaced = true;
      else if (['false', '0', 'f', 'F', 'FALSE', 'False'].includes(ns)) namespaced = false;
      else throw new ClientError(`invalid argument "${ns}" for "--namespaced" flag: strconv.ParseBool: parsing "${ns}": invalid syntax`);
    }
    const categories = (this.flag<string[]>('categories') ?? []).flatMap((c) => c.split(','));
    const opts = {
      apiGroup: this.flag<string | undefined>('api-group'),
      namespaced,
      verbs: (this.flag<string[]>('verbs') ?? []).flatMap((v) => v.split(',')),
      output,
      noHeaders: this.flag<boolean>('no-headers'),
      sortBy: this.flag<string | undefined>('sort-by'),
    };
    const list = await this.cluster(() => (discoverCustomResources(), selectResources(RESOURCES, opts)));
    const filtered = categories.length ? list.filter((r) => categories.every((c) => r.categories?.includes(c))) : list;
    this.print(renderApiResources(filtered, opts));
  }
}
