import { Args, Flags } from '../src/client/oclif.js';
import { KubeCommand, ClientError, SourcedStatusError, reportError } from '../src/client/command.js';
import { parseResourceArgs } from '../src/client/resource-args.js';
import { readManifests } from '../src/client/manifests.js';
import { placeInNamespace, resourceOrFail } from '../src/client/apply.js';
import { parseDryRun, renderMutated, validatePrintOutput } from '../src/client/generated.js';
import { decodePatch, parsePatchType, patchText } from '../src/client/patch-input.js';
import { applyPatch, jsonPatchClientError, supportsStrategicMerge } from '../src/apiserver/patch.js';
import { StatusError } from '../src/apiserver/errors.js';
import { apiVersionOf, type ResourceInfo } from '../src/apiserver/resources.js';
import type { KObject } from '../src/types/k8s.js';

interface Target {
  resource: ResourceInfo;
  name: string;
  namespace: string | undefined;
  source?: string;
}

export default class Patch extends KubeCommand {
  static override summary = 'Update fields of a resource';
  static override examples = [
    `kubectl patch node k8s-node-1 -p '{"spec":{"unschedulable":true}}'`,
    `kubectl patch pod valid-pod --type='json' -p='[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]'`,
  ];
  static override args = { resource: Args.string({ description: '(-f FILENAME | TYPE NAME)' }) };
  static override flags = {
    patch: Flags.string({ char: 'p', description: 'The patch to be applied to the resource JSON file' }),
    'patch-file': Flags.string({ description: 'A file containing a patch to be applied to the resource' }),
    type: Flags.string({ description: 'The type of patch being provided; one of [json merge strategic]' }),
    local: Flags.boolean({ description: 'If true, patch will operate on the content of the file, not the server-side resource' }),
    filename: Flags.string({ char: 'f', multiple: true, description: 'Filename, directory, or URL to files identifying the resource to update' }),
    recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f, --filename recursively' }),
    kustomize: Flags.string({ char: 'k', description: 'Process the kustomization directory' }),
    output: Flags.string({ char: 'o', description: 'Output format' }),
    'dry-run': Flags.string({ description: 'Must be "none", "server", or "client"' }),
    subresource: Flags.string({ description: 'If specified, patch will operate on the subresource of the requested object' }),
    'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership' }),
    'show-managed-fields': Flags.boolean({ description: 'If true, keep the managedFields when printing objects in JSON or YAML format' }),
    'allow-missing-template-keys': Flags.boolean({ description: 'If true, ignore any errors in templates when a field or map key is missing' }),
    template: Flags.string({ description: 'Template string or path to template file' }),
  };

  async run(): Promise<void> {
    if (this.flag('kustomize')) throw new ClientError('patch -k is not supported by kubesim yet');
    const type = parsePatchType(this.flag('type'));
    const text = patchText(this.flag('patch'), this.flag('patch-file'));
    const dryRun = parseDryRun(this.flag('dry-run'));
    const output = this.flag<string | undefined>('output');
    validatePrintOutput(output);
    const subresource = this.flag<string | undefined>('subresource');
    if (subresource !== undefined && subresource !== 'status' && subresource !== 'resize') throw new ClientError(`patch --subresource=${subresource} is not supported by kubesim yet`);
    const files = this.flag<string[]>('filename') ?? [];
    const local = this.flag<boolean>('local');
    if (local && this.args.length > 0) throw new ClientError('cannot specify --local and server resources');
    if (local && dryRun === 'server') throw new ClientError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
    if (!local && files.length === 0 && this.args.length === 0) {
      throw new ClientError(
        "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    }
    let patch: unknown;
    try {
      patch = await decodePatch(text);
    } catch (e) {
      // kubectl's own YAML-to-JSON step is laxer; --local then fails on the document.
      if (!local) throw e;
      patch = undefined;
    }
    const manifests = files.length ? await readManifests(files, { recursive: this.flag('recursive') }) : [];
    let failed = false;

    if (local) {
      const k = await this.kube();
      for (const m of manifests) {
        const r = resourceOrFail(m.object, m.source, k.namespace);
        try {
          const patched = this.patchLocally(m.object, r, type, patch);
          const changed = JSON.stringify(patched) !== JSON.stringify(m.object);
          this.print(await renderMutated(patched, r, changed ? 'patched' : 'patched (no change)', { output }));
        } catch (e) {
          failed = true;
          reportError(e as Error, this.commandPath());
        }
        this.flushOutput();
      }
      if (failed) process.exitCode = 1;
      return;
    }

    await this.cluster(async (s, k) => {
      const targets: Target[] = [];
      for (const m of manifests) {
        const r = resourceOrFail(m.object, m.source, k.namespace);
        placeInNamespace(m.object, r, k.namespace, !!this.flag('namespace'));
        targets.push({ resource: r, name: m.object.metadata.name ?? '', namespace: m.object.metadata.namespace, source: m.source });
      }
      const selection = this.args.length ? parseResourceArgs(this.args) : undefined;
      for (const { resource, names } of selection?.requests ?? []) {
        if (names.length === 0) throw new ClientError('resource(s) were provided, but no name was specified');
        for (const name of names) targets.push({ resource, name, namespace: k.namespace });
      }
      for (const t of targets) {
        try {
          const before = s.api.get(t.resource, t.namespace, t.name);
          let after: KObject;
          if (dryRun === 'client') {
            after = this.patchLocally(before, t.resource, type, patch);
          } else {
            after = s.api.patch(t.resource, t.namespace, t.name, type, patch, {
              dryRun: dryRun === 'server',
              ...(subresource === 'status' || subresource === 'resize' ? { subresource } : {}),
            });
          }
          const changed = JSON.stringify(after) !== JSON.stringify(before);
          // kubectl patch marks client dry runs only; a server dry run prints like a real patch
          // (checked with real kubectl v1.32 against `kubesim serve`).
          const shownDryRun = dryRun === 'client' ? dryRun : undefined;
          this.print(await renderMutated(after, t.resource, changed ? 'patched' : 'patched (no change)', { output, dryRun: shownDryRun }));
        } catch (e) {
          failed = true;
          if (e instanceof StatusError) reportError(t.source ? new SourcedStatusError(e, 'patching', t.source) : e, this.commandPath());
          else if (e instanceof ClientError) reportError(e, this.commandPath());
          else throw e;
        }
        this.flushOutput();
      }
    });
    if (failed) process.exitCode = 1;
  }

  /** The patch applied by kubectl itself (--local, --dry-run=client). */
  private patchLocally(obj: KObject, r: ResourceInfo, type: 'json' | 'merge' | 'strategic', patch: unknown): KObject {
    if (type === 'json') {
      const err = jsonPatchClientError(obj, patch);
      if (err) throw new ClientError(err);
    } else if (patch === null || patch === undefined || typeof patch !== 'object' || Array.isArray(patch)) {
      throw new ClientError('invalid JSON document');
    }
    if (type === 'strategic' && !supportsStrategicMerge(r.kind)) {
      const gv = apiVersionOf(r);
      const slash = gv.indexOf('/');
      const gvk = slash < 0 ? `/${gv}, Kind=${r.kind}` : `${gv.slice(0, slash)}/${gv.slice(slash + 1)}, Kind=${r.kind}`;
      throw new ClientError(`strategic merge patch is not supported for ${gvk} locally, try --type merge`);
    }
    try {
      return applyPatch(structuredClone(obj), patch, type, r.kind);
    } catch (e) {
      if (e instanceof StatusError) throw new ClientError(e.message);
      throw e;
    }
  }
}
