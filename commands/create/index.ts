import { Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError, SourcedStatusError, reportError } from '../../src/client/command.js';
import { readManifests } from '../../src/client/manifests.js';
import { kustomizeManifests } from '../../src/client/kustomize.js';
import { placeInNamespace, resourceOrFail, withLastApplied } from '../../src/client/apply.js';
import { parseDryRun, renderMutated, validatePrintOutput } from '../../src/client/generated.js';
import { StatusError } from '../../src/apiserver/errors.js';

export default class Create extends KubeCommand {
  static override summary = 'Create a resource from a file or from stdin';
  static override examples = ['kubectl create -f ./pod.json', 'cat pod.json | kubectl create -f -'];
  static override flags = {
    filename: Flags.string({ char: 'f', multiple: true, description: 'Filename, directory, or URL to files to use to create the resource' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
    kustomize: Flags.string({ char: 'k', description: 'Process the kustomization directory' }),
    output: Flags.string({ char: 'o', description: 'Output format' }),
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
    'save-config': Flags.boolean({ description: 'If true, the configuration of current object will be saved in its annotation' }),
    validate: Flags.string({ description: 'Must be one of: strict (or true), warn, ignore (or false)' }),
    edit: Flags.boolean({ description: 'Edit the API resource before creating' }),
    raw: Flags.string({ description: 'Raw URI to POST to the server' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership' }),
    'windows-line-endings': Flags.boolean({ description: 'Only relevant if --edit=true' }),
    'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format' }),
  };

  async run(): Promise<void> {
    if (this.flag('edit')) throw new ClientError('create --edit is not supported by kubesim yet');
    if (this.flag('raw')) throw new ClientError('create --raw is not supported by kubesim yet');
    if (this.flag('selector')) throw new ClientError('create -l is not supported by kubesim yet');
    if (this.args.length > 0) {
      throw new ClientError(`Unexpected args: [${this.args.join(' ')}]\nSee '${this.commandPath()} -h' for help and examples`);
    }
    const files = this.flag<string[]>('filename') ?? [];
    const kdir = this.flag<string | undefined>('kustomize');
    if (kdir && files.length) throw new ClientError('only one of -f or -k can be specified');
    if (files.length === 0 && !kdir) throw new ClientError('must specify one of -f and -k');
    const dryRun = parseDryRun(this.flag('dry-run'));
    const output = this.flag<string | undefined>('output');
    validatePrintOutput(output);
    const manifests = kdir ? await kustomizeManifests(kdir) : await readManifests(files, { recursive: this.flag('recursive') });
    if (manifests.length === 0) throw new ClientError('no objects passed to create');
    let failed = false;
    const explicit = !!this.flag('namespace');
    // kubectl's visitor continues on error: what was created is printed as it goes, the errors
    // come after all of it (one aggregate).
    const one = async (ns: string, create: (m: (typeof manifests)[number]) => Promise<string>) => {
      const errors: Error[] = [];
      for (const m of manifests) {
        try {
          this.print(await create(m));
        } catch (e) {
          failed = true;
          if (e instanceof StatusError) errors.push(new SourcedStatusError(e, 'creating', m.source));
          else if (e instanceof ClientError) errors.push(e);
          else throw e;
        }
        this.flushOutput();
      }
      for (const e of errors) reportError(e, this.commandPath());
      void ns;
    };
    if (dryRun === 'client') {
      const k = await this.kube();
      await one(k.namespace, async (m) => {
        const r = resourceOrFail(m.object, m.source, k.namespace);
        placeInNamespace(m.object, r, k.namespace, explicit);
        const obj = this.flag('save-config') ? withLastApplied(m.object) : m.object;
        return renderMutated(obj, r, 'created', { output, dryRun });
      });
    } else {
      await this.cluster(async (s, k) => {
        await one(k.namespace, async (m) => {
          const r = resourceOrFail(m.object, m.source, k.namespace);
          placeInNamespace(m.object, r, k.namespace, explicit);
          const obj = this.flag('save-config') ? withLastApplied(m.object) : m.object;
          const created = s.api.create(r, m.object.metadata.namespace, obj, { dryRun: dryRun === 'server' });
          this.printWarnings(s.api);
          return renderMutated(created, r, 'created', { output, dryRun });
        });
      });
    }
    if (failed) process.exitCode = 1;
  }
}
