import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { listSelected, listSelectedByNamespace, parseResourceArgs } from '../src/client/resource-args.js';
import { notFound, StatusError } from '../src/apiserver/errors.js';
import {
  groupSize,
  isTableFormat,
  layOutByNamespace,
  OutputError,
  renderStructured,
  renderTables,
  validateOutputFormat,
  type ObjectGroup,
  type OutputOptions,
} from '../src/printers/output.js';
import type { KObject } from '../src/types/k8s.js';

export default class Get extends KubeCommand {
  static override summary = 'Display one or many resources';
  static override description = 'Prints a table of the most important information about the specified resources, as kubectl get does.';
  static override examples = ['kubectl get pods', 'kubectl get pods -o wide', 'kubectl get pod nginx -o yaml', 'kubectl get nodes --show-labels'];
  static override args = { resources: Args.string({ description: 'TYPE[.VERSION][.GROUP] [NAME ...] | TYPE/NAME ...' }) };
  static override flags = {
    output: Flags.string({ char: 'o', description: 'Output format: json, yaml, name, wide, jsonpath=..., custom-columns=...' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'field-selector': Flags.string({ description: 'Selector (field query) to filter on' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'List the requested object(s) across all namespaces' }),
    'show-labels': Flags.boolean({ description: 'When printing, show all labels as the last column' }),
    'label-columns': Flags.string({ char: 'L', multiple: true, description: 'Labels to present as columns' }),
    'no-headers': Flags.boolean({ description: "When using the default or custom-column output format, don't print headers" }),
    'sort-by': Flags.string({ description: 'Sort list types using this field specification (a JSONPath expression)' }),
    'ignore-not-found': Flags.boolean({ description: 'If the requested object does not exist the command will return exit code 0' }),
    watch: Flags.boolean({ char: 'w', description: 'After listing/getting the requested object, watch for changes' }),
    'watch-only': Flags.boolean({ description: 'Watch for changes to the requested object(s), without listing/getting first' }),
    'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format' }),
    filename: Flags.string({ char: 'f', multiple: true, description: 'Filename, directory, or URL to files identifying the resource to get' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
    'chunk-size': Flags.string({ description: 'Return large lists in chunks rather than all at once' }),
    'output-watch-events': Flags.boolean({ description: 'Output watch event objects when --watch or --watch-only is used' }),
  };

  private async render(groups: ObjectGroup[], opts: Parameters<typeof renderTables>[1], single: boolean): Promise<string> {
    try {
      return isTableFormat(opts.output) ? renderTables(groups, opts) : await renderStructured(groups, opts, single);
    } catch (e) {
      if (e instanceof OutputError) throw new ClientError(e.message);
      throw e;
    }
  }

  /** `get -w` / `--watch-only`: src/client/watch.ts. */
  private async watch(selection: ReturnType<typeof parseResourceArgs>, output: string | undefined, allNamespaces: boolean): Promise<void> {
    const resources = new Set(selection.requests.map((r) => r.resource));
    if (resources.size > 1) throw new ClientError('watch is only supported on individual resources and resource collections, but a list of resources is found');
    const { runWatch, parseRequestTimeout } = await import('../src/client/watch.js');
    const { stateDir, kubesimHome } = await import('../src/cluster/session.js');
    const ac = new AbortController();
    const onInt = () => ac.abort();
    process.once('SIGINT', onInt);
    try {
      this.flushOutput();
      await runWatch(
        {
          resource: selection.requests[0]!.resource,
          names: selection.requests.flatMap((r) => r.names),
          allNamespaces,
          labelSelector: this.flag('selector'),
          fieldSelector: this.flag('field-selector'),
          output,
          noHeaders: this.flag<boolean>('no-headers'),
          showLabels: this.flag<boolean>('show-labels'),
          labelColumns: (this.flag<string[]>('label-columns') ?? []).flatMap((l) => l.split(',')),
          watchOnly: this.flag<boolean>('watch-only'),
          outputWatchEvents: this.flag<boolean>('output-watch-events'),
          timeoutMs: parseRequestTimeout(this.flag('request-timeout')),
        },
        {
          open: (fn) => this.cluster((s, k) => fn(s, k.namespace)),
          stateDir: stateDir(kubesimHome()),
          write: (text) => process.stdout.write(text),
          signal: ac.signal,
        },
      );
    } catch (e) {
      if (e instanceof OutputError) throw new ClientError(e.message);
      throw e;
    } finally {
      process.off('SIGINT', onInt);
    }
    // kubectl's interrupt handler exits 1 on Ctrl-C.
    if (ac.signal.aborted) process.exitCode = 1;
  }

  async run(): Promise<void> {
    if (this.flag<string[]>('filename')?.length) throw new ClientError('get -f is not supported by kubesim yet');
    const output = this.flag<string | undefined>('output');
    try {
      validateOutputFormat(output);
    } catch (e) {
      throw new ClientError((e as Error).message);
    }
    if (this.flag('show-labels') && !isTableFormat(output)) {
      throw new ClientError(`--show-labels option cannot be used with ${output} printer`);
    }
    if (this.args.length === 0) {
      throw new ClientError(
        `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee '${this.commandPath()} -h' for help and examples`,
        1,
        true,
      );
    }
    const selection = parseResourceArgs(this.args);
    const allNamespaces = this.flag<boolean>('all-namespaces');
    if (this.flag('watch') || this.flag('watch-only')) return this.watch(selection, output, allNamespaces);
    const missing: StatusError[] = [];
    const sortBy = this.flag<string | undefined>('sort-by');
    const printOptions = (now: number): OutputOptions => ({
      output,
      noHeaders: this.flag<boolean>('no-headers'),
      showLabels: this.flag<boolean>('show-labels'),
      labelColumns: (this.flag<string[]>('label-columns') ?? []).flatMap((l) => l.split(',')),
      allNamespaces,
      withKind: selection.multipleTypes,
      now,
    });
    const { groups, now, namespace } = await this.cluster((s, k) => {
      const namespace = k.namespace;
      const groups: ObjectGroup[] = selection.requests.map(({ resource, names }) => {
        const ns = allNamespaces ? undefined : namespace;
        if (names.length === 0 && isTableFormat(output) && !sortBy) {
          // A table needs only the cells: lay them out as each namespace is read.
          const pages = listSelectedByNamespace(s.api, resource, ns, this.flag('selector'), this.flag('field-selector'));
          return layOutByNamespace(resource, pages, printOptions(s.now));
        }
        if (names.length === 0) {
          return {
            resource,
            objects: listSelected(s.api, resource, ns, this.flag('selector'), this.flag('field-selector')),
          };
        }
        const objects: KObject[] = [];
        for (const name of names) {
          const obj = s.api.find(resource, namespace, name);
          if (obj) objects.push(obj);
          else missing.push(notFound(resource, name));
        }
        return { resource, objects };
      });
      return { groups, now: s.now, namespace };
    }, { readOnly: true });
    if (sortBy) {
      const { sortObjectsBy } = await import('../src/printers/sort.js');
      const all = groups.flatMap((g) => g.objects);
      if (all.length > 0) for (const g of groups) g.objects = sortObjectsBy(g.objects, sortBy);
    }
    const opts = printOptions(now);
    // Only names that were not found: nothing to print but the errors.
    const nothingFound = selection.byName && groups.every((g) => groupSize(g) === 0);
    const single = selection.byName && !selection.multipleTypes && this.args.length <= 2 && groupSize(groups[0]!) + missing.length === 1;
    const text = nothingFound ? '' : await this.render(groups, opts, single);
    this.print(text);
    const ignore = this.flag<boolean>('ignore-not-found');
    if (!ignore) for (const err of missing) this.printErr(`Error from server (NotFound): ${err.message}`);
    if (missing.length && !ignore) process.exitCode = 1;
    const nothing = groups.every((g) => groupSize(g) === 0);
    if (nothing && missing.length === 0 && isTableFormat(output) && !ignore) {
      const clusterScoped = selection.requests.some((r) => !r.resource.namespaced);
      this.printErr(allNamespaces || clusterScoped ? 'No resources found' : `No resources found in ${namespace} namespace.`);
    }
  }
}
