import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { resolveTypeOrFail } from '../src/client/resource-args.js';
import { filterEvents, parseTypes, renderEventsTable, sortEvents } from '../src/client/events-printer.js';
import { apiVersionOf, resolveResource } from '../src/apiserver/resources.js';
import { splitOutput } from '../src/printers/output.js';
import type { Event } from '../src/types/k8s.js';

export default class Events extends KubeCommand {
  static override summary = 'List events';
  static override examples = ['kubectl events', 'kubectl events --all-namespaces', 'kubectl events --for pod/web-pod-13je7 --watch', 'kubectl events --types=Warning,Normal'];
  static override flags = {
    for: Flags.string({ description: 'Filter events to only those pertaining to the specified resource.' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'If present, list the requested object(s) across all namespaces.' }),
    types: Flags.string({ multiple: true, description: 'Output only events of given types.' }),
    output: Flags.string({ char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).' }),
    'no-headers': Flags.boolean({ description: "When using the default output format, don't print headers." }),
    watch: Flags.boolean({ char: 'w', description: 'After listing the requested events, watch for more events.' }),
    'chunk-size': Flags.string({ description: 'Return large lists in chunks rather than all at once.' }),
    'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format.' }),
    'allow-missing-template-keys': Flags.boolean({ description: 'If true, ignore any errors in templates when a field or map key is missing in the template.' }),
    template: Flags.string({ description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' }),
  };

  async run(): Promise<void> {
    if (this.flag('watch')) throw new ClientError('events --watch is not supported by kubesim yet');
    if (this.args.length > 0) throw new ClientError(`unknown command "${this.args[0]}" for "${this.commandPath()}"`);
    const types = parseTypes(this.flag<string[]>('types') ?? []);
    const output = this.flag<string | undefined>('output');
    let forFilter: { kind?: string; apiVersion?: string; name?: string } = {};
    const forSpec = this.flag<string | undefined>('for');
    if (forSpec) {
      const slash = forSpec.indexOf('/');
      const typed = slash < 0 ? 'pods' : forSpec.slice(0, slash);
      const name = slash < 0 ? forSpec : forSpec.slice(slash + 1);
      const r = resolveTypeOrFail(typed);
      forFilter = { kind: r.kind, apiVersion: apiVersionOf(r), name };
    }
    const all = this.flag<boolean>('all-namespaces');
    const eventsR = resolveResource('events')!;
    const { events, now, namespace } = await this.cluster((s, k) => ({
      events: s.api.list(eventsR, all ? undefined : k.namespace) as Event[],
      now: s.now,
      namespace: k.namespace,
    }));
    const selected = sortEvents(filterEvents(events, { ...forFilter, types }));
    const { format, arg } = splitOutput(output);
    if (format === '') {
      if (selected.length === 0) {
        this.printErr(all ? 'No events found.' : `No events found in ${namespace} namespace.`);
        return;
      }
      this.print(renderEventsTable(selected, now, { allNamespaces: all, noHeaders: this.flag<boolean>('no-headers') }));
      return;
    }
    const list = { apiVersion: 'v1', items: selected, kind: 'EventList', metadata: { resourceVersion: '' } };
    switch (format) {
      case 'yaml': {
        const { toYaml } = await import('../src/printers/yaml.js');
        this.print(toYaml(list));
        return;
      }
      case 'json': {
        const { toJson } = await import('../src/printers/json.js');
        this.print(toJson(list));
        return;
      }
      case 'name':
        this.print(selected.map((e) => `event/${e.metadata.name}\n`).join(''));
        return;
      case 'jsonpath': {
        const jp = await import('../src/printers/jsonpath.js');
        this.print(jp.executeJsonPath(arg, list));
        return;
      }
      default:
        throw new ClientError(`events -o ${format} is not supported by kubesim yet`);
    }
  }
}
