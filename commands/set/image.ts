import { Flags } from '../../src/client/oclif.js';
import { KubeCommand, ClientError } from '../../src/client/command.js';
import { parseResourceArgs } from '../../src/client/resource-args.js';
import { qualifiedKind } from '../../src/apiserver/resources.js';
import type { Container, KObject, PodSpec } from '../../src/types/k8s.js';

/** The pod spec inside an object of a kind that has one. */
function podSpecOf(obj: KObject): PodSpec | undefined {
  const spec = obj.spec as { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } }; containers?: Container[] } | undefined;
  if (obj.kind === 'Pod') return obj.spec as PodSpec;
  if (obj.kind === 'CronJob') return spec?.jobTemplate?.spec?.template?.spec;
  return spec?.template?.spec;
}

/** Whether a flag was set (a repeatable flag is an empty list when not). */
const isSet = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== false);

export default class SetImage extends KubeCommand {
  static override summary = 'Update the image of a pod template';
  static override examples = ['kubectl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1', 'kubectl set image deployments,rc nginx=nginx:1.9.1 --all'];
  static override flags = {
    all: Flags.boolean({ description: 'Select all resources, in the namespace of the specified resource types' }),
    selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
    local: Flags.boolean({ description: 'If true, set image will NOT contact api-server but run locally.' }),
    output: Flags.string({ char: 'o', description: 'Output format' }),
    filename: Flags.string({ char: 'f', multiple: true, description: 'Filename, directory, or URL to files identifying the resource to get from a server.' }),
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
    record: Flags.boolean({ description: 'Record current kubectl command in the resource annotation.' }),
  };

  async run(): Promise<void> {
    for (const f of ['local', 'output', 'filename', 'dry-run']) if (isSet(this.flag(f))) throw new ClientError(`set image --${f} is not supported by kubesim yet`);
    const resources = this.args.filter((a) => !a.includes('='));
    const pairs = this.args.filter((a) => a.includes('='));
    if (pairs.length === 0) throw new ClientError('at least one image update is required');
    if (resources.length === 0) throw new ClientError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
    const images = new Map<string, string>();
    for (const p of pairs) {
      const i = p.indexOf('=');
      images.set(p.slice(0, i), p.slice(i + 1));
    }
    const sel = parseResourceArgs(resources);
    await this.cluster((s, k) => {
      for (const { resource, names } of sel.requests) {
        const objs = names.length ? names.map((n) => s.api.get(resource, k.namespace, n)) : s.api.list(resource, k.namespace, { labelSelector: this.flag('selector') });
        for (const obj of objs) {
          const spec = podSpecOf(obj);
          if (!spec) throw new ClientError(`${qualifiedKind(resource)}/${obj.metadata.name} does not have a pod template`);
          let changed = false;
          for (const [name, image] of images) {
            const all = [...(spec.initContainers ?? []), ...spec.containers, ...((spec as { ephemeralContainers?: Container[] }).ephemeralContainers ?? [])];
            const matches = name === '*' ? all : all.filter((c) => c.name === name);
            if (matches.length === 0) throw new ClientError(`unable to find container named "${name}"`);
            for (const c of matches) {
              if (c.image !== image) changed = true;
              c.image = image;
            }
          }
          if (!changed) continue;
          s.api.update(resource, k.namespace, obj);
          this.print(`${qualifiedKind(resource)}/${obj.metadata.name} image updated\n`);
        }
      }
    });
  }
}
