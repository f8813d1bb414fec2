import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { parseResourceArgs } from '../src/client/resource-args.js';
import { conditionMet, parseWaitFor, waitTimeoutMs, waitUntil, type WaitCondition, type WaitDeadline } from '../src/client/wait.js';
import { qualifiedKind, type ResourceInfo } from '../src/apiserver/resources.js';
import { notFound } from '../src/apiserver/errors.js';
import { parseDuration } from '../src/util/duration.js';
import type { ClusterSession } from '../src/cluster/session.js';

interface Target {
  resource: ResourceInfo;
  namespace: string | undefined;
  name: string;
  uid?: string;
}

const TIMED_OUT = 'timed out waiting for the condition';

export default class Wait extends KubeCommand {
  static override summary = 'Experimental: Wait for a specific condition on one or many resources';
  static override description =
    'Wait for a condition on one or many resources: --for=delete, --for=create, --for=condition=NAME[=VALUE] or --for=jsonpath=\'{EXPR}\'[=VALUE]. Simulated time passes while it waits.';
  static override examples = [
    'kubectl wait --for=condition=Ready pod/busybox1',
    "kubectl wait --for=jsonpath='{.status.phase}'=Running pod/busybox1",
    'kubectl wait --for=delete pod/busybox1 --timeout=60s',
    'kubectl wait --for=condition=Ready pods --all',
  ];
  static override args = { resources: Args.string({ description: 'TYPE NAME ... | TYPE/NAME ...' }) };
  static override flags = {
    for: Flags.string({ description: "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]" }),
    timeout: Flags.string({ description: 'The length of time to wait before giving up. Zero means check once and don\'t wait, negative means wait for a week.', default: '30s' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'field-selector': Flags.string({ description: 'Selector (field query) to filter on' }),
    all: Flags.boolean({ description: 'Select all resources in the namespace of the specified resource types' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'If present, list the requested object(s) across all namespaces' }),
    filename: Flags.string({ char: 'f', multiple: true, description: 'identifying the resource' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
    output: Flags.string({ char: 'o', description: 'Output format: name' }),
    local: Flags.boolean({ description: 'If true, annotation will NOT contact api-server but run locally.' }),
  };

  async run(): Promise<void> {
    if (this.flag<string[]>('filename')?.length) throw new ClientError('wait -f is not supported by kubesim yet');
    const cond = parseWaitFor(this.flag('for'));
    let timeoutMs: number;
    try {
      timeoutMs = waitTimeoutMs(parseDuration(this.flag<string>('timeout') ?? '30s'));
    } catch {
      throw new ClientError(`invalid argument "${this.flag('timeout')}" for "--timeout" flag: time: invalid duration "${this.flag('timeout')}"`);
    }
    if (this.args.length === 0) {
      throw new ClientError(`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    }
    const selection = parseResourceArgs(this.args);
    const byQuery = !!(this.flag('all') || this.flag('selector') || this.flag('field-selector'));
    if (!selection.byName && !byQuery) throw new ClientError('resource(s) were provided, but no name was specified');

    // Manual clock: simulated time passes while it waits; wall clock: it really waits (waitUntil).
    const k = await this.kube();
    const ns = this.flag('all-namespaces') ? undefined : k.namespace;
    const open = <T>(fn: (s: ClusterSession) => T) => this.cluster((s) => fn(s));
    const deadline: WaitDeadline = {};
    const named: Target[] = [];
    for (const { resource, names } of selection.requests) {
      for (const name of names) named.push({ resource, namespace: k.namespace, name });
    }
    const query = (s: ClusterSession) => {
      const out: Target[] = [];
      for (const { resource, names } of selection.requests) {
        if (names.length) continue;
        for (const o of s.api.list(resource, ns, { labelSelector: this.flag('selector'), fieldSelector: this.flag('field-selector') })) {
          out.push({ resource, namespace: o.metadata.namespace, name: o.metadata.name!, uid: o.metadata.uid });
        }
      }
      return out;
    };

    if (cond.kind === 'create') {
      // Poll until every named object exists (a selector is satisfied by whatever it matches now).
      const exists = (s: ClusterSession) => named.every((t) => !!s.api.find(t.resource, t.namespace, t.name));
      if (!(await waitUntil(open, exists, timeoutMs, deadline))) throw new ClientError(TIMED_OUT);
    }

    const targets = await open((s) => {
      const found: Target[] = [];
      for (const t of [...named, ...query(s)]) {
        // kubectl's first GET of each object (the builder's Latest()): refused without `get`.
        const obj = s.api.find(t.resource, t.namespace, t.name);
        if (!obj) {
          // --for=delete ignores objects that are already gone.
          if (cond.kind === 'delete') continue;
          throw notFound(t.resource, t.name);
        }
        found.push({ ...t, uid: obj.metadata.uid });
      }
      return found;
    });
    if (targets.length === 0 && cond.kind !== 'delete') throw new ClientError('no matching resources found');

    for (const t of targets) {
      if (!(await waitUntil(open, (s) => this.met(s, t, cond), timeoutMs, deadline))) throw new ClientError(`${TIMED_OUT} on ${t.resource.name}/${t.name}`);
      this.print(this.flag('output') === 'name' ? `${qualifiedKind(t.resource)}/${t.name}\n` : `${qualifiedKind(t.resource)}/${t.name} condition met\n`);
      this.flushOutput();
    }
  }

  /** Whether `t` meets `cond` now (or is gone / replaced, for delete). */
  private met(s: ClusterSession, t: Target, cond: WaitCondition): boolean {
    const obj = s.api.find(t.resource, t.namespace, t.name);
    if (cond.kind === 'delete') return !obj || obj.metadata.uid !== t.uid;
    if (!obj) throw new ClientError(`${TIMED_OUT} on ${t.resource.name}/${t.name}`);
    return conditionMet(obj, cond);
  }
}
