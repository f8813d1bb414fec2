import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { parseDryRun, renderMutated, validatePrintOutput } from '../src/client/generated.js';
import { nodeNames } from '../src/client/cordon.js';
import { NODES_RESOURCE, TaintError, conflictingTaints, parseTaintSpecs, taintNode } from '../src/cluster/node-ops.js';

export default class Taint extends KubeCommand {
  static override summary = 'Update the taints on one or more nodes';
  static override examples = [
    'kubectl taint nodes foo dedicated=special-user:NoSchedule',
    'kubectl taint nodes foo dedicated:NoSchedule-',
    'kubectl taint nodes foo dedicated-',
  ];
  static override args = { resource: Args.string({ description: 'NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N' }) };
  static override flags = {
    all: Flags.boolean({ description: 'Select all nodes in the cluster' }),
    overwrite: Flags.boolean({ description: 'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
    output: Flags.string({ char: 'o', description: 'Output format' }),
    'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership' }),
    validate: Flags.string({ description: 'Must be one of: strict (or true), warn, ignore (or false)' }),
    'allow-missing-template-keys': Flags.boolean({ description: 'If true, ignore any errors in templates when a field or map key is missing' }),
    'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format' }),
    template: Flags.string({ description: 'Template string or path to template file' }),
  };

  private usage(message: string): ClientError {
    return new ClientError(`error: ${message}\nSee '${this.commandPath()} -h' for help and examples`, 1, true);
  }

  async run(): Promise<void> {
    const resources: string[] = [];
    const taintArgs: string[] = [];
    for (const a of this.args) {
      if (a.includes('=') || a.includes(':') || a.endsWith('-')) taintArgs.push(a);
      else resources.push(a);
    }
    if (resources.length < 1) throw new ClientError('one or more resources must be specified as <resource> <name>');
    if (taintArgs.length < 1) throw new ClientError('at least one taint update is required');
    let specs;
    try {
      specs = parseTaintSpecs(taintArgs);
    } catch (e) {
      if (e instanceof TaintError) throw this.usage(e.message);
      throw e;
    }
    const output = this.flag<string | undefined>('output');
    validatePrintOutput(output);
    const dryRun = parseDryRun(this.flag('dry-run'));
    const first = resources[0]!;
    const type = (first.includes('/') ? first.slice(0, first.indexOf('/')) : first).toLowerCase();
    if (!['node', 'nodes', 'no'].includes(type)) throw new ClientError(`invalid resource type ${first}, only ["node" "nodes"] are supported`);
    const conflict = conflictingTaints(specs);
    if (conflict) throw new ClientError(conflict);
    const all = this.flag<boolean>('all');
    const selector = this.flag<string | undefined>('selector');
    if (all && selector) throw new ClientError("setting 'all' parameter with a non empty selector is prohibited");
    const named = first.includes('/') ? resources : resources.slice(1);
    if (!all && !selector && named.length < 1) throw new ClientError("at least one resource name must be specified since 'all' parameter is not set");
    await this.cluster(async (s) => {
      const names = all ? s.api.list(NODES_RESOURCE(), undefined).map((n) => n.metadata.name!) : nodeNames(s, named, selector);
      for (const name of names) {
        try {
          const { node, operation } = taintNode(s.api, name, specs, this.flag<boolean>('overwrite'), dryRun);
          this.print(await renderMutated(node, NODES_RESOURCE(), operation, { output, dryRun }));
        } catch (e) {
          if (e instanceof TaintError) throw new ClientError(e.message);
          throw e;
        }
      }
    });
  }
}
