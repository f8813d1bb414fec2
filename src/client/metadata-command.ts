// The shared body of `kubectl label` and `kubectl annotate`.
import { Flags } from './oclif.js';
import { KubeCommand, ClientError, SourcedStatusError, reportError } from './command.js';
import { parseResourceArgs } from './resource-args.js';
import { readManifests } from './manifests.js';
import { placeInNamespace, resourceOrFail } from './apply.js';
import { parseDryRun, renderMutated, validatePrintOutput, type DryRun } from './generated.js';
import {
  applyMetaChanges,
  checkOverwrite,
  labelMessage,
  parseAnnotationPairs,
  parseLabelPairs,
  splitResourcesAndPairs,
  type MetaChanges,
  type MetaField,
} from './metadata-edit.js';
import { StatusError } from '../apiserver/errors.js';
import type { ResourceInfo } from '../apiserver/resources.js';
import type { KObject } from '../types/k8s.js';
import type { ApiServer } from '../apiserver/api.js';

export const metadataFlags = {
  overwrite: Flags.boolean({ description: 'If true, allow labels/annotations to be overwritten' }),
  local: Flags.boolean({ description: 'If true, will NOT contact api-server but run locally' }),
  list: Flags.boolean({ description: 'If true, display the labels/annotations for a given resource' }),
  all: Flags.boolean({ description: 'Select all resources, in the namespace of the specified resource types' }),
  'all-namespaces': Flags.boolean({ char: 'A', description: 'If true, check the specified action in all namespaces' }),
  selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on' }),
  'field-selector': Flags.string({ description: 'Selector (field query) to filter on' }),
  filename: Flags.string({ char: 'f', multiple: true, description: 'Filename, directory, or URL to files identifying the resource to update' }),
  recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
  kustomize: Flags.string({ char: 'k', description: 'Process the kustomization directory' }),
  output: Flags.string({ char: 'o', description: 'Output format' }),
  'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
  'resource-version': Flags.string({ description: 'If non-empty, the update will only succeed if this is the current resource-version' }),
  'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership' }),
  'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format' }),
  'allow-missing-template-keys': Flags.boolean({ description: 'If true, ignore any errors in templates when a field or map key is missing' }),
  template: Flags.string({ description: 'Template string or path to template file' }),
};

interface Target {
  resource: ResourceInfo;
  name: string;
  namespace: string | undefined;
  source?: string;
  local?: KObject;
}

export abstract class MetadataCommand extends KubeCommand {
  protected abstract readonly field: MetaField;

  private get noun(): string {
    return this.field === 'labels' ? 'label' : 'annotation';
  }

  private message(before: KObject, after: KObject): string {
    if (this.field === 'annotations') return 'annotated';
    return labelMessage(before, after, this.flag<boolean>('overwrite'));
  }

  async run(): Promise<void> {
    if (this.flag('kustomize')) throw new ClientError(`${this.noun === 'label' ? 'label' : 'annotate'} -k is not supported by kubesim yet`);
    if (this.flag('resource-version')) throw new ClientError('--resource-version is not supported by kubesim yet');
    const dryRun = parseDryRun(this.flag('dry-run'));
    const output = this.flag<string | undefined>('output');
    validatePrintOutput(output);
    const files = this.flag<string[]>('filename') ?? [];
    const local = this.flag<boolean>('local');
    const { resources, pairs } = splitResourcesAndPairs(this.args, this.noun);
    const list = this.flag<boolean>('list');
    if (local) {
      if (dryRun === 'server') throw new ClientError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
      if (resources.length > 0 || files.length === 0) {
        throw new ClientError('can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set');
      }
    } else if (files.length === 0 && resources.length === 0) {
      throw new ClientError(
        "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    }
    if (!list && pairs.length === 0) throw new ClientError(`at least one ${this.noun} update is required`);
    const changes = this.field === 'labels' ? parseLabelPairs(pairs) : parseAnnotationPairs(pairs);
    if (this.flag('all') && this.flag('selector')) throw new ClientError('cannot set --all and --selector at the same time');
    const manifests = files.length ? await readManifests(files, { recursive: this.flag('recursive') }) : [];
    let failed = false;
    const handle = async (t: Target, api: ApiServer | undefined, single: boolean) => {
      try {
        const before = t.local ?? api!.get(t.resource, t.namespace, t.name);
        const after = structuredClone(before);
        const current = (before.metadata[this.field] as Record<string, string> | undefined) ?? {};
        if (!this.flag('overwrite')) checkOverwrite(this.field, current, changes);
        const patch = applyMetaChanges(after, this.field, changes);
        if (list) {
          this.print(this.listing(after, t.resource, single));
          return;
        }
        const msg = this.message(before, after);
        let result = after;
        if (!t.local && dryRun !== 'client') {
          result = api!.patch(t.resource, t.namespace, t.name, 'merge', patch, { dryRun: dryRun === 'server' });
          this.printWarnings(api!);
        }
        this.print(await renderMutated(result, t.resource, msg, { output, dryRun: t.local && !dryRun ? undefined : dryRun }));
      } catch (e) {
        failed = true;
        if (e instanceof StatusError) reportError(t.source ? new SourcedStatusError(e, 'patching', t.source) : e, this.commandPath());
        else if (e instanceof ClientError) reportError(e, this.commandPath());
        else throw e;
      }
      this.flushOutput();
    };
    if (local) {
      const k = await this.kube();
      for (const m of manifests) {
        const r = resourceOrFail(m.object, m.source, k.namespace);
        await handle({ resource: r, name: m.object.metadata.name ?? '', namespace: undefined, source: m.source, local: m.object }, undefined, manifests.length === 1);
      }
    } else {
      await this.cluster(async (s, k) => {
        const targets: Target[] = [];
        for (const m of manifests) {
          const r = resourceOrFail(m.object, m.source, k.namespace);
          placeInNamespace(m.object, r, k.namespace, !!this.flag('namespace'));
          targets.push({ resource: r, name: m.object.metadata.name ?? '', namespace: m.object.metadata.namespace, source: m.source });
        }
        const selection = resources.length ? parseResourceArgs(resources) : undefined;
        for (const { resource, names } of selection?.requests ?? []) {
          if (names.length) {
            for (const name of names) targets.push({ resource, name, namespace: k.namespace });
            continue;
          }
          if (!this.flag('all') && !this.flag('selector') && !this.flag('field-selector')) {
            throw new ClientError('resource(s) were provided, but no name was specified');
          }
          const ns = this.flag('all-namespaces') ? undefined : k.namespace;
          const found = s.api.list(resource, ns, { labelSelector: this.flag('selector'), fieldSelector: this.flag('field-selector') });
          for (const o of found) targets.push({ resource, name: o.metadata.name!, namespace: o.metadata.namespace });
        }
        if (targets.length === 0) {
          this.printErr('error: no objects passed to ' + (this.field === 'labels' ? 'label' : 'annotate'));
          failed = true;
          return;
        }
        for (const t of targets) await handle(t, s.api, targets.length === 1);
      });
    }
    if (failed) process.exitCode = 1;
  }

  private listing(obj: KObject, r: ResourceInfo, single: boolean): string {
    const map = (obj.metadata[this.field] as Record<string, string> | undefined) ?? {};
    const indent = single ? '' : ' ';
    let out = single ? '' : `Listing ${this.field} for ${r.kind}.${r.group}/${obj.metadata.name}:\n`;
    for (const k of Object.keys(map).sort()) out += `${indent}${k}=${map[k]}\n`;
    return out;
  }
}

export type { MetaChanges, DryRun };
