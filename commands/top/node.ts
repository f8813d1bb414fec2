import { Args, Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { topNodes, validateSortBy } from '../../src/client/top.js';

export default class TopNode extends KubeCommand {
  static override summary = 'Display resource (CPU/memory) usage of nodes';
  static override description = 'The top-node command allows you to see the resource consumption of nodes.';
  static override examples = ['kubectl top node', 'kubectl top node NODE_NAME'];
  static override args = { name: Args.string({ description: 'NAME' }) };
  static override flags = {
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'no-headers': Flags.boolean({ description: 'If present, print output without headers' }),
    'sort-by': Flags.string({ description: "If non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'." }),
    'show-capacity': Flags.boolean({ description: 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.' }),
    'use-protocol-buffers': Flags.boolean({ description: 'Enables using protocol-buffers to access Metrics API' }),
  };

  async run(): Promise<void> {
    const sortBy = this.flag<string | undefined>('sort-by');
    validateSortBy(sortBy);
    const name = this.args[0];
    const selector = this.flag<string | undefined>('selector');
    if (name && selector) throw new ClientError('only one of NAME or --selector can be provided');
    const result = await this.cluster((s) =>
      topNodes(s, { name, selector, noHeaders: this.flag<boolean>('no-headers'), sortBy, showCapacity: this.flag<boolean>('show-capacity') }),
    );
    this.print(result.stdout);
  }
}
