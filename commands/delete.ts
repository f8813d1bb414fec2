import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError, SourcedStatusError, reportError } from '../src/client/command.js';
import { parseResourceArgs } from '../src/client/resource-args.js';
import { readManifests } from '../src/client/manifests.js';
import { kustomizeManifests } from '../src/client/kustomize.js';
import { placeInNamespace, resourceOrFail } from '../src/client/apply.js';
import { qualifiedKind, type ResourceInfo } from '../src/apiserver/resources.js';
import { StatusError } from '../src/apiserver/errors.js';
import { parseDuration } from '../src/util/duration.js';
import { waitUntil } from '../src/client/wait.js';
import { cascadePolicy, parseGracePeriod } from '../src/client/delete-options.js';

interface Target {
  resource: ResourceInfo;
  namespace: string | undefined;
  name: string;
  source?: string;
  /** The deleted object's UID: a new object of the same name (a mirror pod made again) is not the one waited for. */
  uid?: string;
}

export default class Delete extends KubeCommand {
  static override summary = 'Delete resources by file names, stdin, resources and names, or by resources and label selector';
  static override examples = ['kubectl delete pod nginx', 'kubectl delete -f pod.yaml', 'kubectl delete pods -l app=web', 'kubectl delete pods --all'];
  static override args = { resources: Args.string({ description: 'TYPE NAME ... | TYPE/NAME ...' }) };
  static override flags = {
    filename: Flags.string({ char: 'f', multiple: true, description: 'containing the resource to delete' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f recursively' }),
    kustomize: Flags.string({ char: 'k', description: 'Process a kustomization directory' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'field-selector': Flags.string({ description: 'Selector (field query) to filter on' }),
    all: Flags.boolean({ description: 'Delete all resources, in the namespace of the specified resource types' }),
    'all-namespaces': Flags.boolean({ char: 'A', description: 'If present, list the requested object(s) across all namespaces' }),
    'grace-period': Flags.string({ description: 'Period of time in seconds given to the resource to terminate gracefully' }),
    now: Flags.boolean({ description: 'If true, resources are signaled for immediate shutdown (same as --grace-period=1)' }),
    force: Flags.boolean({ description: 'If true, immediately remove resources from API and bypass graceful deletion' }),
    wait: Flags.string({ description: 'If true, wait for resources to be gone before returning', default: 'true' }),
    timeout: Flags.string({ description: 'The length of time to wait before giving up on a delete' }),
    'ignore-not-found': Flags.boolean({ description: 'Treat "resource not found" as a successful delete' }),
    cascade: Flags.string({ description: 'Must be "background", "orphan", or "foreground"' }),
    output: Flags.string({ char: 'o', description: 'Output mode. Use "-o name" for shorter output' }),
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
  };

  private gracePeriod(): number | undefined {
    const given = this.flag<string | undefined>('grace-period');
    if (this.flag('now') && given !== undefined) throw new ClientError('--now and --grace-period cannot be specified together');
    if (this.flag('now')) return 1;
    if (given === undefined) return this.flag('force') ? 0 : undefined;
    const n = parseGracePeriod(given);
    // A negative value means "use the object's default"; 0 without --force means 1.
    if (n < 0) return undefined;
    if (n === 0 && !this.flag('force')) return 1;
    return n;
  }

  async run(): Promise<void> {
    const files = this.flag<string[]>('filename') ?? [];
    const kdir = this.flag<string | undefined>('kustomize');
    if (kdir && files.length) throw new ClientError('only one of -f or -k can be specified');
    if (this.args.length === 0 && files.length === 0 && !kdir) {
      throw new ClientError(
        "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    }
    if (this.flag('all') && this.flag('selector')) throw new ClientError('cannot set --all and --selector at the same time');
    const grace = this.gracePeriod();
    if (grace === 0 && this.flag('force')) {
      this.printErr('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
    }
    const manifests = kdir ? await kustomizeManifests(kdir) : files.length ? await readManifests(files, { recursive: this.flag('recursive') }) : [];
    const selection = this.args.length ? parseResourceArgs(this.args) : undefined;
    const waitFlag = this.flag<string>('wait') !== 'false';
    const timeoutMs = this.flag('timeout') ? parseDuration(this.flag('timeout')) : 7 * 24 * 3600_000;
    let failed = false;
    let waiting: Target[] = [];
    await this.cluster((s, k) => {
      const targets: Target[] = [];
      for (const m of manifests) {
        const r = resourceOrFail(m.object, m.source, k.namespace);
        placeInNamespace(m.object, r, k.namespace, !!this.flag('namespace'));
        targets.push({ resource: r, namespace: m.object.metadata.namespace, name: m.object.metadata.name!, source: m.source });
      }
      for (const { resource, names } of selection?.requests ?? []) {
        if (names.length) {
          for (const name of names) targets.push({ resource, namespace: k.namespace, name });
          continue;
        }
        if (!this.flag('all') && !this.flag('selector') && !this.flag('field-selector')) {
          throw new ClientError('resource(s) were provided, but no name was specified');
        }
        const ns = this.flag('all-namespaces') ? undefined : k.namespace;
        for (const o of s.api.list(resource, ns, { labelSelector: this.flag('selector'), fieldSelector: this.flag('field-selector') })) {
          targets.push({ resource, namespace: o.metadata.namespace, name: o.metadata.name! });
        }
      }
      const deleted: Target[] = [];
      // kubectl's visitor continues on error: the lines of what was deleted come first, the errors
      // after them (one aggregate), and it does not wait when there were errors.
      const errors: Error[] = [];
      for (const t of targets) {
        try {
          const gone = s.api.delete(t.resource, t.namespace, t.name, {
            gracePeriodSeconds: grace,
            propagationPolicy: cascadePolicy(this.flag('cascade')),
            dryRun: this.flag('dry-run') === 'server',
          });
          const kind = qualifiedKind(t.resource);
          this.print(this.flag('output') === 'name' ? `${kind}/${t.name}\n` : `${kind} "${t.name}" deleted\n`);
          deleted.push({ ...t, uid: gone.metadata.uid });
        } catch (e) {
          if (e instanceof StatusError && e.reason === 'NotFound' && this.flag('ignore-not-found')) continue;
          failed = true;
          if (e instanceof StatusError) errors.push(t.source ? new SourcedStatusError(e, 'deleting', t.source) : e);
          else throw e;
        }
      }
      this.flushOutput();
      for (const e of errors) reportError(e, this.commandPath());
      if (errors.length) return;
      if (deleted.length === 0 && !this.flag('ignore-not-found')) {
        this.print('No resources found\n');
        return;
      }
      if (waitFlag && this.flag('dry-run') === undefined) waiting = deleted;
    });
    if (waiting.length) {
      // kubectl delete waits until the objects are gone (manual clock: simulated time passes; wall clock: it really waits).
      await waitUntil((fn) => this.cluster((s) => fn(s)), (s) => waiting.every((t) => s.api.tryGet(t.resource, t.namespace, t.name)?.metadata.uid !== t.uid), timeoutMs);
    }
    if (failed) process.exitCode = 1;
  }
}
