import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError, SourcedStatusError, reportError } from '../src/client/command.js';
import { readManifests, type Manifest } from '../src/client/manifests.js';
import { kustomizeManifests } from '../src/client/kustomize.js';
import { LAST_APPLIED, placeInNamespace, resourceOrFail, withLastApplied } from '../src/client/apply.js';
import { parseDryRun, renderMutated, validatePrintOutput } from '../src/client/generated.js';
import { waitUntil } from '../src/client/wait.js';
import { cascadePolicy, parseGracePeriod } from '../src/client/delete-options.js';
import { qualifiedKind, type ResourceInfo } from '../src/apiserver/resources.js';
import { StatusError } from '../src/apiserver/errors.js';
import { parseDuration } from '../src/util/duration.js';
import type { KObject } from '../src/types/k8s.js';

/** A manifest with the resource it names, placed in its namespace. */
interface Target {
  manifest: Manifest;
  resource: ResourceInfo;
}

export default class Replace extends KubeCommand {
  static override summary = 'Replace a resource by file name or stdin';
  static override description =
    'Replace a resource by file name or stdin. JSON and YAML formats are accepted. If replacing an existing resource, the complete resource spec must be provided. With --force the resource is deleted and created again.';
  static override examples = [
    '# Replace a pod using the data in pod.json\nkubectl replace -f ./pod.json',
    '# Replace a pod based on the JSON passed into stdin\ncat pod.json | kubectl replace -f -',
    '# Force replace, delete and then re-create the resource\nkubectl replace --force -f ./pod.json',
  ];
  static override flags = {
    filename: Flags.string({ char: 'f', multiple: true, description: 'The files that contain the configurations to replace.' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
    kustomize: Flags.string({ char: 'k', description: 'Process a kustomization directory' }),
    output: Flags.string({ char: 'o', description: 'Output format' }),
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
    'save-config': Flags.boolean({ description: 'If true, the configuration of current object will be saved in its annotation' }),
    validate: Flags.string({ description: 'Must be one of: strict (or true), warn, ignore (or false)' }),
    force: Flags.boolean({ description: 'If true, immediately remove resources from API and bypass graceful deletion' }),
    'grace-period': Flags.string({ description: 'Period of time in seconds given to the resource to terminate gracefully (with --force)' }),
    timeout: Flags.string({ description: 'The length of time to wait before giving up on a delete (with --force)' }),
    wait: Flags.boolean({ description: 'If true, wait for resources to be gone before returning' }),
    cascade: Flags.string({ description: 'Must be "background", "orphan", or "foreground"' }),
    raw: Flags.string({ description: 'Raw URI to PUT to the server' }),
    subresource: Flags.string({ description: 'If specified, replace will operate on the subresource of the requested object' }),
    'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership' }),
    'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format' }),
  };

  /** --grace-period as kubectl replace reads it: -1 is the object's own; 0 becomes 1. */
  private gracePeriod(): number {
    const given = this.flag<string | undefined>('grace-period');
    if (given === undefined) return -1;
    const n = parseGracePeriod(given);
    return n === 0 ? 1 : n;
  }

  async run(): Promise<void> {
    if (this.flag('raw')) throw new ClientError('replace --raw is not supported by kubesim yet');
    if (this.flag('subresource')) throw new ClientError('replace --subresource is not supported by kubesim yet');
    const files = this.flag<string[]>('filename') ?? [];
    const kdir = this.flag<string | undefined>('kustomize');
    if (kdir && files.length) throw new ClientError('only one of -f or -k can be specified');
    if (files.length === 0 && !kdir) throw new ClientError('must specify one of -f and -k');
    const force = this.flag<boolean>('force');
    const grace = this.gracePeriod();
    if (grace >= 0 && !force) throw new ClientError('--grace-period must have --force specified');
    if (this.flag('timeout') !== undefined && parseDuration(this.flag('timeout')) !== 0 && !force) throw new ClientError('--timeout must have --force specified');
    const dryRun = parseDryRun(this.flag('dry-run'));
    if (force && dryRun) throw new ClientError('--dry-run can not be used when --force is set');
    const output = this.flag<string | undefined>('output');
    validatePrintOutput(output);
    const manifests = kdir ? await kustomizeManifests(kdir) : await readManifests(files, { recursive: this.flag('recursive') });
    if (force) return this.forceReplace(manifests, grace, output);

    let failed = false;
    await this.cluster(async (s, k) => {
      // kubectl's visitor continues on error: what was replaced is printed as it goes, the errors after it.
      const errors: Error[] = [];
      for (const m of manifests) {
        try {
          const { resource: r } = this.target(m, k.namespace);
          const obj = withConfigAnnotation(m.object, this.flag('save-config'));
          if (dryRun === 'client') {
            this.print(await renderMutated(obj, r, 'replaced', { output, dryRun }));
            continue;
          }
          const ns = obj.metadata.namespace;
          // kubectl's Helper.Replace: an object without a resourceVersion replaces the live one whatever its version.
          if (!obj.metadata.resourceVersion) obj.metadata.resourceVersion = s.api.get(r, ns, obj.metadata.name!).metadata.resourceVersion;
          const replaced = s.api.update(r, ns, obj, { dryRun: dryRun === 'server' });
          this.printWarnings(s.api);
          this.print(await renderMutated(replaced, r, 'replaced', { output, dryRun }));
        } catch (e) {
          failed = true;
          if (e instanceof StatusError) errors.push(new SourcedStatusError(e, 'replacing', m.source));
          else if (e instanceof ClientError) errors.push(e);
          else throw e;
        }
        this.flushOutput();
      }
      for (const e of errors) reportError(e, this.commandPath());
    });
    if (failed) process.exitCode = 1;
  }

  private target(m: Manifest, namespace: string): Target {
    const resource = resourceOrFail(m.object, m.source, namespace);
    placeInNamespace(m.object, resource, namespace, !!this.flag('namespace'));
    return { manifest: m, resource };
  }

  /**
   * `replace --force`: delete what the files name (a missing object is no error), wait until each
   * is gone (kubectl looks every second, for --timeout or 5 minutes), then create them from the files.
   */
  private async forceReplace(manifests: Manifest[], grace: number, output: string | undefined): Promise<void> {
    const timeoutMs = this.flag('timeout') ? parseDuration(this.flag('timeout')) || 5 * 60_000 : 5 * 60_000;
    const targets = await this.cluster((s, k) => {
      const out = manifests.map((m) => this.target(m, k.namespace));
      for (const { manifest, resource } of out) {
        const { namespace, name } = manifest.object.metadata;
        try {
          s.api.delete(resource, namespace, name!, { gracePeriodSeconds: grace < 0 ? undefined : grace, propagationPolicy: cascadePolicy(this.flag('cascade')) });
        } catch (e) {
          if (e instanceof StatusError && e.reason === 'NotFound') continue;
          throw e;
        }
        this.print(output === 'name' ? `${qualifiedKind(resource)}/${name}\n` : `${qualifiedKind(resource)} "${name}" deleted\n`);
      }
      return out;
    });
    if (targets.length === 0) this.print('No resources found\n');
    this.flushOutput();
    const gone = await waitUntil(
      (fn) => this.cluster((s) => fn(s)),
      (s) => targets.every(({ manifest: m, resource }) => !s.api.tryGet(resource, m.object.metadata.namespace, m.object.metadata.name!)),
      timeoutMs,
    );
    if (!gone) throw new ClientError('timed out waiting for the condition');
    if (targets.length === 0) throw new ClientError('no objects passed to replace');
    await this.cluster(async (s) => {
      for (const { manifest: m, resource: r } of targets) {
        const created = s.api.create(r, m.object.metadata.namespace, withConfigAnnotation(m.object, this.flag('save-config')));
        this.printWarnings(s.api);
        this.print(await renderMutated(created, r, 'replaced', { output }));
      }
    });
  }
}

/**
 * kubectl's CreateOrUpdateAnnotation: --save-config writes the last-applied configuration; without
 * it, an annotation the file itself carries is brought up to date (the live object's is not kept).
 */
function withConfigAnnotation(obj: KObject, saveConfig: boolean): KObject {
  return saveConfig || obj.metadata.annotations?.[LAST_APPLIED] !== undefined ? withLastApplied(obj) : obj;
}
