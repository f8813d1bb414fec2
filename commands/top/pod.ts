import { Args, Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { topPods, validateSortBy } from '../../src/client/top.js';

export default class TopPod extends KubeCommand {
  static override summary = 'Display resource (CPU/memory) usage of pods';
  static override description = 'The top-pod command allows you to see the resource consumption of pods. Due to the metrics pipeline delay, they may be unavailable for a few minutes since pod creation.';
  static override examples = ['kubectl top pod', 'kubectl top pod --namespace=NAMESPACE', 'kubectl top pod POD_NAME', 'kubectl top pod -l name=myLabel'];
  static override args = { name: Args.string({ description: 'NAME' }) };
  static override flags = {
    'all-namespaces': Flags.boolean({ char: 'A', description: 'If present, list the requested object(s) across all namespaces' }),
    containers: Flags.boolean({ description: 'If present, print usage of containers within a pod' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'field-selector': Flags.string({ description: 'Selector (field query) to filter on' }),
    'no-headers': Flags.boolean({ description: 'If present, print output without headers' }),
    'sort-by': Flags.string({ description: "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'." }),
    sum: Flags.boolean({ description: 'Print the sum of the resource usage' }),
    'use-protocol-buffers': Flags.boolean({ description: 'Enables using protocol-buffers to access Metrics API' }),
  };

  async run(): Promise<void> {
    const sortBy = this.flag<string | undefined>('sort-by');
    validateSortBy(sortBy);
    if (this.flag('sum')) throw new ClientError('top pod --sum is not supported by kubesim yet');
    const name = this.args[0];
    const selector = this.flag<string | undefined>('selector');
    if (name && selector) throw new ClientError('only one of NAME or --selector can be provided');
    const result = await this.cluster((s, k) =>
      topPods(s, {
        name,
        namespace: k.namespace,
        allNamespaces: this.flag<boolean>('all-namespaces'),
        containers: this.flag<boolean>('containers'),
        selector,
        fieldSelector: this.flag('field-selector'),
        noHeaders: this.flag<boolean>('no-headers'),
        sortBy,
      }),
    );
    this.print(result.stdout);
    if (result.stderr) this.printErr(result.stderr);
  }
}
