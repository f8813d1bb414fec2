import { Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError } from '../src/client/command.js';
import { readManifests } from '../src/client/manifests.js';
import { kustomizeManifests } from '../src/client/kustomize.js';
import { applyObject, LiveLookupError, nameLine, placeInNamespace, resourceOrFail } from '../src/client/apply.js';
import { formatStatusError, StatusError } from '../src/apiserver/errors.js';

export default class Apply extends KubeCommand {
  static override summary = 'Apply a configuration to a resource by file name or stdin';
  static override examples = ['kubectl apply -f https://k8s.io/examples/pods/simple-pod.yaml', 'kubectl apply -f ./dir -R', 'cat pod.yaml | kubectl apply -f -'];
  static override flags = {
    filename: Flags.string({ char: 'f', multiple: true, description: 'The files that contain the configurations to apply' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
    output: Flags.string({ char: 'o', description: 'Output format (name is supported)' }),
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
    'server-side': Flags.boolean({ description: 'If true, apply runs in the server instead of the client' }),
    'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership' }),
    validate: Flags.string({ description: 'Must be one of: strict (or true), warn, ignore (or false)' }),
    kustomize: Flags.string({ char: 'k', description: 'Process a kustomization directory' }),
    prune: Flags.boolean({ description: 'Automatically delete resource objects that do not appear in the configs' }),
    force: Flags.boolean({ description: 'Delete and re-create the resource when a patch fails' }),
    overwrite: Flags.boolean({ description: 'Automatically resolve conflicts between the modified and live configuration' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
  };

  async run(): Promise<void> {
    const files = this.flag<string[]>('filename') ?? [];
    const kdir = this.flag<string | undefined>('kustomize');
    if (kdir && files.length) throw new ClientError('only one of -f or -k can be specified');
    if (this.flag('server-side')) throw new ClientError('apply --server-side is not supported by kubesim yet');
    if (this.flag('prune')) throw new ClientError('apply --prune is not supported by kubesim yet');
    if (files.length === 0 && !kdir) throw new ClientError('must specify one of -f and -k');
    const dryRun = this.flag<string | undefined>('dry-run');
    if (dryRun === 'client') throw new ClientError('apply --dry-run=client is not supported by kubesim yet');
    const manifests = kdir ? await kustomizeManifests(kdir) : await readManifests(files, { recursive: this.flag('recursive') });
    if (manifests.length === 0) throw new ClientError('no objects passed to apply');
    let failed = false;
    await this.cluster((s, k) => {
      for (const m of manifests) {
        try {
          const r = resourceOrFail(m.object, m.source, k.namespace);
          placeInNamespace(m.object, r, k.namespace, !!this.flag('namespace'));
          const outcome = applyObject(s.api, r, m.object, { dryRun: dryRun === 'server' });
          this.printWarnings(s.api);
          if (outcome.warning) this.printErr(outcome.warning);
          if (this.flag('output') === 'name') this.print(`${nameLine(r, outcome.object.metadata.name!, '').trimEnd()}\n`);
          else this.print(nameLine(r, outcome.object.metadata.name!, outcome.result, dryRun === 'server' ? 'server' : undefined));
        } catch (e) {
          failed = true;
          if (e instanceof LiveLookupError) this.printErr(formatStatusError(e.status, { verb: e.verb, file: m.source }));
          else if (e instanceof StatusError) {
            const verb = s.api.tryGet(resourceOrFail(m.object, m.source, k.namespace), m.object.metadata.namespace, m.object.metadata.name ?? '') ? 'patching' : 'creating';
            this.printErr(formatStatusError(e, { verb, file: m.source }));
          } else if (e instanceof ClientError) this.printErr(e.raw ? e.message : `error: ${e.message}`);
          else throw e;
        }
      }
    });
    if (failed) process.exitCode = 1;
  }
}
